"""What the audit views share: choices for forms and uploaded files.

Running an operation behind a form or a button is core.view_helpers (run, flash_failure).
"""

import sqlalchemy as sa
from flask import request

from ..accounts.models import User
from ..accounts.tree import names_of, readable_org_ids
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


def transfer_links(model, obj, user) -> dict:
    """A finding's or action's place in a reorganisation (reorganisations/dispositions.py): the
    predecessor's record it carries on, and the successor's copy that carries it on, each with
    its organisation's name — only where `user` may read that organisation (a supervisor of the
    archive's old district does not learn of the successor's records); at most four queries."""
    carried_from = (
        db.session.get(model, obj.transferred_from_id) if obj.transferred_from_id else None
    )
    carried_to = db.session.scalar(
        sa.select(model).where(model.transferred_from_id == obj.id).limit(1)
    )
    readable = readable_org_ids(user) if carried_from or carried_to else set()
    shown = {
        name: linked if linked is not None and linked.organisation_id in readable else None
        for name, linked in (("carried_from", carried_from), ("carried_to", carried_to))
    }
    ids = {linked.organisation_id for linked in shown.values() if linked is not None}
    return {**shown, "names": names_of(ids)}
