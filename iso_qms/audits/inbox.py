"""What inspections and audits ask of a person, for the inbox: their corrective actions, actions to
verify, postponements to decide, round reports to accept and the rounds they lead.

Each group is one query (the actions through the lists' own query and loading options); who may
verify, decide or accept is asked of the named rules in permissions.py.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, lazyload

from ..accounts.models import Role, User
from ..core.i18n import format_date
from ..core.inbox import InboxItem, group, register_inbox_provider
from ..core.notifications import link_to
from ..extensions import db
from . import permissions as rules
from . import queries
from .models import (
    OPEN_ACTION_STATUSES,
    CorrectiveAction,
    Finding,
    ManagementReview,
    Postponement,
    PostponementStatus,
    Round,
    RoundMember,
    RoundStatus,
    TeamRole,
)

LABELS = {
    "own_action": _l("Your corrective actions"),
    "verify_action": _l("Actions to verify"),
    "decide_postponement": _l("Postponements to decide"),
    "accept_report": _l("Round reports to accept"),
    "lead_round": _l("Rounds you lead"),
}


def action_title(action: CorrectiveAction) -> str:
    return _("Action %(ref)s: %(what)s", ref=action.reference, what=action.action[:150])


def _action_item(action: CorrectiveAction, on: date, note: str = "") -> InboxItem:
    return InboxItem(
        title=action_title(action),
        url=link_to("audit_actions.detail", action_id=action.id),
        due_date=action.due_date,
        object_type="corrective_action",
        object_id=action.id,
        note=note,
        overdue=action.is_overdue(on),
    )


def own_actions_group(user, on: date):
    """The person's planned and in-progress actions, soonest due first."""
    query = queries.actions_query(user.organisation_id, "mine", user, on).where(
        CorrectiveAction.status.in_(OPEN_ACTION_STATUSES)
    )
    items = [_action_item(a, on) for a in db.session.scalars(query).unique()]
    return group(
        "own_action", LABELS["own_action"], items, link_to("audit_actions.actions", scope="mine")
    )


def verify_group(user, on: date):
    """Actions reported done that the person may verify (never their own)."""
    query = queries.actions_query(user.organisation_id, "verify", user, on)
    items = [
        _action_item(
            a,
            on,
            _(
                "Reported done by %(name)s on %(date)s",
                name=a.owner.full_name,
                date=format_date(a.completed_at),
            ),
        )
        for a in db.session.scalars(query).unique()
        if rules.can_verify_action(user, a)
    ]
    return group(
        "verify_action",
        LABELS["verify_action"],
        items,
        link_to("audit_actions.actions", scope="verify"),
    )


def decides(user, request: Postponement) -> bool:
    """The QMR decides a postponement; the head when a QMR is the one asking (both by the rule)."""
    if not rules.can_decide_postponement(user, request):
        return False
    return user.has_role(Role.qmr) or request.requested_by.has_role(Role.qmr)


def pending_postponements(organisation_id: int) -> list[Postponement]:
    return list(
        db.session.scalars(
            sa.select(Postponement)
            .where(
                Postponement.organisation_id == organisation_id,
                Postponement.status == PostponementStatus.pending,
            )
            .options(
                joinedload(Postponement.requested_by).selectinload(User.role_rows),
                joinedload(Postponement.action).options(
                    joinedload(CorrectiveAction.finding).options(
                        joinedload(Finding.round).options(*queries.ROUND_TITLE_ONLY),
                        lazyload(Finding.procedure),
                    ),
                    joinedload(CorrectiveAction.review).options(
                        lazyload(ManagementReview.chair), lazyload(ManagementReview.participants)
                    ),
                    lazyload(CorrectiveAction.owner),
                ),
            )
            .order_by(Postponement.requested_at, Postponement.id)
        ).unique()
    )


def postponement_group(user, on: date):
    items = [
        InboxItem(
            title=action_title(request.action),
            url=link_to("audit_actions.detail", action_id=request.action_id),
            due_date=request.old_due_date,
            object_type="postponement",
            object_id=request.id,
            note=_(
                "%(name)s asks to move the due date from %(old)s to %(new)s",
                name=request.requested_by.full_name,
                old=format_date(request.old_due_date),
                new=format_date(request.new_due_date),
            ),
        )
        for request in pending_postponements(user.organisation_id)
        if decides(user, request)
    ]
    return group("decide_postponement", LABELS["decide_postponement"], items)


def _round_item(round_, due: date | None, endpoint: str, note: str = "") -> InboxItem:
    return InboxItem(
        title=round_.title,
        url=link_to(endpoint, round_id=round_.id),
        due_date=due,
        object_type="round",
        object_id=round_.id,
        note=note,
    )


def accept_group(user, on: date):
    """Reported rounds whose report waits for the person's e-signature."""
    rounds = db.session.scalars(
        sa.select(Round)
        .where(
            Round.organisation_id == user.organisation_id,
            Round.status == RoundStatus.reported,
            Round.accepted_at.is_(None),
        )
        .options(*queries.ROUND_TITLE_ONLY)
        .order_by(Round.reported_at, Round.id)
    ).unique()
    items = [
        _round_item(
            r,
            None,
            "audit_rounds.accept",
            _("Reported on %(date)s", date=format_date(r.reported_at)),
        )
        for r in rounds
        if rules.can_accept_report(user, r)
    ]
    return group("accept_report", LABELS["accept_report"], items)


def lead_group(user, on: date):
    """Planned rounds to start and rounds in progress to report, where the person leads the team."""
    rows = db.session.execute(
        sa.select(Round.id, Round.title, Round.status, Round.start_date, Round.end_date)
        .join(RoundMember, RoundMember.round_id == Round.id)
        .where(
            RoundMember.user_id == user.id,
            RoundMember.role == TeamRole.leader,
            Round.status.in_((RoundStatus.planned, RoundStatus.in_progress)),
        )
        .order_by(Round.start_date, Round.id)
    ).all()
    items = []
    for row in rows:
        planned = row.status is RoundStatus.planned
        due = row.start_date if planned else row.end_date
        note = (
            _("Starts on %(date)s", date=format_date(due))
            if planned
            else _("Report by %(date)s", date=format_date(due))
        )
        item = _round_item(row, due, "audit_rounds.detail", note)
        items.append(InboxItem(**{**item.__dict__, "overdue": due < on}))
    return group("lead_round", LABELS["lead_round"], items)


def inbox_groups(user, on: date) -> list:
    return [
        own_actions_group(user, on),
        verify_group(user, on),
        postponement_group(user, on),
        accept_group(user, on),
        lead_group(user, on),
    ]


def register() -> None:
    """The inbox provider of inspections and audits, and its notices at the event."""
    from . import event_notices

    register_inbox_provider(inbox_groups)
    event_notices.register()
