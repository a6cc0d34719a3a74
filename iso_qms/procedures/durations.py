"""Processing times of administrative procedures (TTHC) in working time; 1 day = 8 working hours."""

import enum
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.text import fold

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 8 * MINUTES_PER_HOUR
#: Nothing in a TTHC list takes longer; larger values are typing mistakes.
MAX_MINUTES = 1000 * MINUTES_PER_DAY


class DurationUnit(enum.Enum):
    working_days = "working_days"
    working_hours = "working_hours"


_NUMBER = r"\d/\d(?!\d)|\d+(?:[.,]\d+)?|nua"
_UNITS = {
    "ngay": (MINUTES_PER_DAY, DurationUnit.working_days),
    "gio": (MINUTES_PER_HOUR, DurationUnit.working_hours),
    "tieng": (MINUTES_PER_HOUR, DurationUnit.working_hours),
}
#: A number, optionally a range ("03 - 05") and a spelt-out copy ("05 (năm)"), then a unit word.
#: Months, weeks and years are matched too so that they stop the search instead of being skipped.
_QUANTITY = re.compile(
    rf"(?<![\w.,/])(?P<num>{_NUMBER})(?:\s*(?:-|–|den|toi)\s*(?:{_NUMBER}))?"
    r"(?:\s*\([^)]*\))?\s*(?P<unit>ngay|gio|tieng|thang|tuan|nam)\b"
)
_WITHIN_DAY = re.compile(r"\btrong\s+(?:cung\s+)?ngay\b")
#: "trước 15 giờ", "lúc 10 giờ": a time of day, not a duration.
_CLOCK_WORDS = {"truoc", "sau", "luc", "vao", "den", "tu"}


@dataclass(frozen=True, order=True)
class Duration:
    """A working time; compared by minutes only, the unit only says how it is written."""

    minutes: int
    unit: DurationUnit = field(default=DurationUnit.working_days, compare=False)
    #: "Trong ngày": one working day, shown as such.
    within_day: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or self.minutes < 0:
            raise ValueError(f"a duration is a whole number of minutes >= 0, not {self.minutes!r}")

    @classmethod
    def from_minutes(
        cls, minutes: int, unit: DurationUnit = DurationUnit.working_days
    ) -> "Duration":
        """A duration of `minutes` working minutes shown in `unit`."""
        return cls(minutes, unit)

    @classmethod
    def within_the_day(cls) -> "Duration":
        """'Trong ngày': one working day."""
        return cls(MINUTES_PER_DAY, DurationUnit.working_days, True)

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """The first duration in `text`: "03 ngày làm việc", "Trong ngày", "0,5 ngày" ..."""
        folded = fold(text if isinstance(text, str) else "")
        quantity = _first_quantity(folded)
        within = _WITHIN_DAY.search(folded)
        if within and (quantity is None or within.start() < quantity.start()):
            return cls.within_the_day()
        if quantity is None or quantity["unit"] not in _UNITS:
            raise ValueError(f"cannot read a duration from {text!r}")
        # "-3 ngày" is negative; "- 03 ngày" is a list dash.
        if re.search(r"(?:^|\s)-$", folded[: quantity.start()]):
            raise ValueError(f"a duration must be more than zero: {text!r}")
        per, unit = _UNITS[quantity["unit"]]
        return cls(_checked_minutes(_number(quantity["num"], text) * per, text), unit)

    @classmethod
    def from_api(cls, data: Any) -> "Duration":
        """Read {"value": 3, "unit": "working_days"} or {"within_day": true} from a JSON body."""
        if not isinstance(data, dict):
            raise ValueError("a duration is an object with 'value' and 'unit'")
        within = data.get("within_day", False)
        if not isinstance(within, bool):
            raise ValueError("'within_day' must be true or false")
        if within and "value" not in data and "unit" not in data:
            return cls.within_the_day()
        duration = _from_value_and_unit(data.get("value"), data.get("unit"))
        if within and duration.minutes != MINUTES_PER_DAY:
            raise ValueError("'within_day' means one working day")
        return cls(duration.minutes, DurationUnit.working_days, True) if within else duration

    def to_api(self) -> dict:
        """{"value": 3, "unit": "working_days"}, plus "within_day": true when set."""
        unit = self.unit
        if unit is DurationUnit.working_days and not _round_trips(self.minutes, MINUTES_PER_DAY):
            unit = DurationUnit.working_hours  # odd minutes: hours to 2 decimals always round-trip
        result: dict[str, Any] = {
            "value": _api_number(self.minutes / _per(unit)),
            "unit": unit.value,
        }
        if self.within_day:
            result["within_day"] = True
        return result

    def to_storage(self) -> dict:
        """The exact form kept in JSON columns: {"minutes", "unit", "within_day"}."""
        return {"minutes": self.minutes, "unit": self.unit.value, "within_day": self.within_day}

    @classmethod
    def from_storage(cls, data: dict) -> "Duration":
        """The inverse of to_storage()."""
        unit = DurationUnit(data.get("unit") or DurationUnit.working_days.value)
        return cls(int(data["minutes"]), unit, bool(data.get("within_day", False)))

    @property
    def days(self) -> float:
        return self.minutes / MINUTES_PER_DAY

    @property
    def hours(self) -> float:
        return self.minutes / MINUTES_PER_HOUR

    def __add__(self, other: object) -> "Duration":
        if not isinstance(other, Duration):
            return NotImplemented
        total = self.minutes + other.minutes
        has_hours = DurationUnit.working_hours in (self.unit, other.unit)
        if has_hours and total % MINUTES_PER_DAY:
            return Duration(total, DurationUnit.working_hours)
        return Duration(total, DurationUnit.working_days)

    def __radd__(self, other: object) -> "Duration":
        if other == 0:  # so that the built-in sum() works
            return self
        return NotImplemented

    def label(self) -> str:
        """Translated label: "Within the day", "03 working days", "04 working hours"."""
        if self.within_day:
            return _("Within the day")
        value = self.minutes / _per(self.unit)
        count = int(value) if float(value).is_integer() else 2  # 0,5 and 1,5 read as plural
        if self.unit is DurationUnit.working_hours:
            return ngettext("%(n)s working hour", "%(n)s working hours", count, n=vn_number(value))
        return ngettext("%(n)s working day", "%(n)s working days", count, n=vn_number(value))

    def label_vi(self) -> str:
        """The official Vietnamese wording for documents: "03 ngày làm việc", "Trong ngày"."""
        if self.within_day:
            return "Trong ngày"
        word = "giờ" if self.unit is DurationUnit.working_hours else "ngày"
        return f"{vn_number(self.minutes / _per(self.unit))} {word} làm việc"

    def __str__(self) -> str:
        return self.label_vi()


def sum_durations(durations: Iterable[Duration]) -> Duration:
    """The total of `durations`; 0 minutes when there are none."""
    total = Duration(0)
    for duration in durations:
        total = total + duration
    return total


def vn_number(value: float) -> str:
    """Two-digit Vietnamese style: 3 -> "03", 0.5 -> "0,5", 12 -> "12"."""
    rounded = round(value, 2)
    if float(rounded).is_integer():
        return f"{int(rounded):02d}"
    return f"{rounded:.2f}".rstrip("0").replace(".", ",")


def _per(unit: DurationUnit) -> int:
    return MINUTES_PER_HOUR if unit is DurationUnit.working_hours else MINUTES_PER_DAY


def _first_quantity(folded: str) -> re.Match | None:
    for match in _QUANTITY.finditer(folded):
        before = folded[: match.start()].split()
        if match["unit"] in ("gio", "tieng") and before and before[-1] in _CLOCK_WORDS:
            continue
        return match
    return None


def _number(raw: str, text: str) -> Fraction:
    if raw == "nua":
        return Fraction(1, 2)
    try:
        return Fraction(raw.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"cannot read a duration from {text!r}") from None


def _checked_minutes(amount: Fraction | Decimal, text: object) -> int:
    minutes = round(amount)
    if minutes <= 0:
        raise ValueError(f"a duration must be more than zero: {text!r}")
    if minutes > MAX_MINUTES:
        raise ValueError(f"a duration of more than 1000 working days is not plausible: {text!r}")
    return int(minutes)


def _from_value_and_unit(value: Any, unit: Any) -> Duration:
    try:
        parsed_unit = DurationUnit(unit)
    except ValueError:
        raise ValueError("'unit' must be 'working_days' or 'working_hours'") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("'value' must be a number")
    amount = Decimal(str(value))
    if amount.as_tuple().exponent < -2:
        raise ValueError("'value' has at most 2 decimals")
    return Duration(_checked_minutes(amount * _per(parsed_unit), value), parsed_unit)


def _round_trips(minutes: int, per: int) -> bool:
    return round(Decimal(str(round(minutes / per, 2))) * per) == minutes


def _api_number(value: float) -> int | float:
    rounded = round(value, 2)
    return int(rounded) if float(rounded).is_integer() else rounded
