"""The register: a procedure's entry (code, kind, statutory time, distribution), its legal bases
and its withdrawal."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import Role, User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.text import nfc
from ...extensions import db
from .. import permissions as rules
from ..durations import Duration
from ..models import (
    OPEN_STATUSES,
    LegalBasis,
    Procedure,
    ProcedureKind,
    ProcedureReview,
    Revision,
    RevisionStatus,
    code_key,
)
from ._common import _check_version

PROCEDURE_FIELDS = (
    "code",
    "title",
    "kind",
    "field",
    "tthc_code",
    "statutory",
    "owner_unit",
    "review_interval_months",
    "distribution_units",
    "distribution_roles",
)


def _clean_procedure(data: dict, organisation_id: int, current: Procedure | None) -> dict:
    errors: dict = {}
    clean = {key: nfc(value) if isinstance(value, str) else value for key, value in data.items()}
    if "code" in clean or current is None:
        code = clean.get("code") or ""
        if not code:
            errors["code"] = _("Enter the document code (mã hiệu).")
        elif len(code) > 40:
            errors["code"] = _("The code has at most 40 characters.")
    if ("title" in clean or current is None) and not clean.get("title"):
        errors["title"] = _("Enter the title.")
    if "kind" in clean or current is None:
        try:
            clean["kind"] = ProcedureKind(clean.get("kind") or "")
        except ValueError:
            errors["kind"] = _("Choose the kind of document.")
    kind = (
        clean.get("kind")
        if isinstance(clean.get("kind"), ProcedureKind)
        else (current and current.kind)
    )
    statutory = clean.get("statutory", current.statutory if current else None)
    if statutory is not None and not isinstance(statutory, Duration):
        try:
            statutory = (
                Duration.from_api(statutory)
                if isinstance(statutory, dict)
                else Duration.parse(statutory)
            )
        except ValueError:
            errors["statutory_time"] = _(
                "Write the statutory time as working days or hours, e.g. "
                '"03 ngày làm việc" or "Trong ngày".'
            )
        clean["statutory"] = statutory
    if kind is ProcedureKind.tthc and statutory is None and not errors.get("statutory_time"):
        errors["statutory_time"] = _(
            "An administrative procedure needs its statutory processing time."
        )
    interval = clean.get("review_interval_months")
    if interval is not None and (not isinstance(interval, int) or not 1 <= interval <= 60):
        errors["review_interval_months"] = _("The review interval is 1 to 60 months.")
    for key in ("distribution_units", "distribution_roles"):
        if key in clean and not isinstance(clean[key], list):
            errors[key] = _("This must be a list.")
    for role in clean.get("distribution_roles") or []:
        if role not in {r.value for r in Role}:
            errors["distribution_roles"] = _("Unknown role: %(role)s.", role=role)
    if errors:
        raise ValidationFailed(fields=errors)
    code = clean.get("code")
    if code and (current is None or code != current.code):
        _refuse_taken_code(organisation_id, code, current)
    return clean


def code_taken_message(taken: str) -> str:
    return _(
        "The code %(code)s is already used in your organisation (codes are compared without "
        "regard to upper or lower case).",
        code=taken,
    )


def _refuse_taken_code(organisation_id: int, code: str, current: Procedure | None) -> None:
    """Codes are unique whatever their letter case: "qt-ui-01" is taken by "QT-UI-01"."""
    query = sa.select(Procedure.code).where(
        Procedure.organisation_id == organisation_id, Procedure.code_key == code_key(code)
    )
    if current is not None:
        query = query.where(Procedure.id != current.id)
    taken = db.session.scalar(query.limit(1))
    if taken:
        raise ValidationFailed(fields={"code": code_taken_message(taken)})


def create_procedure(organisation_id: int, actor: User, data: dict) -> Procedure:
    """Add a document to the register."""
    clean = _clean_procedure(data, organisation_id, None)
    procedure = Procedure(organisation_id=organisation_id, review_interval_months=12)
    for key in PROCEDURE_FIELDS:
        if key in clean and clean[key] is not None:
            setattr(procedure, key, clean[key])
    db.session.add(procedure)
    db.session.flush()
    audit.record(
        "procedure.create",
        procedure,
        actor=actor,
        new={"code": procedure.code, "title": procedure.title, "kind": procedure.kind},
    )
    return procedure


#: What an issue prints and signs of its procedure (the revision keeps its own copy). The
#: statutory time is the law's and may change (its history is kept for 3.4.2); each issue keeps
#: the time it was approved under.
SIGNED_FIELDS = {"code": "code", "title": "title"}
SIGNED_STATUSES = (RevisionStatus.approved, RevisionStatus.in_review)


def has_signed_revision(procedure: Procedure) -> bool:
    """True when an issue of it is approved (in force, past or coming) or in review."""
    return procedure.id is not None and bool(
        db.session.scalar(
            sa.select(sa.func.count(Revision.id)).where(
                Revision.procedure_id == procedure.id, Revision.status.in_(SIGNED_STATUSES)
            )
        )
    )


def signed_change_refused() -> str:
    return _(
        "This is printed and signed on an issue of the procedure: open a new revision and "
        "change it there."
    )


def _refuse_signed_changes(procedure: Procedure, clean: dict) -> None:
    changed = [k for k in SIGNED_FIELDS if k in clean and clean[k] != getattr(procedure, k)]
    if changed and has_signed_revision(procedure):
        raise ValidationFailed(fields={SIGNED_FIELDS[k]: signed_change_refused() for k in changed})


def sync_open_draft(procedure: Procedure) -> None:
    """An open revision follows the register's statutory time, a draft its code and title."""
    for revision in db.session.scalars(
        sa.select(Revision).where(
            Revision.procedure_id == procedure.id, Revision.status.in_(OPEN_STATUSES)
        )
    ):
        revision.statutory_minutes = procedure.statutory_minutes
        if revision.status is RevisionStatus.draft:
            revision.procedure_code, revision.procedure_title = procedure.code, procedure.title


def update_procedure(procedure: Procedure, actor: User, data: dict, lock_version=None) -> Procedure:
    """Change the register entry (not the content, which lives in revisions). The code, title and
    statutory time of a procedure with a signed issue change only through a new revision."""
    _check_version(procedure, lock_version)
    clean = _clean_procedure(data, procedure.organisation_id, procedure)
    _refuse_signed_changes(procedure, clean)
    old, new = {}, {}
    for key in PROCEDURE_FIELDS:
        if key in clean and clean[key] != getattr(procedure, key):
            old[key], new[key] = _plain(getattr(procedure, key)), _plain(clean[key])
            setattr(procedure, key, clean[key])
    if {"code", "title", "statutory"} & set(new):
        sync_open_draft(procedure)
    if "review_interval_months" in new:
        procedure.review_due_on = _review_due(procedure)
    if {"distribution_units", "distribution_roles"} & set(new):
        # People newly in the distribution get their reading tasks at the next sync.
        db.session.execute(
            sa.update(Revision)
            .where(
                Revision.procedure_id == procedure.id, Revision.status == RevisionStatus.approved
            )
            .values(tasks_created_at=None)
            .execution_options(synchronize_session="fetch")
        )
    if new:
        db.session.flush()
        audit.record("procedure.update", procedure, actor=actor, old=old, new=new)
    return procedure


def _plain(value):
    return value.to_api() if isinstance(value, Duration) else value


def set_legal_bases(procedure: Procedure, actor: User, bases: list[LegalBasis]) -> None:
    before = sorted(b.number for b in procedure.legal_bases)
    procedure.legal_bases = sorted(set(bases), key=lambda b: b.number)
    after = sorted(b.number for b in procedure.legal_bases)
    if before != after:
        db.session.flush()
        audit.record(
            "procedure.legal_bases",
            procedure,
            actor=actor,
            old={"legal_bases": before},
            new={"legal_bases": after},
        )


def _review_due(procedure: Procedure) -> date | None:
    if procedure.withdrawn_on is not None:
        return None
    last_review = db.session.scalar(
        sa.select(sa.func.max(ProcedureReview.reviewed_on)).where(
            ProcedureReview.procedure_id == procedure.id
        )
    )
    last_effective = db.session.scalar(
        sa.select(sa.func.max(Revision.effective_date)).where(
            Revision.procedure_id == procedure.id, Revision.status == RevisionStatus.approved
        )
    )
    base = max([d for d in (last_review, last_effective) if d], default=None)
    return procedure.next_review_from(base) if base else None


def withdraw_procedure(
    procedure: Procedure, actor: User, reason: str, on: date | None
) -> Procedure:
    """Withdraw (make obsolete) a procedure from a date, with the reason."""
    if not rules.can_withdraw_procedure(actor):
        raise PermissionDenied()
    if procedure.withdrawn_on is not None:
        raise InvalidState(_("This procedure is already withdrawn."))
    errors = {}
    if not nfc(reason or ""):
        errors["reason"] = _("Give the reason for withdrawing.")
    if on is None:
        errors["date"] = _("Enter the date (dd/mm/yyyy).")
    if errors:
        raise ValidationFailed(fields=errors)
    procedure.withdrawn_on, procedure.withdrawn_reason = on, nfc(reason)
    procedure.review_due_on = None  # a withdrawn procedure is not reviewed again
    db.session.flush()
    audit.record(
        "procedure.withdraw",
        procedure,
        actor=actor,
        new={"withdrawn_on": on},
        reason=procedure.withdrawn_reason,
    )
    return procedure
