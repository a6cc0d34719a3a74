"""Backup and restore: one archive holding the database, the uploaded files and a manifest.

The database is copied while the app runs: SQLite through its online backup API (a consistent copy
even while others write), PostgreSQL with `pg_dump` in the snapshot the row counts were read in.
The manifest records the counts per table, the SHA-256 of every part, the migration revision and
the app version, so a restore can prove it brought back exactly what was saved.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from .integrity import sha256_of_file
from .timeutil import LOCAL_TZ, utcnow

FORMAT = 1
PREFIX = "iso_qms-backup-"
SQLITE_PART = "database/iso_qms.sqlite3"
PG_PART = "database/iso_qms.pgdump"
PG_BIN = "/usr/lib/postgresql/15/bin"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class Manifest:
    database: str
    migration: str | None
    app_version: str
    created_at: str
    counts: dict[str, int]
    parts: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, sort_keys=True, indent=1, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        values = json.loads(data)
        if values.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {values.get('format')!r}")
        return cls(**values)


def app_version() -> str:
    try:
        return metadata.version("iso_qms")
    except metadata.PackageNotFoundError:
        return "unknown"


def _table_names(connection) -> list[str]:
    present = set(sa.inspect(connection).get_table_names())
    return sorted(
        name for name in present if name in db.metadata.tables or name == "alembic_version"
    )


def _counts(connection) -> dict[str, int]:
    return {
        name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
        for name in _table_names(connection)
        if name != "alembic_version"
    }


def _migration(connection) -> str | None:
    if "alembic_version" not in sa.inspect(connection).get_table_names():
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _sqlite_path(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _pg_url(url: sa.URL) -> str:
    """The libpq form of the URL (pg_dump knows no '+psycopg')."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidate = Path(PG_BIN) / name
    if candidate.exists():
        return str(candidate)
    raise BackupError(f"{name} was not found (install the PostgreSQL client tools)")


def _dump_sqlite(url: sa.URL, work: Path) -> tuple[dict[str, int], str | None]:
    target = work / SQLITE_PART
    target.parent.mkdir(parents=True)
    source = sqlite3.connect(_sqlite_path(url))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    copy.close()
    engine = sa.create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            return _counts(connection), _migration(connection)
    finally:
        engine.dispose()


def _dump_postgresql(url: sa.URL, work: Path) -> tuple[dict[str, int], str | None]:
    target = work / PG_PART
    target.parent.mkdir(parents=True)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            counts, migration = _counts(connection), _migration(connection)
            command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl"]
            command += [f"--snapshot={snapshot}", f"--file={target}", _pg_url(url)]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    finally:
        engine.dispose()
    return counts, migration


def _copy_files(upload_root: Path, work: Path) -> None:
    target = work / "files"
    target.mkdir()
    if upload_root.is_dir():
        shutil.copytree(upload_root, target, dirs_exist_ok=True)


def _hash_parts(work: Path) -> dict[str, str]:
    return {
        path.relative_to(work).as_posix(): sha256_of_file(path)
        for path in sorted(work.rglob("*"))
        if path.is_file()
    }


def create_backup(target_dir: Path, upload_root: Path, keep: int = 14) -> tuple[Path, Manifest]:
    """Write one archive into target_dir and keep only the newest `keep` archives there."""
    url = db.engine.url
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iso_qms_backup_") as folder:
        work = Path(folder)
        if url.get_backend_name() == "sqlite":
            counts, migration = _dump_sqlite(url, work)
        elif url.get_backend_name() == "postgresql":
            counts, migration = _dump_postgresql(url, work)
        else:
            raise BackupError(f"no backup method for {url.get_backend_name()}")
        _copy_files(upload_root, work)
        now = utcnow()
        manifest = Manifest(
            database=url.get_backend_name(),
            migration=migration,
            app_version=app_version(),
            created_at=now.isoformat(),
            counts=counts,
            parts=_hash_parts(work),
        )
        stamp = now.astimezone(LOCAL_TZ).strftime("%Y%m%d-%H%M%S-%f")
        archive = target_dir / f"{PREFIX}{stamp}.tar.gz"
        _write_archive(archive, work, manifest)
    prune(target_dir, keep)
    return archive, manifest


def _write_archive(archive: Path, work: Path, manifest: Manifest) -> None:
    partial = archive.with_name(archive.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        data = manifest.to_json()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        info.mtime = int(datetime.now().timestamp())
        tar.addfile(info, io.BytesIO(data))
        for part in manifest.parts:
            tar.add(work / part, arcname=part, recursive=False)
    os.replace(partial, archive)  # a backup that did not finish never looks like one


def prune(target_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives; returns what was deleted."""
    archives = sorted(target_dir.glob(f"{PREFIX}*.tar.gz"))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise BackupError("the archive has no manifest")
            return Manifest.from_json(member.read())
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise BackupError(f"not a readable backup archive: {exc}") from exc


def _unpack(archive: Path, work: Path) -> Manifest:
    manifest = read_manifest(archive)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")
    found = _hash_parts(work)
    found.pop("manifest.json", None)
    if found != manifest.parts:
        differing = sorted(set(found.items()) ^ set(manifest.parts.items()))
        names = sorted({name for name, _hash in differing})
        raise BackupError(f"the archive does not match its manifest: {', '.join(names)}")
    return manifest


def _ensure_empty(url: sa.URL, upload_root: Path) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError("restore needs an empty database; this one has tables")
    if upload_root.exists() and any(upload_root.iterdir()):
        raise BackupError(f"restore needs an empty upload folder; {upload_root} is not empty")


def _restore_database(url: sa.URL, manifest: Manifest, work: Path) -> None:
    if manifest.database != url.get_backend_name():
        raise BackupError(
            f"the archive holds a {manifest.database} database, the target is "
            f"{url.get_backend_name()}"
        )
    if manifest.database == "sqlite":
        source = sqlite3.connect(work / SQLITE_PART)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    command = [_pg_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error"]
    command += ["--single-transaction", f"--dbname={_pg_url(url)}", str(work / PG_PART)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def restore_backup(archive: Path, upload_root: Path) -> Manifest:
    """Check the archive against its manifest, then bring back the database and the files.

    The caller then runs the migrations (the archive may be older) and verifies the record.
    """
    url = db.engine.url
    _ensure_empty(url, upload_root)
    with tempfile.TemporaryDirectory(prefix="iso_qms_restore_") as folder:
        work = Path(folder)
        manifest = _unpack(archive, work)
        db.engine.dispose()
        _restore_database(url, manifest, work)
        upload_root.mkdir(parents=True, exist_ok=True)
        if (work / "files").is_dir():  # an instance with no uploads has no files/ part
            shutil.copytree(work / "files", upload_root, dirs_exist_ok=True)
    return manifest


def current_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return _counts(connection)


def default_backup_dir() -> Path:
    return Path(
        current_app.config.get("BACKUP_FOLDER") or Path(current_app.instance_path) / "backups"
    )
