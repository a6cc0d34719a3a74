"""The one safe .xlsx reader: declared ranges ignored, zip bombs and oversized sheets refused with
a message naming the limit, in the catalogue import, the PAR criteria import and uploads alike."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from iso_qms.core.errors import ValidationFailed
from iso_qms.core.spreadsheets import SpreadsheetRefused, check_zip, read_rows
from tests.procedures.test_catalogue import HEADER, ROWS

SHEET = "xl/worksheets/sheet1.xml"


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, member: str, change) -> bytes:
    """The same zip with one member's text changed by `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content.decode()).encode()
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _full_dimension(data: bytes) -> bytes:
    return _rewrite(
        data,
        SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml),
    )


@pytest.fixture(scope="module")
def full_range_catalogue() -> bytes:
    data = _full_dimension(_xlsx([HEADER, *ROWS]))
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    return data


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A workbook whose sheet unpacks to 300 MB of repeated rows and packs to about a megabyte."""
    data = _xlsx([HEADER, *ROWS])
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 2000
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            for _ in range(300 * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    bomb = out.getvalue()
    assert len(bomb) < 5 * 1024 * 1024
    return bomb


def test_a_declared_range_of_the_whole_sheet_is_ignored(full_range_catalogue):
    assert len(full_range_catalogue) < 8 * 1024
    rows = read_rows(full_range_catalogue)
    assert rows == [tuple(HEADER), *[tuple(r[:5]) if r[5] == "" else tuple(r) for r in ROWS]]


def test_trailing_empty_cells_and_rows_are_dropped_and_inner_empty_rows_kept():
    data = _xlsx([["a", None, "c", None, ""], [], ["d"], [None, "  "], []])
    assert read_rows(data) == [("a", None, "c"), (), ("d",)]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(zip_bomb):
    with pytest.raises(SpreadsheetRefused, match="50 MB"):
        read_rows(zip_bomb)
    with pytest.raises(SpreadsheetRefused, match="50 MB"):
        check_zip(zip_bomb)


def test_a_zip_with_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index in range(1001):
            archive.writestr(f"x/{index}.xml", "")
    with pytest.raises(SpreadsheetRefused, match="1000"):
        check_zip(out.getvalue())


def test_rows_beyond_the_cap_are_refused_naming_it():
    data = _xlsx([[n] for n in range(12)])
    assert len(read_rows(data, max_rows=12)) == 12
    with pytest.raises(SpreadsheetRefused, match="11"):
        read_rows(data, max_rows=11)


def test_a_value_beyond_the_column_cap_is_refused():
    data = _rewrite(
        _xlsx([["a"]]),
        SHEET,
        lambda xml: xml.replace('<c r="A1" t="inlineStr">', '<c r="XFD1" t="inlineStr">').replace(
            '<c r="A1" t="s">', '<c r="XFD1" t="s">'
        ),
    )
    with pytest.raises(SpreadsheetRefused, match="200"):
        read_rows(data)


def test_a_lone_cell_at_the_last_row_is_read_or_refused_never_a_hang():
    data = _rewrite(
        _xlsx([["a"]]),
        SHEET,
        lambda xml: xml.replace(
            "</sheetData>", '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'
        ),
    )
    rows = read_rows(data)
    assert rows[0] == ("a",) and rows[-1] == (1,) and len(rows) == 1048576


def test_reading_past_the_time_cap_is_refused():
    with pytest.raises(SpreadsheetRefused, match="too long|thời gian"):
        read_rows(_xlsx([["a"]]), max_seconds=-1)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 broken", b"not a zip", _xlsx([])[:200]])
def test_an_unreadable_file_is_refused_with_a_message(data):
    with pytest.raises(SpreadsheetRefused):
        read_rows(data)


def test_the_catalogue_import_reads_the_full_range_file_quickly(
    world, client, token_for, full_range_catalogue
):
    headers = token_for("iso_secretary")
    response = client.post(
        "/api/v1/procedures/import",
        data={"file": (io.BytesIO(full_range_catalogue), "danh-muc.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["counts"]["create"] == 3


def test_the_catalogue_import_refuses_a_zip_bomb_with_the_message(
    world, client, token_for, zip_bomb
):
    response = client.post(
        "/api/v1/procedures/import",
        data={"file": (io.BytesIO(zip_bomb), "danh-muc.xlsx")},
        headers=token_for("iso_secretary"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "50 MB" in response.get_json()["error"]["fields"]["file"][0]


def test_the_criteria_import_refuses_a_zip_bomb_with_the_message(app_ctx, world, zip_bomb):
    from iso_qms.reports import appendix

    with pytest.raises(ValidationFailed) as caught:
        appendix.import_criteria(world.org.id, "X", zip_bomb, world.users["admin"])
    assert "50 MB" in str(caught.value.fields["file"])


def test_the_criteria_import_reads_a_full_range_file(app_ctx, world):
    from iso_qms.reports import appendix

    data = _full_dimension(_xlsx([["TT", "Tiêu chí"], ["9.1", "Tiêu chí mới"]]))
    result = appendix.import_criteria(world.org.id, "X", data, world.users["admin"])
    assert result.created == 1


def test_an_uploaded_zip_bomb_is_refused_with_the_message(app_ctx, zip_bomb):
    from iso_qms.core.files import detect_kind

    with pytest.raises(ValidationFailed) as caught:
        detect_kind(zip_bomb, "bieu-mau.xlsx")
    assert "50 MB" in caught.value.fields["file"]
    assert detect_kind(_xlsx([["a"]]), "bieu-mau.xlsx") == "xlsx"
