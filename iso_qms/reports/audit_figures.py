"""The audits side of the compliance status: rounds held in the period with their findings, the
findings and corrective actions as they stood, this year's internal audit and management review,
and the rounds planned next. Read as plain columns (an organisation's findings and actions over the
years are many, and the audits' entities would bring their rounds, owners and organisations).
"""

from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..audits.catalogue import default_templates
from ..audits.models import (
    ActionStatus,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    FindingType,
    ManagementReview,
    Round,
    RoundKind,
    TemplateKind,
)
from ..audits.models.rounds import round_held
from ..core.timeutil import add_months
from ..extensions import db

if TYPE_CHECKING:  # compliance assembles the status from these parts
    from .compliance import Period

FINDING_TYPES = [t.value for t in FindingType]
#: What a CCHC report calls "tồn tại, hạn chế"; observations and improvement opportunities are not.
NONCONFORMITY_TYPES = (FindingType.nc_major.value, FindingType.nc_minor.value)


def _dmy(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _area_titles(org_id: int) -> dict[str, str]:
    """audits.queries.area_titles as plain columns: the organisation's own templates once it has
    adopted any, else the defaults."""
    templates = db.session.execute(
        sa.select(ChecklistTemplate.kind, ChecklistTemplate.key, ChecklistTemplate.title)
        .where(ChecklistTemplate.organisation_id == org_id)
        .order_by(ChecklistTemplate.kind, ChecklistTemplate.position, ChecklistTemplate.key)
    ).all()
    return {t.key: t.title for t in templates or default_templates() if t.kind is TemplateKind.area}


def rounds_known(org_id: int, known: datetime) -> list:
    """The organisation's rounds known by `known`, as plain columns: the report takes the period's,
    this year's internal audit and the planned ones from these few rows."""
    return db.session.execute(
        sa.select(
            Round.id,
            Round.kind,
            Round.title,
            Round.plan_ref,
            Round.inspecting_body,
            Round.start_date,
            Round.end_date,
            Round.areas,
            Round.clauses,
            Round.started_at,
        )
        .where(Round.organisation_id == org_id, Round.created_at < known)
        .order_by(Round.start_date, Round.id)
    ).all()


def action_state(period: "Period", known: datetime) -> sa.Case:
    """An action's state as the records stood: cancelled, done (verified, or completed) — a
    cancelled action never counts as done — else overdue past its due date, else open."""
    a = CorrectiveAction
    return sa.case(
        (sa.and_(a.cancelled_at.is_not(None), a.cancelled_at < known), "cancelled"),
        (
            sa.and_(
                a.status == ActionStatus.closed, a.verified_at.is_not(None), a.verified_at < known
            ),
            "done",
        ),
        (sa.and_(a.completed_at.is_not(None), a.completed_at < known), "done"),
        (a.due_date < period.as_of, "overdue"),
        else_="open",
    )


def _findings(org_id: int, known: datetime) -> list:
    """(round_id, number, type, closed, description of an open one): the state in SQL, so the
    years of closed findings cost a few bytes each."""
    closed = sa.and_(Finding.closed_at.is_not(None), Finding.closed_at < known)
    return db.session.execute(
        sa.select(
            Finding.round_id,
            Finding.number,
            Finding.type,
            sa.case((closed, 1), else_=0).label("closed"),
            sa.case((closed, None), else_=Finding.description).label("description"),
        )
        .where(Finding.organisation_id == org_id, Finding.created_at < known)
        .order_by(Finding.round_id, Finding.number)
    ).all()


def _actions(org_id: int, period: "Period", known: datetime) -> dict:
    state = action_state(period, known).label("state")
    overdue = state == "overdue"
    actions = db.session.execute(
        sa.select(
            CorrectiveAction.id,
            state,
            sa.case((overdue, CorrectiveAction.action), else_=None).label("action"),
            CorrectiveAction.due_date,
        )
        .where(CorrectiveAction.organisation_id == org_id, CorrectiveAction.created_at < known)
        .order_by(CorrectiveAction.id)
    ).all()
    states = Counter(a.state for a in actions)
    return {
        "done": states["done"],
        "open": states["open"] + states["overdue"],
        "overdue": states["overdue"],
        "cancelled": states["cancelled"],
        "overdue_items": [
            {"id": a.id, "action": a.action, "due_date": a.due_date.isoformat()}
            for a in actions
            if a.state == "overdue"
        ],
    }


def _body(round_) -> dict:
    """An external inspection's body, as the round names it: a key only external rounds have,
    so reports without one keep their bytes."""
    if round_.kind is not RoundKind.external_inspection:
        return {}
    return {"inspecting_body": round_.inspecting_body}


def _round(round_, items: list, titles: dict, known: datetime) -> dict:
    types = Counter(f.type.value for f in items)
    nonconformities = [f for f in items if f.type.value in NONCONFORMITY_TYPES]
    return {
        **_body(round_),
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
        "findings_fixed": sum(1 for f in items if f.closed),
        "held": round_held(round_, known),
        "nonconformities": len(nonconformities),
        "nonconformities_fixed": sum(1 for f in nonconformities if f.closed),
    }


def rounds_and_findings(
    org_id: int, period: "Period", known: datetime, all_rounds: list
) -> tuple[list[dict], dict, dict]:
    """The period's rounds with their findings, and the findings and actions as they stood."""
    rounds = [r for r in all_rounds if period.start <= r.start_date <= period.until]
    findings = _findings(org_id, known)
    titles = _area_titles(org_id) if rounds else {}
    by_round: dict[int, list] = {}
    for finding in findings:
        by_round.setdefault(finding.round_id, []).append(finding)
    open_findings = [f for f in findings if not f.closed]
    finding_summary = {
        "by_type": dict(sorted(Counter(f.type.value for f in findings).items())),
        "open": len(open_findings),
        "open_nonconformities": sum(
            1 for f in open_findings if f.type.value in NONCONFORMITY_TYPES
        ),
        "closed": len(findings) - len(open_findings),
        "open_items": [
            {
                "round": f.round_id,
                "number": f.number,
                "type": f.type.value,
                "description": f.description,
            }
            for f in open_findings
        ],
    }
    result = [_round(r, by_round.get(r.id, []), titles, known) for r in rounds]
    return result, finding_summary, _actions(org_id, period, known)


def annual(org_id: int, period: "Period", known: datetime, all_rounds: list) -> dict:
    year_start = date(period.as_of.year, 1, 1)
    audit = max(
        (
            r.start_date
            for r in all_rounds
            if r.kind is RoundKind.internal_audit
            and year_start <= r.start_date <= period.as_of
            and round_held(r, known)
        ),
        default=None,
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


def planned(period: "Period", procedures: dict, all_rounds: list) -> dict:
    horizon = add_months(period.as_of, 3)
    return {
        "rounds": [
            {
                "kind": r.kind.value,
                "title": r.title,
                "start_date": r.start_date.isoformat(),
                "plan_ref": r.plan_ref,
                **_body(r),
            }
            for r in all_rounds
            if r.start_date > period.as_of
        ],
        "legal_updates": [item for item in procedures["legal_update_due"]],
        "reviews_due_by": horizon.isoformat(),
    }
