"""Management review (xem xét của lãnh đạo): planned → held (input pack frozen); decisions become
tracked actions."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, ValidationFailed
from ...core.timeutil import today, utcnow
from ...extensions import db
from .. import permissions as rules
from ..models import CorrectiveAction, ManagementReview, ReviewStatus
from ..queries import review_input_pack
from ._common import a_date, check_version, require, text, user_of
from .actions import clean_action, new_action
from .numbering import number_review


def _clean(organisation_id: int, data: dict, current: ManagementReview | None) -> dict:
    errors, clean = {}, {}
    if "title" in data or current is None:
        clean["title"] = text(data.get("title"), 300)
        if not clean["title"]:
            errors["title"] = _("Enter the title of the review.")
    if "held_on" in data or current is None:
        clean["held_on"] = a_date(data.get("held_on"), "held_on", errors)
    if data.get("chair_id") is not None:
        clean["chair"] = user_of(organisation_id, data["chair_id"], "chair_id", errors)
    for key in ("other_participants", "minutes"):
        if key in data:
            clean[key] = text(data[key])
    if "participant_ids" in data:
        ids = data["participant_ids"]
        if not isinstance(ids, list | tuple) or not all(isinstance(i, int) for i in ids):
            errors["participant_ids"] = _("This must be a list.")
        else:
            people = list(
                db.session.scalars(
                    sa.select(User).where(
                        User.organisation_id == organisation_id, User.id.in_(set(ids))
                    )
                )
            )
            if len(people) != len(set(ids)):
                errors["participant_ids"] = _("Choose people of your organisation.")
            clean["participants"] = people
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _apply(review: ManagementReview, clean: dict) -> dict:
    changed = {}
    for key in ("title", "held_on", "other_participants", "minutes"):
        if key in clean and clean[key] != getattr(review, key):
            changed[key] = clean[key]
            setattr(review, key, clean[key])
    if "chair" in clean and clean["chair"] is not review.chair:
        review.chair = clean["chair"]
        changed["chair"] = clean["chair"].username
    if "participants" in clean and {u.id for u in clean["participants"]} != {
        u.id for u in review.participants
    }:
        review.participants = clean["participants"]
        changed["participants"] = sorted(u.username for u in clean["participants"])
    return changed


def create_review(organisation_id: int, actor: User, data: dict) -> ManagementReview:
    """Plan a management review: title, date, chair and participants."""
    require(rules.can_manage_reviews(actor))
    clean = _clean(organisation_id, data, None)
    review = ManagementReview(
        organisation_id=organisation_id,
        title=clean["title"],
        held_on=clean["held_on"],
        status=ReviewStatus.planned,
        created_by_id=actor.id,
    )
    number_review(review)
    db.session.add(review)
    changed = _apply(review, clean)
    db.session.flush()
    audit.record(
        "review.create", review, actor=actor, new={"reference": review.reference, **changed}
    )
    return review


def update_review(
    review: ManagementReview, actor: User, data: dict, lock_version=None
) -> ManagementReview:
    """Change a planned review (a held review only takes changes to its minutes)."""
    require(rules.can_manage_reviews(actor))
    check_version(review, lock_version)
    if review.status is ReviewStatus.held and set(data) - {"minutes", "lock_version"}:
        raise InvalidState(_("A held review only takes changes to its minutes."))
    clean = _clean(review.organisation_id, data, review)
    reference = review.reference
    changed = _apply(review, clean)
    if "held_on" in changed:
        number_review(review)
        if review.reference != reference:
            changed["reference"] = review.reference
    if changed:
        db.session.flush()
        audit.record("review.update", review, actor=actor, new=changed)
    return review


def hold_review(review: ManagementReview, actor: User, minutes: str) -> ManagementReview:
    """Record that the review was held: the minutes, and the input pack frozen as it is now."""
    if review.status is not ReviewStatus.planned:
        raise InvalidState(_("This review was already recorded as held."))
    require(rules.can_manage_reviews(actor))
    errors = {}
    minutes = text(minutes) or review.minutes
    if not minutes:
        errors["minutes"] = _("Record the conclusions of the meeting.")
    if review.held_on > today():
        errors["held_on"] = _("A review cannot be recorded as held before its date.")
    if errors:
        raise ValidationFailed(fields=errors)
    review.minutes = minutes
    review.input_pack = review_input_pack(review)
    review.status, review.held_recorded_at = ReviewStatus.held, utcnow()
    db.session.flush()
    audit.record(
        "review.hold",
        review,
        actor=actor,
        old={"status": ReviewStatus.planned},
        new={"status": ReviewStatus.held, "held_on": review.held_on},
    )
    return review


def add_review_decision(review: ManagementReview, actor: User, data: dict) -> CorrectiveAction:
    """A decision of a held review, tracked as an action with owner and due date."""
    if review.status is not ReviewStatus.held:
        raise InvalidState(_("Decisions are recorded once the review has been held."))
    require(rules.can_manage_reviews(actor))
    clean = clean_action(review.organisation_id, data, None)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(CorrectiveAction.number)).where(
                CorrectiveAction.review_id == review.id
            )
        )
        or 0
    ) + 1
    return new_action(review.organisation_id, actor, clean, review=review, number=number)
