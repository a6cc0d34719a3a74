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
from ..core.timeutil import add_months
from ..extensions import db

if TYPE_CHECKING:  # compliance assembles the status from these parts
    from .compliance import Period

FINDING_TYPES = [t.value for t in FindingType]


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


def _finding_state(finding, known: datetime) -> str:
    return "closed" if finding.closed_at is not None and finding.closed_at < known else "open"


def _action_state(action, period: "Period", known: datetime) -> str:
    if action.cancelled_at is not None and action.cancelled_at < known:
        return "cancelled"
    if action.status is ActionStatus.closed and action.verified_at and action.verified_at < known:
        return "done"
    if action.completed_at is not None and action.completed_at < known:
        return "done"
    return "overdue" if action.due_date < period.as_of else "open"


def rounds_known(org_id: int, known: datetime) -> list:
    """The organisation's rounds known by `known`, as plain columns: the report takes the period's,
    this year's internal audit and the planned ones from these few rows."""
    return db.session.execute(
        sa.select(
            Round.id,
            Round.kind,
            Round.title,
            Round.plan_ref,
            Round.start_date,
            Round.end_date,
            Round.areas,
            Round.clauses,
        )
        .where(Round.organisation_id == org_id, Round.created_at < known)
        .order_by(Round.start_date, Round.id)
    ).all()


def rounds_and_findings(
    org_id: int, period: "Period", known: datetime, all_rounds: list
) -> tuple[list[dict], dict, dict]:
    rounds = [r for r in all_rounds if period.start <= r.start_date <= period.until]
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
    titles = _area_titles(org_id) if rounds else {}
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


def annual(org_id: int, period: "Period", known: datetime, all_rounds: list) -> dict:
    year_start = date(period.as_of.year, 1, 1)
    audit = max(
        (
            r.start_date
            for r in all_rounds
            if r.kind is RoundKind.internal_audit and year_start <= r.start_date <= period.as_of
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
            }
            for r in all_rounds
            if r.start_date > period.as_of
        ],
        "legal_updates": [item for item in procedures["legal_update_due"]],
        "reviews_due_by": horizon.isoformat(),
    }
