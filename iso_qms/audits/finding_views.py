"""HTML routes of findings: open findings, record and edit, close, open a revision, issue a CAR."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..core.errors import InvalidState, ValidationFailed
from ..core.i18n import format_issue
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.params import arg_id
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..procedures import permissions as procedure_rules
from ..procedures.permissions import EDITORS
from . import operations as ops
from . import permissions as rules
from . import queries
from .forms import ActionForm, FindingForm
from .models import FINDING_STATUS_LABELS, FINDING_TYPE_LABELS, Finding, FindingStatus, Round
from .operations.findings import closure_problem
from .permissions import QMR
from .view_helpers import people_choices, procedure_choices, transfer_links, uploads

bp = Blueprint("audit_findings", __name__, url_prefix="/audits")


@bp.route("/findings")
@roles_required()
def findings():
    args = request.args
    org_id = picked_org_id()
    status = args.get("status", "open")
    query = queries.findings_query(
        org_id,
        status,
        bool(args.get("overdue")),
        args.get("type"),
        arg_id("round"),
    )
    page = paginate(query)
    return render_template(
        "audits/findings.html",
        page=page,
        args=args,
        status=status,
        today=today(),
        types=FINDING_TYPE_LABELS,
        statuses=FINDING_STATUS_LABELS,
        **picker(),
    )


def _finding_form(round_: Round, form: FindingForm) -> FindingForm:
    form.area.choices = [
        ("", "—"),
        *[
            (k, v)
            for k, v in queries.area_titles(round_.organisation_id).items()
            if k in round_.areas
        ],
    ]
    form.procedure_id.choices = procedure_choices(round_.organisation_id, blank=True)
    return form


def _finding_data(form: FindingForm) -> dict:
    return {
        "type": form.type.data,
        "area": form.area.data or "",
        "clause": form.clause.data or "",
        "procedure_id": form.procedure_id.data,
        "description": form.description.data,
        "evidence": form.evidence.data or "",
        "auditee_unit": form.auditee_unit.data or "",
    }


@bp.route("/rounds/<int:round_id>/findings/new", methods=["GET", "POST"])
@roles_required()
def new(round_id: int):
    round_ = get_own(Round, round_id)
    form = _finding_form(round_, FindingForm())
    if form.validate_on_submit():
        finding = run(
            form,
            lambda: ops.record_finding(
                round_, current_user, _finding_data(form), files=uploads("files")
            ),
            {"evidence": "files"},
        )
        if finding is not FAILED:
            flash(_("Finding %(n)s was recorded.", n=finding.reference), "success")
            return redirect(url_for("audit_findings.detail", finding_id=finding.id))
    return render_template(
        "audits/finding_form.html", form=form, round=round_, finding=None
    ), form_status()


@bp.route("/findings/<int:finding_id>")
@roles_required()
def detail(finding_id: int):
    finding = get_readable(Finding, finding_id)
    return render_template(
        "audits/finding_detail.html",
        finding=finding,
        round=finding.round,
        today=today(),
        empty_form=EmptyForm(),
        problem=closure_problem(finding),
        is_own=finding.organisation_id == current_user.organisation_id,
        can_run=rules.can_run_round(current_user, finding.round),
        can_close=rules.can_close_finding(current_user),
        can_open_revision=procedure_rules.can_edit_procedures(current_user),
        can_add_action=rules.can_manage_actions(current_user)
        or rules.can_run_round(current_user, finding.round),
        transfer=transfer_links(Finding, finding, current_user),
    )


@bp.route("/findings/<int:finding_id>/edit", methods=["GET", "POST"])
@roles_required()
def edit(finding_id: int):
    finding = get_own(Finding, finding_id)
    if finding.round is None:  # from monitoring and measurement: its text is the figures'
        raise InvalidState(_("A finding from monitoring and measurement is not edited."))
    if finding.is_locked and request.method == "GET":
        flash(_("The report was accepted: this finding's text is locked."), "warning")
        return redirect(url_for("audit_findings.detail", finding_id=finding.id))
    form = _finding_form(
        finding.round, FindingForm(obj=finding if request.method == "GET" else None)
    )
    if request.method == "GET":
        form.type.data = finding.type.value
    if form.validate_on_submit():
        result = run(
            form,
            lambda: ops.update_finding(
                finding, current_user, _finding_data(form), int(form.lock_version.data or 0)
            ),
        )
        if result is not FAILED:
            flash(_("The finding was saved."), "success")
            return redirect(url_for("audit_findings.detail", finding_id=finding.id))
    return render_template(
        "audits/finding_form.html", form=form, round=finding.round, finding=finding
    ), form_status()


@bp.route("/findings/<int:finding_id>/evidence", methods=["POST"])
@roles_required()
def add_evidence(finding_id: int):
    finding = get_own(Finding, finding_id)
    if (
        flash_failure(lambda: ops.add_finding_evidence(finding, current_user, uploads("files")))
        is not FAILED
    ):
        flash(_("The evidence was added."), "success")
    return redirect(url_for("audit_findings.detail", finding_id=finding.id))


@bp.route("/findings/<int:finding_id>/close", methods=["POST"])
@roles_required(*QMR)
def close(finding_id: int):
    finding = get_own(Finding, finding_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    ops.close_finding(finding, current_user)
    flash(_("Finding %(n)s was closed.", n=finding.reference), "success")
    return redirect(url_for("audit_findings.detail", finding_id=finding.id))


@bp.route("/findings/<int:finding_id>/revision", methods=["POST"])
@roles_required(*EDITORS)
def open_revision(finding_id: int):
    finding = get_own(Finding, finding_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    revision = ops.open_revision_from_finding(finding, current_user)
    flash(
        _(
            "Draft revision %(n)s of %(code)s was opened, citing the finding.",
            n=format_issue(revision.number),
            code=finding.procedure.code,
        ),
        "success",
    )
    return redirect(url_for("revisions.edit", revision_id=revision.id))


def action_form(organisation_id: int, form: ActionForm) -> ActionForm:
    form.owner_id.choices = people_choices(organisation_id)
    return form


def action_data(form: ActionForm) -> dict:
    return {
        "correction": form.correction.data or "",
        "whys": form.whys(),
        "root_cause": form.root_cause.data or "",
        "action": form.action.data,
        "owner_id": form.owner_id.data,
        "due_date": form.due_date.data,
    }


@bp.route("/findings/<int:finding_id>/actions/new", methods=["GET", "POST"])
@roles_required()
def new_action(finding_id: int):
    finding = get_own(Finding, finding_id)
    form = action_form(finding.organisation_id, ActionForm())
    if request.method == "GET" and finding.round and finding.round.car_report_due_on:
        form.due_date.data = finding.round.car_report_due_on
    if form.validate_on_submit():
        action = run(form, lambda: ops.create_action(finding, current_user, action_data(form)))
        if action is not FAILED:
            flash(
                _("Corrective action request %(ref)s was issued.", ref=action.reference), "success"
            )
            return redirect(url_for("audit_actions.detail", action_id=action.id))
    return render_template(
        "audits/action_form.html",
        form=form,
        finding=finding,
        action=None,
        status_open=finding.status is FindingStatus.open,
    ), form_status()
