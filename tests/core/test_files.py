import hashlib
import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage

from iso_qms.core.errors import InvalidState, ValidationFailed
from iso_qms.core.files import Attachment, detect_kind, display_name, send_attachment, store_upload
from iso_qms.extensions import db
from tests.fixtures.factories import create_org

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def org(app_ctx, tmp_path):
    app_ctx.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    organisation = create_org("A")
    db.session.commit()
    yield organisation
    app_ctx.config.pop("UPLOAD_FOLDER", None)
    app_ctx.config.pop("MAX_UPLOAD_MB", None)


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Quy trình đăng ký khai sinh")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Mã TTHC", "Tên thủ tục"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ole2_bytes(stream_name: str) -> bytes:
    """The start of a compound file with one directory entry naming `stream_name`."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + stream_name.encode("utf-16-le") + b"\0" * 1024


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def files_on_disk(app_ctx) -> list:
    root = Path(app_ctx.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def download(app_ctx, attachment: Attachment):
    with app_ctx.test_request_context():
        response = send_attachment(attachment)
        response.direct_passthrough = False
        return response, response.get_data()


@pytest.mark.parametrize(
    ("make", "filename", "kind"),
    [
        (docx_bytes, "Quy trình cấp giấy khai sinh.docx", "docx"),
        (xlsx_bytes, "Bảng theo dõi.XLSX", "xlsx"),
        (lambda: PDF, "Biên bản đánh giá.pdf", "pdf"),
    ],
)
def test_real_office_and_pdf_files_are_stored_and_come_back_unchanged(
    org, app_ctx, make, filename, kind
):
    data = make()
    attachment = store_upload(upload(data, filename), org.id)
    db.session.commit()

    assert (attachment.kind, attachment.size) == (kind, len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.original_name == filename
    assert attachment.path.parent.name == str(org.id)
    assert len(attachment.storage_name) == 32 and attachment.storage_name not in filename
    response, body = download(app_ctx, attachment)
    assert body == data
    assert response.mimetype == attachment.mimetype
    assert "attachment" in response.headers["Content-Disposition"]


def test_vietnamese_name_is_kept_in_nfc_without_folders_or_control_characters(org):
    name = "..\\..\\Bie\u0302n ba\u0309n\u202e\x07 ho\u0323p.pdf"
    attachment = store_upload(upload(PDF, name), org.id)
    assert attachment.original_name == "Biên bản họp.pdf"
    assert display_name("a" * 300 + ".docx") == "a" * 250 + ".docx"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"MZ\x90\x00\x03" + b"\0" * 200, "chuong-trinh.pdf"),  # an .exe renamed .pdf
        (b"MZ\x90\x00\x03" + b"\0" * 200, "chuong-trinh.exe"),
        (xlsx_bytes(), "quy-trinh.docx"),  # a workbook calling itself a document
        (docx_bytes(), "bang.xlsx"),
        (PDF, "bien-ban.docx"),
        (docx_bytes(), "quy-trinh.pdf"),
        (b"PK\x03\x04 not really a zip", "quy-trinh.docx"),
        (ole2_bytes("Workbook"), "quy-trinh.doc"),
        (ole2_bytes("WordDocument"), "bang.xls"),
        (b"plain text", "ghi-chu.txt"),
        (b"", "rong.pdf"),
        (PDF, "khong-co-duoi"),
    ],
)
def test_wrong_or_disguised_files_are_refused_and_nothing_is_stored(org, app_ctx, data, filename):
    with pytest.raises(ValidationFailed) as error:
        store_upload(upload(data, filename), org.id, field="evidence")
    assert set(error.value.fields) == {"evidence"}
    assert files_on_disk(app_ctx) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_empty_file_is_refused_with_its_own_message(org):
    with pytest.raises(ValidationFailed) as error:
        store_upload(upload(b"", "rong.docx"), org.id)
    assert str(error.value.fields["file"]) in {"The file is empty.", "Tệp không có dữ liệu."}


def test_file_over_the_size_limit_is_refused(org, app_ctx):
    app_ctx.config["MAX_UPLOAD_MB"] = 1
    data = PDF + b"0" * (1536 * 1024)
    with pytest.raises(ValidationFailed) as error:
        store_upload(upload(data, "lon.pdf"), org.id)
    assert "1 MB" in str(error.value.fields["file"])
    assert files_on_disk(app_ctx) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_missing_file_name_is_refused(org):
    with pytest.raises(ValidationFailed):
        store_upload(upload(PDF, ""), org.id)


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (ole2_bytes("WordDocument"), "cong-van.doc", "doc"),
        (ole2_bytes("Workbook"), "bang.xls", "xls"),
        (ole2_bytes("Book"), "bang-cu.xls", "xls"),
        (ole2_bytes("Other"), "khong-ro.doc", "doc"),  # directory further on: trust the name
    ],
)
def test_old_office_files_are_told_apart_by_their_streams(data, filename, kind):
    assert detect_kind(data, filename) == kind


def test_macro_workbook_renamed_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\0")
    with pytest.raises(ValidationFailed):
        detect_kind(buffer.getvalue(), "bang.xlsx")


def test_failed_flush_leaves_no_file_behind(org, app_ctx, monkeypatch):
    def broken_flush(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "flush", broken_flush)
    with pytest.raises(sa.exc.OperationalError):
        store_upload(upload(PDF, "bien-ban.pdf"), org.id)
    assert files_on_disk(app_ctx) == []


def test_rolled_back_upload_leaves_no_file_and_committed_one_stays(org, app_ctx):
    store_upload(upload(PDF, "huy.pdf"), org.id)
    db.session.rollback()
    assert files_on_disk(app_ctx) == []

    kept = store_upload(upload(PDF, "giu.pdf"), org.id, uploaded_by=None)
    db.session.commit()
    db.session.rollback()
    assert files_on_disk(app_ctx) == [kept.path]


def test_altered_stored_file_is_not_sent(org, app_ctx):
    attachment = store_upload(upload(docx_bytes(), "quy-trinh.docx"), org.id)
    db.session.commit()
    attachment.path.write_bytes(xlsx_bytes())
    with pytest.raises(InvalidState):
        download(app_ctx, attachment)


def test_missing_stored_file_is_not_sent(org, app_ctx):
    attachment = store_upload(upload(PDF, "bien-ban.pdf"), org.id)
    db.session.commit()
    attachment.path.unlink()
    with pytest.raises(InvalidState):
        download(app_ctx, attachment)
