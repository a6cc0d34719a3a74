"""Approval: submit, return, the reviewer's and the QMR's password-confirmed signatures over the
exact content."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...accounts.operations import AccountLocked, check_password_counted
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.text import nfc
from ...core.timeutil import today, utcnow
from ...extensions import db
from .. import permissions as rules
from ..content import content_hash
from ..models import Revision, RevisionStatus, Signature, SignatureMeaning
from .revisions import apply_identity


class WrongPassword(PermissionDenied):
    """A wrong password on a signature: refused, but the failed attempt itself is kept."""

    preserve_session = True


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
        statutory = revision.statutory  # the one this issue carries
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
    """The signer re-enters their password; a wrong one counts toward the login lock-out."""
    try:
        right = check_password_counted(actor, password)
    except AccountLocked:
        raise PermissionDenied(
            _("Your account is locked after too many wrong passwords. Try again later.")
        ) from None
    if not right:
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
    if effective_date < today():  # a past date would rewrite what the records said then
        raise ValidationFailed(
            fields={
                "effective_date": _(
                    "The effective date cannot be in the past: a revision comes into force "
                    "today (%(date)s) or later.",
                    date=today().strftime("%d/%m/%Y"),
                )
            }
        )
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
    apply_identity(revision, actor)
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
