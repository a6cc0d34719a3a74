"""State changes of document control. Each checks its rule, writes the audit entry and flushes."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Role, User
from ..accounts.operations import register_failed_password
from ..core import audit
from ..core.errors import EditConflict, InvalidState, PermissionDenied, ValidationFailed
from ..core.text import nfc
from ..core.timeutil import today, utcnow
from ..extensions import db
from . import permissions as rules
from .content import clean_content, clean_rows, clean_steps, content_hash, steps_total_minutes
from .durations import Duration
from .models import (
    LegalBasis,
    LegalChange,
    Procedure,
    ProcedureKind,
    ProcedureReview,
    ReviewOutcome,
    Revision,
    RevisionStatus,
    Signature,
    SignatureMeaning,
)
from .queries import revision_in_force

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


class WrongPassword(PermissionDenied):
    """A wrong password on a signature: refused, but the failed attempt itself is kept."""

    preserve_session = True


def _check_version(obj, lock_version: int | None) -> None:
    if lock_version is not None and int(lock_version) != obj.lock_version:
        raise EditConflict()


# --- procedures ----------------------------------------------------------------------------


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
        taken = db.session.scalar(
            sa.select(Procedure.id).where(
                Procedure.organisation_id == organisation_id, Procedure.code == code
            )
        )
        if taken:
            raise ValidationFailed(
                fields={"code": _("This code is already used in your organisation.")}
            )
    return clean


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


def update_procedure(procedure: Procedure, actor: User, data: dict, lock_version=None) -> Procedure:
    """Change the register entry (not the content, which lives in revisions)."""
    _check_version(procedure, lock_version)
    clean = _clean_procedure(data, procedure.organisation_id, procedure)
    old, new = {}, {}
    for key in PROCEDURE_FIELDS:
        if key in clean and clean[key] != getattr(procedure, key):
            old[key], new[key] = _plain(getattr(procedure, key)), _plain(clean[key])
            setattr(procedure, key, clean[key])
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
    db.session.flush()
    audit.record(
        "procedure.withdraw",
        procedure,
        actor=actor,
        new={"withdrawn_on": on},
        reason=procedure.withdrawn_reason,
    )
    return procedure


# --- revisions -----------------------------------------------------------------------------


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
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


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


def submit_revision(revision: Revision, actor: User) -> Revision:
    """Draft → in review. A TTHC whose steps exceed its statutory time is refused (PAR 3.4.2)."""
    if revision.status is not RevisionStatus.draft:
        raise InvalidState(_("Only a draft can be submitted for review."))
    if not rules.can_edit_revision(actor, revision):
        raise PermissionDenied()
    errors = {}
    if not revision.change_summary:
        errors["change_summary"] = _("Summarise what this revision changes.")
    procedure = revision.procedure
    if procedure.is_tthc:
        statutory = procedure.statutory
        if not revision.steps:
            errors["steps"] = _("An administrative procedure needs its step table.")
        elif statutory is not None and revision.steps_total_minutes > statutory.minutes:
            errors["steps"] = _(
                "The steps take %(total)s in all, more than the statutory time of %(statutory)s.",
                total=revision.steps_total.label(),
                statutory=statutory.label(),
            )
    if errors:
        raise ValidationFailed(fields=errors)
    revision.status = RevisionStatus.in_review
    revision.submitted_at = utcnow()
    _sign(revision, actor, SignatureMeaning.authored, password_confirmed=False)
    db.session.flush()
    audit.record(
        "revision.submit",
        revision,
        actor=actor,
        old={"status": "draft"},
        new={"status": "in_review"},
    )
    return revision


def return_revision(revision: Revision, actor: User, comment: str) -> Revision:
    """In review → draft, with the reviewer's comments."""
    if revision.status is not RevisionStatus.in_review:
        raise InvalidState(_("Only a revision in review can be sent back."))
    if not rules.can_return_revision(actor, revision):
        raise PermissionDenied()
    comment = nfc(comment or "")
    if not comment:
        raise ValidationFailed(fields={"comment": _("Say what must change before approval.")})
    revision.status = RevisionStatus.draft
    revision.return_comment, revision.returned_at = comment, utcnow()
    db.session.flush()
    audit.record(
        "revision.return",
        revision,
        actor=actor,
        old={"status": "in_review"},
        new={"status": "draft"},
        reason=comment,
    )
    return revision


def _check_signer(actor: User, password: str) -> None:
    if actor.is_locked():
        raise PermissionDenied(
            _("Your account is locked after too many wrong passwords. Try again later.")
        )
    if not actor.check_password(password or ""):
        register_failed_password(actor)
        raise WrongPassword(_("The password is wrong; the signature was not made."))


def _sign(
    revision: Revision, actor: User, meaning: SignatureMeaning, password_confirmed: bool
) -> Signature:
    signature = Signature(
        organisation_id=revision.organisation_id,
        revision=revision,
        signer_id=actor.id,
        signer_name=actor.full_name,
        signer_position=actor.position,
        meaning=meaning,
        signed_at=utcnow(),
        content_sha256=content_hash(revision),
        password_confirmed=password_confirmed,
    )
    db.session.add(signature)
    return signature


def review_revision(revision: Revision, actor: User, password: str) -> Signature:
    """Record the review (xem xét) of a revision in review, signed with the reviewer's password."""
    if revision.status is not RevisionStatus.in_review:
        raise InvalidState(_("Only a revision in review can be reviewed."))
    if not rules.can_review_revision(actor, revision):
        raise PermissionDenied(_("The author cannot review their own revision."))
    _check_signer(actor, password)
    signature = _sign(revision, actor, SignatureMeaning.reviewed, password_confirmed=True)
    db.session.flush()
    audit.record(
        "revision.review", revision, actor=actor, new={"content_sha256": signature.content_sha256}
    )
    return signature


def lock_for_approval(revision_id: int) -> Revision | None:
    """Load the revision with a row lock, so two approvers at once are served one after the other."""
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.id == revision_id)
        .with_for_update(of=Revision)
        .execution_options(populate_existing=True)
    )


def approve_revision(
    revision: Revision, actor: User, password: str, effective_date: date | None
) -> Revision:
    """In review → approved: the QMR's electronic signature over the exact content."""
    if revision.status is not RevisionStatus.in_review:
        raise InvalidState(_("Only a revision in review can be approved."))
    if not rules.can_approve_revision(actor, revision):
        if actor.id == revision.author_id:
            raise PermissionDenied(_("The author of a revision cannot approve it."))
        raise PermissionDenied(_("Only the quality management representative approves revisions."))
    _check_signer(actor, password)
    effective_date = effective_date or today()
    last = db.session.scalar(
        sa.select(sa.func.max(Revision.effective_date)).where(
            Revision.procedure_id == revision.procedure_id,
            Revision.status == RevisionStatus.approved,
        )
    )
    if last is not None and effective_date < last:
        raise ValidationFailed(
            fields={
                "effective_date": _(
                    "The effective date cannot be before that of the previous revision (%(date)s).",
                    date=last.strftime("%d/%m/%Y"),
                )
            }
        )
    revision.content_sha256 = content_hash(revision)
    revision.status = RevisionStatus.approved
    revision.approved_by = db.session.get(User, actor.id)  # the row itself (actor may be a proxy)
    revision.approved_at = utcnow()
    revision.effective_date = effective_date
    _sign(revision, actor, SignatureMeaning.approved, password_confirmed=True)
    procedure = revision.procedure
    procedure.review_due_on = procedure.next_review_from(effective_date)
    db.session.flush()
    audit.record(
        "revision.approve",
        revision,
        actor=actor,
        old={"status": "in_review"},
        new={
            "status": "approved",
            "effective_date": effective_date,
            "content_sha256": revision.content_sha256,
        },
    )
    return revision


# --- periodic review -----------------------------------------------------------------------


def record_periodic_review(
    procedure: Procedure,
    actor: User,
    outcome: ReviewOutcome,
    note: str,
    on: date | None = None,
    withdraw_on: date | None = None,
) -> ProcedureReview:
    """Keep (moves the review due date), revise (opens a draft) or withdraw."""
    if not rules.can_edit_procedures(actor):
        raise PermissionDenied()
    if procedure.withdrawn_on is not None:
        raise InvalidState(_("This procedure is withdrawn."))
    on = on or today()
    review = ProcedureReview(
        organisation_id=procedure.organisation_id,
        procedure_id=procedure.id,
        reviewed_on=on,
        reviewer_id=actor.id,
        outcome=outcome,
        note=nfc(note or ""),
    )
    db.session.add(review)
    if outcome is ReviewOutcome.revise:
        revision = create_revision(procedure, actor, {"change_summary": review.note})
        review.revision_id = revision.id
    elif outcome is ReviewOutcome.withdraw:
        withdraw_procedure(procedure, actor, review.note, withdraw_on or on)
    db.session.flush()
    procedure.review_due_on = procedure.next_review_from(on)
    db.session.flush()
    audit.record(
        "procedure.review",
        procedure,
        actor=actor,
        new={"outcome": outcome, "on": on},
        reason=review.note,
    )
    return review


# --- legal bases ---------------------------------------------------------------------------

LEGAL_FIELDS = ("number", "title", "issuer", "issued_on", "effective_on")


def _clean_legal(data: dict, organisation_id: int, current: LegalBasis | None) -> dict:
    clean = {k: nfc(v) if isinstance(v, str) else v for k, v in data.items() if k in LEGAL_FIELDS}
    errors = {}
    if ("number" in clean or current is None) and not clean.get("number"):
        errors["number"] = _("Enter the document number, e.g. 61/2018/NĐ-CP.")
    issued, effective = clean.get("issued_on"), clean.get("effective_on")
    if issued and effective and effective < issued:
        errors["effective_on"] = _("The effective date cannot be before the issue date.")
    if errors:
        raise ValidationFailed(fields=errors)
    number = clean.get("number")
    if number and (current is None or number != current.number):
        if db.session.scalar(
            sa.select(LegalBasis.id).where(
                LegalBasis.organisation_id == organisation_id, LegalBasis.number == number
            )
        ):
            raise ValidationFailed(
                fields={"number": _("This document is already in the register.")}
            )
    return clean


def create_legal_basis(organisation_id: int, actor: User | None, data: dict) -> LegalBasis:
    """Add an external document to the legal-basis register."""
    clean = _clean_legal(data, organisation_id, None)
    basis = LegalBasis(organisation_id=organisation_id, **clean)
    db.session.add(basis)
    db.session.flush()
    audit.record("legal_basis.create", basis, actor=actor, new=clean)
    return basis


def update_legal_basis(basis: LegalBasis, actor: User, data: dict, lock_version=None) -> LegalBasis:
    _check_version(basis, lock_version)
    clean = _clean_legal(data, basis.organisation_id, basis)
    old = {k: getattr(basis, k) for k in clean if getattr(basis, k) != clean[k]}
    for key in old:
        setattr(basis, key, clean[key])
    if old:
        db.session.flush()
        audit.record(
            "legal_basis.update", basis, actor=actor, old=old, new={k: clean[k] for k in old}
        )
    return basis


def mark_superseded(
    basis: LegalBasis, actor: User | None, new: LegalBasis, kind: LegalChange
) -> LegalBasis:
    """Record that a legal basis was amended or replaced: every procedure citing it is flagged."""
    if new.id == basis.id or new.organisation_id != basis.organisation_id:
        raise ValidationFailed(
            fields={"superseded_by": _("Choose another document of the register.")}
        )
    if basis.superseded_by_id is not None:
        raise InvalidState(_("This document is already marked as amended or replaced."))
    if new.effective_on is None:
        raise ValidationFailed(
            fields={
                "superseded_by": _(
                    "Enter the effective date of the new document first: the update deadline counts from it."
                )
            }
        )
    basis.superseded_by, basis.change_kind, basis.superseded_marked_at = new, kind, utcnow()
    db.session.flush()
    audit.record(
        "legal_basis.superseded",
        basis,
        actor=actor,
        new={"by": new.number, "kind": kind, "update_due_on": basis.update_due_on},
    )
    return basis
