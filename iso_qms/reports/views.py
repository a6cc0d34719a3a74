"""HTML routes of the reform-report feed: the report page, its downloads, notes, roll-up, criteria."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..accounts.models import Organisation, Role
from ..accounts.tree import is_archive
from ..core.errors import NotFound, PermissionDenied, ValidationFailed
from ..core.org_picker import choices_for
from ..core.params import parse_id
from ..core.permissions import readable_org_ids, roles_required
from ..core.timeutil import today
from ..extensions import db
from . import appendix
from . import permissions as rules
from .compliance import Period
from .periods import PRESETS, period_from_args
from .permissions import NOTE_WRITERS, READERS
from .report import build_report, mark_not_yet_announced, parent_name_on, report_json
from .rollup import rollup
from .sections import report_sections
from .tree_rows import head_then

bp = Blueprint("reports", __name__, url_prefix="/reports")


def organisation_from(value: str | None, on: date | None = None) -> Organisation:
    """The requested organisation (id or code), if the caller may read it; otherwise 404.

    With `on` (a report's as-of date) the tree of that day counts too: a supervisor of a district
    reads the reports of the communes that were below it then, after they moved (on an ended
    organisation's last day at the latest: an archive is read as it was then)."""
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
    if org is None:
        raise NotFound()
    if org.id in readable_org_ids(current_user):
        return org
    if on is not None:
        day = min(on, org.valid_to) if org.valid_to is not None else on
        if org.id in readable_org_ids(current_user, day):
            return org
    raise NotFound()


def _choices(period: Period | None):
    """The report's picker: what the user reads today and what they read on the as-of date."""
    ids = readable_org_ids(current_user)
    if period is not None:
        ids |= readable_org_ids(current_user, period.as_of)
    return choices_for(current_user, ids)


def _report_or_errors():
    errors, report, period = {}, None, None
    try:
        period = period_from_args(request.args)
    except ValidationFailed as exc:
        errors = exc.fields
    org = organisation_from(request.args.get("org"), period.as_of if period else None)
    if period is not None:
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
        sections=report_sections(report["paragraphs"]) if report else [],
        orgs=_choices(period),
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
    from ..core.files import send_export
    from .exports import appendix_xlsx, report_docx, report_filename

    if fmt == "json":
        return Response(report_json(report), mimetype="application/json")
    if fmt == "docx":
        period = _period_of(report)
        # the head it had on the as-of date signs (by the employment history: an archive's
        # people have moved on, a head may have left since); today's head only if none is known
        signer = {}
        then = head_then(org.id, period.as_of)
        if then is not None or is_archive(org):
            name, position = then or (None, None)
            signer = {"signer_name": name, "signer_title": position or None}
        data = report_docx(report, parent_name=parent_name_on(org, period), **signer)
    else:
        data = appendix_xlsx(report)
    return send_export(data, report_filename(report, fmt))


def _period_of(report: dict) -> Period:
    dates = report["period"]
    return Period(*(date.fromisoformat(dates[key]) for key in ("from", "to", "as_of")))


@bp.route("/notes", methods=["POST"])
@roles_required(*NOTE_WRITERS)
def save_notes():
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    period = period_from_args(request.form)
    # the criteria of the set this period's report uses (its year's, as of its as-of date)
    criteria = {
        c.id: c
        for c in appendix.criteria_of(
            current_user.organisation_id, appendix.period_year(period), period.as_of
        )
    }
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
    if org.id != current_user.organisation_id and not is_archive(org):  # or an ended level read
        raise PermissionDenied(_("Roll up the organisations below your own."))
    errors, result, period = {}, None, None
    try:
        period = period_from_args(request.args)
    except ValidationFailed as exc:
        errors = exc.fields
    else:
        result = rollup(org, period)
    if result is not None and request.args.get("format") == "xlsx":
        from ..core.files import send_export
        from .exports import rollup_filename, rollup_xlsx

        name = result["organisation"]["name"]  # as of the date
        data = rollup_xlsx(
            [_with_note(row) for row in result["rows"]],
            f"{name} — {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}",
            result["totals"],
        )
        return send_export(data, rollup_filename(name, period.start, period.end))
    return render_template(
        "reports/rollup.html",
        org=org,
        period=period,
        result=result,
        errors=errors,
        args=request.args,
        presets=PRESETS,
    ), (422 if errors else 200)


def _with_note(row: dict) -> dict:
    """The file is the report's own (Vietnamese): a row up to a change says so in its note."""
    if row.get("until"):
        return {**row, "note": f"Đến ngày {date.fromisoformat(row['until']):%d/%m/%Y}"}
    return row


from . import criteria_views  # noqa: E402, F401  (the criteria pages, on this blueprint)


def home_panel(user):
    """The QMR and the head see this year's status at a glance."""
    if not rules.sees_status_panel(user):
        return None
    from .compliance import compliance_status, make_period

    period = make_period(date(today().year, 1, 1), today(), today())
    # The figures only: the sentences and the appendix are for the report page.
    status = compliance_status(user.organisation, period)
    mark_not_yet_announced(status, user.organisation_id, period)
    return "reports/_home_panel.html", {"report": status}
