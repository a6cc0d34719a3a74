"""Read-only questions about the risk register: the filtered list, the 5×5 heat map, the actions of
a page of entries. Each costs a fixed number of queries whatever the register's size."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from ..audits.models import OPEN_ACTION_STATUSES, ActionStatus, CorrectiveAction
from ..core.timeutil import today
from ..extensions import db
from ..procedures.models import Procedure
from .risk_models import SCALE, Risk, RiskKind, RiskLevel, RiskStatus
from .risks import level_clause, level_of


@dataclass
class RegisterFilter:
    """What the register shows: any of kind, level, status, procedure, likelihood, impact."""

    kind: RiskKind | None = None
    level: RiskLevel | None = None
    status: RiskStatus | None = None
    procedure_id: int | None = None
    likelihood: int | None = None
    impact: int | None = None

    @classmethod
    def parse(cls, args: dict) -> "RegisterFilter":
        """From query values (unknown values are ignored, the ids and scores already bounded)."""

        def pick(enum_cls, key):
            value = args.get(key)
            return enum_cls(value) if value in {m.value for m in enum_cls} else None

        return cls(
            kind=pick(RiskKind, "kind"),
            level=pick(RiskLevel, "level"),
            status=pick(RiskStatus, "status"),
            procedure_id=args.get("procedure_id"),
            likelihood=args.get("likelihood"),
            impact=args.get("impact"),
        )


def _where(query: sa.Select, organisation_id: int, f: RegisterFilter, limits, cells: bool):
    query = query.where(Risk.organisation_id == organisation_id)
    if f.kind is not None:
        query = query.where(Risk.kind == f.kind)
    if f.status is not None:
        query = query.where(Risk.status == f.status)
    if f.procedure_id is not None:
        query = query.where(Risk.procedure_id == f.procedure_id)
    if cells:  # the heat map shows every cell of the filtered register
        if f.level is not None:
            query = query.where(level_clause(f.level, limits))
        if f.likelihood is not None:
            query = query.where(Risk.likelihood == f.likelihood)
        if f.impact is not None:
            query = query.where(Risk.impact == f.impact)
    return query


def register_query(organisation_id: int, f: RegisterFilter, limits) -> sa.Select:
    """Entries, highest score first, then by reference; their procedure in the same query."""
    query = sa.select(Risk).options(
        joinedload(Risk.procedure).options(lazyload(Procedure.organisation))
    )
    query = _where(query, organisation_id, f, limits, cells=True)
    return query.order_by((Risk.likelihood * Risk.impact).desc(), Risk.kind, Risk.number, Risk.id)


@dataclass
class Cell:
    likelihood: int
    impact: int
    level: RiskLevel
    count: int = 0


@dataclass
class HeatMap:
    """Rows from likelihood 5 (top) to 1; columns impact 1 to 5."""

    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0


def heat_map(organisation_id: int, f: RegisterFilter, limits) -> HeatMap:
    """The count of entries in each likelihood × impact cell (one GROUP BY)."""
    query = sa.select(Risk.likelihood, Risk.impact, sa.func.count()).group_by(
        Risk.likelihood, Risk.impact
    )
    counts = {
        (lk, im): n
        for lk, im, n in db.session.execute(_where(query, organisation_id, f, limits, False))
    }
    rows = [
        [Cell(lk, im, level_of(lk * im, limits), counts.get((lk, im), 0)) for im in SCALE]
        for lk in reversed(SCALE)
    ]
    return HeatMap(rows, sum(counts.values()))


@dataclass
class ActionCounts:
    total: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0


def action_counts(risk_ids: list[int], on: date | None = None) -> dict[int, ActionCounts]:
    """{risk id: its actions (not cancelled), open, overdue, verified} for a page of entries."""
    if not risk_ids:
        return {}
    on = on or today()
    a = CorrectiveAction
    is_open = a.status.in_(OPEN_ACTION_STATUSES)
    rows = db.session.execute(
        sa.select(
            a.risk_id,
            sa.func.count(),
            sa.func.sum(sa.case((is_open, 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(is_open, a.due_date < on), 1), else_=0)),
            sa.func.sum(sa.case((a.status == ActionStatus.closed, 1), else_=0)),
        )
        .where(a.risk_id.in_(risk_ids), a.status != ActionStatus.cancelled)
        .group_by(a.risk_id)
    ).all()
    return {
        rid: ActionCounts(int(n), int(o or 0), int(late or 0), int(c or 0))
        for rid, n, o, late, c in rows
    }


def risk_actions(risk: Risk) -> list[CorrectiveAction]:
    """The actions of one entry with their owners, in one query."""
    return list(
        db.session.scalars(
            sa.select(CorrectiveAction)
            .where(CorrectiveAction.risk_id == risk.id)
            .options(
                lazyload(CorrectiveAction.finding),
                lazyload(CorrectiveAction.review),
            )
            .order_by(CorrectiveAction.number)
        ).unique()
    )


def procedure_choices(organisation_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Procedure.id, Procedure.code, Procedure.title)
        .where(Procedure.organisation_id == organisation_id, Procedure.withdrawn_on.is_(None))
        .order_by(Procedure.code)
    ).all()
    return [(pid, f"{code} — {title}"[:160]) for pid, code, title in rows]
