import io
import unicodedata

import pytest
from openpyxl import Workbook

from iso_qms.procedures.catalogue import CatalogueRow, read_catalogue
from iso_qms.procedures.durations import Duration

HEADER = ["STT", "Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Căn cứ pháp lý"]
ROWS = [
    [
        1,
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        "Trong ngày",
        "Luật Hộ tịch 2014;\nNghị định 123/2015/NĐ-CP",
    ],
    [2, "2.000986", "Thủ tục chứng thực bản sao từ bản chính", "Chứng thực", "02 giờ", ""],
    [3, "1.000656", "Thủ tục đăng ký kết hôn", "Hộ tịch", "05 ngày làm việc", "- Luật Hộ tịch"],
]


def xlsx(rows: list[list], title_rows: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for index in range(title_rows):
        sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH" if index == 0 else None])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",", bom: bool = False) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode()


def nfd(rows: list[list]) -> list[list]:
    return [[unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in r] for r in rows]


def test_xlsx_catalogue_is_read():
    rows = read_catalogue("danh-muc.xlsx", xlsx([HEADER, *ROWS]))
    assert [r.tthc_code for r in rows] == ["1.001193", "2.000986", "1.000656"]
    first = rows[0]
    assert (first.line, first.title, first.field) == (2, "Thủ tục đăng ký khai sinh", "Hộ tịch")
    assert (first.statutory_text, first.statutory) == ("Trong ngày", Duration.parse("Trong ngày"))
    assert first.statutory.within_day
    assert first.legal_bases == ["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"]
    assert rows[1].statutory.minutes == 120 and rows[1].legal_bases == []
    assert rows[2].legal_bases == ["Luật Hộ tịch"]
    assert all(r.errors == {} for r in rows)


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True), ("\t", False)])
def test_csv_catalogue_is_read_with_any_usual_delimiter(delimiter, bom):
    rows = read_catalogue("danh-muc.CSV", csv_bytes([HEADER, *ROWS], delimiter, bom))
    assert rows == read_catalogue("danh-muc.xlsx", xlsx([HEADER, *ROWS]))


def test_nfd_and_nfc_files_give_identical_rows():
    expected = read_catalogue("a.xlsx", xlsx([HEADER, *ROWS]))
    assert read_catalogue("a.xlsx", xlsx(nfd([HEADER, *ROWS]))) == expected
    assert read_catalogue("a.csv", csv_bytes(nfd([HEADER, *ROWS]), ";")) == expected
    assert unicodedata.is_normalized("NFC", expected[0].legal_bases[1])


def test_header_may_follow_title_rows():
    rows = read_catalogue("a.xlsx", xlsx([HEADER, *ROWS], title_rows=2))
    assert [r.line for r in rows] == [4, 5, 6]
    assert rows[0].tthc_code == "1.001193"


def test_headers_are_recognised_without_diacritics_or_case():
    header = ["ma thu tuc", "TEN TTHC", "linh vuc", "Thời gian giải quyết (ngày)", "Căn cứ"]
    rows = read_catalogue("a.csv", csv_bytes([header, ["X1", "Tên", "LV", "3", "Luật A"]]))
    assert (rows[0].tthc_code, rows[0].title, rows[0].field) == ("X1", "Tên", "LV")
    assert rows[0].statutory == Duration.parse("03 ngày")  # a bare number counts days
    assert rows[0].legal_bases == ["Luật A"]


def test_empty_rows_are_skipped_and_lines_still_count():
    rows = read_catalogue("a.csv", csv_bytes([HEADER, ROWS[0], ["", "", ""], [], ROWS[1]]))
    assert [r.line for r in rows] == [2, 5]


def test_rows_with_problems_carry_one_message_per_field():
    bad = [
        [4, "", "Thủ tục không mã", "Hộ tịch", "03 ngày", ""],
        [5, "1.000001", "", "Hộ tịch", "theo quy định", ""],
        [6, "1.000002", "Thủ tục không thời hạn", "Hộ tịch", "", ""],
    ]
    rows = read_catalogue("a.xlsx", xlsx([HEADER, *bad]))
    assert set(rows[0].errors) == {"tthc_code"}
    assert set(rows[1].errors) == {"title", "statutory"}
    assert "theo quy định" in rows[1].errors["statutory"]
    assert rows[1].statutory is None and rows[1].statutory_text == "theo quy định"
    assert set(rows[2].errors) == {"statutory"}


def test_duplicate_codes_are_marked_on_the_later_rows():
    rows = read_catalogue("a.csv", csv_bytes([HEADER, ROWS[0], ROWS[1], ROWS[0]]))
    assert rows[0].errors == {} and rows[1].errors == {}
    assert set(rows[2].errors) == {"tthc_code"}
    assert "2" in rows[2].errors["tthc_code"]


def test_codes_typed_as_numbers_in_excel_keep_their_digits():
    rows = read_catalogue("a.xlsx", xlsx([HEADER, [1, 1.00012, "Thủ tục", "LV", 5, ""]]))
    assert rows[0].tthc_code == "1.000120"
    assert rows[0].statutory == Duration.parse("05 ngày")


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("a.xls", b"\xd0\xcf\x11\xe0"),
        ("a.pdf", b"%PDF-1.4"),
        ("a", b"x"),
        ("a.xlsx", b"not a zip"),
        ("a.csv", "Mã TTHC,Tên thủ tục".encode("utf-16")),
        ("a.csv", b""),
        ("a.csv", csv_bytes([["STT", "Nội dung"], ["1", "x"]])),
        ("a.csv", csv_bytes([["Mã TTHC", "Tên thủ tục", "Lĩnh vực"], ["1", "x", "y"]])),
        ("a.xlsx", xlsx([[None]] * 10 + [HEADER, *ROWS])),  # header below row 10
    ],
)
def test_unreadable_files_are_refused_with_a_message(filename, data):
    with pytest.raises(ValueError) as error:
        read_catalogue(filename, data)
    assert str(error.value)


def test_missing_column_is_named():
    data = csv_bytes([["Mã TTHC", "Tên thủ tục", "Lĩnh vực"], ["1", "x", "y"]])
    with pytest.raises(ValueError, match="Thời hạn giải quyết"):
        read_catalogue("a.csv", data)


def test_two_thousand_rows_are_read():
    rows = [
        [i, f"1.{i:06d}", f"Thủ tục số {i}", "Hộ tịch", f"{i % 20 + 1:02d} ngày làm việc", "Luật A"]
        for i in range(1, 2001)
    ]
    result = read_catalogue("big.xlsx", xlsx([HEADER, *rows]))
    assert len(result) == 2000
    assert all(isinstance(r, CatalogueRow) and not r.errors for r in result)
    assert result[-1].line == 2001 and result[-1].statutory == Duration.parse("01 ngày")
