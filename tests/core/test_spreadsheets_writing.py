"""The one .xlsx writer, core.spreadsheets.xlsx_table, read back with openpyxl: each rule an
office needs of an exported table, on a small table built here (no database)."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from iso_qms.core.spreadsheets import (
    DATE,
    INTEGER,
    MAX_WIDTH,
    PERCENT,
    Column,
    Row,
    get_column_letter,
    xlsx_table,
)

COLUMNS = [
    Column("TT", INTEGER),
    Column("Quy trình"),
    Column("Ngày hiệu lực", DATE),
    Column("Lần ban hành", INTEGER, number_format="00"),
    Column("Tỷ lệ", PERCENT),
]
ROWS = [
    [1, "Đăng ký khai sinh", date(2019, 7, 26), 2, 91.7],
    [2, "Chứng thực bản sao từ bản chính", "2020-08-18", 1, None],
    Row([None, "Tổng cộng", None, None, "—"], bold=True),
]


def _read(columns=COLUMNS, rows=ROWS, **options):
    options = {"sheet_name": "Danh muc", "title": "DANH MỤC", **options}
    return load_workbook(io.BytesIO(xlsx_table(columns, rows, **options))).active


@pytest.fixture(scope="module")
def sheet():
    return _read(notes=["(Kèm theo Quyết định số 292/QĐ-UBND ngày 16/08/2019)"])


def test_title_and_notes_are_merged_across_the_table_above_a_blank_row(sheet):
    assert sheet["A1"].value == "DANH MỤC" and sheet["A1"].font.bold
    assert sheet["A2"].value.startswith("(Kèm theo Quyết định số 292/QĐ-UBND")
    assert {"A1:E1", "A2:E2"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert all(c.value is None for c in sheet[3])
    assert [c.value for c in sheet[4]] == [c.header for c in COLUMNS]


def test_dates_are_dates_shown_dd_mm_yyyy_even_when_given_as_iso_text(sheet):
    assert sheet["C5"].value == datetime(2019, 7, 26) and sheet["C5"].number_format == "dd/mm/yyyy"
    assert sheet["C6"].value == datetime(2020, 8, 18) and sheet["C6"].number_format == "dd/mm/yyyy"


def test_figures_are_numbers_and_percentages_fractions_with_a_percent_format(sheet):
    assert sheet["A5"].value == 1 and sheet["A5"].number_format == "0"
    assert sheet["D5"].value == 2 and sheet["D5"].number_format == "00"  # shown "02"
    assert sheet["E5"].value == pytest.approx(0.917) and sheet["E5"].number_format == "0.0%"
    assert sheet["E6"].value is None and sheet["E7"].value == "—"  # text stays text


def test_header_and_bold_rows_are_bold_and_every_cell_is_in_a_grid(sheet):
    assert all(c.font.bold and c.alignment.wrap_text for c in sheet[4])
    assert all(c.font.bold for c in sheet[7]) and not sheet["B5"].font.bold
    assert all(c.border.left.style == "thin" for row in sheet.iter_rows(min_row=4) for c in row)
    assert sheet["B5"].font.name == "Times New Roman"


def test_columns_are_fitted_to_their_longest_line_within_bounds(sheet):
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDE"}
    assert widths["B"] >= len("Chứng thực bản sao từ bản chính")
    assert widths["C"] >= 10 and widths["A"] >= 6
    long = _read(rows=[[1, "x" * 300, None, None, None]])
    assert (
        long.column_dimensions["B"].width == MAX_WIDTH and long["B4"].alignment.wrap_text
    )  # title, blank, header, row


def test_the_header_row_is_frozen_and_printed_on_every_a4_page(sheet):
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows.replace("$", "") == "4:4"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.orientation == "portrait"


def test_a_wide_table_prints_landscape_and_can_freeze_its_first_columns():
    columns = [Column(f"Cột {n}", width=12) for n in range(12)]
    wide = _read(columns, [[str(n) for n in range(12)]], title="", freeze_columns=1)
    assert wide.page_setup.orientation == "landscape"
    assert wide.freeze_panes == "B2" and wide["A1"].value == "Cột 0"  # no title: header first


def test_a_row_can_be_merged_across_its_figures():
    merged = _read(rows=[Row(["", "Chưa có dữ liệu", None, None, ""], merge=(2, 4))])
    assert "B4:D4" in {str(r) for r in merged.merged_cells.ranges}


def test_column_letters_match_openpyxl():
    from openpyxl.utils import get_column_letter as openpyxl_letter

    assert all(get_column_letter(n) == openpyxl_letter(n) for n in range(1, 2000))
