"""Drafts: a new revision (a copy of the one in force) and its edits."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.text import nfc
from ...core.timeutil import today
from ...extensions import db
from .. import permissions as rules
from ..content import clean_content, clean_rows, clean_steps, steps_total_minutes
from ..models import Procedure, Revision, RevisionStatus, code_key
from ..queries import revision_in_force
from ._common import _check_version


def _clean_revision(data: dict, procedure: Procedure) -> dict:
    errors: dict = {}
    clean: dict = {}
    if "content" in data:
        clean["content"] = clean_content(data["content"], errors)
    if "steps" in data:
        clean["steps"] = clean_steps(data["steps"], errors)
        if not procedure.is_tthc and clean["steps"]:
            errors["steps"] = _("Only administrative procedures have a step table.")
    if "forms" in data:
        clean["forms"] = clean_rows(
            data["forms"], ("code", "name", "attachment_id"), "forms", errors
        )
    if "records" in data:
        clean["records"] = clean_rows(
            data["records"], ("name", "keeper", "retention"), "records", errors
        )
    for key in ("change_summary", "change_location"):
        if key in data:
            clean[key] = nfc(data[key] or "")
    if "significant" in data:
        if not isinstance(data["significant"], bool):
            errors["significant"] = _("Say whether the change is significant (yes or no).")
        clean["significant"] = bool(data["significant"])
    _clean_identity(data, procedure, clean, errors)
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _clean_identity(data: dict, procedure: Procedure, clean: dict, errors: dict) -> None:
    """A new code or title travels in the draft and reaches the register when it is approved."""
    if "procedure_title" in data:
        clean["procedure_title"] = nfc(data["procedure_title"] or "")
        if not clean["procedure_title"]:
            errors["procedure_title"] = _("Enter the title.")
    if "procedure_code" in data:
        code = clean["procedure_code"] = nfc(data["procedure_code"] or "")
        if not code:
            errors["procedure_code"] = _("Enter the document code (mã hiệu).")
        elif len(code) > 40:
            errors["procedure_code"] = _("The code has at most 40 characters.")
        elif code != procedure.code and _code_taken(procedure, code):
            errors["procedure_code"] = _("This code is already used in your organisation.")


def _code_taken(procedure: Procedure, code: str) -> bool:
    return bool(
        db.session.scalar(
            sa.select(Procedure.id).where(
                Procedure.organisation_id == procedure.organisation_id,
                Procedure.code_key == code_key(code),  # whatever the letter case
                Procedure.id != procedure.id,
            )
        )
    )


def apply_identity(revision: Revision, actor: User) -> None:
    """On approval the register takes the code and title the issue carries."""
    procedure = revision.procedure
    old, new = {}, {}
    for key, value in (("code", revision.procedure_code), ("title", revision.procedure_title)):
        if value is not None and getattr(procedure, key) != value:
            old[key], new[key] = getattr(procedure, key), value
            setattr(procedure, key, value)
    if new:
        audit.record("procedure.update", procedure, actor=actor, old=old, new=new)


def _apply(revision: Revision, clean: dict) -> None:
    for key, value in clean.items():
        setattr(revision, key, value)
    if "steps" in clean:
        revision.steps_total_minutes = steps_total_minutes(revision.steps)


def open_revision_of(procedure: Procedure) -> Revision | None:
    return db.session.scalar(
        sa.select(Revision).where(
            Revision.procedure_id == procedure.id,
            Revision.status.in_((RevisionStatus.draft, RevisionStatus.in_review)),
        )
    )


def create_revision(procedure: Procedure, actor: User, data: dict | None = None) -> Revision:
    """Start a draft; without data it copies the revision in force, ready to be changed."""
    if not rules.can_edit_procedures(actor):
        raise PermissionDenied()
    if procedure.withdrawn_on is not None:
        raise InvalidState(_("This procedure is withdrawn; it takes no new revisions."))
    if open_revision_of(procedure) is not None:
        raise InvalidState(
            _("This procedure already has an open draft; finish or return it first.")
        )
    base = revision_in_force(procedure, today()) or db.session.scalar(
        sa.select(Revision)
        .where(Revision.procedure_id == procedure.id, Revision.status == RevisionStatus.approved)
        .order_by(Revision.number.desc())
        .limit(1)
    )
    clean = _clean_revision(data or {}, procedure)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(Revision.number)).where(Revision.procedure_id == procedure.id)
        )
        or 0
    ) + 1
    revision = Revision(
        organisation_id=procedure.organisation_id,
        procedure=procedure,
        number=number,
        status=RevisionStatus.draft,
        author_id=actor.id,
        significant=True,
        content=dict(base.content) if base else {},
        steps=list(base.steps) if base else [],
        forms=list(base.forms) if base else [],
        records=list(base.records) if base else [],
        steps_total_minutes=base.steps_total_minutes if base else 0,
        change_summary="" if base else _("First issue"),
        change_location="" if base else _("Whole document"),
        procedure_code=procedure.code,
        procedure_title=procedure.title,
        statutory_minutes=procedure.statutory_minutes,
    )
    _apply(revision, clean)
    db.session.add(revision)
    db.session.flush()
    audit.record(
        "revision.create",
        revision,
        actor=actor,
        new={"procedure": procedure.code, "number": number},
    )
    return revision


def update_revision(revision: Revision, actor: User, data: dict, lock_version=None) -> Revision:
    """Edit a draft; a stale lock_version is a conflict, never an overwrite."""
    if revision.status is not RevisionStatus.draft:
        raise InvalidState(_("Only a draft can be edited."))
    if not rules.can_edit_revision(actor, revision):
        raise PermissionDenied()
    _check_version(revision, lock_version)
    clean = _clean_revision(data, revision.procedure)
    changed = sorted(k for k, v in clean.items() if getattr(revision, k) != v)
    _apply(revision, clean)
    if changed:
        db.session.flush()
        audit.record("revision.update", revision, actor=actor, new={"fields": changed})
    return revision
