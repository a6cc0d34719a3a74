"""Reading a one-stop-shop export (.xlsx or .csv) into a table of cells, safely and bounded.

An .xlsx is measured before openpyxl opens it (core.spreadsheets.check_zip), read in read-only
mode, and only up to its last row with a value: a sheet with a million formatted empty rows is read
to its last filled row, not to row 1,048,576. Formulas are read as the values Excel last computed
and saved with them; a formula saved without a value (a file written by a program, never opened in
Excel) is refused, naming its cell. A .csv is UTF-8 (with or without BOM), separated by ; or , .
Title rows above the header (the province's exports have two or three) are skipped: the header is
the first row holding the mapped column names, or the first wide row of text.
"""

import csv
import io
import os
import re
import time
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..core.params import grouped_number
from ..core.spreadsheets import SpreadsheetRefused, check_zip, get_column_letter
from ..core.text import fold, nfc

#: Data rows an import takes (a year of a whole district is about 100,000).
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_SECONDS = 60
#: Rows searched for the header row (title rows come first in the province's exports).
HEADER_SEARCH_ROWS = 20
CSV_DELIMITERS = (";", ",", "\t")
#: An export of 100,000 dossiers unpacks to about 60 MB of sheet XML.
MAX_UNCOMPRESSED_MB = 250
#: The sheet's XML is scanned in pieces this large, each overlapping the last by OVERLAP bytes.
CHUNK, OVERLAP = 4 * 1024 * 1024, 16 * 1024
UNKNOWN = -1

_LAST_VALUE = (b"<v>", b"<v ", b"<is>")
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
#: A formula cell without a saved value: <c r="B2"><f>A1+1</f><v></v></c> (or <v/>, or no <v>).
_UNCACHED_FORMULA = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*'
    rb"(?:<v\s*/>|<v>\s*</v>|(?=</c>))"
)


class FileRefused(ValueError):
    """The file cannot be read as an export (the message says why, in the user's language)."""


@dataclass
class Table:
    """The cells of one sheet (or of a .csv): the header row's texts and the data rows under it,
    each with its row number in the file (1-based, as Excel shows it)."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)

    def column_name(self, index: int) -> str:
        """A column as the user finds it: its header, else its letter."""
        if index < len(self.headers) and self.headers[index]:
            return self.headers[index]
        return get_column_letter(index + 1)


def read_table(filename: str, data: bytes, expected: list[str] | None = None) -> Table:
    """The export's table. `expected` are the column headers the mapping names: the header row
    (and, in a workbook, the sheet) is the one holding them. FileRefused when unreadable."""
    if not data:
        raise FileRefused(_("The file is empty (0 bytes)."))
    extension = os.path.splitext(filename or "")[1].lower()
    if extension == ".xlsx":
        return _read_xlsx(data, expected or [])
    if extension == ".csv":
        return _read_csv(data, expected or [])
    raise FileRefused(_("The export must be an Excel (.xlsx) or CSV (.csv) file."))


def header_key(text: object) -> str:
    """A header as compared: folded, punctuation as blanks ("Ngày tiếp nhận (*)" = "ngay tiep nhan")."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


# ------------------------------------------------------------------ .xlsx


def _read_xlsx(data: bytes, expected: list[str]) -> Table:
    try:
        check_zip(data, max_uncompressed_mb=MAX_UNCOMPRESSED_MB)
    except SpreadsheetRefused as exc:
        raise FileRefused(str(exc)) from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for damaged files
        raise FileRefused(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    try:
        return _read_book(book, data, expected)
    except FileRefused:
        raise
    except Exception:  # a damaged sheet part fails while it is read, not when opened
        raise FileRefused(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    finally:
        book.close()


def _read_book(book, data: bytes, expected: list[str]) -> Table:
    sheets = [s for s in book.worksheets if hasattr(s, "reset_dimensions")]
    if not sheets:
        raise FileRefused(_("The workbook has no sheet with cells."))
    names = [s.title for s in sheets]
    chosen, header_index = None, None
    for sheet in sheets:
        sheet.reset_dimensions()  # only the cells present count, not the declared range
        top = [_trimmed(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        found = _header_index(top, expected)
        if found is not None:
            chosen, header_index = sheet, found
            break
    if chosen is None:
        raise _no_header(expected, names)
    last = _scan_sheet(data, chosen)
    rows = _collect(chosen.iter_rows(max_row=last, values_only=True), header_index)
    headers = [_header_text(v) for v in rows[0][1]] if rows else []
    return Table(headers, header_index + 1, rows[1:], chosen.title, names)


def _scan_sheet(data: bytes, sheet) -> int | None:
    """Read the sheet's XML part once, in chunks (its size is bounded by check_zip): refuse a
    formula saved without its value, and return the number of the last row holding a value (None:
    read to the end, e.g. when the part cannot be found)."""
    path = (getattr(sheet, "_worksheet_path", "") or "").lstrip("/")
    last, tail = None, b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as part:
            while chunk := part.read(CHUNK):
                window = tail + chunk
                _refuse_uncached_formulas(window, sheet.title)
                found = _last_filled_row(window)
                if found == UNKNOWN:
                    return None  # a value whose row cannot be told: read the sheet to its end
                last = found or last
                tail = window[-OVERLAP:]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError) as exc:
        if isinstance(exc, FileRefused):
            raise
        return None
    return last if last is not None else 1


def _refuse_uncached_formulas(xml: bytes, sheet: str) -> None:
    match = _UNCACHED_FORMULA.search(xml) if b"<f" in xml else None
    if match:
        cell = (match.group(1) + match.group(2)).decode()
        raise FileRefused(
            _(
                "Cell %(cell)s of the sheet “%(sheet)s” holds a formula saved without its value. "
                "Open the file in Excel and save it again, or paste the column as values.",
                cell=cell,
                sheet=sheet,
            )
        )


def _last_filled_row(xml: bytes) -> int | None:
    """The number of the last row of this piece of XML holding a value: None when none does,
    UNKNOWN when its row element has no number (or began before the piece)."""
    position = max(xml.rfind(token) for token in _LAST_VALUE)
    if position < 0:
        return None
    start = xml.rfind(b"<row", 0, position)
    match = _ROW_NUMBER.match(xml, start) if start >= 0 else None
    return int(match.group(1)) if match else UNKNOWN


# ------------------------------------------------------------------ .csv


def _read_csv(data: bytes, expected: list[str]) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _('The CSV file must be saved as UTF-8 ("CSV UTF-8" in Excel).')
        ) from None
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    refused = None
    for delimiter in sorted(CSV_DELIMITERS, key=lambda d: -sample.count(d)):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            lines = (tuple(row) for row in reader)
            top = []
            for row in lines:
                top.append(_trimmed(row))
                if len(top) >= HEADER_SEARCH_ROWS:
                    break
            header_index = _header_index(top, expected)
            if header_index is None:
                refused = refused or _no_header(expected, [])
                continue
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            rows = _collect(reader, header_index)
        except csv.Error:
            raise FileRefused(
                _("The CSV file could not be read (a quote is not closed).")
            ) from None
        headers = [_header_text(v) for v in rows[0][1]] if rows else []
        return Table(headers, header_index + 1, rows[1:])
    raise refused or FileRefused(_("The file is empty."))


# ------------------------------------------------------------------ shared


def _collect(rows, header_index: int) -> list[tuple[int, tuple]]:
    """The header row and the rows under it with a value, numbered as in the file; trailing blank
    rows dropped; bounded in rows, columns and time."""
    deadline = time.monotonic() + MAX_SECONDS
    result: list[tuple[int, tuple]] = []
    for number, row in enumerate(rows, start=1):
        if number % 5000 == 0 and time.monotonic() > deadline:
            raise FileRefused(_("Reading the file took too long; split it into smaller files."))
        if number <= header_index:
            continue
        values = _trimmed(row)
        if not values:
            continue
        if len(values) > MAX_COLUMNS:
            raise FileRefused(
                _("Row %(row)d has more than %(n)d columns.", row=number, n=MAX_COLUMNS)
            )
        result.append((number, values))
        if len(result) > MAX_ROWS + 1:
            raise FileRefused(
                _(
                    "The file has more than %(n)s rows; split it into smaller files.",
                    n=grouped_number(MAX_ROWS),
                )
            )
    return result


def _header_index(top: list[tuple], expected: list[str]) -> int | None:
    """The header row among the first rows: the first holding every expected header, else (with
    nothing expected) the first row with at least three texts as wide as the widest row."""
    if expected:
        wanted = {header_key(h) for h in expected if h}
        for index, row in enumerate(top):
            if wanted <= {header_key(v) for v in row if v is not None}:
                return index
        return None
    widest = max((len(r) for r in top), default=0)
    for index, row in enumerate(top):
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if len(texts) >= 3 and len(texts) * 10 >= widest * 6:
            return index
    return None


def _no_header(expected: list[str], sheets: list[str]) -> FileRefused:
    if expected:
        columns = ", ".join(f"“{h}”" for h in expected if h)
        if sheets:
            return FileRefused(
                _(
                    "No sheet of the workbook (%(sheets)s) has a header row with the columns "
                    "%(columns)s in its first %(n)d rows: it is not the expected export, or its "
                    "columns are named differently (change the mapping).",
                    sheets=", ".join(f"“{s}”" for s in sheets),
                    columns=columns,
                    n=HEADER_SEARCH_ROWS,
                )
            )
        return FileRefused(
            _(
                "The file has no header row with the columns %(columns)s in its first %(n)d "
                "rows: it is not the expected export, or its columns are named differently "
                "(change the mapping).",
                columns=columns,
                n=HEADER_SEARCH_ROWS,
            )
        )
    return FileRefused(
        _(
            "No header row (at least three column names) was found in the first %(n)d rows.",
            n=HEADER_SEARCH_ROWS,
        )
    )


def _trimmed(row) -> tuple:
    values = tuple(row)
    end = len(values)
    while end and _empty(values[end - 1]):
        end -= 1
    return values[:end]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))
