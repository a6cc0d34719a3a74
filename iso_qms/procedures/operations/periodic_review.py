"""Periodic review of a procedure: keep, revise or withdraw."""

from datetime import date

from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied
from ...core.text import nfc
from ...core.timeutil import today
from ...extensions import db
from .. import permissions as rules
from ..models import Procedure, ProcedureReview, ReviewOutcome
from .register import withdraw_procedure
from .revisions import create_revision


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
    if outcome is not ReviewOutcome.withdraw:  # a withdrawn procedure has no review due
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
