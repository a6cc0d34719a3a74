"""Small helpers the audit operations share."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core.errors import EditConflict, PermissionDenied
from ...core.files import store_upload
from ...core.text import nfc
from ...extensions import db
from ..models import EvidenceFile


def check_version(obj, lock_version) -> None:
    """A stale lock_version is a conflict, never an overwrite."""
    if lock_version is not None and int(lock_version) != obj.lock_version:
        raise EditConflict()


def require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message)


def text(value, limit: int | None = None) -> str:
    cleaned = nfc(value) if isinstance(value, str) else ""
    return cleaned[:limit] if limit else cleaned


def user_of(organisation_id: int, user_id, field: str, errors: dict) -> User | None:
    """An active user of the organisation, or an error on `field`."""
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.organisation_id != organisation_id or not user.active:
        errors[field] = _("Choose an active person of your organisation.")
        return None
    return user


def a_date(value, field: str, errors: dict, required: bool = True) -> date | None:
    if value is None or value == "":
        if required:
            errors[field] = _("Enter the date (dd/mm/yyyy).")
        return None
    if not isinstance(value, date):
        errors[field] = _("Write the date as dd/mm/yyyy.")
        return None
    return value


def attach_evidence(
    organisation_id: int, actor, uploads, field: str, **owner
) -> list[EvidenceFile]:
    """Store each upload (same file rules as procedure attachments) and link it to its owner."""
    rows = []
    for upload in uploads or []:
        if upload is None or not getattr(upload, "filename", ""):
            continue
        attachment = store_upload(upload, organisation_id, actor, field=field)
        row = EvidenceFile(
            organisation_id=organisation_id,
            attachment_id=attachment.id,
            added_by_id=actor.id,
            **owner,
        )
        db.session.add(row)
        rows.append(row)
    if rows:
        db.session.flush()
    return rows


def users_by_id(ids) -> dict[int, User]:
    ids = [i for i in ids if isinstance(i, int)]
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
