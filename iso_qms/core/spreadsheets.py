"""Reading uploaded .xlsx files safely: the zip is measured before openpyxl opens it (a few KB
can unpack to gigabytes), the sheet's declared size is ignored (A1:XFD1048576 is common), and
rows, columns and time are capped, each refusal naming its limit in the user's language."""

import io
import time
import zipfile

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
