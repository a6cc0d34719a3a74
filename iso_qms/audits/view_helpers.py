"""What the audit views share: choices for forms and uploaded files.

Running an operation behind a form or a button is core.view_helpers (run, flash_failure).
"""

import sqlalchemy as sa
from flask import request

from ..accounts.models import User
from ..extensions import db
from ..procedures.models import Procedure


def people_choices(organisation_id: int) -> list[tuple[int, str]]:
    """The organisation's active people: three columns, not users with their organisation."""
    people = db.session.execute(
        sa.select(User.id, User.full_name, User.unit)
        .where(User.organisation_id == organisation_id, User.active.is_(True))
        .order_by(User.full_name)
    )
    return [(uid, f"{name} — {unit}" if unit else name) for uid, name, unit in people]


def procedure_choices(organisation_id: int, blank: bool = False) -> list[tuple]:
    rows = db.session.execute(
        sa.select(Procedure.id, Procedure.code, Procedure.title)
        .where(Procedure.organisation_id == organisation_id, Procedure.withdrawn_on.is_(None))
        .order_by(Procedure.code)
    ).all()
    choices = [(pid, f"{code} — {title}"[:160]) for pid, code, title in rows]
    return [("", "—"), *choices] if blank else choices


def uploads(name: str) -> list:
    return [f for f in request.files.getlist(name) if f and f.filename]
