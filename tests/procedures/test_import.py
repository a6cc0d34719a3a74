"""TTHC catalogue import: preview with per-row errors, all or nothing, idempotent, NFC = NFD."""

import io
import unicodedata

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from iso_qms.core.errors import ValidationFailed
from iso_qms.extensions import db
from iso_qms.procedures import importing
from iso_qms.procedures.catalogue import read_catalogue
from iso_qms.procedures.models import LegalBasis, Procedure

HEADER = ["Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Căn cứ pháp lý"]
ROWS = [
    [
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        "Trong ngày",
        "60/2014/QH13; 123/2015/NĐ-CP",
    ],
    ["1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", "Trong ngày", "60/2014/QH13"],
    [
        "2.000815",
        "Thủ tục chứng thực bản sao từ bản chính",
        "Chứng thực",
        "04 giờ làm việc",
        "23/2015/NĐ-CP",
    ],
    ["1.000656", "Thủ tục đăng ký khai tử", "Hộ tịch", "03 ngày làm việc", "60/2014/QH13"],
]


def xlsx(rows, normal="NFC") -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append([unicodedata.normalize(normal, v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(data, name="danh-muc.xlsx"):
    return read_catalogue(name, data)


def test_preview_then_apply_creates_procedures_and_legal_bases(world):
    preview = importing.preview(world.org.id, _rows(xlsx(ROWS)))
    assert [r.action for r in preview.rows] == ["create"] * 4
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0
    result = importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(ROWS)))
    assert result.applied and result.counts()["create"] == 4
    birth = db.session.scalar(sa.select(Procedure).where(Procedure.tthc_code == "1.001193"))
    assert birth.statutory.minutes == 480 and birth.statutory.within_day
    assert sorted(b.number for b in birth.legal_bases) == ["123/2015/NĐ-CP", "60/2014/QH13"]
    assert db.session.scalar(sa.select(sa.func.count(LegalBasis.id))) == 3


def test_reimporting_the_same_file_changes_nothing(world):
    importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(ROWS)))
    again = importing.preview(world.org.id, _rows(xlsx(ROWS)))
    assert [r.action for r in again.rows] == ["unchanged"] * 4
    importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(ROWS)))
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 4


def test_nfd_text_imports_the_same_as_nfc(world):
    importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(ROWS)))
    again = importing.preview(world.org.id, _rows(xlsx(ROWS, "NFD")))
    assert [r.action for r in again.rows] == ["unchanged"] * 4


def test_a_changed_row_updates_its_procedure(world):
    importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(ROWS)))
    changed = [list(r) for r in ROWS]
    changed[3][3] = "02 ngày làm việc"
    preview = importing.preview(world.org.id, _rows(xlsx(changed)))
    assert preview.rows[3].action == "update" and preview.rows[3].changes == ["statutory_time"]
    importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(changed)))
    death = db.session.scalar(sa.select(Procedure).where(Procedure.tthc_code == "1.000656"))
    assert death.statutory.minutes == 2 * 480


def test_one_bad_row_refuses_the_whole_file(world):
    bad = [list(r) for r in ROWS] + [["", "Không mã", "Hộ tịch", "không rõ", ""]]
    preview = importing.preview(world.org.id, _rows(xlsx(bad)))
    assert preview.rows[-1].errors and not preview.ok
    with pytest.raises(ValidationFailed):
        importing.apply(world.org.id, world.users["iso_secretary"], _rows(xlsx(bad)))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0


def test_import_page_previews_and_applies(world, login):
    client = login("iso_secretary")
    page = client.post(
        "/procedures/import",
        data={"file": (io.BytesIO(xlsx(ROWS)), "danh-muc.xlsx")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    token = text.split('name="token" value="')[1].split('"')[0]
    done = client.post("/procedures/import", data={"confirm": "1", "token": token})
    assert done.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 4


def test_import_page_refuses_an_unreadable_file(world, login):
    client = login("iso_secretary")
    page = client.post(
        "/procedures/import",
        data={"file": (io.BytesIO(b"\x00\x01garbage"), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0
