"""How connections are set up: SQLite made fit for the single office PC, PostgreSQL pooled.

SQLite's defaults suit a test file, not an office: the rollback journal blocks readers while someone
saves, a second writer fails at once with "database is locked", and foreign keys are not enforced.
Every SQLite connection therefore gets WAL (readers never wait for the writer), a busy timeout (a
second writer waits its turn), `foreign_keys=ON` and `synchronous=NORMAL` (safe with WAL, far
fewer fsyncs). A request that changes something (POST, PUT, PATCH, DELETE) starts its transaction
with BEGIN IMMEDIATE, taking the write lock before its first read: a transaction that reads first
and writes later would otherwise fail at once with SQLITE_BUSY when another writer commits in
between, and the busy timeout does not help there. Reads (GET) keep the driver's deferred
transactions so that they never queue behind a writer.
"""

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

#: Milliseconds a writer waits for another to finish before SQLite gives up.
SQLITE_BUSY_TIMEOUT_MS = 30_000

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    if not _is_sqlite(dbapi_connection):
        return
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


#: Requests with these methods only read (the reading-task sync aside, which rarely writes).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _writes() -> bool:
    return has_request_context() and request.method not in SAFE_METHODS


@event.listens_for(Engine, "begin")
def _begin(connection: sa.Connection) -> None:
    # Otherwise the driver's own rule holds: reads run outside a transaction (each sees the
    # latest commit) and a deferred BEGIN comes just before the first write, so that write waits
    # its turn under the busy timeout instead of failing on an old snapshot.
    if connection.dialect.name == "sqlite" and _writes():
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def engine_options(database_url: str) -> dict:
    """Pool settings: a PostgreSQL pool per worker sized for `gunicorn -w 4`; SQLite needs none."""
    if database_url.startswith("postgresql"):
        return {
            "pool_size": 5,
            "max_overflow": 5,
            "pool_timeout": 10,
            "pool_recycle": 1800,
            # A connection killed under us (server restart, pg_terminate_backend) is replaced
            # before use instead of failing the next request.
            "pool_pre_ping": True,
        }
    return {}
