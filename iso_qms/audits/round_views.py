"""HTML routes of rounds: year view, plan (scope, team), state changes, acceptance, report, clone."""

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..core.errors import ValidationFailed
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.params import arg_year
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from . import operations as ops
from . import permissions as rules
from . import queries
from .catalogue import ISO_CLAUSES, clause_label
from .forms import AcceptForm, CloneForm, ReportTextForm, RoundForm
from .models import FINDING_TYPE_LABELS, KIND_LABELS, STATUS_LABELS, Round, TeamRole
from .permissions import PLANNERS, QMR
from .view_helpers import people_choices, procedure_choices

bp = Blueprint("audit_rounds", __name__, url_prefix="/audits")


@bp.app_context_processor
def _audit_helpers() -> dict:
    """`audit_home_panel()` for templates/audits/_home_panel.html, and label helpers."""

    def audit_home_panel():
        return queries.home_panel(current_user) if current_user.is_authenticated else None

    return {"audit_home_panel": audit_home_panel, "clause_label": clause_label}


def home_panel(user):
    """The home page's audit panel: this year's duties and the user's own actions."""
    return "audits/_home_panel.html", queries.home_panel(user)


@bp.route("/")
@bp.route("/rounds")
@roles_required()
def rounds():
    args = request.args
    org_id = picked_org_id()
    year = arg_year("year") or today().year
    query = queries.rounds_query(org_id, year, args.get("kind"), args.get("status"))
    page = paginate(query)
    ids = [r.id for r in page.items]
    return render_template(
        "audits/rounds.html",
        page=page,
        year=year,
        args=args,
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        **picker(),
        years=queries.round_years(org_id),
        counts=queries.finding_counts(ids),
        lines=queries.line_counts(ids),
        types=FINDING_TYPE_LABELS,
        duties=queries.annual_duties(org_id, year),
        areas=queries.area_titles(org_id),
        can_plan=rules.can_plan_rounds(current_user) and org_id == current_user.organisation_id,
    )


def _prepare(form: RoundForm) -> None:
    org_id = current_user.organisation_id
    form.areas.choices = list(queries.area_titles(org_id).items())
    form.clauses.choices = [(code, f"{code} — {title}") for code, title in ISO_CLAUSES.items()]
    form.procedure_ids.choices = procedure_choices(org_id)
    people = people_choices(org_id)
    # blank: an external inspection's leader is the inspecting body's person, named as text
    form.leader_id.choices = [("", "—"), *people]
    form.member_ids.choices = people


def _sub_clauses(form: RoundForm) -> list[str]:
    return [c.strip() for c in (form.sub_clauses.data or "").split(",") if c.strip()]


def _payload(form: RoundForm) -> dict:
    team = [{"user_id": form.leader_id.data, "role": "leader"}] if form.leader_id.data else []
    team += [
        {"user_id": uid, "role": "member"}
        for uid in form.member_ids.data or []
        if uid != form.leader_id.data
    ]
    return {
        "kind": form.kind.data,
        "title": form.title.data,
        "plan_ref": form.plan_ref.data or "",
        "inspecting_body": form.inspecting_body.data or "",
        "leader_name": form.leader_name.data or "",
        "start_date": form.start_date.data,
        "end_date": form.end_date.data,
        "record_signed_on": form.record_signed_on.data,
        "areas": list(form.areas.data or []),
        "clauses": list(form.clauses.data or []) + _sub_clauses(form),
        "procedure_ids": list(form.procedure_ids.data or []),
        "team": team,
    }


FIELD_MAP = {"team": "member_ids", "procedure_id": "procedure_ids", "clauses": "sub_clauses"}


def _edit_page(form: RoundForm, round_: Round | None):
    _prepare(form)
    if form.validate_on_submit():
        data = _payload(form)
        if round_ is None:
            result = run(
                form,
                lambda: ops.create_round(current_user.organisation_id, current_user, data),
                FIELD_MAP,
            )
        else:
            data.pop("kind")
            result = run(
                form,
                lambda: ops.update_round(
                    round_, current_user, data, int(form.lock_version.data or 0)
                ),
                FIELD_MAP,
            )
        if result is not FAILED:
            flash(_("The round was saved."), "success")
            return redirect(url_for("audit_rounds.detail", round_id=result.id))
    return render_template("audits/round_form.html", form=form, round=round_), form_status()


@bp.route("/rounds/new", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def new():
    form = RoundForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "self_inspection")
    return _edit_page(form, None)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def edit(round_id: int):
    round_ = get_own(Round, round_id)
    form = RoundForm(obj=round_ if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = round_.kind.value
        form.procedure_ids.data = [p.id for p in round_.procedures]
        form.leader_id.data = round_.leader.id if round_.leader else None
        form.member_ids.data = [m.user_id for m in round_.members if m.role is TeamRole.member]
        form.clauses.data = [c for c in round_.clauses if c in ISO_CLAUSES]
        form.sub_clauses.data = ", ".join(c for c in round_.clauses if c not in ISO_CLAUSES)
    return _edit_page(form, round_)


@bp.route("/rounds/<int:round_id>")
@roles_required()
def detail(round_id: int):
    round_ = get_readable(Round, round_id)
    findings = queries.round_findings(round_)
    conflicts = rules.impartiality_conflicts(round_.team_users, round_.procedures)
    report_form = ReportTextForm(obj=round_)
    return render_template(
        "audits/round_detail.html",
        round=round_,
        findings=findings,
        counts=queries.round_result_counts(round_.id),
        conflicts=conflicts,
        empty_form=EmptyForm(),
        report_form=report_form,
        areas=queries.area_titles(round_.organisation_id),
        today=today(),
        is_own=round_.organisation_id == current_user.organisation_id,
        can_change=rules.can_manage_round(current_user, round_),
        can_clone=rules.can_clone_round(current_user, round_),
        can_run=rules.can_run_round(current_user, round_),
        can_accept=rules.can_accept_report(current_user, round_),
    )


def _step(round_id: int, call, success: str):
    round_ = get_own(Round, round_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    if flash_failure(lambda: call(round_)) is not FAILED:
        flash(success, "success")
    return redirect(url_for("audit_rounds.detail", round_id=round_id))


@bp.route("/rounds/<int:round_id>/start", methods=["POST"])
@roles_required(*PLANNERS)
def start(round_id: int):
    return _step(round_id, lambda r: ops.start_round(r, current_user), _("The round has started."))


@bp.route("/rounds/<int:round_id>/report", methods=["POST"])
@roles_required(*PLANNERS)
def report(round_id: int):
    return _step(
        round_id,
        lambda r: ops.report_round(r, current_user),
        _("The round was reported; the QMR can now accept the report."),
    )


@bp.route("/rounds/<int:round_id>/close", methods=["POST"])
@roles_required(*QMR)
def close(round_id: int):
    return _step(round_id, lambda r: ops.close_round(r, current_user), _("The round was closed."))


@bp.route("/rounds/<int:round_id>/report-text", methods=["POST"])
@roles_required(*PLANNERS)
def report_text(round_id: int):
    round_ = get_own(Round, round_id)
    form = ReportTextForm()
    if form.validate_on_submit():
        data = {
            "summary": form.summary.data or "",
            "conclusion": form.conclusion.data or "",
            "report_no": form.report_no.data or "",
        }
        call = partial(
            ops.update_round, round_, current_user, data, int(form.lock_version.data or 0)
        )
        if flash_failure(call) is not FAILED:
            flash(_("The report's texts were saved."), "success")
    return redirect(url_for("audit_rounds.detail", round_id=round_id) + "#report")


@bp.route("/rounds/<int:round_id>/accept", methods=["GET", "POST"])
@roles_required(*QMR)
def accept(round_id: int):
    round_ = get_own(Round, round_id)
    form = AcceptForm()
    if form.validate_on_submit():
        accepted = run(
            form,
            lambda: ops.accept_report(round_, current_user, form.password.data),
            # not rolled back: the failed attempt counts towards the lock-out
            catch=ops.WrongPassword,
            message_field="password",
        )
        if accepted is not FAILED:
            flash(_("The report was accepted and signed; its findings are locked."), "success")
            return redirect(url_for("audit_rounds.detail", round_id=round_.id))
    status = 403 if isinstance(form.failure, ops.WrongPassword) else form_status()
    return render_template(
        "audits/round_accept.html",
        round=round_,
        form=form,
        findings=queries.round_findings(round_),
        counts=queries.round_result_counts(round_.id),
        areas=queries.area_titles(round_.organisation_id),
    ), status


@bp.route("/rounds/<int:round_id>/clone", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def clone(round_id: int):
    round_ = get_own(Round, round_id)
    form = CloneForm()
    if request.method == "GET":
        form.title.data, form.plan_ref.data = round_.title, round_.plan_ref
    if form.validate_on_submit():
        data = {
            "title": form.title.data,
            "plan_ref": form.plan_ref.data or "",
            "start_date": form.start_date.data,
            "end_date": form.end_date.data,
        }
        result = run(
            form,
            lambda: ops.clone_round(round_, current_user, data),
            {"team": "title", "procedure_ids": "title", "areas": "title"},
        )
        if result is not FAILED:
            flash(_("A copy of the round was planned; its results start empty."), "success")
            return redirect(url_for("audit_rounds.detail", round_id=result.id))
    return render_template("audits/round_clone.html", form=form, round=round_), form_status()


@bp.route("/rounds/<int:round_id>/print")
@roles_required()
def print_report(round_id: int):
    round_ = get_readable(Round, round_id)
    return render_template(
        "audits/round_report.html",
        round=round_,
        findings=queries.round_findings(round_),
        counts=queries.round_result_counts(round_.id),
        areas=queries.area_titles(round_.organisation_id),
    )


@bp.route("/rounds/<int:round_id>/report.docx")
@roles_required()
def report_docx(round_id: int):
    from ..core.files import send_export
    from .exports import round_report_docx, round_report_filename

    round_ = get_readable(Round, round_id)
    return send_export(round_report_docx(round_), round_report_filename(round_))
