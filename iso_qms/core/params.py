"""Reading query-string values at the edge: ASCII digits within the database's INTEGER, years
and dates within 1900–2100. A bad value raises the domain error (422 for a value, 404 for an id), so
no request can reach the database driver with a number it cannot hold."""

import re
from datetime import date

from flask import has_app_context, request
from flask_babel import format_number
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from .errors import NotFound, ValidationFailed
from .timeutil import MAX_YEAR, MIN_YEAR, parse_dmy

#: The database's INTEGER columns (every id and counter) are 32-bit on PostgreSQL: a larger value
#: is a DataError there (and past 2^63 an OverflowError in the SQLite driver).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
MAX_PAGE = 10_000

#: ASCII digits only: str.isdigit() and int() also take "²" or "٣", which the database does not.
_INTEGER = re.compile(r"-?[0-9]{1,19}")


def parse_int(text: str, minimum: int = INT_MIN, maximum: int = INT_MAX) -> int:
    """An integer written in ASCII digits within [minimum, maximum]; ValueError with the reason."""
    text = text.strip()
    value = int(text) if _INTEGER.fullmatch(text) else None
    if value is None and minimum <= INT_MIN and maximum >= INT_MAX:
        raise ValueError(_("Enter a whole number."))
    if value is None or not minimum <= value <= maximum:
        raise ValueError(range_message(minimum, maximum))
    return value


def parse_id(value: object) -> int | None:
    """A database id (1..2^31−1) written in ASCII digits, or None when `value` cannot be one."""
    try:
        return parse_int(str(value), 1, INT_MAX)
    except ValueError:
        return None


def range_message(minimum: int, maximum: int) -> str:
    if minimum <= INT_MIN and maximum >= INT_MAX:
        return _("The number is too large.")
    return _(
        "Enter a number from %(minimum)s to %(maximum)s.",
        minimum=grouped_number(minimum),
        maximum=grouped_number(maximum),
    )


def grouped_number(number: int) -> str:
    """10000 → "10.000" in Vietnamese, "10,000" in English; years stay as they are written."""
    if abs(number) < 10_000 or not has_app_context():
        return str(number)
    return format_number(number)


def _raw(name: str, args) -> str | None:
    value = (request.args if args is None else args).get(name)
    return None if value is None or not str(value).strip() else str(value)


def _refuse(name: str, message: str):
    raise ValidationFailed(message, fields={name: message})


def arg_int(
    name: str,
    default: int | None = None,
    minimum: int = INT_MIN,
    maximum: int = INT_MAX,
    *,
    args=None,
) -> int | None:
    """The integer ?name= (default when absent or empty); ValidationFailed (422) when bad."""
    raw = _raw(name, args)
    if raw is None:
        return default
    try:
        return parse_int(raw, minimum, maximum)
    except ValueError as exc:
        _refuse(name, str(exc))


def arg_id(name: str, *, args=None) -> int | None:
    """The id ?name= (None when absent); NotFound (404) when it cannot be any record's id."""
    raw = _raw(name, args)
    if raw is None:
        return None
    value = parse_id(raw)
    if value is None:
        raise NotFound()
    return value


def arg_page(name: str = "page", *, args=None) -> int:
    """The page number ?page= (1..10,000; 1 when absent)."""
    return arg_int(name, 1, 1, MAX_PAGE, args=args)


def arg_year(name: str = "year", default: int | None = None, *, args=None) -> int | None:
    """A year ?year= within 1900–2100 (default when absent)."""
    return arg_int(name, default, MIN_YEAR, MAX_YEAR, args=args)


def arg_date(
    name: str, default: date | None = None, *, args=None, errors: dict | None = None
) -> date | None:
    """A date ?name= written dd/mm/yyyy or yyyy-mm-dd within 1900–2100 (default when absent).
    A bad one raises ValidationFailed, or with `errors` is noted there (name → message) and
    `default` returned, for pages that show the mistake next to the filter."""
    raw = _raw(name, args)
    if raw is None:
        return default
    try:
        day = parse_dmy(raw)
    except ValueError as exc:
        message = str(exc)
    else:
        if day is not None:
            return day
        message = _("Write the date as dd/mm/yyyy.")
    if errors is None:
        _refuse(name, message)
    errors[name] = message
    return default


class BoundedIntegerConverter(IntegerConverter):
    """<int:...> of ASCII digits and 1..2^31−1, so an id no database row can have is a plain 404
    (werkzeug's \\d+ also matches other scripts' digits, and any length)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=1, max=INT_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


def query_args(**overrides) -> dict:
    """The request's query values for a link back to the same list (a pager, an export), minus
    names that url_for() takes for itself (?_scheme=, ?_method= would make it fail)."""
    values = {k: v for k, v in request.args.items() if not k.startswith("_")}
    return {**values, **overrides}


def init_app(app) -> None:
    """Register the bounded converter as `int` before any blueprint adds its rules, and
    query_args() for templates."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.jinja_env.globals["query_args"] = query_args
    app.before_request(refuse_nul_characters)


def refuse_nul_characters() -> None:
    """No text column can hold a NUL character (PostgreSQL refuses it): refuse it at the door."""
    values = list(request.args.values())
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    if any("\x00" in value for value in values):
        raise ValidationFailed(_("The request contains a character that is not allowed."))
