"""HTML routes of the risk and opportunity register (6.1): the register with its heat map, the form,
an entry with its actions, the level thresholds, and the checklist's citations."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..audits.models import ChecklistLine
from ..audits.view_helpers import people_choices
from ..core.errors import ValidationFailed
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.params import arg_id, arg_int
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db
from . import permissions_risks as rules
from . import risk_citations, risk_queries, risks
from .permissions_risks import RISK_KEEPERS, THRESHOLD_KEEPERS
from .risk_forms import SCALE_HELP, CiteForm, RiskActionForm, RiskForm, ThresholdForm
from .risk_models import Risk, RiskKind, RiskLevel, RiskSettings, RiskStatus

bp = Blueprint("risks", __name__, url_prefix="/risks")
#: The operation's field names that the form calls otherwise (Form.process is a method).
FIELDS = {"process": "process_name"}


def init_app(app) -> None:
    """The register's pages, its menu entry, its audit-trail words, the checklist's hook."""
    from ..core.navigation import MEASUREMENT, menu_entry
    from . import risk_events  # noqa: F401

    app.register_blueprint(bp)
    app.add_template_global(risk_citations.checklist_risks, "checklist_risks")
    menu_entry(470, _l("Risks and opportunities"), "risks.register", group=MEASUREMENT)


def _filter() -> risk_queries.RegisterFilter:
    args = request.args
    return risk_queries.RegisterFilter.parse(
        {
            "kind": args.get("kind"),
            "level": args.get("level"),
            "status": args.get("status"),
            "procedure_id": arg_id("procedure"),
            "likelihood": arg_int("likelihood", None, 1, 5),
            "impact": arg_int("impact", None, 1, 5),
        }
    )


@bp.route("")
@roles_required()
def register():
    org_id = picked_org_id()
    limits = risks.thresholds(org_id)
    f = _filter()
    page = paginate(risk_queries.register_query(org_id, f, limits))
    return render_template(
        "performance/risks.html",
        page=page,
        f=f,
        limits=limits,
        level_of=lambda r: risks.level_of(r.score, limits),
        counts=risk_queries.action_counts([r.id for r in page.items]),
        heat=risk_queries.heat_map(org_id, f, limits),
        procedures=risk_queries.procedure_choices(org_id),
        kinds=RiskKind.labels(),
        levels=RiskLevel.labels(),
        statuses=RiskStatus.labels(),
        can_keep=rules.can_keep_risks(current_user) and org_id == current_user.organisation_id,
        can_set=rules.can_set_thresholds(current_user),
        **picker(),
    )


def _form(org_id: int, form: RiskForm) -> RiskForm:
    form.procedure_id.choices = [("", "—"), *risk_queries.procedure_choices(org_id)]
    return form


def _data(form: RiskForm, new: bool) -> dict:
    data = {
        "process": form.process_name.data or "",
        "procedure_id": form.procedure_id.data,
        "description": form.description.data,
        "cause": form.cause.data or "",
        "consequence": form.consequence.data or "",
        "likelihood": form.likelihood.data,
        "impact": form.impact.data,
        "treatment": form.treatment.data,
        "review_date": form.review_date.data,
    }
    if new:
        data["kind"] = form.kind.data
    else:
        data["status"] = form.status.data
    return data


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*RISK_KEEPERS)
def new():
    org_id = current_user.organisation_id
    form = _form(org_id, RiskForm())
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "risk")
        form.procedure_id.data = arg_id("procedure")
    if form.validate_on_submit():
        risk = run(form, lambda: risks.create_risk(org_id, current_user, _data(form, True)), FIELDS)
        if risk is not FAILED:
            flash(_("%(ref)s was recorded in the register.", ref=risk.reference), "success")
            return redirect(url_for("risks.detail", risk_id=risk.id))
    return render_template(
        "performance/risk_form.html", form=form, risk=None, scale_help=SCALE_HELP
    ), form_status()


@bp.route("/<int:risk_id>/edit", methods=["GET", "POST"])
@roles_required(*RISK_KEEPERS)
def edit(risk_id: int):
    risk = get_own(Risk, risk_id)
    form = _form(risk.organisation_id, RiskForm(obj=risk if request.method == "GET" else None))
    if request.method == "GET":
        form.kind.data, form.treatment.data = risk.kind.value, risk.treatment.value
        form.status.data, form.process_name.data = risk.status.value, risk.process
    if form.validate_on_submit():
        version = int(form.lock_version.data or 0) or None
        result = run(
            form, lambda: risks.update_risk(risk, current_user, _data(form, False), version), FIELDS
        )
        if result is not FAILED:
            flash(_("%(ref)s was saved.", ref=risk.reference), "success")
            return redirect(url_for("risks.detail", risk_id=risk.id))
    return render_template(
        "performance/risk_form.html", form=form, risk=risk, scale_help=SCALE_HELP
    ), form_status()


def _detail(risk: Risk, action_form: RiskActionForm | None = None, status: int = 200):
    limits = risks.thresholds(risk.organisation_id)
    can_keep = rules.can_keep_risks(current_user, risk)
    if action_form is None and can_keep:
        action_form = RiskActionForm(formdata=None)
    if action_form is not None:
        action_form.owner_id.choices = people_choices(risk.organisation_id)
    return render_template(
        "performance/risk_detail.html",
        risk=risk,
        level=risks.level_of(risk.score, limits),
        limits=limits,
        actions=risk_queries.risk_actions(risk),
        action_form=action_form,
        can_keep=can_keep,
        today=today(),
    ), status


@bp.route("/<int:risk_id>")
@roles_required()
def detail(risk_id: int):
    return _detail(get_readable(Risk, risk_id))


@bp.route("/<int:risk_id>/actions", methods=["POST"])
@roles_required(*RISK_KEEPERS)
def add_action(risk_id: int):
    risk = get_own(Risk, risk_id)
    form = RiskActionForm()
    form.owner_id.choices = people_choices(risk.organisation_id)
    if form.validate_on_submit():
        data = {
            "action": form.action.data,
            "owner_id": form.owner_id.data,
            "due_date": form.due_date.data,
        }
        action = run(form, lambda: risks.add_risk_action(risk, current_user, data))
        if action is not FAILED:
            flash(_("Action %(ref)s was planned.", ref=action.reference), "success")
            return redirect(url_for("risks.detail", risk_id=risk.id))
    return _detail(risk, form, 422)


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(*THRESHOLD_KEEPERS)
def settings():
    org_id = current_user.organisation_id
    row = db.session.query(RiskSettings).filter_by(organisation_id=org_id).one_or_none()
    low_max, medium_max = risks.thresholds(org_id)
    form = ThresholdForm(
        data=None
        if request.method == "POST"
        else {
            "low_max": low_max,
            "medium_max": medium_max,
            "lock_version": row.lock_version if row else "",
        }
    )
    if form.validate_on_submit():
        data = {"low_max": form.low_max.data, "medium_max": form.medium_max.data}
        version = int(form.lock_version.data) if (form.lock_version.data or "").isdigit() else None
        result = run(form, lambda: risks.set_thresholds(org_id, current_user, data, version))
        if result is not FAILED:
            flash(_("The level thresholds were saved."), "success")
            return redirect(url_for("risks.register"))
    return render_template("performance/risk_settings.html", form=form), form_status()


# --- checklist citations (clause 6.1) ---------------------------------------------------------


def _back_to_line(line: ChecklistLine):
    return redirect(
        url_for("audit_checklists.checklist", round_id=line.round_id) + f"#line-{line.id}"
    )


@bp.route("/lines/<int:line_id>/cite", methods=["POST"])
@roles_required()
def cite(line_id: int):
    line = get_own(ChecklistLine, line_id)
    form = CiteForm()
    if not form.validate_on_submit():
        raise ValidationFailed(fields={k: list(map(str, v)) for k, v in form.errors.items()})
    result = flash_failure(lambda: risk_citations.cite_risk(line, current_user, form.risk_id.data))
    if result is not FAILED:
        flash(_("The line cites %(ref)s.", ref=result.risk.reference), "success")
    return _back_to_line(line)


@bp.route("/lines/<int:line_id>/cite/<int:risk_id>/remove", methods=["POST"])
@roles_required()
def uncite(line_id: int, risk_id: int):
    line = get_own(ChecklistLine, line_id)
    risk = get_own(Risk, risk_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    risk_citations.uncite_risk(line, current_user, risk)
    flash(_("The line no longer cites %(ref)s.", ref=risk.reference), "success")
    return _back_to_line(line)
