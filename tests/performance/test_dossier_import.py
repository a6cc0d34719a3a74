"""The one-stop-shop dossier import: reading, the mapping, bad input, all or nothing, re-imports."""

import io
import unicodedata
import zipfile
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.core.errors import PermissionDenied
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.performance import importing
from iso_qms.performance.import_files import FileRefused, read_table
from iso_qms.performance.models import Channel, Dossier, DossierImport, DossierMapping, ImportKind
from tests.fixtures.factories import create_procedure, create_revision
from tests.query_counter import count_queries

HEADERS = [
    "STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Ngày tiếp nhận", "Ngày hẹn trả",
    "Ngày trả kết quả", "Kênh tiếp nhận", "Đã số hóa", "Phiếu xin lỗi", "Cán bộ xử lý",
]  # fmt: skip


def at(y, m, d, hh=0, mi=0):
    return datetime(y, m, d, hh, mi, tzinfo=LOCAL_TZ)


@pytest.fixture(autouse=True)
def english(app_ctx):
    """The messages asserted below in English (the Vietnamese ones in the page's test)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def register(world):
    set_clock(at(2020, 10, 1, 9))
    birth = create_procedure(world, "QT-HT-01", statutory="Trong ngày", tthc_code="1.001193",
                             title="Quy trình đăng ký khai sinh")  # fmt: skip
    marriage = create_procedure(world, "QT-HT-02", statutory="03 ngày làm việc",
                                tthc_code="1.000894", title="Quy trình đăng ký kết hôn")  # fmt: skip
    db.session.commit()
    return {"birth": birth, "marriage": marriage, "world": world}


def csv_bytes(rows, headers=HEADERS, delimiter=";", bom=True, title=True) -> bytes:
    lines = []
    if title:
        lines.append("DANH SÁCH HỒ SƠ TIẾP NHẬN")
        lines.append("")
    lines.append(delimiter.join(headers))
    lines += [delimiter.join(str(c) for c in row) for row in rows]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode()


def row(n, code, received, due="", returned="", channel="Trực tiếp", tthc="1.001193",
        name="Đăng ký khai sinh", digitised="Có", apology="", officer="Lê Quốc Bảo"):  # fmt: skip
    return [n, code, tthc, name, received, due, returned, channel, digitised, apology, officer]


def run(world, data, filename="hs.csv", mapping=None, dry_run=True, user="iso_secretary"):
    return importing.import_file(world.org.id, world.users[user], ImportKind.dossiers, filename,
                                 data, mapping, dry_run=dry_run)  # fmt: skip


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Dossier.id)))


BASIC = [
    row(1, "HS-001", "02/03/2020 08:15", "02/03/2020 17:00", "02/03/2020 10:30"),
    row(2, "HS-002", "02/03/2020 09:00", "05/03/2020 17:00", "04/03/2020 15:00", "Trực tuyến",
        "1.000894", "Đăng ký kết hôn"),
    row(3, "HS-003", "03/03/2020 14:00", "", "", "Bưu chính công ích", "", "Đăng ký kết hôn"),
    row(4, "HS-004", "03/03/2020 15:00", "03/03/2020", "", "BCCI", "9.999999", "Thủ tục lạ"),
]  # fmt: skip


def test_a_csv_with_bom_and_semicolons_maps_itself_previews_then_applies(register):
    world = register["world"]
    preview = run(world, csv_bytes(BASIC))
    assert (preview.rows, preview.create, preview.error_count) == (4, 4, 0)
    assert preview.header_row == 3 and preview.mapping["returned_at"] == "Ngày trả kết quả"
    assert count() == 0  # a dry run writes nothing
    applied = run(world, csv_bytes(BASIC), dry_run=False)
    db.session.commit()
    assert applied.applied and count() == 4
    dossiers = {d.code: d for d in db.session.scalars(sa.select(Dossier))}
    assert dossiers["HS-001"].procedure_id == register["birth"].id
    assert dossiers["HS-001"].received_at == at(2020, 3, 2, 8, 15)
    assert dossiers["HS-002"].channel is Channel.online
    assert dossiers["HS-003"].procedure_id == register["marriage"].id  # by title
    assert {dossiers["HS-003"].channel, dossiers["HS-004"].channel} == {Channel.postal}
    assert dossiers["HS-004"].procedure_id is None  # unmatched: imported, listed
    assert applied.unmatched == [
        {"tthc_code": "9.999999", "tthc_name": "Thủ tục lạ", "rows": 1, "first_row": 7}
    ]
    assert dossiers["HS-004"].due_at == at(2020, 3, 3, 23, 59)  # a bare date: the whole day
    assert dossiers["HS-001"].returned_known_at is not None
    assert dossiers["HS-003"].returned_at is None and dossiers["HS-003"].returned_known_at is None


def test_the_same_file_again_changes_nothing_and_a_returned_dossier_is_updated(register):
    world = register["world"]
    run(world, csv_bytes(BASIC), dry_run=False)
    db.session.commit()
    again = run(world, csv_bytes(BASIC), dry_run=False)
    assert (again.create, again.update, again.unchanged) == (0, 0, 4)
    set_clock(at(2020, 10, 2, 9))
    later = [BASIC[2][:6] + ["09/03/2020 16:00"] + BASIC[2][7:],
             row(5, "HS-005", "10/03/2020 08:00", "10/03/2020 17:00", "10/03/2020 09:00")]  # fmt: skip
    overlap = run(world, csv_bytes(later), dry_run=False)
    db.session.commit()
    assert (overlap.create, overlap.update, overlap.unchanged) == (1, 1, 0)
    assert count() == 5
    hs3 = db.session.scalar(sa.select(Dossier).where(Dossier.code == "HS-003"))
    assert hs3.returned_at == at(2020, 3, 9, 16)
    assert hs3.returned_known_at == at(2020, 10, 2, 9)
    assert hs3.imported_at == at(2020, 10, 1, 9)  # first known then: the as-of rule keeps it
    hs1 = db.session.scalar(sa.select(Dossier).where(Dossier.code == "HS-001"))
    assert hs1.returned_known_at == at(2020, 10, 1, 9)  # not in the later file: untouched


def test_the_appointment_is_computed_from_the_statutory_time_of_the_issue_in_force(register):
    world = register["world"]
    create_revision(register["marriage"], world, status="approved", effective_date=date(2020, 1, 2))
    db.session.commit()
    headers = ["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Ngày trả kết quả", "Kênh tiếp nhận"]
    # Wednesday 29/04/2020: 30/04 and 01/05 are holidays, 02-03/05 a weekend
    data = csv_bytes([["HS-9", "1.000894", "29/04/2020 10:00", "", "Trực tiếp"]], headers)
    run(world, data, dry_run=False)
    dossier = db.session.scalar(sa.select(Dossier))
    assert dossier.due_computed is True
    assert dossier.due_at == at(2020, 5, 6, 17)


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(register):
    world = register["world"]
    rows = [
        row(1, "HS-1", "31/02/2020 08:00"),
        row(2, "HS-2", "05/03/2020 09:00", "", "04/03/2020 10:00"),
        row(3, "HS-3", "05/03/2020 09:00", channel="Fax"),
        row(4, "HS-4", "05/03/2020 09:00"),
        row(5, "HS-4", "06/03/2020 09:00"),
        row(6, "HS-6", "05/03/2020 09:00"),
        row(7, "HS-6", "05/03/2020 09:00"),
    ]
    preview = run(world, csv_bytes(rows))
    found = {(e.row, e.column): e.message for e in preview.errors}
    assert found[(4, "Ngày tiếp nhận")] == "The date 31/02/2020 does not exist."
    assert "before the dossier was received" in found[(5, "Ngày trả kết quả")]
    assert "Fax" in found[(6, "Kênh tiếp nhận")]
    assert "also on row 7" in found[(8, "Mã hồ sơ")]
    assert preview.duplicate == 1 and (10, "Mã hồ sơ") not in found  # an exact repeat is no error
    with pytest.raises(importing.ImportRefused):
        run(world, csv_bytes(rows), dry_run=False)
    db.session.rollback()
    assert count() == 0
    assert db.session.scalar(sa.select(sa.func.count(DossierImport.id))) == 0


def test_a_wrong_mapping_names_the_missing_column(register):
    world = register["world"]
    mapping = {"code": "Mã hồ sơ", "tthc_code": "Mã TTHC", "received_at": "Ngày nhận",
               "channel": "Kênh tiếp nhận"}  # fmt: skip
    preview = run(world, csv_bytes(BASIC), mapping=mapping)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Ngày nhận")]
    wrong = dict(mapping, received_at="Tên thủ tục hành chính")
    preview = run(world, csv_bytes(BASIC), mapping=wrong)
    not_dates = [e.row for e in preview.errors if e.column == "Tên thủ tục hành chính"]
    assert not_dates == [4, 5, 6, 7] and "is not a date" in preview.errors[0].message


def test_the_mapping_is_remembered_for_the_organisation(register):
    world = register["world"]
    headers = ["Số HS", "Thủ tục", "Nhận lúc", "Xong lúc", "Nơi nộp"]
    mapping = {"code": "Số HS", "tthc_name": "Thủ tục", "received_at": "Nhận lúc",
               "returned_at": "Xong lúc", "channel": "Nơi nộp"}  # fmt: skip
    data = csv_bytes([["A1", "Đăng ký khai sinh", "02/03/2020 08:00", "", "Trực tiếp"]], headers)
    run(world, data, mapping=mapping, dry_run=False)
    db.session.commit()
    saved = db.session.scalar(sa.select(DossierMapping.mapping))
    assert saved == mapping
    again = run(world, data)  # no mapping given: the remembered one
    assert again.mapping == mapping and again.unchanged == 1


def test_nfd_headers_and_values_read_as_nfc(register):
    world = register["world"]
    nfd = [unicodedata.normalize("NFD", h) for h in HEADERS]
    data = csv_bytes([row(1, "HS-1", "02/03/2020 08:00", channel=unicodedata.normalize(
        "NFD", "Bưu chính công ích"), name=unicodedata.normalize("NFD", "Đăng ký khai sinh"),
        tthc="")], nfd)  # fmt: skip
    run(world, data, dry_run=False)
    dossier = db.session.scalar(sa.select(Dossier))
    assert dossier.channel is Channel.postal and dossier.procedure_id == register["birth"].id
    assert dossier.tthc_name == "Đăng ký khai sinh"


def test_commas_without_bom_and_excel_serials(register):
    world = register["world"]
    # 43892.5 = 02/03/2020 12:00
    data = csv_bytes([row(1, "HS-1", "43892.5", "43892", "43892.6875")], delimiter=",",
                     bom=False)  # fmt: skip
    run(world, data, dry_run=False)
    dossier = db.session.scalar(sa.select(Dossier))
    assert dossier.received_at == at(2020, 3, 2, 12)
    assert dossier.returned_at == at(2020, 3, 2, 16, 30)
    assert dossier.due_at == at(2020, 3, 2, 23, 59)


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_with_real_dates_on_its_second_sheet(register):
    world = register["world"]
    data = xlsx({
        "Tổng hợp": [["Báo cáo tổng hợp"], ["Tháng", "Số hồ sơ"], ["03/2020", 2]],
        "Danh sách hồ sơ": [["UBND XÃ"], [], HEADERS,
                            row(1, "HS-1", datetime(2020, 3, 2, 8, 0), datetime(2020, 3, 2, 17),
                                datetime(2020, 3, 2, 9, 30))],
    })  # fmt: skip
    preview = run(world, data, "hs.xlsx", dry_run=False)
    assert preview.sheet == "Danh sách hồ sơ" and preview.header_row == 3
    dossier = db.session.scalar(sa.select(Dossier))
    assert dossier.returned_at == at(2020, 3, 2, 9, 30)


def test_a_workbook_without_the_expected_sheet_is_refused_naming_its_sheets(register):
    world = register["world"]
    run(world, csv_bytes(BASIC), dry_run=False)  # the mapping is now remembered
    data = xlsx({"Tổng hợp": [["Tháng", "Số hồ sơ", "Ghi chú"], ["03/2020", 2, ""]]})
    with pytest.raises(FileRefused, match="Tổng hợp"):
        read_table("x.xlsx", data, list(importing.remembered_mapping(
            world.org.id, ImportKind.dossiers).values()))  # fmt: skip
    with pytest.raises(FileRefused, match="Tổng hợp"):
        run(world, data, "x.xlsx")


def test_formulas_are_read_as_their_saved_values_and_refused_without(register):
    world = register["world"]
    data = xlsx({"DS": [HEADERS, row(1, "HS-1", "02/03/2020 08:00", "=A1")]})
    with pytest.raises(FileRefused, match="F2"):
        run(world, data, "f.xlsx")
    cached = _with_cached_value(data, "F2", "02/03/2020 17:00")
    preview = run(world, cached, "f.xlsx", dry_run=False)
    assert preview.error_count == 0
    assert db.session.scalar(sa.select(Dossier.due_at)) == at(2020, 3, 2, 17)


def _with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(
                    f'<c r="{cell}"><f>A1</f><v></v></c>'.encode(),
                    f'<c r="{cell}" t="str"><f>A1</f><v>{value}</v></c>'.encode(),
                )
            target.writestr(item, content)
    return out.getvalue()


def test_a_million_empty_rows_stop_at_the_last_filled_row(register):
    world = register["world"]
    data = xlsx({"DS": [HEADERS, row(1, "HS-1", "02/03/2020 08:00")]})
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    empty = "".join(f'<row r="{n}" ht="15" customHeight="1"/>' for n in range(3, 1_000_003))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(b"</sheetData>", empty.encode() + b"</sheetData>")
            target.writestr(item, content)
    preview = run(world, out.getvalue(), "m.xlsx")
    assert (preview.rows, preview.create, preview.error_count) == (1, 1, 0)


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("e.csv", b"", "0 bytes"),
        ("e.xlsx", b"", "0 bytes"),
        ("e.xlsx", b"PK\x03\x04 not a zip", "Excel"),
        ("e.csv", "Mã hồ sơ;Ngày".encode("utf-16"), "UTF-8"),
        ("e.pdf", b"%PDF", ".xlsx"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(register, filename, data, message):
    with pytest.raises(FileRefused, match=message):
        run(register["world"], data, filename)


def test_only_the_iso_secretary_and_the_qmr_import(register):
    world = register["world"]
    with pytest.raises(PermissionDenied):
        run(world, csv_bytes(BASIC), user="staff")
    assert run(world, csv_bytes(BASIC), user="qmr").create == 4


def test_the_import_costs_the_same_queries_for_5_or_500_rows(register):
    world = register["world"]

    def rows(n, prefix):
        return [row(i, f"{prefix}-{i}", "02/03/2020 08:00", "02/03/2020 17:00",
                    "02/03/2020 09:00") for i in range(n)]  # fmt: skip

    run(world, csv_bytes(rows(1, "W")), dry_run=False)  # the mapping is remembered from now on
    with count_queries() as small:
        run(world, csv_bytes(rows(5, "S")), dry_run=False)
    with count_queries() as large:
        run(world, csv_bytes(rows(500, "L")), dry_run=False)
    assert large.count == small.count


def test_the_summary_import_upserts_per_procedure_and_month(register):
    from iso_qms.performance.models import DossierSummary

    world = register["world"]
    headers = ["Mã TTHC", "Tên TTHC", "Tháng", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Trễ hạn",
               "Đang giải quyết"]  # fmt: skip
    data = csv_bytes([["1.001193", "Đăng ký khai sinh", "03/2020", 20, 0, 19, 1, 0],
                      ["", "Thủ tục khác", "Tháng 4/2020", 5, 1, 2, 0, 2]], headers)  # fmt: skip
    preview = importing.import_file(world.org.id, world.users["qmr"], ImportKind.summary,
                                    "t.csv", data, dry_run=False)  # fmt: skip
    assert (preview.create, preview.error_count) == (2, 0)
    assert [u["tthc_name"] for u in preview.unmatched] == ["Thủ tục khác"]
    again = importing.import_file(world.org.id, world.users["qmr"], ImportKind.summary,
                                  "t.csv", data, dry_run=False)  # fmt: skip
    assert (again.create, again.unchanged) == (0, 2)
    summary = db.session.scalar(
        sa.select(DossierSummary).where(DossierSummary.month == date(2020, 3, 1))
    )
    assert (summary.procedure_id, summary.on_time, summary.late) == (register["birth"].id, 19, 1)
