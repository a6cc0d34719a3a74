"""Reading a requested period: quý I–IV, 6 tháng, 9 tháng, năm, or two dates; and an as-of date."""

from datetime import date

from flask_babel import gettext as _

from ..core.errors import ValidationFailed
from ..core.params import arg_date, parse_int
from ..core.timeutil import MAX_YEAR, today
from .compliance import Period, make_period

PRESETS = {
    "q1": ((1, 1), (3, 31)),
    "q2": ((4, 1), (6, 30)),
    "q3": ((7, 1), (9, 30)),
    "q4": ((10, 1), (12, 31)),
    "h1": ((1, 1), (6, 30)),
    "m9": ((1, 1), (9, 30)),
    "year": ((1, 1), (12, 31)),
}


def parse_day(value: str | None, field: str, errors: dict) -> date | None:
    """The date `value` (None when empty); a bad one is noted in `errors` under `field`."""
    return arg_date(field, args={field: value}, errors=errors)


def period_from_args(args) -> Period:
    """From ?period=q3&year=2020 or ?from=&to=, with ?as_of=; defaults: this year, as of today."""
    errors: dict = {}
    preset = args.get("period", "")
    if preset in PRESETS:
        try:
            year = parse_int(str(args.get("year") or today().year), 2000, MAX_YEAR)
        except ValueError:
            errors["year"] = _("Enter a year such as 2020.")
            year = today().year
        (m1, d1), (m2, d2) = PRESETS[preset]
        start, end = date(year, m1, d1), date(year, m2, d2)
    else:
        start = parse_day(args.get("from"), "from", errors) or date(today().year, 1, 1)
        end = parse_day(args.get("to"), "to", errors) or today()
    as_of = parse_day(args.get("as_of"), "as_of", errors)
    if errors:
        raise ValidationFailed(fields=errors)
    # Without an as-of date the report shows the records as they stand today (notes typed now
    # for a past period included); give as_of to see them as they stood on an earlier day.
    return make_period(start, end, as_of or today())
