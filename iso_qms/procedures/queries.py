"""Reading document control: the revision in force on a date, register rows, history, diffs.

Every function here runs a fixed number of queries, whatever the number of procedures.
"""

import difflib
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from ..extensions import db
from .models import (
    OPEN_STATUSES,
    Announcement,
    LegalBasis,
    Procedure,
    ProcedureKind,
    Revision,
    RevisionStatus,
    procedure_legal_bases,
    revision_citations,
)

#: The large JSON columns of a revision: what figures and lists never need.
HEAVY_COLUMNS = ("content", "steps", "forms", "records")


def without_content() -> list:
    """Loader options leaving a revision's large JSON columns unloaded."""
    return [sa.orm.defer(getattr(Revision, column)) for column in HEAVY_COLUMNS]


def in_force_ids(organisation_id: int, on: date, procedure_ids=None, known_at=None) -> sa.Select:
    """SELECT of the ids of the revisions in force on `on` (to use as a subquery)."""
    return _in_force_ids(organisation_id, on, procedure_ids, known_at)


def _in_force_ids(organisation_id: int, on: date, procedure_ids=None, known_at=None) -> sa.Select:
    rank = sa.func.row_number().over(
        partition_by=Revision.procedure_id,
        order_by=(Revision.effective_date.desc(), Revision.number.desc()),
    )
    query = (
        sa.select(Revision.id, rank.label("rank"))
        .join(Procedure, Procedure.id == Revision.procedure_id)
        .where(
            Revision.organisation_id == organisation_id,
            Revision.status == RevisionStatus.approved,
            Revision.effective_date <= on,
            sa.or_(Procedure.withdrawn_on.is_(None), Procedure.withdrawn_on > on),
        )
    )
    if procedure_ids is not None:
        query = query.where(Revision.procedure_id.in_(list(procedure_ids)))
    if known_at is not None:  # as the records stood then: approvals made later do not count
        query = query.where(Revision.approved_at < known_at)
    ranked = query.subquery()
    return sa.select(ranked.c.id).where(ranked.c.rank == 1)


def in_force_of(organisation_ids, on: date, known_at=None) -> sa.Subquery:
    """Subquery (id, procedure_id, organisation_id, steps_total_minutes) of the revisions in force
    on `on` in all the given organisations at once, by the same rule as `in_force_ids`: for
    grouped figures (ix_revisions_org_in_force answers it without reading the revisions)."""
    rank = sa.func.row_number().over(
        partition_by=Revision.procedure_id,
        order_by=(Revision.effective_date.desc(), Revision.number.desc()),
    )
    query = (
        sa.select(
            Revision.id,
            Revision.procedure_id,
            Revision.organisation_id,
            Revision.steps_total_minutes,
            rank.label("rank"),
        )
        .join(Procedure, Procedure.id == Revision.procedure_id)
        .where(
            Revision.organisation_id.in_(list(organisation_ids)),
            Revision.status == RevisionStatus.approved,
            Revision.effective_date <= on,
            sa.or_(Procedure.withdrawn_on.is_(None), Procedure.withdrawn_on > on),
        )
    )
    if known_at is not None:
        query = query.where(Revision.approved_at < known_at)
    ranked = query.subquery()
    return (
        sa.select(
            ranked.c.id,
            ranked.c.procedure_id,
            ranked.c.organisation_id,
            ranked.c.steps_total_minutes,
        )
        .where(ranked.c.rank == 1)
        .subquery("in_force")
    )


def in_force(
    organisation_id: int, on: date, procedure_ids=None, known_at=None, *, light: bool = False
) -> dict[int, Revision]:
    """{procedure id: the revision in force on `on`} for the organisation (or the given procedures);
    with `known_at`, only approvals recorded before that moment count. `light` leaves the large
    JSON columns (content, steps, forms, records) unloaded: for figures and lists."""
    ids = _in_force_ids(organisation_id, on, procedure_ids, known_at)
    query = sa.select(Revision).where(Revision.id.in_(ids))
    if light:
        query = query.options(*without_content())
    revisions = db.session.scalars(query).unique()
    return {revision.procedure_id: revision for revision in revisions}


def revision_in_force(procedure: Procedure, on: date) -> Revision | None:
    return in_force(procedure.organisation_id, on, [procedure.id]).get(procedure.id)


def in_force_step_total(on: date) -> sa.ScalarSelect:
    """Correlated scalar: the step total of the procedure's revision in force on `on`."""
    inner = sa.orm.aliased(Revision)
    return (
        sa.select(inner.steps_total_minutes)
        .where(
            inner.procedure_id == Procedure.id,
            inner.status == RevisionStatus.approved,
            inner.effective_date <= on,
        )
        .order_by(inner.effective_date.desc(), inner.number.desc())
        .limit(1)
        .scalar_subquery()
    )


def legal_update_settled(procedure_id, basis=LegalBasis, known_at=None) -> sa.ColumnElement:
    """THE rule for "legal update due", used by the register, its filter, approval and the report:
    the procedure's update for a cited basis that was amended or replaced is settled only by an
    issue approved since the change was recorded (before `known_at`, for a past report) that cites
    the new text and no longer cites the replaced one (`revision_citations`, frozen at approval);
    an approval that still cites the old text, alone or beside the new one, settles nothing.
    `procedure_id` and `basis` are the SQL columns / entity (or alias) of the enclosing query."""
    later = sa.orm.aliased(Revision)
    cites_new, cites_old = (
        revision_citations.alias("cites_new"),
        revision_citations.alias("cites_old"),
    )
    approved = [
        later.procedure_id == procedure_id,
        later.status == RevisionStatus.approved,
        later.approved_at >= basis.superseded_marked_at,
        sa.exists(
            sa.select(1)
            .where(
                cites_new.c.revision_id == later.id,
                cites_new.c.legal_basis_id == basis.superseded_by_id,
            )
            .correlate_except(cites_new)
        ),
        ~sa.exists(
            sa.select(1)
            .where(cites_old.c.revision_id == later.id, cites_old.c.legal_basis_id == basis.id)
            .correlate_except(cites_old)
        ),
    ]
    if known_at is not None:
        approved.append(later.approved_at < known_at)
    return sa.exists(sa.select(1).where(*approved))


def _legal_update_pending() -> sa.Exists:
    """A cited legal basis was amended or replaced and the update is not settled."""
    return sa.exists(
        sa.select(1)
        .select_from(procedure_legal_bases)
        .join(LegalBasis, LegalBasis.id == procedure_legal_bases.c.legal_basis_id)
        .where(
            procedure_legal_bases.c.procedure_id == Procedure.id,
            LegalBasis.superseded_by_id.is_not(None),
            ~legal_update_settled(Procedure.id),
        )
    )


def status_clause(status: str, on: date):
    """SQL condition for a register status filter; None for an unknown status."""
    active = sa.or_(Procedure.withdrawn_on.is_(None), Procedure.withdrawn_on > on)

    def has_revision(*conditions):
        return sa.exists(sa.select(1).where(Revision.procedure_id == Procedure.id, *conditions))

    clauses = {
        "in_force": sa.and_(
            active,
            has_revision(Revision.status == RevisionStatus.approved, Revision.effective_date <= on),
        ),
        "draft": has_revision(Revision.status == RevisionStatus.draft),
        "in_review": has_revision(Revision.status == RevisionStatus.in_review),
        "withdrawn": sa.not_(active),
        # Withdrawn, even from a later date: no review is due any more.
        "review_overdue": sa.and_(Procedure.withdrawn_on.is_(None), Procedure.review_due_on < on),
        "legal_update_due": sa.and_(active, _legal_update_pending()),
        "over_time": sa.and_(
            active,
            Procedure.kind == ProcedureKind.tthc,
            Procedure.statutory_minutes.is_not(None),
            in_force_step_total(on) > Procedure.statutory_minutes,
        ),
    }
    return clauses.get(status)


@dataclass
class LegalFlag:
    basis: LegalBasis
    due_on: date | None
    overdue: bool


@dataclass
class RegisterRow:
    """What the register shows of one procedure, computed for a page at once."""

    procedure: Procedure
    current: Revision | None = None
    open_revision: Revision | None = None
    legal_flags: list[LegalFlag] = field(default_factory=list)
    today: date | None = None

    @property
    def withdrawn(self) -> bool:
        return self.procedure.is_withdrawn(self.today)

    @property
    def review_overdue(self) -> bool:
        due = self.procedure.review_due_on
        return self.procedure.withdrawn_on is None and due is not None and due < self.today

    @property
    def over_time(self) -> bool:
        # against the statutory time now in force: a shortened time calls for a new issue
        return bool(self.current and self.current.within(self.procedure.statutory_minutes) is False)

    @property
    def legal_update_due(self) -> bool:
        return not self.withdrawn and bool(self.legal_flags)


def register_rows(procedures: list[Procedure], on: date) -> list[RegisterRow]:
    """Rows for a page of procedures: three queries whatever the page size."""
    if not procedures:
        return []
    ids = [p.id for p in procedures]
    current = in_force(procedures[0].organisation_id, on, ids, light=True)
    open_revisions = {
        r.procedure_id: r
        for r in db.session.scalars(
            sa.select(Revision)
            .where(Revision.procedure_id.in_(ids), Revision.status.in_(OPEN_STATUSES))
            .options(*without_content())
        ).unique()
    }
    flags = legal_flags(ids, on)
    return [
        RegisterRow(p, current.get(p.id), open_revisions.get(p.id), flags.get(p.id, []), on)
        for p in procedures
    ]


def legal_flags(procedure_ids: list[int], on: date) -> dict[int, list[LegalFlag]]:
    """Per procedure, the cited legal bases amended or replaced whose update is not settled."""
    cited = procedure_legal_bases.c.procedure_id
    rows = db.session.execute(
        sa.select(cited, LegalBasis)
        .join(LegalBasis, LegalBasis.id == procedure_legal_bases.c.legal_basis_id)
        .where(
            cited.in_(procedure_ids),
            LegalBasis.superseded_by_id.is_not(None),
            ~legal_update_settled(cited),
        )
    ).unique()
    result: dict[int, list[LegalFlag]] = {}
    for procedure_id, basis in rows:
        due = basis.update_due_on
        result.setdefault(procedure_id, []).append(LegalFlag(basis, due, bool(due and due < on)))
    return result


@dataclass
class HistoryRow:
    number: int
    effective_date: date
    change_location: str
    change_summary: str
    significant: bool
    revision_id: int


def history(procedure: Procedure) -> list[HistoryRow]:
    """The theo dõi sửa đổi table, generated from the approved revisions."""
    revisions = db.session.execute(
        sa.select(
            Revision.number,
            Revision.effective_date,
            Revision.change_location,
            Revision.change_summary,
            Revision.significant,
            Revision.id,
        )
        .where(Revision.procedure_id == procedure.id, Revision.status == RevisionStatus.approved)
        .order_by(Revision.number)
    ).all()
    return [HistoryRow(*row) for row in revisions]


def revisions_of(procedure: Procedure) -> list[Revision]:
    return list(
        db.session.scalars(
            sa.select(Revision)
            .where(Revision.procedure_id == procedure.id)
            .order_by(Revision.number.desc())
        ).unique()
    )


def latest_announcement(organisation_id: int, on: date | None = None) -> Announcement | None:
    query = sa.select(Announcement).where(Announcement.organisation_id == organisation_id)
    if on is not None:
        query = query.where(Announcement.decision_date <= on)
    return db.session.scalar(query.order_by(Announcement.ordinal.desc()).limit(1))


# --- comparing two revisions ---------------------------------------------------------------


@dataclass
class LineDiff:
    tag: str  # equal, replace, delete, insert
    old: list[str]
    new: list[str]


@dataclass
class SectionDiff:
    key: str
    changed: bool
    lines: list[LineDiff]


def _line_diff(old: str, new: str) -> list[LineDiff]:
    a, b = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [LineDiff(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _step_line(step: dict) -> str:
    from .durations import Duration, DurationUnit

    duration = step.get("duration") or {}
    label = (
        Duration(
            duration.get("minutes", 0),
            DurationUnit(duration.get("unit", "working_days")),
            duration.get("within_day", False),
        ).label_vi()
        if duration
        else ""
    )
    return " | ".join(
        [step.get("title", ""), step.get("responsible", ""), label, step.get("output", "")]
    )


def compare(old: Revision | None, new: Revision, section_keys: list[str]) -> dict:
    """Changed sections and steps, side by side, with added and removed lines marked."""
    old_content = old.content if old else {}
    sections = []
    for key in section_keys:
        before, after = old_content.get(key, ""), new.content.get(key, "")
        sections.append(SectionDiff(key, before != after, _line_diff(before, after)))
    old_steps = [_step_line(s) for s in (old.steps if old else [])]
    new_steps = [_step_line(s) for s in new.steps]
    matcher = difflib.SequenceMatcher(a=old_steps, b=new_steps, autojunk=False)
    steps = [
        LineDiff(tag, old_steps[i1:i2], new_steps[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    simple = {}
    for name in ("forms", "records"):
        before = getattr(old, name) if old else []
        simple[name] = before != getattr(new, name)
    return {"sections": sections, "steps": steps, "steps_changed": old_steps != new_steps, **simple}


def diff_as_json(result: dict) -> dict:
    """The comparison in API form."""

    def lines(items):
        return [{"tag": d.tag, "old": d.old, "new": d.new} for d in items if d.tag != "equal"]

    return {
        "sections": [
            {"key": s.key, "changed": s.changed, "lines": lines(s.lines)}
            for s in result["sections"]
            if s.changed
        ],
        "steps": lines(result["steps"]),
        "steps_changed": result["steps_changed"],
        "forms_changed": result["forms"],
        "records_changed": result["records"],
    }
