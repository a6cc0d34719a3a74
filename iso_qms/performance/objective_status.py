"""Where a quality objective stands as of a day: its value for the year so far, the target, the
verdict (achieved / not yet / not achieved, or no data), and the trend over the year's months or
quarters.

- A computed objective takes its metric (performance.metrics) over the period as of the day.
- A manual objective takes the values typed for its periods that were recorded by the end of the
  day (the last one recorded per period wins); the year's value is the one of a period covering
  the whole year if there is one, else that of the latest period.
- Achieved: the value meets the target. Not met: "not yet" while the year is still running on the
  as-of day, "not achieved" once it is over. No value: no verdict (None), never 0.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..core.timeutil import end_of, today
from ..extensions import db
from ..reports.compliance import Period
from . import metrics
from .objective_models import MANUAL, Frequency, ObjectiveValue, ObjectiveVersion, QualityObjective

STATE_LABELS = {
    "achieved": _l("Achieved"),
    "not_yet": _l("Not yet achieved"),
    "not_achieved": _l("Not achieved"),
    "no_data": _l("No data yet"),
}
STATE_BADGES = {
    "achieved": "success",
    "not_yet": "warning",
    "not_achieved": "danger",
    "no_data": "secondary",
}


@dataclass
class Step:
    label: str
    start: date
    end: date
    value: float | None = None
    met: bool | None = None


@dataclass
class Standing:
    objective: QualityObjective
    version: ObjectiveVersion | None
    as_of: date
    value: float | None = None
    achieved: bool | None = None
    state: str = "no_data"
    trend: list[Step] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]


def year_period(year: int, as_of: date) -> Period | None:
    """1 January – 31 December of the year as of the day (no later than today); None before it."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    as_of = min(as_of, today())
    if as_of < start:
        return None
    return Period(start, end, min(as_of, end) if as_of > end else as_of)


def steps(year: int, frequency: Frequency, until: date) -> list[tuple[str, date, date]]:
    """The months (or quarters) of the year that have begun by `until`."""
    size = 3 if frequency is Frequency.quarter else 1
    out = []
    for first in range(1, 13, size):
        start = date(year, first, 1)
        if start > until:
            break
        nxt = date(year + 1, 1, 1) if first + size > 12 else date(year, first + size, 1)
        label = f"Q{(first + 2) // 3}/{year}" if size == 3 else f"{first:02d}/{year}"
        out.append((label, start, nxt - timedelta(days=1)))
    return out


def values_by_objective(objective_ids: list[int], as_of: date) -> dict[int, dict]:
    """{objective id: {(start, end): value}}: the last value recorded per period by the end of
    the day, for many objectives in one query."""
    if not objective_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            ObjectiveValue.objective_id,
            ObjectiveValue.period_start,
            ObjectiveValue.period_end,
            ObjectiveValue.value,
        )
        .where(
            ObjectiveValue.objective_id.in_(objective_ids),
            ObjectiveValue.recorded_at <= end_of(as_of),
            ObjectiveValue.period_end <= as_of,
        )
        .order_by(ObjectiveValue.recorded_at, ObjectiveValue.id)
    ).all()
    out: dict[int, dict] = {i: {} for i in objective_ids}
    for objective_id, start, end, value in rows:
        out[objective_id][(start, end)] = value
    return out


def _manual_year_value(values: dict, year: int) -> float | None:
    whole = values.get((date(year, 1, 1), date(year, 12, 31)))
    if whole is not None:
        return whole
    if not values:
        return None
    latest = max(values, key=lambda k: (k[1], -k[0].toordinal()))
    return values[latest]


class _Cache:
    """Metric values within one page: objectives sharing a metric and period compute it once."""

    def __init__(self):
        self.seen: dict = {}

    def value(self, name: str, org_id: int, period: Period) -> float | None:
        key = (name, org_id, period)
        if key not in self.seen:
            try:
                self.seen[key] = metrics.metric_value(name, org_id, period)
            except KeyError:  # a metric no longer registered
                self.seen[key] = None
        return self.seen[key]


def _verdict(version: ObjectiveVersion, value: float | None) -> bool | None:
    if value is None:
        return None
    return version.target_op.met(value, version.target_value)


def standing(
    objective: QualityObjective,
    as_of: date,
    values: dict | None = None,
    cache: _Cache | None = None,
    with_trend: bool = True,
) -> Standing:
    """The objective's value, verdict and trend as of the day (the version in force then, else
    the latest draft)."""
    version = objective.in_force(end_of(as_of)) or objective.latest
    result = Standing(objective, version, as_of)
    period = year_period(objective.year, as_of)
    if period is None or version is None:
        return result
    cache = cache or _Cache()
    manual = version.metric == MANUAL
    if manual and values is None:
        values = values_by_objective([objective.id], period.as_of)[objective.id]
    if manual:
        result.value = _manual_year_value(values or {}, objective.year)
    else:
        result.value = cache.value(version.metric, objective.organisation_id, period)
    result.achieved = _verdict(version, result.value)
    if result.achieved is None:
        result.state = "no_data"
    elif result.achieved:
        result.state = "achieved"
    else:
        result.state = "not_yet" if period.as_of < period.end else "not_achieved"
    if with_trend:
        for label, start, end in steps(objective.year, version.frequency, period.as_of):
            if manual:
                value = (values or {}).get((start, end))
            else:
                value = cache.value(
                    version.metric, objective.organisation_id, Period(start, end, period.as_of)
                )
            result.trend.append(Step(label, start, end, value, _verdict(version, value)))
    return result


def objectives_of_year(organisation_id: int, year: int) -> list[QualityObjective]:
    """The year's objectives with their versions (two queries, whatever their number)."""
    found = list(
        db.session.scalars(
            sa.select(QualityObjective)
            .where(
                QualityObjective.organisation_id == organisation_id, QualityObjective.year == year
            )
            .options(sa.orm.selectinload(QualityObjective.versions))
            .order_by(QualityObjective.number)
        )
    )
    return found


def standings(
    objectives: list[QualityObjective], as_of: date, with_trend: bool = False
) -> list[Standing]:
    """Many objectives' standing: the typed values in one query, each metric once."""
    values = values_by_objective([o.id for o in objectives], as_of)
    cache = _Cache()
    return [
        standing(o, as_of, values.get(o.id, {}), cache, with_trend=with_trend) for o in objectives
    ]
