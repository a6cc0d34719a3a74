"""Approval: submit, return, and the password-confirmed signatures of the review (xem xét) and the
approval (phê duyệt) over the exact content, by the people the organisation's signing chain names."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...accounts.operations import AccountLocked, check_password_counted
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.i18n import format_datetime
from ...core.text import nfc
from ...core.timeutil import today, utcnow
from ...extensions import db
from .. import permissions as rules
from ..content import content_hash
from ..legal_citations import number_key, numbers_cited
from ..models import Revision, RevisionStatus, Signature, SignatureMeaning, revision_citations
from ..queries import revision_in_force
from ..signing_chain import chain_for, current_review
from .revisions import apply_identity

#: What an issue says: a new issue that changes none of it changes nothing (issue 13, item 3).
DOCUMENT_FIELDS = (
    "procedure_code",
    "procedure_title",
    "statutory_minutes",
    "content",
    "steps",
    "forms",
    "records",
)


class WrongPassword(PermissionDenied):
    """A wrong password on a signature: refused, but the failed attempt itself is kept."""

    preserve_session = True


def submit_revision(revision: Revision, actor: User, password: str | None = None) -> Revision:
    """Draft → in review, signed "Người soạn thảo" by the author: an e-signature when the author
    re-enters their password (the page always asks; the API takes it when given). A TTHC whose
    steps exceed its statutory time is refused (PAR 3.4.2)."""
    if revision.status is not RevisionStatus.draft:
        raise InvalidState(_("Only a draft can be submitted for review."))
    if not rules.can_edit_revision(actor, revision):
        raise PermissionDenied()
    if password is not None:
        _check_signer(actor, password)
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
    same = _identical_issue(revision)
    if same is not None:
        errors["content"] = _(
            "%(code)s issue %(n)s is identical to issue %(m)s in force: nothing in its content "
            "changed. Change what must change before submitting it.",
            code=revision.procedure_code or procedure.code,
            n=f"{revision.number:02d}",
            m=f"{same.number:02d}",
        )
    if errors:
        raise ValidationFailed(fields=errors)
    revision.status = RevisionStatus.in_review
    revision.submitted_at = utcnow()
    _sign(revision, actor, SignatureMeaning.authored, password_confirmed=password is not None)
    db.session.flush()
    audit.record(
        "revision.submit",
        revision,
        actor=actor,
        old={"status": "draft"},
        new={"status": "in_review"},
    )
    return revision


def _identical_issue(revision: Revision) -> Revision | None:
    """The issue in force (else the latest approved) when the draft says exactly what it says."""
    base = revision_in_force(revision.procedure, today()) or db.session.scalar(
        sa.select(Revision)
        .where(
            Revision.procedure_id == revision.procedure_id,
            Revision.status == RevisionStatus.approved,
        )
        .order_by(Revision.number.desc())
        .limit(1)
    )
    if base is None or base.id == revision.id:
        return None
    same = all(getattr(base, key) == getattr(revision, key) for key in DOCUMENT_FIELDS)
    return base if same else None


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


def _issue(revision: Revision) -> dict:
    return {
        "code": revision.procedure_code or revision.procedure.code,
        "n": f"{revision.number:02d}",
    }


def _signed_line(signature: Signature) -> dict:
    return {"name": signature.signer_name, "when": format_datetime(signature.signed_at)}


def check_can_review(revision: Revision, actor: User) -> None:
    """Why this person may not sign the review now, as a domain error (nothing when they may)."""
    if revision.status is not RevisionStatus.in_review:
        raise InvalidState(_("Only a revision in review can be reviewed."))
    done = current_review(revision)
    if done is not None:
        raise InvalidState(
            _(
                "%(code)s issue %(n)s was already reviewed by %(name)s on %(when)s.",
                **_issue(revision),
                **_signed_line(done),
            )
        )
    if actor.id == revision.author_id:
        raise PermissionDenied(_("The author cannot review their own revision."))
    check_signer_role(revision, actor, SignatureMeaning.reviewed)


def check_signer_role(revision: Revision, actor: User, meaning: SignatureMeaning) -> None:
    """403 unless the person holds the role the organisation's signing chain names for the step
    (asked first by the API, before the body is read, so a role that may not sign gets 403)."""
    chain = chain_for(revision.organisation_id)
    if meaning is SignatureMeaning.reviewed:
        if not actor.has_role(chain.review_role.role):
            raise PermissionDenied(
                _(
                    "In your organisation's signing chain the review (xem xét) is signed by: "
                    "%(role)s.",
                    role=chain.review_role.label,
                )
            )
        return
    if actor.has_role(chain.approve_role.role):
        return
    if chain.is_default:
        raise PermissionDenied(_("Only the quality management representative approves revisions."))
    raise PermissionDenied(
        _(
            "In your organisation's signing chain revisions are approved by: %(role)s.",
            role=chain.approve_role.label,
        )
    )


def review_revision(revision: Revision, actor: User, password: str) -> Signature:
    """Record the review (xem xét) of a revision in review, signed with the reviewer's password."""
    check_can_review(revision, actor)
    _check_signer(actor, password)
    signature = _sign(revision, actor, SignatureMeaning.reviewed, password_confirmed=True)
    db.session.flush()
    audit.record(
        "revision.review", revision, actor=actor, new={"content_sha256": signature.content_sha256}
    )
    return signature


def freeze_citations(revision: Revision) -> list[str]:
    """Write the legal bases the approved issue cites; returns their numbers (for the trail).

    The issue cites what its procedure links to when it is signed, except a replaced text whose
    replacement is also linked and whose number the issue's own text no longer mentions: that
    one stays linked in the register (past reports keep it) but this issue no longer cites it.
    """
    linked = list(revision.procedure.legal_bases)
    ids = {basis.id for basis in linked}
    in_text = numbers_cited(revision.content, revision.steps, revision.forms, revision.records)
    cited = [
        basis
        for basis in linked
        if basis.superseded_by_id not in ids or number_key(basis.number) in in_text
    ]
    if cited:
        db.session.execute(
            revision_citations.insert(),
            [{"revision_id": revision.id, "legal_basis_id": basis.id} for basis in cited],
        )
    return sorted(basis.number for basis in cited)


def lock_for_approval(revision_id: int) -> Revision | None:
    """Load the revision with a row lock, so two approvers at once are served one after the other."""
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.id == revision_id)
        .with_for_update(of=Revision)
        .execution_options(populate_existing=True)
    )


def check_can_approve(revision: Revision, actor: User) -> None:
    """Why this person may not sign the approval now, as a domain error (nothing when they may)."""
    if revision.status is not RevisionStatus.in_review:
        approval = revision.signature(SignatureMeaning.approved)
        if approval is not None:
            raise InvalidState(
                _(
                    "%(code)s issue %(n)s was already approved by %(name)s on %(when)s.",
                    **_issue(revision),
                    **_signed_line(approval),
                )
            )
        raise InvalidState(_("Only a revision in review can be approved."))
    chain = chain_for(revision.organisation_id)
    if actor.id == revision.author_id:
        raise PermissionDenied(_("The author of a revision cannot approve it."))
    check_signer_role(revision, actor, SignatureMeaning.approved)
    if not rules.is_chain_approver(actor, revision):
        raise PermissionDenied(
            _(
                "You signed the review of this revision; its approval is signed by another "
                "person (%(role)s).",
                role=chain.approve_role.label,
            )
        )
    if not rules.review_done_or_optional(revision):
        raise InvalidState(
            _(
                "%(code)s issue %(n)s waits for its review: the review (xem xét) by %(role)s is "
                "signed before the approval.",
                role=chain.review_role.label,
                **_issue(revision),
            )
        )


def approve_revision(
    revision: Revision, actor: User, password: str, effective_date: date | None
) -> Revision:
    """In review → approved: the electronic signature of the approver the signing chain names, over
    the exact content."""
    check_can_approve(revision, actor)
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
    cited = freeze_citations(revision)
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
            "cited": cited,
        },
    )
    return revision
