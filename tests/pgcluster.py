"""Throwaway PostgreSQL 15 cluster for the test suite.

Usage::

    from tests.pgcluster import available, postgres_cluster

    if available():
        with postgres_cluster() as url:
            # url == "postgresql+psycopg://postgres@127.0.0.1:PORT/iso_qms_test"
            ...

Behaviour
---------
* If the environment variable ``TEST_DATABASE_URL`` is set, that URL is
  yielded unchanged and no cluster is started (nothing is stopped either).
* Otherwise a fresh cluster is created with ``initdb`` in a temporary
  directory, started with ``pg_ctl`` on a free TCP port on 127.0.0.1 with
  durability switched off (fsync, synchronous_commit, full_page_writes), and a
  database ``iso_qms_test`` is created in it. Authentication is ``trust`` and
  the superuser is ``postgres``.
* Binaries are taken from ``$PG_BIN`` or ``/usr/lib/postgresql/15/bin``.
* PostgreSQL refuses to run as root, so when the current process is root the
  server tools are run through ``runuser -u postgres --`` and the temporary
  directory is chowned to the ``postgres`` user.
* On exit the server is stopped with ``pg_ctl -m immediate stop`` and the
  temporary directory is removed, also when the body raised or startup failed.
  A failed startup raises ``RuntimeError`` including the tail of the server
  log.

The module imports only the standard library; ``psycopg`` is imported lazily
by :func:`create_database` only.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = ["available", "postgres_cluster", "create_database", "DB_NAME"]

DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin"
DB_NAME = "iso_qms_test"
SUPERUSER = "postgres"
OS_USER = "postgres"  # OS account used to run the server when we are root


def _pg_bin() -> Path:
    return Path(os.environ.get("PG_BIN") or DEFAULT_PG_BIN)


def _is_root() -> bool:
    return os.geteuid() == 0


def available() -> bool:
    """True if a test database can be provided.

    Either ``TEST_DATABASE_URL`` is set, or ``initdb``/``pg_ctl``/``createdb``
    exist in the bin directory (and, when running as root, ``runuser`` and the
    ``postgres`` OS user exist as well).
    """
    if os.environ.get("TEST_DATABASE_URL"):
        return True
    bin_dir = _pg_bin()
    for tool in ("initdb", "pg_ctl", "createdb"):
        if not os.access(bin_dir / tool, os.X_OK):
            return False
    if _is_root():
        if shutil.which("runuser") is None:
            return False
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            return False
    return True


def _free_port() -> int:
    """Ask the kernel for a currently unused TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], cwd: Path, as_server_user: bool = True) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool, via ``runuser`` when we are root.

    ``cwd`` is set to the cluster directory so the postgres user is never left
    in a directory it cannot read (e.g. /root).
    """
    if as_server_user and _is_root():
        args = ["runuser", "-u", OS_USER, "--", *args]
    return subprocess.run(
        args,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def _log_tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _stop(bin_dir: Path, base: Path, data: Path) -> None:
    """Stop the server (immediate mode); fall back to signalling the postmaster."""
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=base)
    if pid_file.exists():  # pg_ctl failed: SIGQUIT == immediate shutdown
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGQUIT)
            for _ in range(50):
                os.kill(pid, 0)  # raises OSError once the process is gone
                time.sleep(0.1)


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield a SQLAlchemy URL to an empty ``iso_qms_test`` database.

    See the module docstring for details. Raises ``RuntimeError`` if the
    cluster cannot be created or started.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return

    bin_dir = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="iso_qms_pg_"))
    data = base / "data"
    log = base / "server.log"
    try:
        if _is_root():
            pw = pwd.getpwnam(OS_USER)
            os.chown(base, pw.pw_uid, pw.pw_gid)

        # initdb; C.UTF-8 may not exist on every system, so fall back to C.
        initdb = [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "--encoding=UTF8",
        ]
        res = _run([*initdb, "--locale=C.UTF-8"], cwd=base)
        if res.returncode != 0:
            shutil.rmtree(data, ignore_errors=True)
            res = _run([*initdb, "--locale=C"], cwd=base)
        if res.returncode != 0:
            raise RuntimeError(f"initdb failed (exit {res.returncode}):\n{res.stdout}")

        port = _free_port()
        opts = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        res = _run(
            [
                str(bin_dir / "pg_ctl"),
                "-w",
                "-t",
                "60",
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                opts,
                "start",
            ],
            cwd=base,
        )
        if res.returncode != 0:
            raise RuntimeError(
                f"pg_ctl start failed (exit {res.returncode}):\n{res.stdout}\n"
                f"--- server log tail ({log}) ---\n{_log_tail(log)}"
            )

        res = _run(
            [
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                SUPERUSER,
                DB_NAME,
            ],
            cwd=base,
            as_server_user=False,
        )
        if res.returncode != 0:
            raise RuntimeError(
                f"createdb {DB_NAME} failed (exit {res.returncode}):\n{res.stdout}\n"
                f"--- server log tail ({log}) ---\n{_log_tail(log)}"
            )

        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DB_NAME}"
    finally:
        try:
            _stop(bin_dir, base, data)
        finally:
            shutil.rmtree(base, ignore_errors=True)


def create_database(url_base: str, name: str) -> str:
    """Create database ``name`` on the server of ``url_base``; return its URL.

    ``url_base`` is a SQLAlchemy URL (e.g. the one yielded by
    :func:`postgres_cluster`); the returned URL is the same with the database
    name replaced. Requires ``psycopg``.
    """
    import psycopg
    from psycopg import sql

    parts = urlsplit(url_base)
    scheme = parts.scheme.split("+", 1)[0]  # postgresql+psycopg -> postgresql
    libpq_url = urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    with psycopg.connect(libpq_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
