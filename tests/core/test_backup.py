"""`qms backup` / `qms restore`: a live instance under writes comes back exactly, and proves it."""

import tarfile
import tempfile
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from iso_qms import create_app
from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import Organisation, Role
from iso_qms.core import backup
from iso_qms.core.audit import verify_chain
from iso_qms.core.integrity import run_checks
from iso_qms.core.transaction import transaction
from iso_qms.extensions import db
from iso_qms.reports.compliance import Period
from iso_qms.reports.report import build_report, report_json
from iso_qms.seed import seed_demo
from tests import pgcluster

NINE_MONTHS_2020 = Period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 14))


def _app(url: str, folder: Path, name: str):
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_FOLDER": str(folder / f"uploads-{name}"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    return application


@pytest.fixture
def pair(database_url):
    """(source url, empty target url, folder): two fresh databases on the backend under test."""
    with tempfile.TemporaryDirectory(prefix="iso_qms_backup_test_") as folder:
        if database_url.startswith("sqlite"):
            yield (
                f"sqlite:///{folder}/source.sqlite3",
                f"sqlite:///{folder}/target.sqlite3",
                Path(folder),
            )
        else:
            suffix = uuid.uuid4().hex[:8]
            source = pgcluster.create_database(database_url, f"bk_source_{suffix}")
            target = pgcluster.create_database(database_url, f"bk_target_{suffix}")
            yield source, target, Path(folder)


def _demo_report() -> str:
    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
    return report_json(build_report(org, NINE_MONTHS_2020))


def _keep_writing(source_app, stop: threading.Event, written: list[str]) -> None:
    """Another user of the live instance: new accounts (each with its audit entry) until stopped."""
    with source_app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        number = 0
        while not stop.is_set() and number < 200:
            with transaction():
                name = f"nguoi.moi.{number}"
                account_ops.create_user(
                    org, name, f"Người mới {number}", "Mật-khẩu-123", (Role.staff,)
                )
            written.append(name)
            number += 1
        db.session.remove()


def test_a_live_instance_backed_up_under_writes_restores_exactly(pair):
    source_url, target_url, folder = pair
    source_app = _app(source_url, folder, "source")
    with source_app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        expected_report = _demo_report()
        db.session.commit()  # the report may add the default PAR criteria: keep them
        (Path(source_app.config["UPLOAD_FOLDER"]) / "1").mkdir(parents=True, exist_ok=True)
        db.session.remove()

    stop, written = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(source_app, stop, written))
    writer.start()
    try:
        with source_app.app_context():
            while len(written) < 3:  # the backup starts while the other user is saving
                stop.wait(0.01)
            archive, manifest = backup.create_backup(
                folder / "backups", Path(source_app.config["UPLOAD_FOLDER"]), keep=3
            )
    finally:
        stop.set()
        writer.join()
    assert written, "the writer saved nothing"
    assert manifest.counts["users"] >= 30 and manifest.migration

    target_app = _app(target_url, folder, "target")
    with target_app.app_context():
        restored = backup.restore_backup(archive, Path(target_app.config["UPLOAD_FOLDER"]))
        upgrade()
        counts = backup.current_counts()
        assert {name: counts[name] for name in restored.counts} == manifest.counts
        assert verify_chain().ok
        assert all(not found for found in run_checks().values())
        assert _demo_report() == expected_report
        db.session.remove()


def test_an_archive_that_differs_from_its_manifest_is_refused(pair, tmp_path):
    source_url, target_url, folder = pair
    source_app = _app(source_url, folder, "source")
    with source_app.app_context():
        upgrade()
        archive, _manifest = backup.create_backup(folder / "b", folder / "none")
        db.session.remove()
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(broken, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("database/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            import io

            copy.addfile(member, io.BytesIO(data))
    target_app = _app(target_url, folder, "target")
    with target_app.app_context():
        with pytest.raises(backup.BackupError, match="does not match its manifest"):
            backup.restore_backup(broken, Path(target_app.config["UPLOAD_FOLDER"]))
        assert sa.inspect(db.engine).get_table_names() == []
        db.session.remove()


def test_restore_refuses_a_database_that_is_not_empty(pair):
    source_url, _target_url, folder = pair
    source_app = _app(source_url, folder, "source")
    with source_app.app_context():
        upgrade()
        archive, _manifest = backup.create_backup(folder / "b", folder / "none")
        with pytest.raises(backup.BackupError, match="empty database"):
            backup.restore_backup(archive, folder / "elsewhere")
        db.session.remove()


def test_only_the_newest_backups_are_kept(tmp_path):
    for stamp in ("20260101", "20260102", "20260103", "20260104"):
        (tmp_path / f"{backup.PREFIX}{stamp}.tar.gz").write_bytes(b"x")
    removed = backup.prune(tmp_path, keep=2)
    assert [p.name for p in removed] == [
        f"{backup.PREFIX}20260101.tar.gz",
        f"{backup.PREFIX}20260102.tar.gz",
    ]
    assert len(list(tmp_path.iterdir())) == 2
