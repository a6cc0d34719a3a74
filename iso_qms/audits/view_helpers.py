"""What the audit views share: choices for forms, and running an operation behind a form."""

from collections.abc import Callable

import sqlalchemy as sa
from flask import flash, request

from ..accounts.models import User
from ..core.errors import ValidationFailed
from ..extensions import db
from ..procedures.models import Procedure

FAILED = object()


def people_choices(organisation_id: int) -> list[tuple[int, str]]:
    people = db.session.scalars(
        sa.select(User)
        .where(User.organisation_id == organisation_id, User.active.is_(True))
        .order_by(User.full_name)
    )
    return [(u.id, f"{u.full_name} — {u.unit}" if u.unit else u.full_name) for u in people]


def procedure_choices(organisation_id: int, blank: bool = False) -> list[tuple]:
    rows = db.session.execute(
        sa.select(Procedure.id, Procedure.code, Procedure.title)
        .where(Procedure.organisation_id == organisation_id, Procedure.withdrawn_on.is_(None))
        .order_by(Procedure.code)
    ).all()
    choices = [(pid, f"{code} — {title}"[:160]) for pid, code, title in rows]
    return [("", "—"), *choices] if blank else choices


def run(form, call: Callable, field_map: dict | None = None):
    """Call an operation; its field errors go onto the form (and the transaction is undone)."""
    try:
        return call()
    except ValidationFailed as exc:
        db.session.rollback()
        fields = {(field_map or {}).get(k, k): v for k, v in exc.fields.items()}
        form.apply_errors(fields) if fields else form.form_errors.append(str(exc.message))
        return FAILED


def flash_failure(call: Callable):
    """Call an operation from a button; its field errors become flashed messages."""
    try:
        return call()
    except ValidationFailed as exc:
        db.session.rollback()
        for messages in exc.fields.values() or [exc.message]:
            for message in messages if isinstance(messages, list) else [messages]:
                flash(str(message), "danger")
        return FAILED


def form_status() -> int:
    return 422 if request.method == "POST" else 200


def uploads(name: str) -> list:
    return [f for f in request.files.getlist(name) if f and f.filename]
