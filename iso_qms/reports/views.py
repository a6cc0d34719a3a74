"""HTML routes of the reform-report feed: the report page, its downloads, notes, roll-up, criteria."""

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..accounts.models import Organisation, Role
from ..core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from ..core.params import parse_id
from ..core.permissions import get_own, readable_org_ids, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db
from . import appendix
from . import permissions as rules
from .models import ParCriterion
from .periods import PRESETS, period_from_args
from .permissions import NOTE_WRITERS, READERS
from .report import build_report, report_json
from .rollup import rollup

bp = Blueprint("reports", __name__, url_prefix="/reports")


def organisation_from(value: str | None) -> Organisation:
    """The requested organisation (id or code), if the caller may read it; otherwise 404."""
    if not value:
        return current_user.organisation
    org_id = parse_id(value)  # ASCII digits within INTEGER; anything else is a code
    query = sa.select(Organisation)
    query = (
        query.where(Organisation.id == org_id)
        if org_id is not None
        else query.where(Organisation.code == value)
    )
    org = db.session.scalar(query)
    if org is None or org.id not in readable_org_ids(current_user):
        raise NotFound()
    return org


def _report_or_errors():
    errors, report, period = {}, None, None
    org = organisation_from(request.args.get("org"))
    try:
        period = period_from_args(request.args)
    except ValidationFailed as exc:
        errors = exc.fields
    else:
        report = build_report(org, period)
    return org, period, report, errors


@bp.route("/")
@roles_required(*READERS)
def report_page():
    org, period, report, errors = _report_or_errors()
    can_write = rules.can_write_notes(current_user, org)
    status = 422 if errors else 200
    return render_template(
        "reports/report.html",
        org=org,
        period=period,
        report=report,
        errors=errors,
        args=request.args,
        presets=PRESETS,
        can_write=can_write,
        empty_form=EmptyForm(),
        today=today(),
    ), status


@bp.route("/compliance.<any(docx, xlsx, json):fmt>")
@roles_required(*READERS)
def download(fmt: str):
    org, period, report, errors = _report_or_errors()
    if errors:
        raise ValidationFailed(fields=errors)
    return send_report(org, report, fmt)


def send_report(org: Organisation, report: dict, fmt: str):
    from .exports import appendix_xlsx, report_docx

    name = f"bao-cao-iso-{org.code}-{report['period']['from']}-{report['period']['to']}"
    if fmt == "json":
        return Response(report_json(report), mimetype="application/json")
    if fmt == "docx":
        parent = org.parent.name if org.parent else ""
        data = report_docx(report, parent_name=parent)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = appendix_xlsx(report)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@bp.route("/notes", methods=["POST"])
@roles_required(*NOTE_WRITERS)
def save_notes():
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    period = period_from_args(request.form)
    criteria = {c.id: c for c in appendix.criteria_of(current_user.organisation_id)}
    current = appendix.notes_as_of(current_user.organisation_id, period)
    saved = 0
    for key, value in request.form.items():
        if not key.startswith("note-"):
            continue
        criterion = criteria.get(parse_id(key[5:]))
        if criterion is None:
            raise NotFound()
        if value.strip() != current.get(criterion.id, "").strip():
            appendix.save_note(current_user.organisation_id, criterion, period, value, current_user)
            saved += 1
    flash(_("%(n)d notes were saved.", n=saved), "success")
    args = {k: request.form[k] for k in ("from", "to", "period", "year") if request.form.get(k)}
    return redirect(url_for("reports.report_page", **args))


@bp.route("/rollup")
@roles_required(Role.supervisor)
def rollup_page():
    org = organisation_from(request.args.get("org"))
    if org.id != current_user.organisation_id:
        raise PermissionDenied(_("Roll up the organisations below your own."))
    errors, result, period = {}, None, None
    try:
        period = period_from_args(request.args)
    except ValidationFailed as exc:
        errors = exc.fields
    else:
        result = rollup(org, period)
    if result is not None and request.args.get("format") == "xlsx":
        from .exports import rollup_xlsx

        data = rollup_xlsx(
            result["rows"],
            f"{org.name} — {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}",
            result["totals"],
        )
        return (
            data,
            200,
            {
                "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Content-Disposition": 'attachment; filename="tong-hop-iso.xlsx"',
            },
        )
    return render_template(
        "reports/rollup.html",
        org=org,
        period=period,
        result=result,
        errors=errors,
        args=request.args,
        presets=PRESETS,
    ), (422 if errors else 200)


@bp.route("/criteria", methods=["GET", "POST"])
@roles_required(Role.admin)
def criteria():
    appendix.ensure_default_criteria(current_user.organisation_id)
    if request.method == "POST" and EmptyForm().validate_on_submit():
        result = flash_failure(lambda: _import_criteria(request.files.get("file")), join="; ")
        if result is not FAILED:
            flash(
                _(
                    "Criteria imported: %(c)d new, %(u)d changed.",
                    c=result.created,
                    u=result.updated,
                ),
                "success",
            )
        return redirect(url_for("reports.criteria"))
    rows = db.session.scalars(
        sa.select(ParCriterion)
        .where(ParCriterion.organisation_id == current_user.organisation_id)
        .order_by(ParCriterion.active.desc(), ParCriterion.criteria_set, ParCriterion.position)
    ).all()
    return render_template("reports/criteria.html", rows=rows, empty_form=EmptyForm())


def _import_criteria(upload):
    if upload is None or not upload.filename:
        raise ValidationFailed(fields={"file": _("Choose a .xlsx file.")})
    return appendix.import_criteria(
        current_user.organisation_id,
        (request.form.get("criteria_set") or "").strip() or upload.filename,
        upload.read(),
        current_user,
    )


@bp.route("/criteria/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(Role.admin)
def criterion_edit(criterion_id: int):
    from .forms import CriterionForm

    criterion = get_own(ParCriterion, criterion_id)
    form = CriterionForm(obj=criterion if request.method == "GET" else None)
    if form.validate_on_submit():
        fields = (
            "code",
            "group",
            "text",
            "expected_output",
            "reporting_body",
            "metric",
            "position",
            "active",
        )
        saved = run(
            form,
            lambda: appendix.update_criterion(
                criterion,
                current_user,
                {f: getattr(form, f).data for f in fields},
                int(form.lock_version.data or 0),
            ),
            catch=DomainError,  # a stale edit: said on the form
        )
        if saved is not FAILED:
            flash(_("The criterion was saved."), "success")
            return redirect(url_for("reports.criteria"))
    return render_template(
        "reports/criterion_form.html", form=form, criterion=criterion
    ), form_status()


def home_panel(user):
    """The QMR and the head see this year's status at a glance."""
    if not rules.sees_status_panel(user):
        return None
    from datetime import date

    from .compliance import compliance_status, make_period

    period = make_period(date(today().year, 1, 1), today(), today())
    # The figures only: the sentences and the appendix are for the report page.
    return "reports/_home_panel.html", {"report": compliance_status(user.organisation, period)}
