"""HTML routes of corrective actions: my / overdue / open lists, the CAR form, the state changes,
postponements."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..core.errors import ValidationFailed
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today, utcnow
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from . import operations as ops
from . import permissions as rules
from . import queries
from .finding_views import action_data, action_form
from .forms import ActionForm, CompleteForm, DecideForm, PostponeForm, ReasonForm, VerifyForm
from .models import CorrectiveAction, Postponement
from .permissions import POSTPONEMENT_DECIDERS, QMR, VERIFIERS
from .view_helpers import transfer_links, uploads

bp = Blueprint("audit_actions", __name__, url_prefix="/audits")

SCOPE_LABELS = {
    "mine": _l("My actions"),
    "overdue": _l("Overdue actions"),
    "verify": _l("Awaiting verification"),
    "open": _l("All open actions"),
    "all": _l("All actions"),
}


@bp.route("/actions")
@roles_required()
def actions():
    scope = request.args.get("scope", "mine")
    scope = scope if scope in SCOPE_LABELS else "mine"
    page = paginate(queries.actions_query(picked_org_id(), scope, current_user))
    return render_template(
        "audits/actions.html",
        page=page,
        scope=scope,
        scopes=SCOPE_LABELS,
        today=today(),
        **picker(),
    )


@bp.route("/actions/overdue")
@roles_required()
def overdue():
    return redirect(url_for("audit_actions.actions", scope="overdue"))


@bp.route("/actions/<int:action_id>")
@roles_required()
def detail(action_id: int):
    action = get_readable(CorrectiveAction, action_id)
    verify_form = VerifyForm(formdata=None)
    return render_template(
        "audits/action_detail.html",
        action=action,
        today=today(),
        empty_form=EmptyForm(),
        complete_form=CompleteForm(formdata=None),
        verify_form=verify_form,
        cancel_form=ReasonForm(formdata=None),
        postpone_form=PostponeForm(formdata=None),
        decide_form=DecideForm(formdata=None),
        is_own=action.organisation_id == current_user.organisation_id,
        can_complete=rules.can_complete_action(current_user, action),
        can_start=rules.can_start_action(current_user, action),
        can_verify=rules.can_verify_action(current_user, action),
        can_cancel=rules.can_cancel_action(current_user),
        can_postpone=rules.can_request_postponement(current_user, action),
        can_decide=rules.can_decide_postponement(current_user, action.pending_postponement),
        transfer=transfer_links(CorrectiveAction, action, current_user),
        can_edit=rules.can_manage_actions(current_user)
        or rules.is_action_owner(current_user, action),
    )


@bp.route("/actions/<int:action_id>/print")
@roles_required()
def print_form(action_id: int):
    action = get_readable(CorrectiveAction, action_id)
    return render_template("audits/action_print.html", action=action, printed_at=utcnow())


@bp.route("/actions/<int:action_id>/car.docx")
@roles_required()
def car_docx(action_id: int):
    """The CAR form as a Word file laid out per Nghị định 30/2020 (core.documents)."""
    from ..core.files import send_export
    from .exports import corrective_action_docx, corrective_action_filename

    action = get_readable(CorrectiveAction, action_id)
    # ASCII name from the Vietnamese words: the reference carries Đ (ĐGNB, XXLĐ) and a slash
    return send_export(corrective_action_docx(action), corrective_action_filename(action))


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@roles_required()
def edit(action_id: int):
    action = get_own(CorrectiveAction, action_id)
    if not action.is_open and request.method == "GET":
        flash(_("Only a planned or in-progress action can be edited."), "warning")
        return redirect(url_for("audit_actions.detail", action_id=action.id))
    form = action_form(
        action.organisation_id, ActionForm(obj=action if request.method == "GET" else None)
    )
    if request.method == "GET":
        for name, why in zip(ActionForm.WHY_FIELDS, action.whys, strict=False):
            getattr(form, name).data = why
    if form.validate_on_submit():
        result = run(
            form,
            lambda: ops.update_action(
                action, current_user, action_data(form), int(form.lock_version.data or 0)
            ),
        )
        if result is not FAILED:
            flash(_("The action was saved."), "success")
            return redirect(url_for("audit_actions.detail", action_id=action.id))
    return render_template(
        "audits/action_form.html",
        form=form,
        finding=action.finding,
        action=action,
        status_open=True,
    ), form_status()


def _back(action_id: int):
    return redirect(url_for("audit_actions.detail", action_id=action_id))


def _form_step(action_id: int, form_class, call, success: str):
    """Load the action, check the form, run the operation; field errors are flashed."""
    action = get_own(CorrectiveAction, action_id)
    form = form_class()
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(" ".join(map(str, messages)), "danger")
        return _back(action_id)
    if flash_failure(lambda: call(action, form)) is not FAILED:
        flash(success, "success")
    return _back(action_id)


@bp.route("/actions/<int:action_id>/start", methods=["POST"])
@roles_required()
def start(action_id: int):
    return _form_step(
        action_id,
        EmptyForm,
        lambda a, f: ops.start_action(a, current_user),
        _("The action is in progress."),
    )


@bp.route("/actions/<int:action_id>/complete", methods=["POST"])
@roles_required()
def complete(action_id: int):
    return _form_step(
        action_id,
        CompleteForm,
        lambda a, f: ops.complete_action(a, current_user, f.evidence.data or "", uploads("files")),
        _("The action was reported done; a verifier will check its effectiveness."),
    )


@bp.route("/actions/<int:action_id>/verify", methods=["POST"])
@roles_required(*VERIFIERS)
def verify(action_id: int):
    def call(action, form):
        return ops.verify_action(
            action,
            current_user,
            form.effective.data == "yes",
            form.note.data or "",
            form.due_date.data,
        )

    return _form_step(action_id, VerifyForm, call, _("The verification was recorded."))


@bp.route("/actions/<int:action_id>/cancel", methods=["POST"])
@roles_required(*QMR)
def cancel(action_id: int):
    return _form_step(
        action_id,
        ReasonForm,
        lambda a, f: ops.cancel_action(a, current_user, f.reason.data),
        _("The action was cancelled."),
    )


@bp.route("/actions/<int:action_id>/postpone", methods=["POST"])
@roles_required()
def postpone(action_id: int):
    return _form_step(
        action_id,
        PostponeForm,
        lambda a, f: ops.request_postponement(a, current_user, f.due_date.data, f.reason.data),
        _("The postponement was requested; the QMR will decide."),
    )


@bp.route("/postponements/<int:postponement_id>/decide", methods=["POST"])
@roles_required(*POSTPONEMENT_DECIDERS)
def decide(postponement_id: int):
    request_ = get_own(Postponement, postponement_id)
    form = DecideForm()
    if not form.validate_on_submit():
        raise ValidationFailed(fields=form.errors)
    ops.decide_postponement(
        request_, current_user, form.decision.data == "approve", form.note.data or ""
    )
    flash(
        _("The postponement was approved.")
        if form.decision.data == "approve"
        else _("The postponement was rejected."),
        "success",
    )
    return _back(request_.action_id)
