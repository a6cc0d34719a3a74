"""The figures of many organisations at once, for the roll-up: each is one grouped query over all
of them (organisation_id IN (...) … GROUP BY organisation_id), so the number of queries does not
grow with the number of organisations. The rules are those of `compliance` (as the records stood
at the end of the as-of date); tests/reports/test_aggregate.py holds the two to the same figures.
"""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..acknowledgements import queries as ack_queries
from ..audits.models import CorrectiveAction, Round
from ..core.timeutil import end_of
from ..extensions import db
from ..performance import figures as performance_figures
from ..procedures.models import Announcement, Procedure, ProcedureKind, StatutoryTime
from ..procedures.queries import in_force_of
from .audit_figures import action_state

if TYPE_CHECKING:  # compliance builds on the subqueries below
    from .compliance import Period


def statutory_then(known: datetime) -> sa.ScalarSelect:
    """Correlated to Procedure: the id of its statutory time last recorded before `known` (a few
    rows per procedure, found by ix_statutory_times_procedure_id); outer-join StatutoryTime on it."""
    return (
        sa.select(StatutoryTime.id)
        .where(StatutoryTime.procedure_id == Procedure.id, StatutoryTime.recorded_at < known)
        .order_by(StatutoryTime.recorded_at.desc(), StatutoryTime.id.desc())
        .limit(1)
        .correlate(Procedure)
        .scalar_subquery()
    )


def statutory_limit():
    """The time in force then; the procedure's own time where no history was recorded before."""
    return sa.case(
        (StatutoryTime.id.is_not(None), StatutoryTime.minutes),
        else_=Procedure.statutory_minutes,
    )


def latest_announcements(organisation_ids: list[int], period: "Period", known: datetime):
    """Subquery (id, organisation_id): each organisation's announcement in force on the as-of date."""
    rank = sa.func.row_number().over(
        partition_by=Announcement.organisation_id, order_by=Announcement.ordinal.desc()
    )
    ranked = (
        sa.select(Announcement.id, Announcement.organisation_id, rank.label("rank"))
        .where(
            Announcement.organisation_id.in_(organisation_ids),
            Announcement.decision_date <= period.as_of,
            Announcement.created_at < known,
        )
        .subquery()
    )
    return (
        sa.select(ranked.c.id, ranked.c.organisation_id)
        .where(ranked.c.rank == 1)
        .subquery("announcement")
    )


def _in_force(ids: list[int], period: "Period", known: datetime) -> dict[int, tuple]:
    """{organisation: (revisions in force, TTHC within their time, TTHC with a time)}."""
    current = in_force_of(ids, period.as_of, known_at=known)
    limit = statutory_limit()
    counted = sa.and_(Procedure.kind == ProcedureKind.tthc, limit.is_not(None))
    within = sa.and_(counted, current.c.steps_total_minutes <= limit)
    rows = db.session.execute(
        sa.select(
            current.c.organisation_id,
            sa.func.count(),
            sa.func.sum(sa.case((within, 1), else_=0)),
            sa.func.sum(sa.case((counted, 1), else_=0)),
        )
        .select_from(current)
        .join(Procedure, Procedure.id == current.c.procedure_id)
        .outerjoin(StatutoryTime, StatutoryTime.id == statutory_then(known))
        .group_by(current.c.organisation_id)
    ).all()
    return {org: (n, int(ok or 0), int(total or 0)) for org, n, ok, total in rows}


def _announcements(ids: list[int], period: "Period", known: datetime) -> dict[int, dict]:
    latest = latest_announcements(ids, period, known)
    rows = db.session.execute(
        sa.select(
            Announcement.organisation_id,
            Announcement.ordinal,
            Announcement.decision_no,
            Announcement.decision_date,
        ).join(latest, latest.c.id == Announcement.id)
    ).all()
    return {
        org: {"ordinal": o, "decision_no": no, "decision_date": day.isoformat()}
        for org, o, no, day in rows
    }


def _rounds(ids: list[int], period: "Period", known: datetime) -> dict[int, int]:
    return dict(
        db.session.execute(
            sa.select(Round.organisation_id, sa.func.count())
            .where(
                Round.organisation_id.in_(ids),
                Round.start_date >= period.start,
                Round.start_date <= period.until,
                Round.created_at < known,
            )
            .group_by(Round.organisation_id)
        ).all()
    )


def _actions(ids: list[int], period: "Period", known: datetime) -> dict[int, tuple[int, int]]:
    """{organisation: (open, overdue)}: by the report's own action_state."""
    state = action_state(period, known)
    rows = db.session.execute(
        sa.select(
            CorrectiveAction.organisation_id,
            sa.func.sum(sa.case((state.in_(("open", "overdue")), 1), else_=0)),
            sa.func.sum(sa.case((state == "overdue", 1), else_=0)),
        )
        .where(CorrectiveAction.organisation_id.in_(ids), CorrectiveAction.created_at < known)
        .group_by(CorrectiveAction.organisation_id)
    ).all()
    return {org: (int(n or 0), int(late or 0)) for org, n, late in rows}


def figures(organisation_ids, period: "Period") -> dict[int, dict]:
    """{organisation id: the roll-up's figures}, seven grouped queries for any number of them."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    known = end_of(period.as_of)
    in_force = _in_force(ids, period, known)
    announcements = _announcements(ids, period, known)
    coverage = ack_queries.coverage_by_organisation(ids, period.as_of)
    rounds = _rounds(ids, period, known)
    actions = _actions(ids, period, known)
    dossiers = performance_figures.by_organisation(ids, period)  # issue 14: two grouped queries
    result = {}
    for org in ids:
        current, compliant, total = in_force.get(org, (0, 0, 0))
        result[org] = {
            "in_force": current,
            "c342": (compliant, total),
            "announcement": announcements.get(org),
            "coverage": coverage.get(org, ack_queries.CoverageFigures()),
            "rounds": rounds.get(org, 0),
            "actions": actions.get(org, (0, 0)),
            "has_data": bool(current or announcements.get(org) or rounds.get(org)),
            "performance": dossiers[org],
        }
    return result
