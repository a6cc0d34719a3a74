"""Attachments (form files, audit evidence): checked by content, stored under random names; and
the names the application's own exports are downloaded under (`export_name`, `send_export`)."""

import errno
import hashlib
import io
import os
import re
import secrets
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, current_app, send_file
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..extensions import db
from .errors import InvalidState, ValidationFailed
from .spreadsheets import SpreadsheetRefused, check_archive
from .text import fold
from .timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..accounts.models import User

ALLOWED_KINDS = ("docx", "xlsx", "pdf", "doc", "xls")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Stream names in an OLE2 directory (UTF-16LE), found in the first 64 KB of most files.
OLE2_STREAMS = {
    "doc": ("WordDocument".encode("utf-16-le"),),
    "xls": ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le")),
}
OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_SESSION_FILES = "iso_qms_written_files"
#: errno values of a full disk (or a full quota) on the upload folder.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFull(ValidationFailed):
    """The upload folder's disk is full: the form is shown again with the message on the file
    field (what was typed is kept), and the request's transaction is rolled back."""

    status = 507
    code = "storage_full"


class Attachment(db.Model):
    """A file uploaded by someone of an organisation; the bytes live on disk, named at random."""

    __tablename__ = "attachments"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('docx', 'xlsx', 'pdf', 'doc', 'xls')", name="kind"),
        sa.CheckConstraint("size > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: The uploader's file name (NFC, no folders), given back on download.
    original_name: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[str] = mapped_column(sa.String(8))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: Random hex name of the file in the organisation's upload folder.
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped["User | None"] = relationship()

    @property
    def path(self) -> Path:
        return organisation_folder(self.organisation_id) / self.storage_name

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.kind]

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.original_name!r}>"


def upload_root() -> Path:
    """UPLOAD_FOLDER, else instance/uploads."""
    folder = current_app.config.get("UPLOAD_FOLDER")
    return Path(folder or os.path.join(current_app.instance_path, "uploads"))


def organisation_folder(organisation_id: int) -> Path:
    return upload_root() / str(int(organisation_id))


def display_name(filename: str | None) -> str:
    """The uploader's file name, readable in Vietnamese: NFC, no folders or control characters."""
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = " ".join(name.split()).strip(". ")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = stem[: 255 - len(dot + extension)] + dot + extension if dot else name[:255]
    return name


def extension_of(filename: str) -> str:
    return os.path.splitext(filename)[1].lower().lstrip(".")


def detect_kind(data: bytes, filename: str, field: str = "file") -> str:
    """The kind read from the content; ValidationFailed unless allowed and matching the name."""
    extension = extension_of(filename)
    if extension not in ALLOWED_KINDS:
        _refuse(
            field,
            _("Only Word, Excel and PDF files (.docx, .xlsx, .pdf, .doc, .xls) are accepted."),
        )
    if not data:
        _refuse(field, _("The file is empty."))
    try:
        kind = _content_kind(data, extension)
    except SpreadsheetRefused as exc:  # a zip that unpacks to too much: say so
        _refuse(field, str(exc))
    if kind != extension:
        _refuse(
            field,
            _("The file's content is not a .%(extension)s file.", extension=extension),
        )
    return extension


def _content_kind(data: bytes, extension: str) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return _ole2_kind(data[:65536], extension)
    if data.startswith(b"PK"):
        return _ooxml_kind(data)
    return None


def _ole2_kind(head: bytes, extension: str) -> str | None:
    found = {kind for kind, names in OLE2_STREAMS.items() if any(n in head for n in names)}
    if extension in found or (not found and extension in OLE2_STREAMS):
        return extension  # no stream name near the start: trust the extension
    return next(iter(found), None)


def _ooxml_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            names = set(archive.namelist())
    except SpreadsheetRefused:
        raise
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None  # macro-enabled files (.docm, .xlsm) are not accepted under another name
    for kind, part in OOXML_MAIN_PARTS.items():
        if part in names:
            return kind
    return None


def check_upload(data: bytes, filename: str, field: str = "file") -> str:
    """Size limit and content check of an upload; the kind when acceptable."""
    limit_mb = current_app.config.get("MAX_UPLOAD_MB", 20)
    if len(data) > limit_mb * 1024 * 1024:
        _refuse(field, _("The file is larger than %(mb)s MB.", mb=limit_mb))
    return detect_kind(data, filename, field)


def store_upload(
    file_storage, organisation_id: int, uploaded_by=None, field: str = "file"
) -> Attachment:
    """Check an upload, write it under a random name and add its row (flushed, not committed)."""
    name = display_name(getattr(file_storage, "filename", None))
    if not name:
        _refuse(field, _("Choose a file to upload."))
    data = _read_limited(file_storage)
    kind = check_upload(data, name, field)
    storage_name = secrets.token_hex(16)
    path = _store_bytes(organisation_folder(organisation_id), storage_name, data, field)
    attachment = Attachment(
        organisation_id=organisation_id,
        original_name=name,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    try:
        db.session.add(attachment)
        db.session.flush()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    db.session.info.setdefault(_SESSION_FILES, []).append(path)
    return attachment


def _read_limited(file_storage) -> bytes:
    # One byte over the limit is enough to refuse; never read an endless stream into memory.
    limit = current_app.config.get("MAX_UPLOAD_MB", 20) * 1024 * 1024
    return file_storage.stream.read(limit + 1)


def _store_bytes(folder: Path, storage_name: str, data: bytes, field: str) -> Path:
    """Write the file; a full disk is StorageFull (the partial file is already removed)."""
    try:
        return _write_atomically(folder, storage_name, data)
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        current_app.logger.error("upload folder full: %s", exc)
        message = _(
            "The server has run out of storage space, so nothing was saved. "
            "Tell the administrator, then try again."
        )
        raise StorageFull(message, fields={field: message}) from exc


def _write_atomically(folder: Path, storage_name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / storage_name
    temporary = folder / f".{storage_name}.tmp"
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return final


#: Features that link stored files to their records register here: fn(attachment_id, org_ids)
#: → True when a record of one of those organisations links the file (one query each).
ATTACHMENT_LINKS: list = []


def linked_in(attachment_id: int, org_ids: set[int]) -> bool:
    """A file uploaded in one organisation is readable in another that links it (e.g. the
    evidence of a finding transferred to a successor, reorganisations/dispositions.py)."""
    return any(link(attachment_id, org_ids) for link in ATTACHMENT_LINKS)


def send_attachment(attachment: Attachment) -> Response:
    """The stored file as a download under its original name, after checking its SHA-256."""
    try:
        data = attachment.path.read_bytes()
    except OSError:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != attachment.sha256:
        current_app.logger.error("attachment %s: stored file missing or altered", attachment.id)
        raise InvalidState(_("The stored file is damaged or missing; it cannot be downloaded."))
    return send_file(
        io.BytesIO(data),
        mimetype=attachment.mimetype,
        as_attachment=True,
        download_name=attachment.original_name,
    )


def _refuse(field: str, message: str) -> NoReturn:
    raise ValidationFailed(fields={field: message})


@event.listens_for(Session, "after_commit")
def _keep_written_files(session: Session) -> None:
    session.info.pop(_SESSION_FILES, None)


@event.listens_for(Session, "after_rollback")
def _remove_written_files(session: Session) -> None:
    """A rolled-back upload leaves no file behind."""
    for path in session.info.pop(_SESSION_FILES, []):
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------- names of exported files


def ascii_slug(*parts: object) -> str:
    """ "Báo cáo", "Tự kiểm tra", "Đợt 1" → "bao-cao-tu-kiem-tra-dot-1": Vietnamese words without
    their marks (đ → d), lower case, anything else a single dash; the parts joined by dashes."""
    text = fold(" ".join(str(part) for part in parts if part not in (None, "")))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def export_name(*parts: object, extension: str) -> str:
    """The download name of an export: its Vietnamese words slugged, then the extension
    (export_name("Báo cáo", "tự kiểm tra", "20200817", extension="docx"))."""
    return f"{ascii_slug(*parts)[:150].strip('-') or 'tep'}.{extension}"


def content_disposition(filename: str) -> str:
    """attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>: the plain form for old
    clients, the RFC 6266 one for the rest (the same name once slugged)."""
    plain = "".join(
        ch for ch in fold(filename) if ch.isascii() and ch.isprintable() and ch not in '"\\'
    )
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def send_export(data: bytes, filename: str) -> Response:
    """Bytes the application wrote (.docx, .xlsx) as a download under `filename`."""
    response = Response(
        data, mimetype=MIMETYPES.get(extension_of(filename), "application/octet-stream")
    )
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response
