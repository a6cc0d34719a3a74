"""Process performance (ISO 9001:2015 9.1.1, 8.7; PAR 3.5.2, 3.5.4, 3.5.5, 7.2) from the dossier
records of the one-stop-shop system, for organisations, a period and an as-of date.

The cohort is the dossiers received in the period (from its first day to the last day the report
can know about, `until`). Each is, at the figures' moment (the end of `until`, or now if sooner):
- trước hạn (early): returned on a calendar day before the appointment's day;
- đúng hạn (on time): returned on the appointment's day, up to the appointment's minute;
- trễ hạn (late): returned after the appointment;
- without appointment (undated): returned, no appointment known (counted as resolved only);
- đang giải quyết, trong hạn / quá hạn: not returned, the appointment still ahead / passed.
On-time rate = (early + on time) / (early + on time + late). The as-of rule: a dossier counts only
if it was imported by the end of the as-of date, and as returned only if its result was imported
by then, so importing later never changes an earlier report.

Monthly summaries (DossierSummary) add their counts for the months of an organisation that have
no dossier rows; where a month has both, the dossier rows win. What a summary cannot say (channel,
digitised, apology letters, pending overdue) is counted over the dossier rows only.

Every figure set is one grouped query (plus one for the summaries) whatever the number of
dossiers or organisations: the grouped rows (organisation × procedure × month) are folded here.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..core.timeutil import end_of, start_of, utcnow
from ..extensions import db
from ..procedures.models import Procedure
from .models import Channel, Dossier, DossierSummary
from .sqltime import local_day, local_month, month_text

GROUPS = ("procedure", "field", "month")
#: The 8.7 list shows at most this many dossiers (the figures count them all).
MAX_LISTED = 500


@dataclass
class Counts:
    """The counts of one group (or of everything)."""

    received: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    undated: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    #: pending from monthly summaries (in time or overdue unknown)
    pending_unknown: int = 0
    late_with_apology: int = 0
    #: received counted from dossier rows (the base of digitised and channel shares)
    detailed: int = 0
    digitised: int = 0
    direct: int = 0
    online: int = 0
    postal: int = 0

    def add(self, other: "Counts") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late + self.undated

    @property
    def pending(self) -> int:
        return self.pending_in_time + self.pending_overdue + self.pending_unknown

    @property
    def overdue(self) -> int:
        """Late dossiers owing an apology letter: returned late or pending past the appointment."""
        return self.late + self.pending_overdue


def percent(part: int, whole: int) -> float | None:
    """One decimal; never 100% unless all, never 0% unless none (None when nothing to count)."""
    if not whole:
        return None
    value = round(100.0 * part / whole, 1)
    if value == 100.0 and part < whole:
        return 99.9
    if value == 0.0 and part > 0:
        return 0.1
    return value


def as_dict(c: Counts) -> dict:
    """The figures of a group as the API and the report give them."""
    timed = c.early + c.on_time + c.late
    return {
        "received": c.received,
        "resolved": c.resolved,
        "early": c.early,
        "on_time": c.on_time,
        "late": c.late,
        "undated": c.undated,
        "pending": c.pending,
        "pending_in_time": c.pending_in_time,
        "pending_overdue": c.pending_overdue,
        "on_time_percent": percent(c.early + c.on_time, timed),
        "overdue": c.overdue,
        "late_with_apology": c.late_with_apology,
        "apology_percent": percent(c.late_with_apology, c.overdue),
        "detailed": c.detailed,
        "digitised": c.digitised,
        "digitised_percent": percent(c.digitised, c.detailed),
        "by_channel": {"direct": c.direct, "online": c.online, "postal": c.postal},
        "postal_percent": percent(c.postal, c.detailed),
    }


@dataclass
class Window:
    """The moments a period's figures are taken at."""

    start: datetime  #: the first moment of the period
    until: datetime  #: the first moment after the last day the report can know about
    known: datetime  #: the first moment after the as-of date (the as-of rule)
    moment: datetime  #: when pending dossiers are judged in time or overdue
    first_month: date
    last_day: date

    @classmethod
    def of(cls, period) -> "Window":
        last = min(period.end, period.as_of)
        until = end_of(last)
        return cls(
            start_of(period.start),
            until,
            end_of(period.as_of),
            min(until, utcnow()),
            period.start.replace(day=1),
            last,
        )


def _has_apology():
    return sa.or_(Dossier.apology_ref != "", Dossier.apology_date.is_not(None))


def dossier_state(window: Window):
    """The state of a dossier at the window's moment, as an SQL CASE."""
    d = Dossier
    returned = sa.and_(
        d.returned_at.is_not(None),
        sa.func.coalesce(d.returned_known_at, d.imported_at) < window.known,
        d.returned_at < window.moment,
    )
    return sa.case(
        (sa.and_(returned, d.due_at.is_(None)), "undated"),
        (sa.and_(returned, d.returned_at > d.due_at), "late"),
        (sa.and_(returned, local_day(d.returned_at) < local_day(d.due_at)), "early"),
        (returned, "on_time"),
        (sa.and_(d.due_at.is_not(None), d.due_at < window.moment), "pending_overdue"),
        else_="pending_in_time",
    )


def _cohort(org_ids: list[int], window: Window):
    """The dossiers of the organisations received in the window and known by its as-of date."""
    return sa.and_(
        Dossier.organisation_id.in_(org_ids),
        Dossier.imported_at < window.known,
        Dossier.received_at >= window.start,
        Dossier.received_at < window.until,
    )


def _unmatched_key():
    return sa.case(
        (
            Dossier.procedure_id.is_(None),
            sa.func.coalesce(sa.func.nullif(Dossier.tthc_code, ""), Dossier.tthc_name),
        ),
        else_="",
    )


COUNT_COLUMNS = (
    "received",
    "early",
    "on_time",
    "late",
    "undated",
    "pending_in_time",
    "pending_overdue",
    "pending_unknown",
    "late_with_apology",
    "digitised",
    "direct",
    "online",
    "postal",
)
_ZERO = sa.literal_column("0")


def _dossier_select(org_ids: list[int], window: Window):
    """(source 0, organisation, procedure, unmatched key, TTHC name, month, counts...), grouped."""
    state = dossier_state(window)
    inner = (
        sa.select(
            Dossier.organisation_id.label("org"),
            Dossier.procedure_id.label("pid"),
            _unmatched_key().label("ukey"),
            Dossier.tthc_name.label("name"),
            local_month(Dossier.received_at).label("month"),
            state.label("state"),
            sa.case(
                (sa.and_(state.in_(("late", "pending_overdue")), _has_apology()), 1), else_=0
            ).label("apology"),
            sa.case((Dossier.digitised.is_(True), 1), else_=0).label("digitised"),
            Dossier.channel.label("channel"),
        )
        .where(_cohort(org_ids, window))
        .subquery()
    )

    def count(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    states = ("early", "on_time", "late", "undated", "pending_in_time", "pending_overdue")
    return sa.select(
        sa.literal_column("0").label("source"),
        inner.c.org,
        inner.c.pid,
        inner.c.ukey,
        sa.func.max(inner.c.name).label("name"),
        inner.c.month,
        sa.func.count().label("received"),
        *(count(inner.c.state == s).label(s) for s in states),
        _ZERO.label("pending_unknown"),
        sa.func.sum(inner.c.apology).label("late_with_apology"),
        sa.func.sum(inner.c.digitised).label("digitised"),
        *(count(inner.c.channel == ch).label(ch.value) for ch in Channel),
    ).group_by(inner.c.org, inner.c.pid, inner.c.ukey, inner.c.month)


def _summary_select(org_ids: list[int], window: Window):
    """The monthly summaries of the period's months known by the as-of date, in the same shape;
    what a summary cannot say is 0."""
    s = DossierSummary
    inner = (
        sa.select(
            s.organisation_id.label("org"),
            s.procedure_id.label("pid"),
            sa.case((s.procedure_id.is_(None), s.tthc_key), else_="").label("ukey"),
            s.tthc_name.label("name"),
            month_text(s.month).label("month"),
            s.received,
            s.early,
            s.on_time,
            s.late,
            s.pending,
        )
        .where(
            s.organisation_id.in_(org_ids),
            s.imported_at < window.known,
            s.month >= window.first_month,
            s.month <= window.last_day,
        )
        .subquery()
    )
    c = inner.c
    return sa.select(
        sa.literal_column("1").label("source"),
        c.org,
        c.pid,
        c.ukey,
        sa.func.max(c.name).label("name"),
        c.month,
        sa.func.sum(c.received).label("received"),
        sa.func.sum(c.early).label("early"),
        sa.func.sum(c.on_time).label("on_time"),
        sa.func.sum(c.late).label("late"),
        *(_ZERO.label(k) for k in ("undated", "pending_in_time", "pending_overdue")),
        sa.func.sum(c.pending).label("pending_unknown"),
        *(_ZERO.label(k) for k in ("late_with_apology", "digitised", "direct", "online", "postal")),
    ).group_by(c.org, c.pid, c.ukey, c.month)


@dataclass
class Cell:
    """One grouped row: whose, which TTHC (and its register entry), which month, its counts."""

    org: int
    pid: int | None
    ukey: str
    name: str
    month: str
    counts: Counts = field(default_factory=Counts)
    procedure: object = None


def _cells(org_ids: list[int], period) -> list[Cell]:
    """The grouped rows of the dossiers and the summaries (one query, UNION ALL, with their
    procedure's code, title and field); a summary's month with dossier rows is left out."""
    window = Window.of(period)
    both = sa.union_all(_dossier_select(org_ids, window), _summary_select(org_ids, window))
    u = both.subquery()
    rows = db.session.execute(
        sa.select(u, Procedure.code, Procedure.title, Procedure.field)
        .outerjoin(Procedure, Procedure.id == u.c.pid)
        .order_by(u.c.source)
    ).all()
    cells, with_rows = [], set()
    for r in rows:
        if r.source == 1 and (r.org, r.month) in with_rows:
            continue  # the dossier rows of that month win
        counts = Counts(**{k: int(getattr(r, k) or 0) for k in COUNT_COLUMNS})
        if r.source == 0:
            counts.detailed = counts.received
            with_rows.add((r.org, r.month))
        procedure = _Procedure(r.pid, r.code, r.title, r.field) if r.pid is not None else None
        cells.append(Cell(r.org, r.pid, r.ukey or "", r.name or "", r.month, counts, procedure))
    return cells


@dataclass(frozen=True)
class _Procedure:
    id: int
    code: str
    title: str
    field: str


def _procedures(cells: list[Cell]) -> dict[int, _Procedure]:
    return {c.pid: c.procedure for c in cells if c.procedure is not None}


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{number}/{year}"


def _group_key(cell: Cell, group: str, procedures: dict) -> tuple[str, str, dict]:
    """(sort key, label, extra columns) of the group a cell belongs to."""
    proc = procedures.get(cell.pid)
    if group == "month":
        return cell.month, _month_label(cell.month), {"month": cell.month}
    if group == "field":
        name = (proc.field if proc else "") or ""
        label = name or (_("Not matched to the register") if proc is None else _("No field"))
        return (name == "", label), label, {"field": name}
    if proc is not None:
        return (
            (0, proc.code),
            f"{proc.code} — {proc.title}",
            {
                "procedure_id": proc.id,
                "code": proc.code,
                "field": proc.field,
            },
        )
    label = cell.name or cell.ukey
    return (1, label), label, {"procedure_id": None, "code": "", "tthc": cell.ukey}


def _fold(cells: list[Cell], group: str | None, procedures: dict) -> tuple[Counts, list[dict]]:
    total = Counts()
    groups: dict = {}
    for cell in cells:
        total.add(cell.counts)
        if group is None:
            continue
        key, label, extra = _group_key(cell, group, procedures)
        if key not in groups:
            groups[key] = (label, extra, Counts())
        groups[key][2].add(cell.counts)
    rows = [
        {"label": label, **extra, **as_dict(counts)}
        for _key, (label, extra, counts) in sorted(groups.items(), key=lambda item: item[0])
    ]
    return total, rows


def performance(org_id: int, period, group: str | None = None) -> dict:
    """The figures of one organisation for the period as of its date; `rows` per group
    (procedure, field or month). `has_data` is False when nothing was imported for them: the
    figures then read "chưa có dữ liệu", never 0%."""
    cells = _cells([org_id], period)
    procedures = _procedures(cells)
    total, rows = _fold(cells, group, procedures)
    postal = postal_scope(cells)
    return {
        "has_data": bool(cells),
        **as_dict(total),
        "postal_scope": postal,
        "group": group,
        "rows": rows,
    }


def postal_scope(cells: list[Cell]) -> dict:
    """7.2's base: the dossiers (rows) of the TTHC that had at least one received through BCCI."""
    per_tthc: dict = defaultdict(Counts)
    for cell in cells:
        per_tthc[(cell.pid, cell.ukey)].add(cell.counts)
    scoped = [c for c in per_tthc.values() if c.postal]
    received = sum(c.detailed for c in scoped)
    postal = sum(c.postal for c in scoped)
    return {
        "procedures": len(scoped),
        "received": received,
        "postal": postal,
        "percent": percent(postal, received),
    }


def by_organisation(org_ids, period) -> dict[int, dict]:
    """{organisation: its overall figures} for the roll-up: two grouped queries for any number
    of organisations; an organisation without imported dossiers has `has_data` False."""
    ids = list(org_ids)
    totals: dict[int, Counts] = defaultdict(Counts)
    seen: set[int] = set()
    for cell in _cells(ids, period) if ids else []:
        totals[cell.org].add(cell.counts)
        seen.add(cell.org)
    return {org: {"has_data": org in seen, **as_dict(totals[org])} for org in ids}


def nonconforming_outputs(org_id: int, period, limit: int = MAX_LISTED) -> list[dict]:
    """ISO 9001 8.7: the late dossiers (returned late, or pending past their appointment) with
    their apology letter and its new appointment (None when missing); one query, oldest first."""
    window = Window.of(period)
    state = dossier_state(window).label("state")
    inner = (
        sa.select(
            Dossier.id,
            Dossier.code,
            Dossier.tthc_name,
            Dossier.procedure_id,
            Dossier.received_at,
            Dossier.due_at,
            Dossier.returned_at,
            Dossier.apology_ref,
            Dossier.apology_date,
            Dossier.new_due_at,
            Dossier.officer,
            state,
        )
        .where(_cohort([org_id], window))
        .subquery()
    )
    rows = db.session.execute(
        sa.select(inner, Procedure.code.label("procedure_code"))
        .outerjoin(Procedure, Procedure.id == inner.c.procedure_id)
        .where(inner.c.state.in_(("late", "pending_overdue")))
        .order_by(inner.c.received_at, inner.c.id)
        .limit(limit)
    ).all()
    return [
        {
            "code": r.code,
            "procedure_code": r.procedure_code or "",
            "tthc_name": r.tthc_name,
            "received_at": r.received_at,
            "due_at": r.due_at,
            "returned_at": r.returned_at if r.state == "late" else None,
            "state": r.state,
            "apology": (
                {"ref": r.apology_ref, "date": r.apology_date}
                if (r.apology_ref or r.apology_date)
                else None
            ),
            "new_due_at": r.new_due_at,
            "officer": r.officer,
        }
        for r in rows
    ]


def report_figures(org_id: int, period) -> dict:
    """What the reform report needs (`performance` in its JSON): the overall figures, per field,
    and the 7.2 scope; JSON-ready (no dates)."""
    cells = _cells([org_id], period)
    procedures = _procedures(cells)
    total, by_field = _fold(cells, "field", procedures)
    return {
        "has_data": bool(cells),
        **as_dict(total),
        "postal_scope": postal_scope(cells),
        "by_field": by_field,
    }
