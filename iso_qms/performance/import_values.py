"""The cells of a one-stop-shop export as values: moments, channels, yes/no, counts, months.

Each reader takes the raw cell (openpyxl's value or the .csv text) and returns the value, or
raises CellError with a translated message (the importer adds the row and the column).
Moments are local time (Asia/Ho_Chi_Minh) in the file and aware UTC here.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from flask_babel import gettext as _

from ..core.text import fold, nfc
from ..core.timeutil import LOCAL_TZ, MAX_YEAR, MIN_YEAR
from .models import Channel

_EXCEL_EPOCH = datetime(1899, 12, 30)
_MIN_SERIAL, _MAX_SERIAL = 2, 73051  # 01/01/1900 .. 31/12/2099
_DMY = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_YMD = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
_HM = r"(?P<hh>\d{1,2})[:hg](?P<mi>\d{2})(?::(?P<ss>\d{2}))?"
_MOMENTS = [
    re.compile(rf"^{_DMY}(?:[ ,T]+{_HM})?$"),
    re.compile(rf"^{_HM}[ ,]+(?:ngay\s+)?{_DMY}$"),
    re.compile(rf"^{_YMD}(?:[ T]+{_HM})?$"),
]
_DATE_INSIDE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_MONTHS = [
    re.compile(r"^(?:thang\s+)?(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"),
    re.compile(r"^(?:ngay\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"),
]
_SERIAL_TEXT = re.compile(r"^\d{1,6}(?:[.,]\d+)?$")
#: Folded words of each channel, as the provinces' systems write them.
_CHANNEL_WORDS = (
    (Channel.postal, ("bcci", "buu chinh", "buu dien")),
    (Channel.online, ("truc tuyen", "online", "qua mang", "dich vu cong", "dvc")),
    (Channel.direct, ("truc tiep", "tai bo phan", "mot cua", "tai quay")),
)
_YES = {"co", "x", "1", "true", "yes", "da so hoa", "da", "v", "✓", "✔", "y"}
_NO = {"khong", "0", "false", "no", "chua", "chua so hoa", "n", "-"}


@lru_cache(maxsize=1024)
def _folded(value: str) -> str:
    return fold(value)


class CellError(ValueError):
    """A cell that cannot be read (the message is translated)."""


def text(value: object) -> str:
    """A cell as NFC text: whole numbers without ".0", dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def tthc_code(value: object) -> str:
    """National TTHC codes such as 1.000120 lose their trailing zeros when Excel stores a number."""
    if isinstance(value, float) and not value.is_integer() and 0 < value < 10:
        return f"{value:.6f}"
    return text(value)


def bounded(value: str, limit: int) -> str:
    if len(value) > limit:
        raise CellError(_("The text is longer than %(n)d characters.", n=limit))
    return value


def moment(value: object, *, end_of_day: bool = False) -> datetime | None:
    """A moment (aware UTC) from a date/time cell, dd/mm/yyyy [hh:mm] text or an Excel serial;
    None for an empty cell. A bare date is its first minute, or with `end_of_day` its last."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return _local(value.replace(tzinfo=None), value.time() == time(0) and end_of_day)
    if isinstance(value, date):
        return _local(datetime.combine(value, time(0)), end_of_day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value), end_of_day)
    raw = text(value)
    folded = raw.lower() if raw.isascii() else fold(raw)
    if _SERIAL_TEXT.match(raw):
        return _serial(float(raw.replace(",", ".")), end_of_day)
    for pattern in _MOMENTS:
        match = pattern.match(folded)
        if match:
            return _from_parts(raw, match.groupdict(), end_of_day)
    raise CellError(
        _(
            "“%(text)s” is not a date: write dd/mm/yyyy or dd/mm/yyyy hh:mm.",
            text=raw[:40],
        )
    )


def _from_parts(raw: str, parts: dict, end_of_day: bool) -> datetime:
    year, month, day = int(parts["y"]), int(parts["m"]), int(parts["d"])
    _check_year(year)
    try:
        result = datetime(year, month, day)
    except ValueError:
        raise CellError(
            _("The date %(date)s does not exist.", date=f"{day:02d}/{month:02d}/{year}")
        ) from None
    if parts.get("hh") is None:
        return _local(result, end_of_day)
    hour, minute, second = int(parts["hh"]), int(parts["mi"]), int(parts.get("ss") or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(_("“%(text)s” has a time that does not exist.", text=raw[:40]))
    return _local(result.replace(hour=hour, minute=minute, second=second), False)


def _serial(number: float, end_of_day: bool) -> datetime:
    if not _MIN_SERIAL <= number < _MAX_SERIAL:
        raise CellError(
            _("The number %(n)s is not a date (an Excel date between 1900 and 2099).", n=number)
        )
    whole = number.is_integer()
    result = _EXCEL_EPOCH + timedelta(days=number)
    result = result.replace(microsecond=0) + timedelta(seconds=round(result.microsecond / 1e6))
    return _local(result, whole and end_of_day)


def _local(naive: datetime, end_of_day: bool) -> datetime:
    _check_year(naive.year)
    if end_of_day:
        naive = naive.replace(hour=23, minute=59, second=0)
    return naive.replace(tzinfo=LOCAL_TZ).astimezone(UTC)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(
            _("Enter a date from %(first)s to %(last)s.", first="01/01/1900", last="31/12/2100")
        )


def channel(value: object) -> Channel:
    """Kênh tiếp nhận: Trực tiếp, Trực tuyến, BCCI / Bưu chính công ích."""
    return _channel(text(value))


@lru_cache(maxsize=256)
def _channel(value: str) -> Channel:
    """An export repeats a handful of wordings: each is read once."""
    folded = fold(value)
    if not folded:
        raise CellError(_("The reception channel is missing."))
    for result, words in _CHANNEL_WORDS:
        if any(word in folded for word in words):
            return result
    raise CellError(
        _(
            "“%(text)s” is not a reception channel: write Trực tiếp, Trực tuyến or BCCI "
            "(Bưu chính công ích).",
            text=value[:40],
        )
    )


def yes_no(value: object) -> bool:
    """Đã số hóa: Có / x / 1 or Không / empty."""
    if isinstance(value, bool):
        return value
    folded = _folded(text(value))
    if folded in _YES:
        return True
    if not folded or folded in _NO:
        return False
    raise CellError(_("“%(text)s” is not yes or no: write Có or Không.", text=text(value)[:40]))


def apology(value: object) -> tuple[str, date | None]:
    """Phiếu xin lỗi: its number and/or its date ("" and None: no letter)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", None
    if isinstance(value, datetime | date) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        found = moment(value)
        return "", found.astimezone(LOCAL_TZ).date() if found else None
    raw = text(value)
    try:
        found = moment(raw)
    except CellError:
        found = None
    if found is not None:
        return "", found.astimezone(LOCAL_TZ).date()
    inside = _DATE_INSIDE.search(raw)
    day = None
    if inside:
        try:
            day = date(int(inside.group(3)), int(inside.group(2)), int(inside.group(1)))
        except ValueError:
            raise CellError(_("The date %(date)s does not exist.", date=inside.group(0))) from None
    return bounded(raw, 120), day


def count(value: object) -> int:
    """A number of dossiers: a whole number from 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        raise CellError(_("Enter a whole number from 0."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        raw = text(value).replace(".", "").replace(" ", "")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
            raise CellError(_("“%(text)s” is not a whole number from 0.", text=text(value)[:20]))
        number = int(raw)
    if not 0 <= number <= 10_000_000:
        raise CellError(_("Enter a whole number from 0."))
    return number


def month(value: object) -> date:
    """The month summarised: mm/yyyy, "Tháng 3/2020", a date in it, or an Excel date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(_("The month is missing."))
    if isinstance(value, datetime | date) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        found = moment(value)
        local = found.astimezone(LOCAL_TZ).date()
        return local.replace(day=1)
    raw = fold(text(value))
    for pattern in _MONTHS:
        match = pattern.match(raw)
        if match:
            year, number = int(match["y"]), int(match["m"])
            _check_year(year)
            if not 1 <= number <= 12:
                break
            return date(year, number, 1)
    raise CellError(_("“%(text)s” is not a month: write mm/yyyy (03/2020).", text=text(value)[:20]))
