"""What acknowledgement asks of a person, for the inbox: the revisions in force they must read."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.inbox import InboxItem, group, register_inbox_provider
from ..core.notifications import link_to
from ..extensions import db
from ..procedures.models import Procedure, Revision
from .models import Acknowledgement, AckStatus
from .operations import sync_organisation


def reading_group(user, on: date):
    """The person's open reading tasks, soonest due first (one query)."""
    rows = db.session.execute(
        sa.select(
            Acknowledgement.id,
            Acknowledgement.due_on,
            Revision.number,
            Revision.procedure_code,
            Revision.procedure_title,
            Procedure.code,
            Procedure.title,
        )
        .join(Revision, Revision.id == Acknowledgement.revision_id)
        .join(Procedure, Procedure.id == Acknowledgement.procedure_id)
        .where(Acknowledgement.user_id == user.id, Acknowledgement.status == AckStatus.pending)
        .order_by(Acknowledgement.due_on, Acknowledgement.id)
    ).all()
    items = [
        InboxItem(
            title=_(
                "%(code)s, issue %(n)s: %(title)s",
                code=row.procedure_code or row.code,
                n=f"{row.number:02d}",
                title=row.procedure_title or row.title,
            ),
            url=link_to("acknowledgements.task", task_id=row.id),
            due_date=row.due_on,
            object_type="acknowledgement",
            object_id=row.id,
            overdue=row.due_on < on,
        )
        for row in rows
    ]
    return group(
        "read_revision", _l("Documents to read"), items, link_to("acknowledgements.my_tasks")
    )


def inbox_groups(user, on: date) -> list:
    return [reading_group(user, on)]


def refresh(user, on: date) -> None:
    """Reading tasks of revisions that came into force are made when someone looks (no cron)."""
    sync_organisation(user.organisation_id, on)


def register() -> None:
    register_inbox_provider(inbox_groups, refresh=refresh)
