"""Compliance status for the reform report: computed from the records as they stood on the as-of
date. Everything is filtered by when it was recorded, so a record added later changes no past
report. A fixed number of queries, whatever the number of procedures, people or rounds."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Organisation
from ..acknowledgements import queries as ack_queries
from ..audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingType,
    ManagementReview,
    Round,
    RoundKind,
)
from ..audits.queries import area_titles
from ..core.errors import ValidationFailed
from ..core.timeutil import add_months, end_of, today
from ..extensions import db
from ..procedures.models import (
    Announcement,
    LegalBasis,
    Procedure,
    ProcedureKind,
    ProcedureReview,
    Revision,
    RevisionStatus,
    StatutoryTime,
    procedure_legal_bases,
)
from ..procedures.queries import in_force

FINDING_TYPES = [t.value for t in FindingType]


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
    announcement = db.session.scalar(
        sa.select(Announcement)
        .where(
            Announcement.organisation_id == org_id,
            Announcement.decision_date <= period.as_of,
            Announcement.created_at < known,
        )
        .order_by(Announcement.ordinal.desc())
        .limit(1)
    )
    if announcement is None:
        return None
    return {
        "ordinal": announcement.ordinal,
        "decision_no": announcement.decision_no,
        "decision_date": announcement.decision_date.isoformat(),
        "signer": announcement.signer,
        "scope": [
            {
                "code": i.procedure_code,
                "title": i.procedure_title,
                "revision": i.revision_number,
                "kind": i.procedure_kind.value,
            }
            for i in announcement.items
        ],
    }


def _statutory_then(procedure_ids: list[int], known: datetime) -> dict[int, int | None]:
    rows = db.session.execute(
        sa.select(StatutoryTime.procedure_id, StatutoryTime.minutes)
        .where(StatutoryTime.procedure_id.in_(procedure_ids), StatutoryTime.recorded_at < known)
        .order_by(StatutoryTime.procedure_id, StatutoryTime.recorded_at, StatutoryTime.id)
    ).all()
    result: dict[int, int | None] = {}
    for procedure_id, minutes in rows:
        result[procedure_id] = minutes
    return result


def _criterion_3_4_2(current: dict[int, Revision], known: datetime) -> dict:
    tthc = {pid: r for pid, r in current.items() if r.procedure.kind is ProcedureKind.tthc}
    statutory = _statutory_then(list(tthc), known)
    items = []
    for pid, revision in sorted(tthc.items(), key=lambda kv: kv[1].procedure.code):
        limit = statutory.get(pid, revision.procedure.statutory_minutes)
        if limit is None:
            continue
        items.append(
            {
                "code": revision.procedure.code,
                "title": revision.procedure.title,
                "revision": revision.number,
                "steps_minutes": revision.steps_total_minutes,
                "statutory_minutes": limit,
                "compliant": revision.steps_total_minutes <= limit,
            }
        )
    compliant = sum(1 for item in items if item["compliant"])
    percent = round(100.0 * compliant / len(items), 1) if items else None
    return {"compliant": compliant, "total": len(items), "percent": percent, "items": items}


def _procedures(org_id: int, period: Period, known: datetime, current: dict[int, Revision]) -> dict:
    revised = db.session.execute(
        sa.select(
            Procedure.code,
            Procedure.title,
            Revision.number,
            Revision.effective_date,
            Revision.significant,
        )
        .join(Procedure, Procedure.id == Revision.procedure_id)
        .where(
            Revision.organisation_id == org_id,
            Revision.status == RevisionStatus.approved,
            Revision.effective_date >= period.start,
            Revision.effective_date <= period.until,
            Revision.approved_at < known,
        )
        .order_by(Revision.effective_date, Procedure.code)
    ).all()
    reviews = dict(
        db.session.execute(
            sa.select(ProcedureReview.procedure_id, sa.func.max(ProcedureReview.reviewed_on))
            .where(
                ProcedureReview.organisation_id == org_id,
                ProcedureReview.created_at < known,
                ProcedureReview.reviewed_on <= period.as_of,
            )
            .group_by(ProcedureReview.procedure_id)
        ).all()
    )
    last_effective = dict(
        db.session.execute(
            sa.select(Revision.procedure_id, sa.func.max(Revision.effective_date))
            .where(
                Revision.organisation_id == org_id,
                Revision.status == RevisionStatus.approved,
                Revision.effective_date <= period.as_of,
                Revision.approved_at < known,
            )
            .group_by(Revision.procedure_id)
        ).all()
    )
    overdue = []
    for pid, revision in sorted(current.items(), key=lambda kv: kv[1].procedure.code):
        base = max([d for d in (reviews.get(pid), last_effective.get(pid)) if d], default=None)
        due = add_months(base, revision.procedure.review_interval_months) if base else None
        if due and due < period.as_of:
            overdue.append(
                {
                    "code": revision.procedure.code,
                    "title": revision.procedure.title,
                    "due_on": due.isoformat(),
                }
            )
    return {
        "in_force": len(current),
        "revised_in_period": [
            {
                "code": c,
                "title": t,
                "revision": n,
                "effective_date": e.isoformat(),
                "significant": s,
            }
            for c, t, n, e, s in revised
        ],
        "review_overdue": overdue,
        "legal_update_due": _legal_updates(org_id, period, known, current),
    }


def _legal_updates(
    org_id: int, period: Period, known: datetime, current: dict[int, Revision]
) -> list[dict]:
    rows = (
        db.session.execute(
            sa.select(procedure_legal_bases.c.procedure_id, LegalBasis)
            .join(LegalBasis, LegalBasis.id == procedure_legal_bases.c.legal_basis_id)
            .where(
                LegalBasis.organisation_id == org_id,
                LegalBasis.superseded_by_id.is_not(None),
                LegalBasis.superseded_marked_at < known,
            )
        )
        .unique()
        .all()
    )
    approvals = db.session.execute(
        sa.select(Revision.procedure_id, Revision.approved_at).where(
            Revision.organisation_id == org_id,
            Revision.status == RevisionStatus.approved,
            Revision.approved_at < known,
        )
    ).all()
    latest: dict[int, datetime] = {}
    for pid, at in approvals:
        latest[pid] = max(latest.get(pid, at), at)
    result = []
    for pid, basis in rows:
        revision = current.get(pid)
        if (
            revision is None
            or latest.get(pid, basis.superseded_marked_at) > basis.superseded_marked_at
        ):
            continue
        due = basis.update_due_on
        result.append(
            {
                "code": revision.procedure.code,
                "title": revision.procedure.title,
                "legal_basis": basis.number,
                "new_legal_basis": basis.superseded_by.number,
                "due_on": due.isoformat() if due else None,
                "overdue": bool(due and due < period.as_of),
            }
        )
    return sorted(result, key=lambda r: (r["code"], r["legal_basis"]))


def _finding_state(finding, known: datetime) -> str:
    return "closed" if finding.closed_at is not None and finding.closed_at < known else "open"


def _action_state(action, period: Period, known: datetime) -> str:
    if action.cancelled_at is not None and action.cancelled_at < known:
        return "cancelled"
    if action.status is ActionStatus.closed and action.verified_at and action.verified_at < known:
        return "done"
    if action.completed_at is not None and action.completed_at < known:
        return "done"
    return "overdue" if action.due_date < period.as_of else "open"


def _rounds(org_id: int, period: Period, known: datetime) -> tuple[list[dict], dict, dict]:
    rounds = (
        db.session.scalars(
            sa.select(Round)
            .where(
                Round.organisation_id == org_id,
                Round.start_date >= period.start,
                Round.start_date <= period.until,
                Round.created_at < known,
            )
            .order_by(Round.start_date, Round.id)
        )
        .unique()
        .all()
    )
    # Plain columns, not entities: an organisation's findings and actions over the years are many,
    # and the entities would bring their rounds, owners and organisations along.
    findings = db.session.execute(
        sa.select(
            Finding.round_id, Finding.number, Finding.type, Finding.description, Finding.closed_at
        )
        .where(Finding.organisation_id == org_id, Finding.created_at < known)
        .order_by(Finding.round_id, Finding.number)
    ).all()
    actions = db.session.execute(
        sa.select(
            CorrectiveAction.id,
            CorrectiveAction.action,
            CorrectiveAction.due_date,
            CorrectiveAction.status,
            CorrectiveAction.cancelled_at,
            CorrectiveAction.verified_at,
            CorrectiveAction.completed_at,
        )
        .where(CorrectiveAction.organisation_id == org_id, CorrectiveAction.created_at < known)
        .order_by(CorrectiveAction.id)
    ).all()
    titles = area_titles(org_id)
    by_round: dict[int, list[Finding]] = {}
    for finding in findings:
        by_round.setdefault(finding.round_id, []).append(finding)
    result = []
    for round_ in rounds:
        items = by_round.get(round_.id, [])
        types = Counter(f.type.value for f in items)
        result.append(
            {
                "id": round_.id,
                "kind": round_.kind.value,
                "title": round_.title,
                "plan_ref": round_.plan_ref,
                "start_date": round_.start_date.isoformat(),
                "end_date": round_.end_date.isoformat(),
                "areas": [titles.get(a, a) for a in round_.areas or []],
                "area_codes": list(round_.areas or []),
                "clauses": list(round_.clauses or []),
                "findings": {t: types.get(t, 0) for t in FINDING_TYPES},
                "findings_total": len(items),
                "findings_fixed": sum(1 for f in items if _finding_state(f, known) == "closed"),
            }
        )
    finding_summary = {
        "by_type": dict(sorted(Counter(f.type.value for f in findings).items())),
        "open": sum(1 for f in findings if _finding_state(f, known) == "open"),
        "closed": sum(1 for f in findings if _finding_state(f, known) == "closed"),
        "open_items": [
            {
                "round": f.round_id,
                "number": f.number,
                "type": f.type.value,
                "description": f.description,
            }
            for f in findings
            if _finding_state(f, known) == "open"
        ],
    }
    states = Counter(_action_state(a, period, known) for a in actions)
    action_summary = {
        "done": states["done"],
        "open": states["open"] + states["overdue"],
        "overdue": states["overdue"],
        "cancelled": states["cancelled"],
        "overdue_items": [
            {"id": a.id, "action": a.action, "due_date": a.due_date.isoformat()}
            for a in actions
            if _action_state(a, period, known) == "overdue"
        ],
    }
    return result, finding_summary, action_summary


def _annual(org_id: int, period: Period, known: datetime) -> dict:
    year_start = date(period.as_of.year, 1, 1)
    audit = db.session.scalar(
        sa.select(Round.start_date)
        .where(
            Round.organisation_id == org_id,
            Round.kind == RoundKind.internal_audit,
            Round.start_date >= year_start,
            Round.start_date <= period.as_of,
            Round.created_at < known,
        )
        .order_by(Round.start_date.desc())
        .limit(1)
    )
    review = db.session.scalar(
        sa.select(ManagementReview.held_on)
        .where(
            ManagementReview.organisation_id == org_id,
            ManagementReview.held_on >= year_start,
            ManagementReview.held_on <= period.as_of,
            ManagementReview.held_recorded_at.is_not(None),
            ManagementReview.held_recorded_at < known,
        )
        .order_by(ManagementReview.held_on.desc())
        .limit(1)
    )
    return {
        "year": period.as_of.year,
        "internal_audit_held": audit is not None,
        "internal_audit_date": _dmy(audit),
        "management_review_held": review is not None,
        "management_review_date": _dmy(review),
    }


def _planned(org_id: int, period: Period, known: datetime, procedures: dict) -> dict:
    rounds = db.session.execute(
        sa.select(Round.kind, Round.title, Round.start_date, Round.plan_ref)
        .where(
            Round.organisation_id == org_id,
            Round.start_date > period.as_of,
            Round.created_at < known,
        )
        .order_by(Round.start_date)
    ).all()
    horizon = add_months(period.as_of, 3)
    return {
        "rounds": [
            {"kind": k.value, "title": t, "start_date": d.isoformat(), "plan_ref": p}
            for k, t, d, p in rounds
        ],
        "legal_updates": [item for item in procedures["legal_update_due"]],
        "reviews_due_by": horizon.isoformat(),
    }


def compliance_status(organisation: Organisation, period: Period) -> dict:
    """The whole status as a plain, JSON-ready dict (same inputs → same output)."""
    known = end_of(period.as_of)
    org_id = organisation.id
    current = in_force(org_id, period.as_of, known_at=known, light=True)
    procedures = _procedures(org_id, period, known, current)
    announcement = _announcement(org_id, period, known)
    procedures["in_scope"] = len(announcement["scope"]) if announcement else 0
    coverage = ack_queries.coverage(org_id, period.as_of)
    rounds, findings, actions = _rounds(org_id, period, known)
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
        "criterion_3_4_2": _criterion_3_4_2(current, known),
        "acknowledgement": {
            "people": coverage.people,
            "acknowledged": coverage.acknowledged,
            "coverage_percent": coverage.percent if coverage.people else None,
            "overdue_tasks": coverage.overdue,
        },
        "rounds": rounds,
        "findings": findings,
        "actions": actions,
        "annual_duties": _annual(org_id, period, known),
        "planned": _planned(org_id, period, known, procedures),
        "has_data": bool(current or announcement or rounds),
    }
