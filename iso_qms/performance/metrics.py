"""Named metrics: figures computed from the records for an organisation and a period, which a
quality objective (6.2) can be measured by. Each answers a number in its unit, or None when the
records hold nothing to compute it from (never 0 for "no data").

A name may carry an argument after a colon: `on_time_rate_field:Hộ tịch` is the on-time rate of
the procedures of that field. `metric_value(name, org_id, period)` resolves either form; the
period is anything with `start`, `end` and `as_of` dates (reports.compliance.Period).
"""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..core.text import nfc
from ..core.timeutil import end_of
from ..extensions import db
from . import figures
from .sqltime import local_day


@dataclass(frozen=True)
class Metric:
    name: str
    label: object
    compute: Callable
    unit: str = "%"
    #: What the argument after the colon is ("field"), or "" for a metric without one.
    argument: str = ""


METRICS: dict[str, Metric] = {}


def register_metric(
    name: str, label, compute: Callable, unit: str = "%", argument: str = ""
) -> Metric:
    """Register `compute(org_id, period[, argument]) -> value | None` under `name`."""
    metric = Metric(name, label, compute, unit, argument)
    METRICS[name] = metric
    return metric


def resolve(name: str) -> tuple[Metric, str] | None:
    """(the metric, its argument) for a name such as `on_time_rate_field:Hộ tịch`; None if unknown."""
    base, _sep, argument = nfc(name or "").partition(":")
    metric = METRICS.get(base)
    if metric is None or bool(metric.argument) != bool(argument.strip()):
        return None
    return metric, argument.strip()


def is_metric(name: str) -> bool:
    return resolve(name) is not None


def metric_value(name: str, org_id: int, period) -> float | None:
    """The value of a named metric; KeyError for an unknown name."""
    found = resolve(name)
    if found is None:
        raise KeyError(name)
    metric, argument = found
    return (
        metric.compute(org_id, period, argument)
        if metric.argument
        else metric.compute(org_id, period)
    )


def metric_choices() -> list[tuple[str, object, str, str]]:
    """(name, label, unit, argument) of every metric, for forms and the API."""
    return [(m.name, m.label, m.unit, m.argument) for m in METRICS.values()]


def _figure(key: str) -> Callable:
    def compute(org_id: int, period) -> float | None:
        result = figures.performance(org_id, period)
        return result[key] if result["has_data"] else None

    return compute


def on_time_rate_of_field(org_id: int, period, field_name: str) -> float | None:
    rows = figures.performance(org_id, period, "field")["rows"]
    row = next((r for r in rows if r.get("field") == field_name), None)
    return row["on_time_percent"] if row else None


def apology_coverage(org_id: int, period) -> float | None:
    """Late dossiers with their apology letter; 100 when dossiers were imported and none is late
    (every late one has its letter), None when nothing was imported."""
    result = figures.performance(org_id, period)
    if not result["has_data"]:
        return None
    return 100.0 if not result["overdue"] else result["apology_percent"]


def reading_coverage(org_id: int, period) -> float | None:
    """Staff who confirmed reading the procedures in force on the as-of date (acknowledgements)."""
    from ..acknowledgements import queries as ack_queries
    from ..procedures.queries import in_force_of

    coverage = ack_queries.coverage_by_organisation([org_id], period.as_of).get(org_id)
    if coverage is None or not coverage.people:
        return None
    current = in_force_of([org_id], period.as_of)
    if db.session.scalar(sa.select(sa.func.count()).select_from(current)) == 0:
        return None  # nothing in force: nothing to have read (not 100%)
    return coverage.percent


def actions_closed_on_time(org_id: int, period) -> float | None:
    """Corrective actions due in the period (not cancelled) completed by their due date, as the
    records stood at the end of the as-of date; None when none was due."""
    from ..audits.models import CorrectiveAction

    a = CorrectiveAction
    known = end_of(period.as_of)
    until = min(period.end, period.as_of)
    done = sa.and_(a.completed_at.is_not(None), a.completed_at < known)
    # completed on a local day no later than the due date ('YYYY-MM-DD' texts compare as dates)
    on_time = sa.and_(done, local_day(a.completed_at) <= sa.cast(a.due_date, sa.String))
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.sum(sa.case((on_time, 1), else_=0))).where(
            a.organisation_id == org_id,
            a.created_at < known,
            a.due_date >= period.start,
            a.due_date <= until,
            sa.or_(a.cancelled_at.is_(None), a.cancelled_at >= known),
        )
    ).one()
    return figures.percent(int(row[1] or 0), row[0])


def _register_defaults() -> None:
    register_metric(
        "on_time_rate", _l("Dossiers resolved early or on time"), _figure("on_time_percent")
    )
    register_metric(
        "on_time_rate_field",
        _l("Dossiers of a field resolved early or on time"),
        on_time_rate_of_field,
        argument="field",
    )
    register_metric(
        "apology_coverage", _l("Late dossiers with an apology letter"), apology_coverage
    )
    register_metric("digitised_share", _l("Dossiers digitised"), _figure("digitised_percent"))
    register_metric(
        "postal_share",
        _l("Dossiers received through the public postal service (BCCI)"),
        _figure("postal_percent"),
    )
    register_metric(
        "reading_coverage",
        _l("Staff who confirmed reading the procedures in force"),
        reading_coverage,
    )
    register_metric(
        "actions_closed_on_time",
        _l("Corrective actions completed by their due date"),
        actions_closed_on_time,
    )


_register_defaults()
