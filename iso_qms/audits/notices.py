"""Reminders and escalation of corrective actions: before the due date the owner is reminded; once
overdue the owner is told, then the QMR, then the head, after configurable working-day delays.

Registered as a due provider of `qms send-notifications`; each step notifies once per due date
(a postponement starts the ladder again for the new date).
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts.models import Role, User, UserRole
from ..core.i18n import format_date
from ..core.notifications import notify, register_due_provider
from ..core.timeutil import LOCAL_TZ, add_working_days
from ..extensions import db
from .models import OPEN_ACTION_STATUSES, CorrectiveAction

DEFAULTS = {
    "AUDIT_REMIND_DAYS_BEFORE": 2,
    "AUDIT_ESCALATE_QMR_AFTER": 3,
    "AUDIT_ESCALATE_HEAD_AFTER": 7,
}


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def action_link(action: CorrectiveAction) -> str:
    return f"/audits/actions/{action.id}"


def _steps(action: CorrectiveAction, on: date) -> list[str]:
    """The ladder steps due on `on` for an open action."""
    due = action.due_date
    if on <= due:
        return (
            ["remind"] if add_working_days(on, _setting("AUDIT_REMIND_DAYS_BEFORE")) >= due else []
        )
    steps = ["overdue:owner"]
    if on >= add_working_days(due, _setting("AUDIT_ESCALATE_QMR_AFTER")):
        steps.append("overdue:qmr")
    if on >= add_working_days(due, _setting("AUDIT_ESCALATE_HEAD_AFTER")):
        steps.append("overdue:head")
    return steps


def _people_with(role: Role, organisation_ids: set[int]) -> dict[int, list[User]]:
    rows = db.session.scalars(
        sa.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == role, User.active.is_(True), User.organisation_id.in_(organisation_ids)
        )
    )
    result: dict[int, list[User]] = {}
    for user in rows.unique():
        result.setdefault(user.organisation_id, []).append(user)
    return result


def _texts(action: CorrectiveAction, step: str) -> tuple[str, str]:
    due = format_date(action.due_date)
    what = action.action[:200]
    if step == "remind":
        return (
            _("Corrective action %(ref)s is due on %(due)s", ref=action.reference, due=due),
            _("Your corrective action is due on %(due)s: %(what)s", due=due, what=what),
        )
    return (
        _("Corrective action %(ref)s is overdue (due %(due)s)", ref=action.reference, due=due),
        _(
            "%(owner)s has not reported this corrective action done; it was due on %(due)s: %(what)s",
            owner=action.owner.full_name,
            due=due,
            what=what,
        ),
    )


def _recipients(action: CorrectiveAction, step: str, qmrs: dict, heads: dict) -> list[User]:
    if step in ("remind", "overdue:owner"):
        return [action.owner] if action.owner.active else []
    group = qmrs if step == "overdue:qmr" else heads
    return [u for u in group.get(action.organisation_id, []) if u.id != action.owner_id]


def collect_due_action_notices(now: datetime) -> int:
    """Notify what the ladder says is due at `now`; returns how many notifications were made."""
    on = now.astimezone(LOCAL_TZ).date()
    horizon = add_working_days(on, _setting("AUDIT_REMIND_DAYS_BEFORE"))
    actions = (
        db.session.scalars(
            sa.select(CorrectiveAction)
            .where(
                CorrectiveAction.status.in_(OPEN_ACTION_STATUSES),
                CorrectiveAction.due_date <= horizon,
            )
            .order_by(CorrectiveAction.id)
        )
        .unique()
        .all()
    )
    if not actions:
        return 0
    organisation_ids = {a.organisation_id for a in actions}
    qmrs, heads = (
        _people_with(Role.qmr, organisation_ids),
        _people_with(Role.head, organisation_ids),
    )
    made = 0
    for action in actions:
        for step in _steps(action, on):
            for user in _recipients(action, step, qmrs, heads):
                with force_locale(
                    user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")
                ):
                    subject, body = _texts(action, step)
                key = f"action:{action.id}:{step}:{action.due_date.isoformat()}"
                kind = "action_reminder" if step == "remind" else "action_overdue"
                if notify(user, kind, subject, body, action_link(action), key) is not None:
                    made += 1
    return made


def register() -> None:
    """`qms send-notifications` makes the corrective-action reminders and escalations."""
    register_due_provider(collect_due_action_notices)
