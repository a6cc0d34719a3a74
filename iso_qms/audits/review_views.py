"""HTML routes of management reviews: plan, input pack, record as held, decisions as actions."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from . import operations as ops
from . import permissions as rules
from . import queries
from .forms import DecisionForm, HoldForm, ReviewForm
from .models import (
    ACTION_STATUS_LABELS,
    FINDING_TYPE_LABELS,
    KIND_LABELS,
    ManagementReview,
    ReviewStatus,
)
from .permissions import REVIEW_KEEPERS
from .view_helpers import people_choices

bp = Blueprint("audit_reviews", __name__, url_prefix="/audits")


@bp.app_template_filter("iso_dmy")
def iso_dmy(value: str | None) -> str:
    """A YYYY-MM-DD string kept in a frozen input pack, shown dd/mm/yyyy."""
    try:
        return date.fromisoformat(value or "").strftime("%d/%m/%Y")
    except ValueError:
        return value or ""


@bp.route("/reviews")
@roles_required()
def reviews():
    org_id = picked_org_id()
    query = (
        sa.select(ManagementReview)
        .where(ManagementReview.organisation_id == org_id)
        .order_by(ManagementReview.held_on.desc(), ManagementReview.id.desc())
    )
    page = paginate(query)
    return render_template(
        "audits/reviews.html",
        page=page,
        can_manage=rules.can_manage_reviews(current_user)
        and org_id == current_user.organisation_id,
        duties=queries.annual_duties(org_id, today().year),
        **picker(),
    )


def _prepare(form: ReviewForm) -> ReviewForm:
    people = people_choices(current_user.organisation_id)
    form.chair_id.choices = [("", "—"), *people]
    form.participant_ids.choices = people
    return form


def _data(form: ReviewForm) -> dict:
    return {
        "title": form.title.data,
        "held_on": form.held_on.data,
        "chair_id": form.chair_id.data,
        "participant_ids": list(form.participant_ids.data or []),
        "other_participants": form.other_participants.data or "",
    }


@bp.route("/reviews/new", methods=["GET", "POST"])
@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@roles_required(*REVIEW_KEEPERS)
def form(review_id: int | None = None):
    review = get_own(ManagementReview, review_id) if review_id is not None else None
    page_form = _prepare(ReviewForm(obj=review if request.method == "GET" else None))
    if request.method == "GET" and review is not None:
        page_form.chair_id.data = review.chair_id
        page_form.participant_ids.data = [u.id for u in review.participants]
    if page_form.validate_on_submit():
        data = _data(page_form)
        if review is None:
            result = run(
                page_form,
                lambda: ops.create_review(current_user.organisation_id, current_user, data),
            )
        else:
            result = run(
                page_form,
                lambda: ops.update_review(
                    review, current_user, data, int(page_form.lock_version.data or 0)
                ),
            )
        if result is not FAILED:
            flash(_("The management review was saved."), "success")
            return redirect(url_for("audit_reviews.detail", review_id=result.id))
    return render_template("audits/review_form.html", form=page_form, review=review), form_status()


@bp.route("/reviews/<int:review_id>")
@roles_required()
def detail(review_id: int):
    review = get_readable(ManagementReview, review_id)
    pack = (
        review.input_pack
        if review.status is ReviewStatus.held
        else queries.review_input_pack(review)
    )
    decision_form = DecisionForm(formdata=None)
    decision_form.owner_id.choices = people_choices(review.organisation_id)
    return render_template(
        "audits/review_detail.html",
        review=review,
        pack=pack,
        hold_form=HoldForm(formdata=None),
        decision_form=decision_form,
        kinds={k.value: v for k, v in KIND_LABELS.items()},
        types={k.value: v for k, v in FINDING_TYPE_LABELS.items()},
        today=today(),
        statuses={k.value: v for k, v in ACTION_STATUS_LABELS.items()},
        can_manage=rules.can_manage_reviews(current_user)
        and review.organisation_id == current_user.organisation_id,
    )


@bp.route("/reviews/<int:review_id>/hold", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
def hold(review_id: int):
    review = get_own(ManagementReview, review_id)
    hold_form = HoldForm()
    minutes = hold_form.minutes.data if hold_form.validate_on_submit() else ""
    if flash_failure(lambda: ops.hold_review(review, current_user, minutes)) is not FAILED:
        flash(_("The review was recorded as held; its input pack is kept as it is now."), "success")
    return redirect(url_for("audit_reviews.detail", review_id=review_id))


@bp.route("/reviews/<int:review_id>/decisions", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
def add_decision(review_id: int):
    review = get_own(ManagementReview, review_id)
    decision_form = DecisionForm()
    decision_form.owner_id.choices = people_choices(review.organisation_id)
    if not decision_form.validate_on_submit():
        for messages in decision_form.errors.values():
            flash(" ".join(map(str, messages)), "danger")
        return redirect(url_for("audit_reviews.detail", review_id=review_id))
    data = {
        "action": decision_form.action.data,
        "owner_id": decision_form.owner_id.data,
        "due_date": decision_form.due_date.data,
    }
    if flash_failure(lambda: ops.add_review_decision(review, current_user, data)) is not FAILED:
        flash(_("The decision was recorded and is tracked as an action."), "success")
    return redirect(url_for("audit_reviews.detail", review_id=review_id))
