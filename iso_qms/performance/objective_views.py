"""HTML pages of the quality objectives (6.2): the year's list with status badges and flagged
procedures, the form, the detail (versions, signature, status and trend, values, plan), the QMR's
approval with the password (Post/Redirect/Get like the procedures' signing pages), and the
one-step finding from a flagged procedure."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import InvalidState, PermissionDenied, ValidationFailed
from ..core.params import arg_year
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db
from ..procedures.models import Procedure
from ..procedures.operations import WrongPassword
from . import objectives as ops
from . import permissions_objectives as rules
from .objective_flags import flagged_procedures, open_monitoring_finding, plan_actions
from .objective_forms import ObjectiveForm, ObjectiveSignForm, PlanActionForm, ValueForm
from .objective_models import MANUAL, ObjectiveValue, QualityObjective
from .objective_status import objectives_of_year, standing, standings
from .permissions_objectives import OBJECTIVE_APPROVERS, OBJECTIVE_EDITORS

bp = Blueprint("objectives", __name__)
PENDING = "objective_signing_form"


def register(app) -> None:
    """The menu entry, the management review's measurement inputs, the signatures' check."""
    from flask_babel import lazy_gettext as _l

    from ..audits.review_queries import register_review_input
    from ..core.integrity import register_check
    from ..core.navigation import MEASUREMENT, menu_entry
    from .objective_flags import review_inputs
    from .objectives import check_signatures

    menu_entry(420, _l("Quality objectives"), "objectives.objectives", group=MEASUREMENT)
    register_review_input(review_inputs)
    register_check("objective signatures", check_signatures)


def _people(organisation_id: int) -> list[tuple[int, str]]:
    from ..audits.view_helpers import people_choices

    return people_choices(organisation_id)


def _as_of(year: int) -> date:
    return min(today(), date(year, 12, 31))


def _see_other(endpoint: str, **values):
    return redirect(url_for(endpoint, **values), code=303)


@bp.route("/objectives")
@roles_required()
def objectives():
    year = arg_year(default=today().year)
    org_id = current_user.organisation_id
    found = objectives_of_year(org_id, year)
    as_of = _as_of(year)
    return render_template(
        "performance/objectives.html",
        year=year,
        as_of=as_of,
        standings=standings(found, as_of),
        flags=flagged_procedures(org_id, year, as_of),
        can_edit=rules.can_edit_objectives(current_user),
        can_open=rules.can_open_monitoring_finding(current_user),
    )


@bp.route("/objectives/new", methods=["GET", "POST"])
@roles_required(*OBJECTIVE_EDITORS)
def new():
    form = ObjectiveForm()
    form.owner_id.choices = _people(current_user.organisation_id)
    if request.method == "GET":
        form.year.data = arg_year(default=today().year)
        form.target_unit.data = "%"
    if form.validate_on_submit():
        data = {"year": form.year.data, **form.data_for_operation()}
        created = run(
            form,
            lambda: ops.create_objective(current_user.organisation_id, current_user, data),
            field_map=_FIELDS,
        )
        if created is not FAILED:
            flash(_("Objective %(ref)s was saved as a draft.", ref=created.reference), "success")
            return redirect(url_for("objectives.detail", objective_id=created.id))
    return render_template(
        "performance/objective_form.html", form=form, objective=None
    ), form_status()


#: Where an operation's field messages go on the form.
_FIELDS = {"target": "target_value"}


@bp.route("/objectives/<int:objective_id>/edit", methods=["GET", "POST"])
@roles_required(*OBJECTIVE_EDITORS)
def edit(objective_id: int):
    objective = get_own(QualityObjective, objective_id)
    current = objective.draft or objective.latest
    form = ObjectiveForm(obj=None)
    form.owner_id.choices = _people(objective.organisation_id)
    if request.method == "GET":
        form.year.data = objective.year
        for name in ("text", "indicator", "target_unit", "owner_id"):
            getattr(form, name).data = getattr(current, name)
        form.target_op.data = current.target_op.value
        form.target_value.data = f"{current.target_value:g}"
        form.metric.data = current.metric
        form.frequency.data = current.frequency.value
        form.lock_version.data = current.lock_version if objective.draft else ""
        if objective.draft:
            form.change_note.data = current.change_note
    form.year.data = objective.year  # the year does not change
    if form.validate_on_submit():
        version = int(form.lock_version.data) if form.lock_version.data else None
        saved = run(
            form,
            lambda: ops.update_objective(
                objective, current_user, form.data_for_operation(), version
            ),
            field_map=_FIELDS,
        )
        if saved is not FAILED:
            flash(
                _(
                    "Version %(n)d of %(ref)s was saved as a draft.",
                    n=saved.version,
                    ref=objective.reference,
                ),
                "success",
            )
            return redirect(url_for("objectives.detail", objective_id=objective.id))
    return render_template(
        "performance/objective_form.html", form=form, objective=objective
    ), form_status()


@bp.route("/objectives/<int:objective_id>")
@roles_required()
def detail(objective_id: int):
    objective = get_readable(QualityObjective, objective_id)
    as_of = _as_of(objective.year)
    values = list(
        db.session.scalars(
            sa.select(ObjectiveValue)
            .where(ObjectiveValue.objective_id == objective.id)
            .options(
                sa.orm.joinedload(ObjectiveValue.recorded_by),
                sa.orm.joinedload(ObjectiveValue.attachment),
            )
            .order_by(ObjectiveValue.period_start, ObjectiveValue.recorded_at)
        )
    )
    own = objective.organisation_id == current_user.organisation_id
    value_form, plan_form = ValueForm(formdata=None), PlanActionForm(formdata=None)
    plan_form.owner_id.choices = _people(objective.organisation_id)
    return render_template(
        "performance/objective_detail.html",
        objective=objective,
        standing=standing(objective, as_of),
        as_of=as_of,
        values=values,
        actions=plan_actions([objective.id])[objective.id],
        value_form=value_form,
        plan_form=plan_form,
        manual=(objective.in_force() or objective.latest).metric == MANUAL,
        can_edit=own and rules.can_edit_objectives(current_user),
        can_approve=own
        and objective.draft is not None
        and rules.can_approve_objectives(current_user),
        can_record=own
        and rules.can_record_values(current_user, objective.in_force() or objective.latest),
    )


def _signed_page(objective):
    return render_template("performance/objective_signed.html", objective=objective)


@bp.route("/objectives/<int:objective_id>/approve", methods=["GET", "POST"])
@roles_required(*OBJECTIVE_APPROVERS)
def approve(objective_id: int):
    objective = get_own(QualityObjective, objective_id)
    if objective.draft is None:  # a second attempt: who signed and when (200)
        return _signed_page(objective)
    form = ObjectiveSignForm()
    if request.method == "POST":
        if form.validate_on_submit():
            signed = run(
                form,
                lambda: ops.approve_objective(objective, current_user, form.password.data),
                catch=(ValidationFailed, WrongPassword),
                message_field="password",
            )
            if signed is not FAILED:
                flash(
                    _(
                        "Version %(n)d of %(ref)s was approved and signed.",
                        n=signed.version,
                        ref=objective.reference,
                    ),
                    "success",
                )
                return _see_other("objectives.detail", objective_id=objective.id)
        session[PENDING] = {
            "objective_id": objective.id,
            "fields": {n: [str(m) for m in f.errors] for n, f in form._fields.items() if f.errors},
        }
        return _see_other("objectives.approve", objective_id=objective.id)
    saved = session.pop(PENDING, None)
    if saved and saved.get("objective_id") == objective.id:
        form.apply_errors(saved.get("fields") or {})
    return render_template(
        "performance/objective_approve.html", objective=objective, draft=objective.draft, form=form
    )


@bp.route("/objectives/<int:objective_id>/values", methods=["POST"])
@roles_required()
def record_value(objective_id: int):
    objective = get_own(QualityObjective, objective_id)
    form = ValueForm()
    if form.validate_on_submit():
        data = {
            "period_start": form.period_start.data,
            "period_end": form.period_end.data,
            "value": form.value.data,
            "evidence": form.evidence.data,
        }
        done = flash_failure(
            lambda: ops.record_value(objective, current_user, data, request.files.get("file")),
            catch=(ValidationFailed, InvalidState),
        )
        if done is not FAILED:
            flash(_("The value was recorded."), "success")
    else:
        for messages in form.errors.values():
            for message in messages:
                flash(str(message), "danger")
    return redirect(url_for("objectives.detail", objective_id=objective.id))


@bp.route("/objectives/<int:objective_id>/actions", methods=["POST"])
@roles_required(*OBJECTIVE_EDITORS)
def add_action(objective_id: int):
    objective = get_own(QualityObjective, objective_id)
    form = PlanActionForm()
    form.owner_id.choices = _people(objective.organisation_id)
    if form.validate_on_submit():
        data = {
            "action": form.action.data,
            "owner_id": form.owner_id.data,
            "due_date": form.due_date.data,
        }
        action = flash_failure(lambda: ops.add_plan_action(objective, current_user, data))
        if action is not FAILED:
            flash(_("Action %(ref)s was added to the plan.", ref=action.reference), "success")
    else:
        for messages in form.errors.values():
            for message in messages:
                flash(str(message), "danger")
    return redirect(url_for("objectives.detail", objective_id=objective.id))


@bp.route("/objectives/procedures/<int:procedure_id>/finding", methods=["POST"])
@roles_required(*OBJECTIVE_APPROVERS)
def open_finding(procedure_id: int):
    """'Mở phát hiện': the finding and its corrective action, in one step."""
    procedure = get_own(Procedure, procedure_id)
    year = arg_year(default=today().year, args=request.form)
    finding = flash_failure(
        lambda: open_monitoring_finding(procedure, current_user, year),
        catch=(ValidationFailed, InvalidState, PermissionDenied),
    )
    if finding is FAILED:
        return redirect(url_for("objectives.objectives", year=year))
    flash(
        _("Finding %(ref)s was opened with its corrective action.", ref=finding.reference),
        "success",
    )
    return redirect(url_for("audit_findings.detail", finding_id=finding.id))
