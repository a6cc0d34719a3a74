"""References that name a round or a management review without ambiguity across rounds and
years: the kind, the round's number in its year, the year (TKT-01/2020, XXLĐ-01/2020).

A number is taken when the round or review is planned and kept; a planned one moved to another
year takes the next number of that year (nothing refers to it yet: findings and decisions come
once it has started or been held).
"""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from ...accounts.models import Organisation
from ...extensions import db
from ..models import ManagementReview, Round


def _lock(organisation_id: int) -> None:
    """Serialise numbering within the organisation (on SQLite the write transaction already
    does); the unique index is the last word."""
    db.session.execute(
        sa.select(Organisation.id).where(Organisation.id == organisation_id).with_for_update()
    )


def _next(row, model, year: int, *same) -> int:
    """max + 1 over the group's rows of the year, in the database and not yet flushed."""
    _lock(row.organisation_id)
    group = [getattr(model, name) == getattr(row, name) for name in ("organisation_id", *same)]
    query = sa.select(sa.func.max(model.ref_number)).where(*group, model.ref_year == year)
    if row.id is not None:
        query = query.where(model.id != row.id)
    pending = (
        o.ref_number
        for o in db.session.new
        if isinstance(o, model)
        and o is not row
        and o.ref_number
        and o.ref_year == year
        and all(getattr(o, n) == getattr(row, n) for n in ("organisation_id", *same))
    )
    return max(db.session.scalar(query) or 0, *pending, 0) + 1


def number_round(round_: Round) -> None:
    """Give the round the next number of its kind in the year of its start date (unless it has
    one in that year already)."""
    year = round_.start_date.year
    if not (round_.ref_number and round_.ref_year == year):
        round_.ref_number = _next(round_, Round, year, "kind")
        round_.ref_year = year


def number_review(review: ManagementReview) -> None:
    """Give the review the next number in the year it is held in (unless it has one there)."""
    year = review.held_on.year
    if not (review.ref_number and review.ref_year == year):
        review.ref_number = _next(review, ManagementReview, year)
        review.ref_year = year


@event.listens_for(Session, "before_flush")
def _number_new_rows(session: Session, flush_context, instances) -> None:
    """Rows made without the operations (a test's direct Round(...)) still get their number."""
    for obj in list(session.new):
        if isinstance(obj, Round) and not obj.ref_number and obj.start_date is not None:
            number_round(obj)
        elif isinstance(obj, ManagementReview) and not obj.ref_number and obj.held_on is not None:
            number_review(obj)
