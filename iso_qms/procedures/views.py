"""HTML routes of the register and of a procedure: list, create, edit, detail, withdraw, review."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..core.errors import DomainError, ValidationFailed
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.params import arg_date
from ..core.permissions import get_own, get_readable, roles_required
from ..core.text import search_clause
from ..core.timeutil import today
from ..core.view_helpers import FAILED, form_status, run
from ..extensions import db
from . import operations as ops
from . import permissions as rules
from . import queries
from .content import sections_for
from .durations import Duration
from .forms import PeriodicReviewForm, ProcedureForm, WithdrawForm
from .models import (
    KIND_LABELS,
    LegalBasis,
    Procedure,
    ProcedureKind,
    ProcedureReview,
    ReviewOutcome,
)
from .permissions import APPROVERS, EDITORS

bp = Blueprint("procedures", __name__, url_prefix="/procedures")


@bp.app_context_processor
def _template_helpers() -> dict:
    """Helpers of the shared procedure templates (revision body, sign-off), for every page."""
    from .diff_words import line_rows, step_rows
    from .models import SignatureMeaning
    from .revision_views import duration_label

    return {
        "duration_label": duration_label,
        "meanings": SignatureMeaning,
        "diff_line_rows": line_rows,
        "diff_step_rows": step_rows,
    }


READERS = ()  # any logged-in user of the organisation (or a supervisor above it)

STATUS_FILTERS = {
    "in_force": _l("In force"),
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "withdrawn": _l("Withdrawn"),
    "review_overdue": _l("Review overdue"),
    "legal_update_due": _l("Legal update due"),
    "over_time": _l("Steps exceed the statutory time"),
}


def status_filters() -> dict:
    return {key: str(label) for key, label in STATUS_FILTERS.items()}


@bp.route("/")
@roles_required(*READERS)
def register():
    args = request.args
    org_id = picked_org_id()
    query = sa.select(Procedure).where(Procedure.organisation_id == org_id)
    clause = search_clause(Procedure.search_key, args.get("q"))
    if clause is not None:
        query = query.where(clause)
    if args.get("kind") in {k.value for k in ProcedureKind}:
        query = query.where(Procedure.kind == ProcedureKind(args["kind"]))
    if args.get("field"):
        query = query.where(Procedure.field == args["field"])
    status = queries.status_clause(args.get("status", ""), today())
    if status is not None:
        query = query.where(status)
    page = paginate(query.order_by(Procedure.kind, Procedure.code))
    rows = queries.register_rows(page.items, today())
    fields = db.session.scalars(
        sa.select(Procedure.field)
        .distinct()
        .where(Procedure.organisation_id == org_id, Procedure.field != "")
        .order_by(Procedure.field)
    ).all()
    from .announcements import republish_due

    due, _changes = republish_due(org_id)
    return render_template(
        "procedures/register.html",
        page=page,
        rows=rows,
        args=args,
        fields=fields,
        kinds=KIND_LABELS,
        statuses=status_filters(),
        republish_due=due,
        can_edit=rules.can_edit_procedures(current_user) and org_id == current_user.organisation_id,
        **picker(),
    )


def _legal_choices(organisation_id: int) -> list[tuple[int, str]]:
    bases = db.session.scalars(
        sa.select(LegalBasis)
        .where(LegalBasis.organisation_id == organisation_id)
        .order_by(LegalBasis.number)
    ).all()
    return [(b.id, f"{b.number} — {b.title}"[:160]) for b in bases]


def _form_data(form: ProcedureForm) -> dict:
    units = [u.strip() for u in (form.distribution_units.data or "").split(",") if u.strip()]
    return {
        "code": form.code.data,
        "title": form.title.data,
        "kind": form.kind.data,
        "field": form.field.data or "",
        "tthc_code": form.tthc_code.data or "",
        "statutory": (form.statutory.data or None),
        "owner_unit": form.owner_unit.data or "",
        "review_interval_months": form.review_interval_months.data,
        "distribution_units": units,
        "distribution_roles": list(form.distribution_roles.data or []),
    }


def _save_procedure(form: ProcedureForm, procedure: Procedure | None) -> Procedure:
    data = _form_data(form)
    if data["statutory"]:
        try:
            data["statutory"] = Duration.parse(data["statutory"])
        except ValueError:
            raise ValidationFailed(
                fields={
                    "statutory": _(
                        'Write the statutory time as working days or hours, e.g. "03 ngày làm việc" or "Trong ngày".'
                    )
                }
            ) from None
    org_id = current_user.organisation_id
    if procedure is None:
        procedure = ops.create_procedure(org_id, current_user, data)
    else:
        ops.update_procedure(procedure, current_user, data, int(form.lock_version.data or 0))
    chosen = [get_own(LegalBasis, int(i)) for i in form.legal_bases.data or []]
    ops.set_legal_bases(procedure, current_user, chosen)
    return procedure


def _edit_page(form: ProcedureForm, procedure: Procedure | None):
    form.legal_bases.choices = _legal_choices(current_user.organisation_id)
    if form.validate_on_submit():
        saved = run(
            form,
            lambda: _save_procedure(form, procedure),
            {"statutory_time": "statutory"},
            catch=DomainError,  # a stale edit or a withdrawn procedure: said on the form
        )
        if saved is not FAILED:
            flash(_("The procedure %(code)s was saved.", code=saved.code), "success")
            return redirect(url_for("procedures.detail", procedure_id=saved.id))
    return render_template("procedures/form.html", form=form, procedure=procedure), form_status()


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new():
    return _edit_page(ProcedureForm(), None)


@bp.route("/<int:procedure_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(procedure_id: int):
    procedure = get_own(Procedure, procedure_id)
    form = ProcedureForm(obj=procedure if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = procedure.kind.value
        form.statutory.data = procedure.statutory.label_vi() if procedure.statutory else ""
        form.distribution_units.data = ", ".join(procedure.distribution_units or [])
        form.distribution_roles.data = list(procedure.distribution_roles or [])
        form.legal_bases.data = [b.id for b in procedure.legal_bases]
    return _edit_page(form, procedure)


@bp.route("/<int:procedure_id>")
@roles_required(*READERS)
def detail(procedure_id: int):
    procedure = get_readable(Procedure, procedure_id)
    as_of_errors: dict = {}
    as_of = arg_date("as_of", errors=as_of_errors) or today()
    current = queries.revision_in_force(procedure, as_of)
    row = queries.register_rows([procedure], today())[0]
    reviews = db.session.scalars(
        sa.select(ProcedureReview)
        .where(ProcedureReview.procedure_id == procedure.id)
        .order_by(ProcedureReview.reviewed_on.desc())
    ).all()
    return render_template(
        "procedures/detail.html",
        procedure=procedure,
        current=current,
        row=row,
        as_of=as_of,
        history=queries.history(procedure),
        revisions=queries.revisions_of(procedure),
        reviews=reviews,
        sections=sections_for(procedure.is_tthc),
        today=today(),
        can_edit=rules.can_edit_procedures(current_user),
        empty_form=EmptyForm(),
        can_approve=rules.can_withdraw_procedure(current_user),
        bad_as_of=as_of_errors.get("as_of"),
        is_own=procedure.organisation_id == current_user.organisation_id,
    )


@bp.route("/<int:procedure_id>/withdraw", methods=["GET", "POST"])
@roles_required(*APPROVERS)
def withdraw(procedure_id: int):
    procedure = get_own(Procedure, procedure_id)
    form = WithdrawForm()
    if request.method == "GET":
        form.date.data = today()
    if form.validate_on_submit():
        withdrawn = run(
            form,
            lambda: ops.withdraw_procedure(
                procedure, current_user, form.reason.data, form.date.data
            ),
        )
        if withdrawn is not FAILED:
            flash(_("The procedure was withdrawn."), "success")
            return redirect(url_for("procedures.detail", procedure_id=procedure.id))
    return render_template(
        "procedures/withdraw.html", form=form, procedure=procedure
    ), form_status()


@bp.route("/<int:procedure_id>/review", methods=["GET", "POST"])
@roles_required(*EDITORS)
def periodic_review(procedure_id: int):
    procedure = get_own(Procedure, procedure_id)
    form = PeriodicReviewForm()
    if request.method == "GET":
        form.reviewed_on.data = today()
    if form.validate_on_submit():
        outcome = ReviewOutcome(form.outcome.data)
        if outcome is ReviewOutcome.withdraw and not rules.can_withdraw_by_review(current_user):
            form.outcome.errors = [
                _("Only the quality management representative withdraws procedures.")
            ]
        else:
            review = run(
                form,
                lambda: ops.record_periodic_review(
                    procedure,
                    current_user,
                    outcome,
                    form.note.data,
                    form.reviewed_on.data or today(),
                ),
                catch=DomainError,
            )
            if review is not FAILED:
                flash(_("The review was recorded."), "success")
                if review.revision_id:
                    return redirect(url_for("revisions.edit", revision_id=review.revision_id))
                return redirect(url_for("procedures.detail", procedure_id=procedure.id))
    return render_template("procedures/review.html", form=form, procedure=procedure), form_status()
