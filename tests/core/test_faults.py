"""Faults from below the app: the database connection dies in the middle of a request, the disk
of the upload folder is full. Each ends in a clear translated answer, with nothing half-written,
and the next request works."""

import errno
import io
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from iso_qms import create_app
from iso_qms.acknowledgements import operations as ack_ops
from iso_qms.acknowledgements.models import Acknowledgement
from iso_qms.audits.models import EvidenceFile, Finding
from iso_qms.core import files
from iso_qms.core.audit import AuditEntry, verify_chain
from iso_qms.core.database import engine_options
from iso_qms.core.files import Attachment, StorageFull, store_upload
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision
from tests.audits.builders import started_round
from tests.conftest import FreshContextClient
from tests.fixtures.factories import create_procedure, create_revision

LOST_EN = "The connection to the database was lost."
LOST_VI = "Mất kết nối tới cơ sở dữ liệu."
FULL_EN = "The server has run out of storage space"
FULL_VI = "Máy chủ hết dung lượng lưu trữ"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
APPLICATION_NAME = "iso_qms_faults"


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- the connection dropped mid-request (PostgreSQL) ---------------------------------------------


def _libpq_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.split("+", 1)[0], parts.netloc, parts.path, parts.query, ""))


class Killer:
    """Terminates the backend of the request's connection at a chosen point, from another
    connection, and waits until that backend is gone."""

    def __init__(self, url: str):
        self.url = _libpq_url(url)
        self.statement: str | None = None  # kill just before this statement ...
        self.at_commit = False  # ... or just before COMMIT
        self.killed: list[int] = []

    def terminate(self, pids) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as other:
            for pid in pids:
                other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                self.killed.append(pid)

    def idle_pool_pids(self) -> list[int]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as other:
            rows = other.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME]
            ).fetchall()
        return [pid for (pid,) in rows]

    def before_cursor_execute(self, conn, cursor, statement, *args):
        if self.statement and statement.lstrip().upper().startswith(self.statement):
            self.statement = None
            self.terminate([conn.connection.dbapi_connection.info.backend_pid])

    def commit(self, conn):
        if self.at_commit:
            self.at_commit = False
            self.terminate([conn.connection.dbapi_connection.info.backend_pid])


@pytest.fixture
def pg_app(app_ctx, database_url):
    """An app as gunicorn runs it (not TESTING, the production pool with pre-ping) on the test
    database; the `app` fixture passes the URL but not the engine options."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_terminate_backend: PostgreSQL only")
    options = engine_options(database_url)
    assert options["pool_pre_ping"]
    application = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                **options,
                "connect_args": {"application_name": APPLICATION_NAME},
            },
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": None,
        }
    )
    application.test_client_class = FreshContextClient
    killer = Killer(database_url)
    with application.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", killer.before_cursor_execute)
    event.listen(engine, "commit", killer.commit)
    application.extensions["test_killer"] = killer
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def reading(world):
    """A revision in force with a pending reading task for the staff member."""
    create_revision(create_procedure(world), world, status="approved")
    db.session.commit()
    ack_ops.sync_organisation(world.org.id)
    db.session.commit()
    staff = world.users["staff"]
    task = db.session.scalar(sa.select(Acknowledgement).where(Acknowledgement.user_id == staff.id))
    return task.id


def _api_token(username: str) -> dict:
    from iso_qms.accounts import operations as ops
    from iso_qms.accounts.models import User

    user = db.session.scalar(sa.select(User).where(User.username == username))
    token = ops.create_api_token(user, "faults")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _state() -> tuple:
    db.session.expire_all()
    pending = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Acknowledgement)
        .where(Acknowledgement.acknowledged_at.is_(None))
    )
    return pending, count(AuditEntry)


@pytest.mark.parametrize(
    "where", ["UPDATE ACKNOWLEDGEMENTS", "INSERT INTO AUDIT_ENTRIES", "COMMIT"], ids=str.lower
)
def test_a_connection_killed_inside_an_api_write_answers_503_and_writes_nothing(
    pg_app, reading, where
):
    killer = pg_app.extensions["test_killer"]
    headers = _api_token("staff")
    before = _state()
    client = pg_app.test_client()
    if where == "COMMIT":
        killer.at_commit = True
    else:
        killer.statement = where
    response = client.post(f"/api/v1/acknowledgements/{reading}/confirm", headers=headers)
    assert killer.killed, "the request's backend was not terminated"
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    error = response.get_json()["error"]
    assert error["code"] == "database_unavailable"
    assert LOST_EN in error["message"] or LOST_VI in error["message"]
    assert _state() == before
    assert verify_chain().ok
    # The dead connection was discarded: the same request now goes through.
    again = client.post(f"/api/v1/acknowledgements/{reading}/confirm", headers=headers)
    assert again.status_code == 200, again.get_data(as_text=True)[:500]
    assert again.get_json()["acknowledged_at"]
    pending, entries = _state()
    assert (pending, entries) == (before[0] - 1, before[1] + 1)
    assert verify_chain().ok


def test_a_connection_killed_inside_a_form_post_shows_a_translated_503_page(pg_app, reading):
    killer = pg_app.extensions["test_killer"]
    client = pg_app.test_client()
    login = client.post("/login", data={"username": "staff", "password": "Password-123"})
    assert login.status_code == 302
    before = _state()
    killer.statement = "INSERT INTO AUDIT_ENTRIES"
    response = client.post(f"/acknowledgements/{reading}")
    assert killer.killed
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:500]
    assert "text/html" in response.content_type
    assert LOST_EN in page or LOST_VI in page
    assert "Traceback" not in page
    assert _state() == before
    assert client.get("/my/tasks").status_code == 200


def test_pooled_connections_killed_between_requests_are_replaced_by_pre_ping(pg_app, reading):
    killer = pg_app.extensions["test_killer"]
    headers = _api_token("staff")
    client = pg_app.test_client()
    assert client.get("/api/v1/me/acknowledgements", headers=headers).status_code == 200
    idle = killer.idle_pool_pids()
    assert idle, "the pool kept no connection"
    killer.terminate(idle)
    response = client.post(f"/api/v1/acknowledgements/{reading}/confirm", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert verify_chain().ok


# --- the upload folder's disk is full (both backends) ---------------------------------------------


class FullDisk:
    """Stands in for open() in core/files.py: the first `room` files are written, the next one
    gets half its bytes on disk and then ENOSPC (or `fail_in="fsync"`: ENOSPC from fsync)."""

    def __init__(self, room: int = 0, fail_in: str = "write"):
        self.room, self.fail_in, self.opened = room, fail_in, 0

    def __call__(self, path, mode="r", *args, **kwargs):
        handle = open(path, mode, *args, **kwargs)
        self.opened += 1
        return handle if self.opened <= self.room else HalfWritten(handle, self.fail_in)


class HalfWritten:
    def __init__(self, handle, fail_in: str):
        self.handle, self.fail_in = handle, fail_in

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        if self.fail_in == "write":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return len(data)

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        if self.fail_in == "fsync":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.handle.fileno()


@pytest.fixture
def uploads(app_ctx, tmp_path):
    folder = tmp_path / "uploads"
    app_ctx.config["UPLOAD_FOLDER"] = str(folder)
    yield folder
    app_ctx.config.pop("UPLOAD_FOLDER", None)


def on_disk(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def full_message_in(text: str) -> bool:
    return FULL_EN in text or FULL_VI in text


@pytest.mark.parametrize("fail_in", ["write", "fsync"])
def test_a_full_disk_is_a_storage_full_error_and_leaves_no_partial_file(
    world, uploads, monkeypatch, fail_in
):
    from werkzeug.datastructures import FileStorage

    monkeypatch.setattr(files, "open", FullDisk(fail_in=fail_in), raising=False)
    upload = FileStorage(stream=io.BytesIO(PDF), filename="mau.pdf")
    with pytest.raises(StorageFull) as refused:
        store_upload(upload, world.org.id, world.users["iso_secretary"], field="forms.0.file")
    assert refused.value.status == 507 and refused.value.code == "storage_full"
    assert full_message_in(refused.value.fields["forms.0.file"])
    db.session.rollback()
    assert on_disk(uploads) == [] and count(Attachment) == 0


def test_another_write_error_is_not_taken_for_a_full_disk(world, uploads, monkeypatch):
    from werkzeug.datastructures import FileStorage

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files, "open", broken, raising=False)
    upload = FileStorage(stream=io.BytesIO(PDF), filename="mau.pdf")
    with pytest.raises(OSError) as raised:
        store_upload(upload, world.org.id, world.users["iso_secretary"])
    assert not isinstance(raised.value, StorageFull) and raised.value.errno == errno.EIO


def test_a_full_disk_during_a_revision_form_upload_saves_nothing_of_the_form(
    world, uploads, login, monkeypatch
):
    revision = create_revision(create_procedure(world), world)
    db.session.commit()
    client = login("iso_secretary")
    entries, summary = count(AuditEntry), revision.change_summary
    # The first file fits; the second fills the disk. Neither may stay.
    monkeypatch.setattr(files, "open", FullDisk(room=1), raising=False)
    data = {
        "change_summary": "Sửa đổi biểu mẫu",
        "change_location": "Mục 7",
        "significant": "y",
        "lock_version": str(revision.lock_version),
        "forms-0-code": "BM-01",
        "forms-0-name": "Tờ khai",
        "forms-0-file": (io.BytesIO(PDF), "to-khai.pdf"),
        "forms-1-code": "BM-02",
        "forms-1-name": "Giấy hẹn",
        "forms-1-file": (io.BytesIO(PDF), "giay-hen.pdf"),
    }
    response = client.post(
        f"/revisions/{revision.id}/edit", data=data, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:500]
    assert full_message_in(page)
    assert "Sửa đổi biểu mẫu" in page  # what was typed is shown again, not lost
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).change_summary == summary
    assert db.session.get(Revision, revision.id).forms in ([], None)
    assert count(Attachment) == 0 and count(AuditEntry) == entries
    assert on_disk(uploads) == []
    monkeypatch.undo()
    data["forms-0-file"] = (io.BytesIO(PDF), "to-khai.pdf")
    data["forms-1-file"] = (io.BytesIO(PDF), "giay-hen.pdf")
    again = client.post(
        f"/revisions/{revision.id}/edit", data=data, content_type="multipart/form-data"
    )
    assert again.status_code == 302
    assert count(Attachment) == 2 and len(on_disk(uploads)) == 2


def test_a_full_disk_during_a_finding_with_evidence_records_no_finding(
    world, uploads, login, monkeypatch
):
    round_ = started_round(world)
    db.session.commit()
    client = login("inspector")
    findings, entries = count(Finding), count(AuditEntry)
    monkeypatch.setattr(files, "open", FullDisk(), raising=False)
    response = client.post(
        f"/audits/rounds/{round_.id}/findings/new",
        data={
            "type": "nc_minor",
            "description": "Sổ theo dõi hồ sơ không ghi ngày trả kết quả",
            "files": (io.BytesIO(PDF), "bien-ban.pdf"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:500]
    assert full_message_in(page)
    db.session.expire_all()
    assert count(Finding) == findings and count(AuditEntry) == entries
    assert count(Attachment) == 0 and count(EvidenceFile) == 0
    assert on_disk(uploads) == []
    assert verify_chain().ok
