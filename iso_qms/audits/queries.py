"""Reading inspections and audits: templates, findings and actions, annual duties.

Rounds and checklists are read in round_queries, the management-review input pack in
review_queries; their names stay importable from here.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from ..accounts.models import User
from ..core.timeutil import today
from ..extensions import db
from .catalogue import TemplateSpec, default_templates
from .models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ChecklistTemplate,
    CorrectiveAction,
    EvidenceFile,
    Finding,
    FindingStatus,
    FindingType,
    ManagementReview,
    ReviewStatus,
    Round,
    RoundKind,
    TemplateKind,
)
from .models.rounds import round_held
from .review_queries import (
    acknowledgement_coverage,
    review_input_pack,
    review_period,
    reviews_query,
)
from .round_queries import (
    action_list_options,
    checklist_lines,
    finding_counts,
    findings_of_type,
    line_counts,
    result_counts,
    round_findings,
    round_result_counts,
    round_years,
    rounds_query,
    year_of,
)

__all__ = [
    "ACTION_SCOPES",
    "acknowledgement_coverage",
    "action_list_options",
    "actions_query",
    "annual_duties",
    "area_titles",
    "checklist_lines",
    "effective_templates",
    "finding_counts",
    "findings_of_type",
    "findings_query",
    "home_panel",
    "line_counts",
    "my_action_counts",
    "overdue_clause",
    "result_counts",
    "review_input_pack",
    "review_period",
    "reviews_query",
    "round_findings",
    "round_result_counts",
    "round_years",
    "rounds_query",
    "year_of",
]

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


# --- findings and actions ------------------------------------------------------------------


#: A round shown by its title and dates in a list: not its team and scope (two queries a page).
ROUND_TITLE_ONLY = (lazyload(Round.members), lazyload(Round.procedures))


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
        .options(
            joinedload(Finding.round).options(*ROUND_TITLE_ONLY),
            action_list_options(Finding.actions),
        )
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
    query = (
        sa.select(CorrectiveAction)
        .where(CorrectiveAction.organisation_id == organisation_id)
        .options(
            joinedload(CorrectiveAction.finding).options(
                joinedload(Finding.round).options(*ROUND_TITLE_ONLY), lazyload(Finding.procedure)
            ),
            joinedload(CorrectiveAction.review).options(
                lazyload(ManagementReview.chair), lazyload(ManagementReview.participants)
            ),
            joinedload(CorrectiveAction.owner).lazyload(User.organisation),
        )
    )
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
        sa.select(Round.id, Round.title, Round.start_date, Round.status, Round.started_at)
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
    # The report's rule too (reports.audit_figures): the home page never says both.
    audit_held = any(round_held(r) for r in audits)
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


def evidence_links_file(attachment_id: int, org_ids: set[int]) -> bool:
    """A finding's or action's evidence in one of `org_ids` links the file (core.files.linked_in):
    a transferred copy shows its original's evidence, uploaded in the predecessor (one query)."""
    return (
        db.session.scalar(
            sa.select(EvidenceFile.id)
            .where(
                EvidenceFile.attachment_id == attachment_id,
                EvidenceFile.organisation_id.in_(org_ids),
            )
            .limit(1)
        )
        is not None
    )
