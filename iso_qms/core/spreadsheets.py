"""The .xlsx files of the application, both ways.

Reading uploads safely: the zip is measured before openpyxl opens it (a few KB can unpack to
gigabytes), the sheet's declared size is ignored (A1:XFD1048576 is common), and rows, columns and
time are capped, each refusal naming its limit in the user's language.

Writing exports: `xlsx_table()` is the one writer every export goes through, so that each file can
be used as it is in an office: dates stored as dates (dd/mm/yyyy), figures as numbers (percentages
as numbers with a % format), columns wide enough for their content, the header row frozen and
repeated on every printed page, A4 fitted to the page width in the orientation the table needs.
"""

import io
import time
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime
from typing import NamedTuple

from flask_babel import gettext as _

from .params import grouped_number

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_UNCOMPRESSED_MB = 50
MAX_MEMBERS = 1_000
MAX_SECONDS = 20


class SpreadsheetRefused(ValueError):
    """The file is not a readable workbook, or it is beyond one of the limits (the message says
    which)."""


def _unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("The file could not be read as an Excel workbook (.xlsx)."))


def check_archive(
    archive: zipfile.ZipFile,
    *,
    max_uncompressed_mb: int = MAX_UNCOMPRESSED_MB,
    max_members: int = MAX_MEMBERS,
) -> None:
    """Refuse a zip with too many members or too many bytes once unpacked. The sizes are the
    declared ones, which bound what zipfile unpacks (it stops at the declared size)."""
    members = archive.infolist()
    if len(members) > max_members:
        raise SpreadsheetRefused(
            _("The file has more than %(n)d parts inside; it cannot be read.", n=max_members)
        )
    if sum(member.file_size for member in members) > max_uncompressed_mb * 1024 * 1024:
        raise SpreadsheetRefused(
            _(
                "Unpacked, the file is larger than %(mb)d MB; it cannot be read. "
                "Split it into smaller files.",
                mb=max_uncompressed_mb,
            )
        )


def check_zip(data: bytes, **limits) -> None:
    """check_archive() on bytes; SpreadsheetRefused when they are not a zip at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, **limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        if isinstance(exc, SpreadsheetRefused):
            raise
        raise _unreadable() from None


def read_rows(
    data: bytes,
    *,
    active: bool = False,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    max_uncompressed_mb: int = MAX_UNCOMPRESSED_MB,
    max_seconds: float = MAX_SECONDS,
) -> list[tuple]:
    """The cell values of the first (or the active) sheet, row by row as they are in the file:
    trailing empty cells and rows dropped, empty rows in between kept as (). SpreadsheetRefused
    when the file is unreadable or beyond a limit."""
    check_zip(data, max_uncompressed_mb=max_uncompressed_mb)
    from openpyxl import load_workbook  # only needed here; keeps app start-up light

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for damaged files
        raise _unreadable() from None
    try:
        sheet = workbook.active if active else next(iter(workbook.worksheets), None)
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise _unreadable()
        sheet.reset_dimensions()  # only the cells present count, not the declared range
        return _collect(sheet, max_rows, max_columns, time.monotonic() + max_seconds)
    except SpreadsheetRefused:
        raise
    except Exception:  # a damaged sheet part fails while it is read, not when opened
        raise _unreadable() from None
    finally:
        workbook.close()


def _collect(sheet, max_rows: int, max_columns: int, deadline: float) -> list[tuple]:
    rows: list[tuple] = []
    blank = 0  # empty rows seen since the last row with a value
    filled = 0  # rows with a value: what the cap counts
    for count, row in enumerate(sheet.iter_rows(values_only=True)):
        if count % 1000 == 0 and time.monotonic() > deadline:
            raise SpreadsheetRefused(
                _("Reading the file took too long; split it into smaller files.")
            )
        values = _trimmed(row)
        if not values:
            blank += 1
            continue
        if len(values) > max_columns:
            raise SpreadsheetRefused(
                _("The sheet has more than %(n)d columns; it cannot be read.", n=max_columns)
            )
        rows.extend([()] * blank)
        blank = 0
        rows.append(values)
        filled += 1
        if filled > max_rows:
            raise SpreadsheetRefused(
                _(
                    "The sheet has more than %(n)s rows; split it into smaller files.",
                    n=grouped_number(max_rows),
                )
            )
    return rows


def _trimmed(row: tuple) -> tuple:
    end = len(row)
    while end and _empty(row[end - 1]):
        end -= 1
    return tuple(row[:end])


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- writing


TEXT, DATE, INTEGER, NUMBER, PERCENT = "text", "date", "integer", "number", "percent"
NUMBER_FORMATS = {DATE: "dd/mm/yyyy", INTEGER: "0", NUMBER: "0.0", PERCENT: "0.0%"}
#: Fitted widths (in characters) of a column whose kind says how wide its values are.
KIND_WIDTHS = {DATE: 12, INTEGER: 8, NUMBER: 9, PERCENT: 9}
MIN_WIDTH, MAX_WIDTH = 6, 50  #: a longer text wraps inside its column
#: The widest table (sum of column widths, in characters) that fits an A4 page upright.
PORTRAIT_WIDTH = 100
XLSX_FONT = "Times New Roman"
XLSX_PT, TITLE_PT = 12, 13


def get_column_letter(number: int) -> str:
    """1 → "A", 27 → "AA" (as openpyxl's, without importing openpyxl at start-up)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Column(NamedTuple):
    """A column of an exported table: its header, the kind of its values (TEXT, DATE, INTEGER,
    NUMBER, PERCENT — a PERCENT value is given in percent, 91.7 for 91,7%), an optional fixed
    width in characters (else fitted to the content) and an optional number format."""

    header: str
    kind: str = TEXT
    width: float | None = None
    number_format: str | None = None


class Row(NamedTuple):
    """A row with something special: bold (a total), or cells merged across `merge` (the first
    and last column numbers, from 1), e.g. "Chưa có dữ liệu" across the figures."""

    values: Sequence
    bold: bool = False
    merge: tuple[int, int] | None = None


def _typed(value: object, kind: str) -> object:
    """The value as the cell stores it: a date for a DATE column (ISO text accepted), a fraction
    for a PERCENT one; text (a dash, "Chưa có dữ liệu") stays text whatever the column."""
    if value is None or value == "":
        return None
    if kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                return value
        return value
    if kind == PERCENT and isinstance(value, int | float) and not isinstance(value, bool):
        return round(value / 100, 6)
    return value


def _text_width(value: object) -> int:
    if isinstance(value, date | datetime):
        return 10
    if isinstance(value, float):
        return len(f"{value:.1f}")
    return max((len(line) for line in str(value).split("\n")), default=0)


def _fitted_widths(columns: Sequence[Column], rows: Sequence[Row]) -> list[float]:
    """Each column as wide as its longest line (the header may wrap at its words), within
    MIN_WIDTH–MAX_WIDTH; a fixed width wins."""
    widths = []
    for index, column in enumerate(columns):
        if column.width:
            widths.append(column.width)
            continue
        longest = max((len(word) for word in column.header.split()), default=0)
        longest = max(longest, KIND_WIDTHS.get(column.kind, 0))
        for row in rows:
            if index < len(row.values) and row.values[index] is not None and not row.merge:
                longest = max(longest, _text_width(row.values[index]))
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def _page_setup(sheet, widths: Sequence[float], header_row: int, freeze_columns: int) -> None:
    """A4, upright unless the table is wider than the page, fitted to one page wide (as many
    pages down as it takes), the header row repeated on every page, numbered pages."""
    sheet.page_setup.paperSize = "9"  # A4
    wide = sum(widths) > PORTRAIT_WIDTH
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.freeze_panes = f"{get_column_letter(freeze_columns + 1)}{header_row + 1}"


class _Styles:
    """The few cell styles of an export. A data cell copies the style of a template cell made
    once per (bold, number format), as openpyxl's own sheet copy does: setting font, border and
    alignment on every cell costs four style look-ups each (4× slower on a 1,000 × 100 matrix)."""

    def __init__(self, sheet) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        self.sheet = sheet
        self.grid = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=XLSX_FONT, size=XLSX_PT)
        self.bold = Font(name=XLSX_FONT, size=XLSX_PT, bold=True)
        self.title = Font(name=XLSX_FONT, size=TITLE_PT, bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self._templates: dict[tuple[bool, str | None], object] = {}

    def data(self, value, bold: bool, fmt: str | None):
        """A grid cell, wrapped at the top, in the row's weight and the column's number format."""
        from openpyxl.cell import WriteOnlyCell

        key = (bold, fmt)
        if key not in self._templates:
            font = self.bold if bold else self.font
            self._templates[key] = _cell(
                self.sheet, None, self, font=font, alignment=self.wrap, border=self.grid, fmt=fmt
            )
        cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = copy(self._templates[key]._style)
        return cell


def _cell(sheet, value, styles: _Styles, *, font=None, alignment=None, border=None, fmt=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font or styles.font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if fmt is not None:
        cell.number_format = fmt
    return cell


def _data_cells(columns: Sequence[Column], row: Row, styles: _Styles) -> list:
    cells = []
    for index, column in enumerate(columns):
        raw = row.values[index] if index < len(row.values) else None
        value = _typed(raw, column.kind)
        numeric = not isinstance(value, str) and value is not None
        fmt = (column.number_format or NUMBER_FORMATS.get(column.kind)) if numeric else None
        cells.append(styles.data(value, row.bold, fmt))
    return cells


def xlsx_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence | Row],
    *,
    sheet_name: str,
    title: str = "",
    notes: Sequence[str] = (),
    freeze_columns: int = 0,
) -> bytes:
    """An export as one table: an optional bold title (and note lines) merged across the table,
    a blank row, the bold header row, then the rows typed by their columns. Written in
    write-only mode, so a large table is streamed rather than kept as cell objects."""
    from openpyxl import Workbook

    rows = [row if isinstance(row, Row) else Row(row) for row in rows]
    widths = _fitted_widths(columns, rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    styles = _Styles(sheet)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    top = [title, *notes] if title or notes else []
    header_row = len(top) + 2 if top else 1
    _page_setup(sheet, widths, header_row, freeze_columns)
    last = get_column_letter(len(columns))
    for number, text in enumerate(top, start=1):
        font = styles.title if number == 1 and title else styles.font
        sheet.append([_cell(sheet, text, styles, font=font, alignment=styles.centre)])
        sheet.merged_cells.add(f"A{number}:{last}{number}")
    if top:
        sheet.append([])
    sheet.append(
        [
            _cell(
                sheet,
                c.header,
                styles,
                font=styles.bold,
                alignment=styles.centre,
                border=styles.grid,
            )
            for c in columns
        ]
    )
    for number, row in enumerate(rows, start=header_row + 1):
        sheet.append(_data_cells(columns, row, styles))
        if row.merge:
            first, final = (get_column_letter(i) for i in row.merge)
            sheet.merged_cells.add(f"{first}{number}:{final}{number}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
