"""The management-review input pack (ISO 9001 9.3.2), generated from the records."""

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa

from ..accounts.models import User
from ..core.timeutil import start_of, utcnow
from ..extensions import db
from .models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ActionVerification,
    CorrectiveAction,
    Finding,
    FindingStatus,
    FindingType,
    ManagementReview,
    ReviewStatus,
    Round,
)
from .round_queries import action_list_options, finding_counts


def reviews_query(organisation_id: int) -> sa.Select:
    """Management reviews, newest first, with their decisions (one query a page, not one a row)."""
    return (
        sa.select(ManagementReview)
        .where(ManagementReview.organisation_id == organisation_id)
        .options(action_list_options(ManagementReview.decisions))
        .order_by(ManagementReview.held_on.desc(), ManagementReview.id.desc())
    )


def acknowledgement_coverage(organisation_id: int, on: date) -> dict | None:
    """Hook for the input pack: who has read the procedures in force (from acknowledgements)."""
    try:
        from ..acknowledgements.queries import coverage
    except ImportError:  # pragma: no cover - acknowledgements not installed
        return None
    result = coverage(organisation_id, on)
    return {
        "people": result.people,
        "acknowledged": result.acknowledged,
        "percent": result.percent,
        "tasks": result.tasks,
        "tasks_done": result.tasks_done,
        "overdue": result.overdue,
    }


def review_period(review: ManagementReview) -> tuple[date, date]:
    """From the day after the previous held review (else 1 January) to the review's date."""
    previous = db.session.scalar(
        sa.select(sa.func.max(ManagementReview.held_on)).where(
            ManagementReview.organisation_id == review.organisation_id,
            ManagementReview.status == ReviewStatus.held,
            ManagementReview.held_on < review.held_on,
            ManagementReview.id != review.id,
        )
    )
    start = previous + timedelta(days=1) if previous else date(review.held_on.year, 1, 1)
    return start, review.held_on


def _audit_results(organisation_id: int, start: date, end: date) -> tuple[list[dict], list[int]]:
    rounds = db.session.execute(
        sa.select(Round.id, Round.kind, Round.title, Round.plan_ref, Round.start_date, Round.status)
        .where(Round.organisation_id == organisation_id, Round.start_date.between(start, end))
        .order_by(Round.start_date)
    ).all()
    counts = finding_counts([r.id for r in rounds])
    items = [
        {
            "id": r.id,
            "kind": r.kind.value,
            "title": r.title,
            "plan_ref": r.plan_ref,
            "start_date": r.start_date.isoformat(),
            "status": r.status.value,
            "findings": {t.value: counts[r.id].get(t, 0) for t in FindingType},
        }
        for r in rounds
    ]
    return items, [r.id for r in rounds]


def _findings_and_actions(
    organisation_id: int, round_ids: list[int], start: date, end: date
) -> dict:
    # Counted by the database (GROUP BY), not row by row in Python.
    findings = (
        db.session.execute(
            sa.select(Finding.type, Finding.status, sa.func.count())
            .where(Finding.round_id.in_(round_ids))
            .group_by(Finding.type, Finding.status)
        ).all()
        if round_ids
        else []
    )
    late = sa.and_(
        CorrectiveAction.status.in_(OPEN_ACTION_STATUSES), CorrectiveAction.due_date < end
    )
    actions = (
        db.session.execute(
            sa.select(
                CorrectiveAction.status,
                sa.func.count(),
                sa.func.sum(sa.case((late, 1), else_=0)),
            )
            .join(Finding, Finding.id == CorrectiveAction.finding_id)
            .where(Finding.round_id.in_(round_ids))
            .group_by(CorrectiveAction.status)
        ).all()
        if round_ids
        else []
    )
    verdicts = dict(
        db.session.execute(
            sa.select(ActionVerification.effective, sa.func.count())
            .where(
                ActionVerification.organisation_id == organisation_id,
                ActionVerification.verified_at >= start_of(start),
                ActionVerification.verified_at < start_of(end + timedelta(days=1)),
            )
            .group_by(ActionVerification.effective)
        ).all()
    )
    open_earlier = (
        db.session.scalar(
            sa.select(sa.func.count(Finding.id))
            .join(Round)
            .where(
                Finding.organisation_id == organisation_id,
                Finding.status == FindingStatus.open,
                Round.start_date < start,
            )
        )
        or 0
    )
    by_type, by_status = Counter(), Counter()
    for finding_type, status, count in findings:
        by_type[finding_type] += count
        by_status[status] += count
    status_counts = {status.value: count for status, count, _late in actions}
    verified = verdicts.get(True, 0) + verdicts.get(False, 0)
    return {
        "findings": {
            "by_type": {t.value: by_type.get(t, 0) for t in FindingType},
            "open": by_status.get(FindingStatus.open, 0),
            "closed": by_status.get(FindingStatus.closed, 0),
            "open_from_earlier_rounds": open_earlier,
        },
        "actions": {
            **{s.value: status_counts.get(s.value, 0) for s in ActionStatus},
            "overdue": sum(int(n or 0) for _status, _count, n in actions),
            "verified_effective": verdicts.get(True, 0),
            "verified_not_effective": verdicts.get(False, 0),
            "effectiveness_percent": round(100 * verdicts.get(True, 0) / verified)
            if verified
            else None,
        },
    }


def _procedure_changes(
    organisation_id: int, start: date, end: date
) -> tuple[list[dict], list[dict]]:
    from ..procedures.queries import in_force, legal_flags

    current = in_force(organisation_id, end)
    changes = sorted(
        (
            {
                "code": r.procedure.code,
                "title": r.procedure.title,
                "number": r.number,
                "effective_date": r.effective_date.isoformat(),
                "change_summary": r.change_summary,
            }
            for r in current.values()
            if r.effective_date >= start
        ),
        key=lambda c: c["code"],
    )
    flags = legal_flags(list(current), end) if current else {}
    codes = {pid: r.procedure.code for pid, r in current.items()}
    legal = sorted(
        (
            {
                "code": codes[pid],
                "basis": f.basis.number,
                "replaced_by": f.basis.superseded_by.number if f.basis.superseded_by else "",
                "due_on": f.due_on.isoformat() if f.due_on else None,
                "overdue": f.overdue,
            }
            for pid, items in flags.items()
            for f in items
        ),
        key=lambda c: (c["code"], c["basis"]),
    )
    return changes, legal


def _previous_decisions(review: ManagementReview) -> list[dict]:
    # Plain columns: whole actions would join their finding's round, their review's chair ...
    previous = db.session.execute(
        sa.select(
            ManagementReview.title,
            ManagementReview.held_on,
            CorrectiveAction.number,
            CorrectiveAction.action,
            User.full_name,
            CorrectiveAction.due_date,
            CorrectiveAction.status,
        )
        .join(ManagementReview, ManagementReview.id == CorrectiveAction.review_id)
        .join(User, User.id == CorrectiveAction.owner_id)
        .where(
            ManagementReview.organisation_id == review.organisation_id,
            ManagementReview.held_on < review.held_on,
            ManagementReview.id != review.id,
        )
        .order_by(ManagementReview.held_on, CorrectiveAction.number)
    ).all()
    return [
        {
            "review": title,
            "review_date": held_on.isoformat(),
            "number": number,
            "action": action,
            "owner": owner,
            "due_date": due_date.isoformat(),
            "status": status.value,
        }
        for title, held_on, number, action, owner, due_date, status in previous
    ]


#: Inputs other features add to the pack: fn(organisation_id, start, end) -> dict of JSON keys
#: (measurement adds objectives, process performance, nonconforming outputs, risk actions).
REVIEW_INPUTS: list = []


def register_review_input(compute) -> None:
    if compute not in REVIEW_INPUTS:
        REVIEW_INPUTS.append(compute)


def review_input_pack(review: ManagementReview) -> dict:
    """The inputs ISO 9001 9.3.2 asks for, generated from the records (JSON, frozen when held)."""
    start, end = review_period(review)
    audits, round_ids = _audit_results(review.organisation_id, start, end)
    changes, legal = _procedure_changes(review.organisation_id, start, end)
    pack = {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "generated_at": utcnow().isoformat(),
        "audits": audits,
        **_findings_and_actions(review.organisation_id, round_ids, start, end),
        "acknowledgement": acknowledgement_coverage(review.organisation_id, end),
        "procedure_changes": changes,
        "legal_updates_due": legal,
        "previous_decisions": _previous_decisions(review),
    }
    for compute in REVIEW_INPUTS:
        pack.update(compute(review.organisation_id, start, end))
    return pack
