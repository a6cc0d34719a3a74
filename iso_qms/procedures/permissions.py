"""Named rules of document control."""

from ..accounts.models import Role

#: Who keeps the register and drafts revisions.
EDITORS = (Role.iso_secretary, Role.qmr)
#: Who may send a revision back to draft with comments, or record the review (xem xét).
REVIEWERS = (Role.iso_secretary, Role.qmr, Role.head)
#: Who approves revisions, withdraws procedures and issues announcements.
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


def can_review_revision(user, revision) -> bool:
    return can_return_revision(user, revision) and user.id != revision.author_id


def can_approve_revision(user, revision) -> bool:
    """A QMR of the organisation, never the revision's author."""
    return (
        user.has_role(*APPROVERS)
        and revision.organisation_id == user.organisation_id
        and user.id != revision.author_id
    )


def can_manage_announcements(user) -> bool:
    return user.has_role(*APPROVERS)


def can_withdraw_procedure(user) -> bool:
    return user.has_role(*APPROVERS)


def can_withdraw_by_review(user) -> bool:
    """A periodic review may end in withdrawal only in the QMR's hands."""
    return can_withdraw_procedure(user)
