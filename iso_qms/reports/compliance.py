"""Compliance status for the reform report: computed from the records as they stood on the as-of
date. Everything is filtered by when it was recorded, so a record added later changes no past
report. A fixed number of queries (about ten, most returning plain columns), whatever the number
of procedures, people or rounds; the roll-up's grouped figures are in `aggregate`."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Organisation
from ..acknowledgements import queries as ack_queries
from ..core.errors import ValidationFailed
from ..core.timeutil import add_months, end_of, today
from ..extensions import db
from ..performance import figures as performance_figures
from ..procedures.models import (
    Announcement,
    AnnouncementItem,
    LegalBasis,
    Procedure,
    ProcedureKind,
    ProcedureReview,
    Revision,
    RevisionStatus,
    StatutoryTime,
    procedure_legal_bases,
)
from ..procedures.queries import legal_update_settled
from . import aggregate, audit_figures, objective_notes


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    as_of: date

    @property
    def until(self) -> date:
        """The last day the report can know about."""
        return min(self.end, self.as_of)


def make_period(start: date | None, end: date | None, as_of: date | None) -> Period:
    """Check a requested period; impossible ones get a clear message (422)."""
    errors = {}
    if start is None:
        errors["from"] = _("Enter the first day of the period (dd/mm/yyyy).")
    if end is None:
        errors["to"] = _("Enter the last day of the period (dd/mm/yyyy).")
    if start and end and end < start:
        errors["to"] = _("The period cannot end before it starts.")
    as_of = as_of or min(end or today(), today())
    if as_of > today():
        errors["as_of"] = _("The as-of date cannot be in the future.")
    if start and as_of < start:
        errors["as_of"] = _("The as-of date cannot be before the period starts.")
    if errors:
        raise ValidationFailed(fields=errors)
    return Period(start, end, as_of)


def _dmy(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _announcement(org_id: int, period: Period, known: datetime) -> dict | None:
    """The announcement in force and its frozen scope: one query (the items joined)."""
    latest = aggregate.latest_announcements([org_id], period, known)
    rows = db.session.execute(
        sa.select(
            Announcement.ordinal,
            Announcement.decision_no,
            Announcement.decision_date,
            Announcement.signer,
            AnnouncementItem.id,
            AnnouncementItem.procedure_code,
            AnnouncementItem.procedure_title,
            AnnouncementItem.revision_number,
            AnnouncementItem.procedure_kind,
        )
        .join(latest, latest.c.id == Announcement.id)
        .outerjoin(AnnouncementItem, AnnouncementItem.announcement_id == Announcement.id)
        .order_by(AnnouncementItem.procedure_code, AnnouncementItem.id)
    ).all()
    if not rows:
        return None
    first = rows[0]
    return {
        "ordinal": first.ordinal,
        "decision_no": first.decision_no,
        "decision_date": first.decision_date.isoformat(),
        "signer": first.signer,
        "scope": [
            {
                "code": r.procedure_code,
                "title": r.procedure_title,
                "revision": r.revision_number,
                "kind": r.procedure_kind.value,
            }
            for r in rows
            if r.id is not None
        ],
    }


def _revision_rows(org_id: int, period: Period, known: datetime) -> list:
    """The approved revisions known by `known` and effective by the as-of date that are either the
    latest of their procedure (rank 1) or effective in the period, with their procedure's columns,
    the statutory time then and the last periodic review: one query."""
    rank = sa.func.row_number().over(
        partition_by=Revision.procedure_id,
        order_by=(Revision.effective_date.desc(), Revision.number.desc()),
    )
    ranked = (
        sa.select(
            Revision.procedure_id,
            Revision.number,
            Revision.effective_date,
            Revision.significant,
            Revision.steps_total_minutes,
            rank.label("rank"),
        )
        .where(
            Revision.organisation_id == org_id,
            Revision.status == RevisionStatus.approved,
            Revision.effective_date <= period.as_of,
            Revision.approved_at < known,
        )
        .subquery()
    )
    reviews = (
        sa.select(
            ProcedureReview.procedure_id, sa.func.max(ProcedureReview.reviewed_on).label("on")
        )
        .where(
            ProcedureReview.organisation_id == org_id,
            ProcedureReview.created_at < known,
            ProcedureReview.reviewed_on <= period.as_of,
        )
        .group_by(ProcedureReview.procedure_id)
        .subquery()
    )
    return db.session.execute(
        sa.select(
            ranked,
            Procedure.code,
            Procedure.title,
            Procedure.kind,
            Procedure.review_interval_months,
            Procedure.withdrawn_on,
            aggregate.statutory_limit().label("statutory_minutes"),
            reviews.c.on.label("reviewed_on"),
        )
        .join(Procedure, Procedure.id == ranked.c.procedure_id)
        .outerjoin(StatutoryTime, StatutoryTime.id == aggregate.statutory_then(known))
        .outerjoin(reviews, reviews.c.procedure_id == ranked.c.procedure_id)
        .where(sa.or_(ranked.c.rank == 1, ranked.c.effective_date >= period.start))
    ).all()


def _current(rows: list, period: Period) -> dict[int, object]:
    """{procedure id: its row} for the revisions in force on the as-of date (procedures.in_force's
    rule: the latest effective issue, the procedure not withdrawn by then)."""
    on = period.as_of
    return {
        r.procedure_id: r
        for r in rows
        if r.rank == 1 and (r.withdrawn_on is None or r.withdrawn_on > on)
    }


def _criterion_3_4_2(current: dict[int, object]) -> dict:
    items = []
    for row in sorted(current.values(), key=lambda r: r.code):
        if row.kind is not ProcedureKind.tthc or row.statutory_minutes is None:
            continue
        items.append(
            {
                "code": row.code,
                "title": row.title,
                "revision": row.number,
                "steps_minutes": row.steps_total_minutes,
                "statutory_minutes": row.statutory_minutes,
                "compliant": row.steps_total_minutes <= row.statutory_minutes,
            }
        )
    compliant = sum(1 for item in items if item["compliant"])
    percent = round(100.0 * compliant / len(items), 1) if items else None
    return {"compliant": compliant, "total": len(items), "percent": percent, "items": items}


def _procedures(
    org_id: int, period: Period, known: datetime, rows: list, current: dict[int, object]
) -> dict:
    revised = sorted(
        (r for r in rows if period.start <= r.effective_date <= period.until),
        key=lambda r: (r.effective_date, r.code, r.number),
    )
    overdue = []
    for row in sorted(current.values(), key=lambda r: r.code):
        # The issue in force is the last one effective by then: its date is the last effective.
        base = max([d for d in (row.reviewed_on, row.effective_date) if d], default=None)
        due = add_months(base, row.review_interval_months) if base else None
        if due and due < period.as_of:
            overdue.append({"code": row.code, "title": row.title, "due_on": due.isoformat()})
    return {
        "in_force": len(current),
        "revised_in_period": [
            {
                "code": r.code,
                "title": r.title,
                "revision": r.number,
                "effective_date": r.effective_date.isoformat(),
                "significant": r.significant,
                "kind": r.kind.value,
            }
            for r in revised
        ],
        "review_overdue": overdue,
        "legal_update_due": _legal_updates(org_id, period, known, current),
    }


def _legal_updates(
    org_id: int, period: Period, known: datetime, current: dict[int, object]
) -> list[dict]:
    new = sa.orm.aliased(LegalBasis)
    rows = db.session.execute(
        sa.select(
            procedure_legal_bases.c.procedure_id,
            LegalBasis.number,
            LegalBasis.superseded_marked_at,
            new.number.label("new_number"),
            new.effective_on.label("new_effective_on"),
        )
        .join(LegalBasis, LegalBasis.id == procedure_legal_bases.c.legal_basis_id)
        .join(new, new.id == LegalBasis.superseded_by_id)
        .where(
            LegalBasis.organisation_id == org_id,
            LegalBasis.superseded_by_id.is_not(None),
            LegalBasis.superseded_marked_at < known,
            ~legal_update_settled(procedure_legal_bases.c.procedure_id, LegalBasis, known),
        )
    ).all()
    result = []
    for pid, number, marked, new_number, new_effective_on in rows:
        row = current.get(pid)
        if row is None:
            continue
        # LegalBasis.update_due_on: within 3 months of the new text's effect.
        due = add_months(new_effective_on or marked.date(), 3)
        result.append(
            {
                "code": row.code,
                "title": row.title,
                "legal_basis": number,
                "new_legal_basis": new_number,
                "due_on": due.isoformat(),
                "overdue": due < period.as_of,
            }
        )
    return sorted(result, key=lambda r: (r["code"], r["legal_basis"]))


def _acknowledgement(coverage: ack_queries.CoverageFigures, anything_in_force: bool) -> dict:
    """Reading as of the date: each person read, not yet due or overdue (one rule, in
    acknowledgements.queries); with nothing in force there is nothing to have read, so no figure
    (not 100%)."""
    counted = bool(coverage.people and anything_in_force)
    return {
        "people": coverage.people,
        "acknowledged": coverage.acknowledged,
        "coverage_percent": coverage.percent if counted else None,
        "overdue_tasks": coverage.overdue,
        # People: read + not_yet_due + overdue = people.
        "read": coverage.read if counted else None,
        "not_yet_due": coverage.not_yet_due if counted else None,
        "overdue": coverage.late if counted else None,
    }


def compliance_status(organisation: Organisation, period: Period) -> dict:
    """The whole status as a plain, JSON-ready dict (same inputs → same output)."""
    known = end_of(period.as_of)
    org_id = organisation.id
    rows = _revision_rows(org_id, period, known)
    current = _current(rows, period)
    procedures = _procedures(org_id, period, known, rows, current)
    announcement = _announcement(org_id, period, known)
    procedures["in_scope"] = len(announcement["scope"]) if announcement else 0
    coverage = ack_queries.coverage_by_organisation([org_id], period.as_of).get(
        org_id, ack_queries.CoverageFigures()
    )
    all_rounds = audit_figures.rounds_known(org_id, known)
    rounds, findings, actions = audit_figures.rounds_and_findings(org_id, period, known, all_rounds)
    return {
        "organisation": {
            "id": org_id,
            "code": organisation.code,
            "name": organisation.name,
            "level": organisation.level.value,
            "place_name": organisation.place_name,
        },
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "as_of": period.as_of.isoformat(),
        },
        "announcement": announcement,
        "procedures": procedures,
        "criterion_3_4_2": _criterion_3_4_2(current),
        "acknowledgement": _acknowledgement(coverage, bool(current)),
        "rounds": rounds,
        "findings": findings,
        "actions": actions,
        "annual_duties": audit_figures.annual(org_id, period, known, all_rounds),
        "planned": audit_figures.planned(period, procedures, all_rounds),
        # the dossier records' figures (issue 14): has_data False when nothing was imported
        "performance": performance_figures.report_figures(org_id, period),
        # the year's quality objectives in force, weighed as of the date (issue 14)
        "objectives": objective_notes.objective_figures(org_id, period),
        "has_data": bool(current or announcement or rounds),
    }
