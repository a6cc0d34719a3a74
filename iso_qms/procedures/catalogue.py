"""Reading a TTHC catalogue (danh mục thủ tục hành chính) from an .xlsx or .csv file."""

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from flask_babel import gettext as _

from ..core.spreadsheets import read_rows
from ..core.text import fold, nfc
from .durations import Duration

HEADER_SEARCH_ROWS = 10
CSV_DELIMITERS = (",", ";", "\t")

#: Folded header texts per column; a header matches an alias exactly or as its first words.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "tthc_code": ("ma", "ma tthc", "ma thu tuc", "ma so", "ma so tthc", "ma thu tuc hanh chinh"),
    "title": ("ten", "ten tthc", "ten thu tuc", "ten thu tuc hanh chinh"),
    "field": ("linh vuc", "ten linh vuc"),
    "statutory_text": ("thoi han giai quyet", "thoi gian giai quyet", "thoi han"),
    "legal_bases": ("can cu phap ly", "co so phap ly", "can cu"),
}
#: How each column is called in the message about a missing column.
COLUMN_NAMES = {
    "tthc_code": "Mã TTHC",
    "title": "Tên thủ tục",
    "statutory_text": "Thời hạn giải quyết",
}
REQUIRED_COLUMNS = ("tthc_code", "title", "statutory_text")
_BARE_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_LEGAL_SPLIT = re.compile(r"[;\n\r]+")


@dataclass
class CatalogueRow:
    """One procedure of the catalogue, with what could not be read in `errors`."""

    line: int  #: 1-based row number in the file
    tthc_code: str
    title: str
    field: str
    statutory_text: str
    statutory: Duration | None
    legal_bases: list[str]
    errors: dict[str, str] = field(default_factory=dict)


def read_catalogue(filename: str, data: bytes) -> list[CatalogueRow]:
    """The procedures listed in an .xlsx or .csv catalogue; ValueError if it cannot be read."""
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if extension == "xlsx":
        return _read_rows(_xlsx_rows(data))
    if extension == "csv":
        return _read_csv(data)
    raise ValueError(_("The catalogue must be an Excel (.xlsx) or CSV (.csv) file."))


def _xlsx_rows(data: bytes) -> list[tuple]:
    """The first sheet's rows; SpreadsheetRefused (a ValueError) names what is wrong."""
    return read_rows(data)


def _read_csv(data: bytes) -> list[CatalogueRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_('The CSV file must be saved as UTF-8 ("CSV UTF-8" in Excel).')) from None
    error = None
    for delimiter in _delimiters_by_frequency(text):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        try:
            return _read_rows(rows)
        except ValueError as exc:  # wrong delimiter: no header found; try the next one
            error = error or exc
    raise error or ValueError(_("The file is empty."))


def _delimiters_by_frequency(text: str) -> list[str]:
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    return sorted(CSV_DELIMITERS, key=lambda d: -sample.count(d))


def _read_rows(rows: Sequence[Sequence]) -> list[CatalogueRow]:
    header_index, columns = _find_header(rows)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValueError(_('The file has no column "%(column)s".', column=COLUMN_NAMES[missing[0]]))
    result = [_catalogue_row(line, row, columns) for line, row in _data_rows(rows, header_index)]
    _mark_duplicates(result)
    return result


def _find_header(rows: Sequence[Sequence]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _header_columns(row)
        if "tthc_code" in columns and "title" in columns:
            return index, columns
    raise ValueError(
        _(
            'No header row with the columns "Mã TTHC" and "Tên thủ tục" was found '
            "in the first %(n)d rows.",
            n=HEADER_SEARCH_ROWS,
        )
    )


def _header_columns(row: Sequence) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(row):
        name = _column_for(cell)
        if name and name not in columns:
            columns[name] = position
    return columns


def _column_for(cell: object) -> str | None:
    """The column a header cell names: the longest alias that starts it wins."""
    header = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(cell or ""))).split())
    best, best_length = None, 0
    for name, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            matches = header == alias or header.startswith(alias + " ")
            if matches and len(alias) > best_length:
                best, best_length = name, len(alias)
    return best


def _data_rows(rows: Sequence[Sequence], header_index: int) -> Iterator[tuple[int, Sequence]]:
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if any(_text(cell) for cell in row):
            yield index + 1, row


def _catalogue_row(line: int, row: Sequence, columns: dict[str, int]) -> CatalogueRow:
    def cell(name: str) -> object:
        position = columns.get(name)
        return row[position] if position is not None and position < len(row) else None

    raw_time = cell("statutory_text")
    statutory_text = _text(raw_time)
    result = CatalogueRow(
        line=line,
        tthc_code=_code(cell("tthc_code")),
        title=_text(cell("title")),
        field=_text(cell("field")),
        statutory_text=statutory_text,
        statutory=None,
        legal_bases=_legal_bases(cell("legal_bases")),
    )
    result.statutory = _statutory(statutory_text, result.errors)
    if not result.tthc_code:
        result.errors["tthc_code"] = _("The TTHC code is missing.")
    if not result.title:
        result.errors["title"] = _("The name of the procedure is missing.")
    return result


def _statutory(text: str, errors: dict[str, str]) -> Duration | None:
    if not text:
        errors["statutory"] = _("The processing time is missing.")
        return None
    duration = _parse_time(text)
    if duration is None:
        errors["statutory"] = _(
            'The processing time "%(text)s" could not be read; write e.g. "03 ngày làm việc", '
            '"04 giờ làm việc" or "Trong ngày".',
            text=text,
        )
    return duration


@lru_cache(maxsize=512)
def _parse_time(text: str) -> Duration | None:
    """Catalogues repeat a handful of wordings; each is parsed once."""
    # A bare number in the "thời hạn giải quyết" column counts working days.
    try:
        return Duration.parse(f"{text} ngày" if _BARE_NUMBER.match(text) else text)
    except ValueError:
        return None


def _mark_duplicates(rows: list[CatalogueRow]) -> None:
    first_line: dict[str, int] = {}
    for row in rows:
        key = row.tthc_code.upper()
        if not key:
            continue
        if key in first_line:
            row.errors.setdefault(
                "tthc_code",
                _(
                    "The code %(code)s is also on line %(line)d.",
                    code=row.tthc_code,
                    line=first_line[key],
                ),
            )
        else:
            first_line[key] = row.line


def _text(value: object) -> str:
    """A cell as NFC text: whole numbers without ".0", decimals with a comma, dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def _code(value: object) -> str:
    """National TTHC codes such as 1.000120 lose their trailing zeros when Excel stores a number."""
    if isinstance(value, float) and not value.is_integer() and 0 < value < 10:
        return f"{value:.6f}"
    return _text(value)


def _legal_bases(value: object) -> list[str]:
    parts = (part.strip(" \t-+•*") for part in _LEGAL_SPLIT.split(_text(value)))
    return [part for part in parts if part]
