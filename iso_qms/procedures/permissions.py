"""Named rules of document control."""

from ..accounts.models import Role
from .signing_chain import SIGNER_ROLES, chain_for, current_review

#: Who keeps the register and drafts revisions.
EDITORS = (Role.iso_secretary, Role.qmr)
#: Who may send a revision back to draft with comments.
REVIEWERS = (Role.iso_secretary, Role.qmr, Role.head)
#: Who may sign a review or an approval in some signing chain; the organisation's chain says
#: which of them signs which step (see signing_chain.py).
SIGNERS = SIGNER_ROLES
#: Who withdraws procedures and issues announcements.
APPROVERS = (Role.qmr,)


def can_edit_procedures(user) -> bool:
    return user.has_role(*EDITORS)


def can_edit_revision(user, revision) -> bool:
    return (
        revision.status.value == "draft"
        and user.has_role(*EDITORS)
        and (revision.organisation_id == user.organisation_id)
    )


def can_return_revision(user, revision) -> bool:
    return (
        revision.status.value == "in_review"
        and user.has_role(*REVIEWERS)
        and (revision.organisation_id == user.organisation_id)
    )


def is_chain_reviewer(user, revision) -> bool:
    """Holds the role the signing chain names for the review, in the organisation; not the author."""
    chain = chain_for(revision.organisation_id)
    return (
        revision.organisation_id == user.organisation_id
        and user.has_role(chain.review_role.role)
        and user.id != revision.author_id
    )


def can_review_revision(user, revision) -> bool:
    """May sign the review now: the chain's reviewer, the revision in review and not yet reviewed."""
    return (
        revision.status.value == "in_review"
        and is_chain_reviewer(user, revision)
        and current_review(revision) is None
    )


def signed_the_review(user, revision) -> bool:
    review = current_review(revision)
    return review is not None and review.signer_id == user.id


def is_chain_approver(user, revision) -> bool:
    """Holds the role the signing chain names for the approval, in the organisation; never the
    author, and with two roles in the chain never the person who signed the review."""
    chain = chain_for(revision.organisation_id)
    return (
        user.has_role(chain.approve_role.role)
        and revision.organisation_id == user.organisation_id
        and user.id != revision.author_id
        and not (chain.two_signers and signed_the_review(user, revision))
    )


def review_done_or_optional(revision) -> bool:
    """The chain lets the approval go ahead: the review is signed, or the chain does not wait."""
    chain = chain_for(revision.organisation_id)
    return not chain.review_required or current_review(revision) is not None


def can_approve_revision(user, revision) -> bool:
    """May sign the approval now: the chain's approver, and the review done if the chain waits."""
    return is_chain_approver(user, revision) and review_done_or_optional(revision)


def can_manage_announcements(user) -> bool:
    return user.has_role(*APPROVERS)


def can_withdraw_procedure(user) -> bool:
    return user.has_role(*APPROVERS)


def can_withdraw_by_review(user) -> bool:
    """A periodic review may end in withdrawal only in the QMR's hands."""
    return can_withdraw_procedure(user)
