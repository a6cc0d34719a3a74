"""API: management reviews, their decisions, and the annual duties."""

from datetime import date

from flask_login import current_user
from marshmallow import fields

from ..api.common import BaseSchema, PageArgs, lock_version_from, page_of
from ..core.permissions import login_required, roles_required
from ..core.timeutil import today
from . import operations as ops
from . import queries
from .api import _without_version, blp, loads
from .models import ManagementReview
from .permissions import REVIEW_KEEPERS
from .schemas import (
    ActionSchema,
    DecisionBody,
    HoldBody,
    ReviewDetailSchema,
    ReviewPatch,
    ReviewSchema,
    ReviewWrite,
    YearArgs,
    _page,
)

# --- management reviews and annual duties --------------------------------------------------


@blp.route("/management-reviews")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, _page(ReviewSchema))
def list_reviews(args):
    """Management reviews, newest first."""
    return page_of(queries.reviews_query(current_user.organisation_id), args, lambda r: r)


@blp.route("/management-reviews", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
@blp.arguments(ReviewWrite)
@blp.response(201, ReviewDetailSchema)
def create_review(body):
    """Plan a management review."""
    return ops.create_review(current_user.organisation_id, current_user, body)


@blp.route("/management-reviews/<int:review_id>")
@login_required
@loads(ManagementReview, "review_id", readable=True)
@blp.response(200, ReviewDetailSchema)
def get_review(obj):
    """A review with its input pack (generated now, or as frozen when it was held)."""
    return obj


@blp.route("/management-reviews/<int:review_id>", methods=["PATCH"])
@roles_required(*REVIEW_KEEPERS)
@loads(ManagementReview, "review_id")
@blp.arguments(ReviewPatch)
@blp.response(200, ReviewDetailSchema)
def patch_review(body, obj):
    """Change a planned review (a held one only takes its minutes)."""
    version = lock_version_from(body)
    return ops.update_review(obj, current_user, _without_version(body), version)


@blp.route("/management-reviews/<int:review_id>/hold", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
@loads(ManagementReview, "review_id")
@blp.arguments(HoldBody)
@blp.response(200, ReviewDetailSchema)
def hold_review(body, obj):
    """Record the review as held: minutes, and the input pack frozen."""
    return ops.hold_review(obj, current_user, body["minutes"])


@blp.route("/management-reviews/<int:review_id>/decisions", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
@loads(ManagementReview, "review_id")
@blp.arguments(DecisionBody)
@blp.response(201, ActionSchema)
def add_decision(body, obj):
    """A decision of a held review, tracked as an action."""
    return ops.add_review_decision(obj, current_user, body)


@blp.route("/annual-duties")
@login_required
@blp.arguments(YearArgs, location="query")
@blp.response(
    200,
    BaseSchema.from_dict(
        {
            "year": fields.Integer(),
            "internal_audit": fields.Dict(),
            "management_review": fields.Dict(),
            "missing": fields.List(fields.String()),
        },
        name="AnnualDuties",
    ),
)
def annual_duties(args):
    """Whether this year's internal audit and management review were held (QĐ 19/2014/QĐ-TTg)."""
    return _iso(
        queries.annual_duties(current_user.organisation_id, args.get("year") or today().year)
    )


def _iso(value):
    """Dates inside plain dicts and lists as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value
