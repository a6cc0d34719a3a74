"""Local (Asia/Ho_Chi_Minh) calendar days and months of UTC timestamp columns, in SQL, on SQLite
and PostgreSQL alike: both compile to text ('2020-09-14', '2020-09'), so two of them compare and
group the same way on either database. Việt Nam keeps UTC+7 all year (no daylight saving)."""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class local_day(FunctionElement):  # noqa: N801  (reads as an SQL function)
    """The local calendar day of a timestamp, as 'YYYY-MM-DD'."""

    type = sa.String()
    inherit_cache = True


class local_month(FunctionElement):  # noqa: N801
    """The local calendar month of a timestamp, as 'YYYY-MM'."""

    type = sa.String()
    inherit_cache = True


@compiles(local_day)
def _day_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m-%d', {compiler.process(element.clauses, **kw)}, '+7 hours')"


@compiles(local_month)
def _month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)}, '+7 hours')"


@compiles(local_day, "postgresql")
def _day_pg(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"to_char(({column}) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')"


@compiles(local_month, "postgresql")
def _month_pg(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"to_char(({column}) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')"


class month_text(FunctionElement):  # noqa: N801
    """A DATE column's month as 'YYYY-MM' (a calendar date: no time zone)."""

    type = sa.String()
    inherit_cache = True


@compiles(month_text)
def _month_text_sqlite(element, compiler, **kw):
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(month_text, "postgresql")
def _month_text_pg(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"
