"""Reading inspections and audits: lists with a fixed number of queries, annual duties, the
management-review input pack."""

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..core.timeutil import start_of, today, utcnow
from ..extensions import db
from .catalogue import TemplateSpec, default_templates
from .models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ActionVerification,
    ChecklistLine,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    FindingStatus,
    FindingType,
    LineResult,
    ManagementReview,
    ReviewStatus,
    Round,
    RoundKind,
    RoundStatus,
    TemplateKind,
)

HELD_ROUND_STATUSES = (RoundStatus.reported, RoundStatus.closed)


# --- templates -----------------------------------------------------------------------------


def effective_templates(organisation_id: int) -> list[ChecklistTemplate | TemplateSpec]:
    """The organisation's own templates once adopted, else the defaults."""
    rows = list(
        db.session.scalars(
            sa.select(ChecklistTemplate)
            .where(ChecklistTemplate.organisation_id == organisation_id)
            .order_by(ChecklistTemplate.kind, ChecklistTemplate.position, ChecklistTemplate.key)
        )
    )
    return rows or default_templates()


def area_titles(organisation_id: int) -> dict[str, str]:
    return {
        t.key: t.title for t in effective_templates(organisation_id) if t.kind is TemplateKind.area
    }


# --- rounds --------------------------------------------------------------------------------


def year_of(query_year: int | None) -> int:
    return query_year or today().year


def rounds_query(
    organisation_id: int,
    year: int | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> sa.Select:
    query = sa.select(Round).where(Round.organisation_id == organisation_id)
    if year:
        query = query.where(
            Round.start_date >= date(year, 1, 1), Round.start_date <= date(year, 12, 31)
        )
    if kind in {k.value for k in RoundKind}:
        query = query.where(Round.kind == RoundKind(kind))
    if status in {s.value for s in RoundStatus}:
        query = query.where(Round.status == RoundStatus(status))
    return query.order_by(Round.start_date, Round.id)


def round_years(organisation_id: int) -> list[int]:
    """Years that have rounds, newest first, always with this year."""
    days = db.session.scalars(
        sa.select(Round.start_date).where(Round.organisation_id == organisation_id)
    )
    return sorted({d.year for d in days} | {today().year}, reverse=True)


def finding_counts(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(finding type → n)} in one query."""
    result: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    if not round_ids:
        return result
    rows = db.session.execute(
        sa.select(Finding.round_id, Finding.type, sa.func.count(Finding.id))
        .where(Finding.round_id.in_(round_ids))
        .group_by(Finding.round_id, Finding.type)
    ).all()
    for round_id, finding_type, count in rows:
        result[round_id][finding_type] = count
    return result


def line_counts(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(result or None → n)} in one query."""
    result: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    if not round_ids:
        return result
    rows = db.session.execute(
        sa.select(ChecklistLine.round_id, ChecklistLine.result, sa.func.count(ChecklistLine.id))
        .where(ChecklistLine.round_id.in_(round_ids))
        .group_by(ChecklistLine.round_id, ChecklistLine.result)
    ).all()
    for round_id, line_result, count in rows:
        result[round_id][line_result] = count
    return result


def checklist_lines(round_: Round) -> list[ChecklistLine]:
    """The round's lines with procedure, revision, evidence and finding: a fixed number of queries."""
    return list(
        db.session.scalars(
            sa.select(ChecklistLine)
            .where(ChecklistLine.round_id == round_.id)
            .options(joinedload(ChecklistLine.procedure), joinedload(ChecklistLine.revision))
            .order_by(ChecklistLine.position, ChecklistLine.id)
        ).unique()
    )


def round_findings(round_: Round) -> list[Finding]:
    return list(
        db.session.scalars(
            sa.select(Finding)
            .where(Finding.round_id == round_.id)
            .options(selectinload(Finding.actions), selectinload(Finding.evidence_files))
            .order_by(Finding.number)
        ).unique()
    )


# --- findings and actions ------------------------------------------------------------------


def overdue_clause(on: date):
    return sa.and_(
        CorrectiveAction.status.in_(OPEN_ACTION_STATUSES), CorrectiveAction.due_date < on
    )


def findings_query(
    organisation_id: int,
    status: str | None = None,
    overdue: bool = False,
    finding_type: str | None = None,
    round_id: int | None = None,
    on: date | None = None,
) -> sa.Select:
    query = (
        sa.select(Finding)
        .where(Finding.organisation_id == organisation_id)
        .options(selectinload(Finding.actions))
    )
    if status in {s.value for s in FindingStatus}:
        query = query.where(Finding.status == FindingStatus(status))
    if finding_type in {t.value for t in FindingType}:
        query = query.where(Finding.type == FindingType(finding_type))
    if round_id:
        query = query.where(Finding.round_id == round_id)
    if overdue:
        query = query.where(
            sa.exists(
                sa.select(1).where(
                    CorrectiveAction.finding_id == Finding.id, overdue_clause(on or today())
                )
            )
        )
    return query.order_by(Finding.created_at.desc(), Finding.id.desc())


ACTION_SCOPES = ("mine", "overdue", "open", "verify", "all")


def actions_query(organisation_id: int, scope: str, user, on: date | None = None) -> sa.Select:
    """Actions of a list page: mine (open or awaiting verification), overdue, open, to verify, all."""
    on = on or today()
    query = sa.select(CorrectiveAction).where(CorrectiveAction.organisation_id == organisation_id)
    if scope == "mine":
        query = query.where(
            CorrectiveAction.owner_id == user.id,
            CorrectiveAction.status.in_((*OPEN_ACTION_STATUSES, ActionStatus.done)),
        )
    elif scope == "overdue":
        query = query.where(overdue_clause(on))
    elif scope == "open":
        query = query.where(CorrectiveAction.status.in_(OPEN_ACTION_STATUSES))
    elif scope == "verify":
        query = query.where(
            CorrectiveAction.status == ActionStatus.done, CorrectiveAction.owner_id != user.id
        )
    return query.order_by(CorrectiveAction.due_date, CorrectiveAction.id)


def my_action_counts(user, on: date | None = None) -> dict:
    on = on or today()
    late = sa.func.sum(sa.case((CorrectiveAction.due_date < on, 1), else_=0))
    rows = db.session.execute(
        sa.select(CorrectiveAction.status, sa.func.count(), late)
        .where(
            CorrectiveAction.owner_id == user.id,
            CorrectiveAction.status.in_((*OPEN_ACTION_STATUSES, ActionStatus.done)),
        )
        .group_by(CorrectiveAction.status)
    ).all()
    counts = {"open": 0, "overdue": 0, "awaiting_verification": 0}
    for status, count, overdue in rows:
        if status is ActionStatus.done:
            counts["awaiting_verification"] += count
        else:
            counts["open"] += count
            counts["overdue"] += int(overdue or 0)
    return counts


# --- annual duties (QĐ 19/2014/QĐ-TTg) -------------------------------------------------------


def annual_duties(organisation_id: int, year: int) -> dict:
    """Whether this year's internal audit and management review were held (at least one each)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    audits = db.session.execute(
        sa.select(Round.id, Round.title, Round.start_date, Round.status)
        .where(
            Round.organisation_id == organisation_id,
            Round.kind == RoundKind.internal_audit,
            Round.start_date.between(start, end),
        )
        .order_by(Round.start_date)
    ).all()
    reviews = db.session.execute(
        sa.select(
            ManagementReview.id,
            ManagementReview.title,
            ManagementReview.held_on,
            ManagementReview.status,
        )
        .where(
            ManagementReview.organisation_id == organisation_id,
            ManagementReview.held_on.between(start, end),
        )
        .order_by(ManagementReview.held_on)
    ).all()
    audit_held = any(r.status in HELD_ROUND_STATUSES for r in audits)
    review_held = any(r.status is ReviewStatus.held for r in reviews)
    return {
        "year": year,
        "internal_audit": {
            "held": audit_held,
            "planned": bool(audits) and not audit_held,
            "rounds": [
                {"id": r.id, "title": r.title, "date": r.start_date, "status": r.status.value}
                for r in audits
            ],
        },
        "management_review": {
            "held": review_held,
            "planned": bool(reviews) and not review_held,
            "reviews": [
                {"id": r.id, "title": r.title, "date": r.held_on, "status": r.status.value}
                for r in reviews
            ],
        },
        "missing": [
            name
            for name, held in (("internal_audit", audit_held), ("management_review", review_held))
            if not held
        ],
    }


def home_panel(user) -> dict:
    """What the home page shows of audits: this year's duties and the user's own actions."""
    return {
        "duties": annual_duties(user.organisation_id, today().year),
        "mine": my_action_counts(user),
    }


# --- management review input pack ----------------------------------------------------------


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
    rounds = db.session.scalars(
        sa.select(Round)
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
    findings = (
        db.session.execute(
            sa.select(Finding.type, Finding.status).where(Finding.round_id.in_(round_ids))
        ).all()
        if round_ids
        else []
    )
    actions = (
        db.session.execute(
            sa.select(CorrectiveAction.status, CorrectiveAction.due_date)
            .join(Finding, Finding.id == CorrectiveAction.finding_id)
            .where(Finding.round_id.in_(round_ids))
        ).all()
        if round_ids
        else []
    )
    verdicts = Counter(
        db.session.scalars(
            sa.select(ActionVerification.effective).where(
                ActionVerification.organisation_id == organisation_id,
                ActionVerification.verified_at >= start_of(start),
                ActionVerification.verified_at < start_of(end + timedelta(days=1)),
            )
        )
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
    status_counts = Counter(status.value for status, _due in actions)
    verified = verdicts.get(True, 0) + verdicts.get(False, 0)
    return {
        "findings": {
            "by_type": {t.value: sum(1 for ft, _s in findings if ft is t) for t in FindingType},
            "open": sum(1 for _t, s in findings if s is FindingStatus.open),
            "closed": sum(1 for _t, s in findings if s is FindingStatus.closed),
            "open_from_earlier_rounds": open_earlier,
        },
        "actions": {
            **{s.value: status_counts.get(s.value, 0) for s in ActionStatus},
            "overdue": sum(1 for s, due in actions if s in OPEN_ACTION_STATUSES and due < end),
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
    previous = (
        db.session.scalars(
            sa.select(CorrectiveAction)
            .join(ManagementReview, ManagementReview.id == CorrectiveAction.review_id)
            .where(
                ManagementReview.organisation_id == review.organisation_id,
                ManagementReview.held_on < review.held_on,
                ManagementReview.id != review.id,
            )
            .order_by(ManagementReview.held_on, CorrectiveAction.number)
        )
        .unique()
        .all()
    )
    return [
        {
            "review": a.review.title,
            "review_date": a.review.held_on.isoformat(),
            "number": a.number,
            "action": a.action,
            "owner": a.owner.full_name,
            "due_date": a.due_date.isoformat(),
            "status": a.status.value,
        }
        for a in previous
    ]


def review_input_pack(review: ManagementReview) -> dict:
    """The inputs ISO 9001 9.3.2 asks for, generated from the records (JSON, frozen when held)."""
    start, end = review_period(review)
    audits, round_ids = _audit_results(review.organisation_id, start, end)
    changes, legal = _procedure_changes(review.organisation_id, start, end)
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "generated_at": utcnow().isoformat(),
        "audits": audits,
        **_findings_and_actions(review.organisation_id, round_ids, start, end),
        "acknowledgement": acknowledgement_coverage(review.organisation_id, end),
        "procedure_changes": changes,
        "legal_updates_due": legal,
        "previous_decisions": _previous_decisions(review),
    }


def findings_of_type(findings: list[Finding], kind: FindingType) -> int:
    return sum(1 for f in findings if f.type is kind)


def result_counts(lines: list[ChecklistLine]) -> dict:
    counts = Counter(line.result for line in lines)
    return {
        "total": len(lines),
        "unanswered": counts.get(None, 0),
        **{r.value: counts.get(r, 0) for r in LineResult},
    }
