"""Reminders, overdue notices and escalation to the QMR for reading tasks (run by the CLI)."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts.models import Organisation, Role, User, UserRole
from ..core.notifications import notify, register_due_provider
from ..core.timeutil import LOCAL_TZ, add_working_days
from ..extensions import db
from .models import Acknowledgement, AckStatus
from .operations import sync_organisation


def _qmrs(organisation_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(UserRole)
            .where(
                User.organisation_id == organisation_id,
                User.active.is_(True),
                UserRole.role == Role.qmr,
            )
        )
    )


def collect_ack_notices(now: datetime) -> int:
    """Reminder before the due date, overdue notice, then (after N overdue working days) the QMR."""
    on = now.astimezone(LOCAL_TZ).date()
    remind_before = int(current_app.config.get("ACK_REMIND_DAYS_BEFORE", 2))
    escalate_after = int(current_app.config.get("ACK_ESCALATE_AFTER_DAYS", 3))
    for org_id in db.session.scalars(sa.select(Organisation.id)):
        sync_organisation(org_id, on)
    horizon = add_working_days(on, remind_before)
    tasks = (
        db.session.scalars(
            sa.select(Acknowledgement)
            .where(Acknowledgement.status == AckStatus.pending, Acknowledgement.due_on <= horizon)
            .order_by(Acknowledgement.id)
        )
        .unique()
        .all()
    )
    made = 0
    for task in tasks:
        made += _notices_for(task, on, escalate_after)
    return made


def _notices_for(task: Acknowledgement, on, escalate_after: int) -> int:
    person, revision = task.user, task.revision
    code = revision.procedure.code
    link = f"/acknowledgements/{task.id}"
    made = 0
    with force_locale(person.locale or "vi"):
        if task.due_on >= on:
            made += bool(
                notify(
                    person,
                    "ack_reminder",
                    _(
                        "Please read %(code)s by %(date)s",
                        code=code,
                        date=task.due_on.strftime("%d/%m/%Y"),
                    ),
                    _(
                        "Issue %(n)s of %(title)s is in force.",
                        n=f"{revision.number:02d}",
                        title=revision.procedure.title,
                    ),
                    link,
                    f"ack:{task.id}:reminder",
                )
            )
            return made
        made += bool(
            notify(
                person,
                "ack_overdue",
                _(
                    "Overdue: read %(code)s (due %(date)s)",
                    code=code,
                    date=task.due_on.strftime("%d/%m/%Y"),
                ),
                revision.procedure.title,
                link,
                f"ack:{task.id}:overdue",
            )
        )
    if on >= add_working_days(task.due_on, escalate_after):
        for qmr in _qmrs(task.organisation_id):
            with force_locale(qmr.locale or "vi"):
                made += bool(
                    notify(
                        qmr,
                        "ack_escalated",
                        _(
                            "%(name)s has not read %(code)s (due %(date)s)",
                            name=person.full_name,
                            code=code,
                            date=task.due_on.strftime("%d/%m/%Y"),
                        ),
                        revision.procedure.title,
                        f"/revisions/{revision.id}/acknowledgements",
                        f"ack:{task.id}:escalated",
                    )
                )
    return made


def register() -> None:
    """`qms send-notifications` makes the reading reminders, overdue notices and escalations."""
    register_due_provider(collect_ack_notices)
