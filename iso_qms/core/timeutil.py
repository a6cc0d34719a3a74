"""Time helpers: aware UTC in the database, Asia/Ho_Chi_Minh on screen, working days."""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: The years a typed date may have: beyond them the records mean a typing mistake, and date
#: arithmetic near year 1 or 9999 overflows.
MIN_YEAR, MAX_YEAR = 1900, 2100

#: Tests move the clock by setting this to a fixed aware datetime.
_frozen_now: datetime | None = None


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (or the frozen test clock)."""
    if _frozen_now is not None:
        return _frozen_now.astimezone(UTC)
    return datetime.now(UTC)


def set_clock(moment: datetime | None) -> None:
    """Freeze the clock at an aware datetime (None unfreezes); for tests and demos."""
    global _frozen_now
    if moment is not None and moment.tzinfo is None:
        raise ValueError("set_clock needs an aware datetime")
    _frozen_now = moment


def today() -> date:
    """Today's date in Việt Nam."""
    return utcnow().astimezone(LOCAL_TZ).date()


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back aware UTC datetimes, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Vietnamese public holiday."""
    return day.weekday() < 5 and day not in _vn_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31/01 + 1 month = 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 always exists


def start_of(day: date) -> datetime:
    """Midnight in Việt Nam at the start of `day`."""
    return datetime.combine(day, time.min, LOCAL_TZ)


def end_of(day: date) -> datetime:
    """The first moment after `day` in Việt Nam: records made before it were known on `day`."""
    return start_of(day + timedelta(days=1))


def parse_dmy(text: str | None) -> date | None:
    """A date typed dd/mm/yyyy (yyyy-mm-dd is accepted too), or None when it is not one;
    ValueError with the reason when it is a date outside 1900–2100."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise DateOutOfRange()
        return day
    return None


class DateOutOfRange(ValueError):
    """A date typed with a year outside 1900–2100."""

    def __init__(self):
        from flask_babel import gettext as _

        super().__init__(
            _("Enter a date from %(first)s to %(last)s.", first="01/01/1900", last="31/12/2100")
        )
