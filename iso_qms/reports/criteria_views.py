"""HTML routes of the PAR criteria sets: the sets by year and publisher, import of a year's set,
publishing a draft, a new version of a published set, and editing a draft's criterion."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..accounts.models import Role
from ..core.errors import DomainError, NotFound, ValidationFailed
from ..core.params import parse_id, parse_int
from ..core.permissions import get_own, roles_required
from ..core.timeutil import MAX_YEAR, today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db
from . import appendix
from . import criteria_sets as sets
from .forms import CriteriaImportForm, CriterionForm
from .models import ParCriteriaSet, ParCriterion
from .views import bp

EDITABLE = (
    "code",
    "group",
    "text",
    "expected_output",
    "reporting_body",
    "metric",
    "position",
    "active",
)


def readable_set(set_id, organisation_id: int) -> ParCriteriaSet:
    """A set of the organisation, or a published one of an organisation above it; else 404."""
    found = next((s for s in sets.sets_in_reach(organisation_id) if s.id == set_id), None)
    if found is None:
        raise NotFound()
    return found


def _year_arg(in_reach: list[ParCriteriaSet]) -> int:
    years = {s.year for s in in_reach}
    try:
        return parse_int(request.args.get("year") or "", 2000, MAX_YEAR)
    except ValueError:
        return today().year if today().year in years or not years else max(years)


def _counts(in_reach: list[ParCriteriaSet]) -> dict[int, int]:
    """Criteria in use per set, in one grouped query."""
    rows = db.session.execute(
        sa.select(ParCriterion.set_id, sa.func.count())
        .where(ParCriterion.set_id.in_([s.id for s in in_reach]), ParCriterion.active.is_(True))
        .group_by(ParCriterion.set_id)
    ).all()
    return dict(rows)


@bp.route("/criteria", methods=["GET", "POST"])
@roles_required(Role.admin)
def criteria():
    org_id = current_user.organisation_id
    appendix.ensure_default_criteria(org_id)
    form = CriteriaImportForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            result = run(form, lambda: _import(form), catch=ValidationFailed)
            if result is not FAILED:
                _flash_import(result)
                target = result.criteria_set
                return redirect(url_for("reports.criteria", year=target.year, set=target.id))
        status = 422
    in_reach = sets.sets_in_reach(org_id)
    year = form.year.data if status == 422 and form.year.data else _year_arg(in_reach)
    of_year = [s for s in in_reach if s.year == year]
    in_use = sets.set_for(org_id, year, today())
    chosen = parse_id(request.args.get("set", ""))
    selected = readable_set(chosen, org_id) if chosen is not None else in_use
    if selected is None and of_year:
        selected = of_year[0]
    return render_template(
        "reports/criteria.html",
        form=form,
        empty_form=EmptyForm(),
        year=year,
        years=sorted({s.year for s in in_reach} | {today().year, year}, reverse=True),
        sets=of_year,
        counts=_counts(of_year),
        in_use=in_use,
        selected=selected,
        rows=sets.criteria_in(selected, active_only=False),
        org_id=org_id,
    ), status


def _import(form: CriteriaImportForm):
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        raise ValidationFailed(fields={"file": _("Choose a .xlsx file.")})
    return appendix.import_criteria(
        current_user.organisation_id,
        (form.name.data or "").strip() or f"{current_user.organisation.name} {form.year.data}",
        upload.read(),
        current_user,
        year=form.year.data,
        publish=bool(form.publish.data),
        basis=form.basis.data or "",
    )


def _flash_import(result) -> None:
    target = result.criteria_set
    if result.unchanged and target.published:
        message = _(
            "The file is the same as version %(v)d of the %(y)d set: nothing was changed.",
            v=target.version,
            y=target.year,
        )
    else:
        message = _(
            "Criteria imported into version %(v)d of the %(y)d set (%(state)s): %(c)d new, "
            "%(u)d changed, %(r)d taken out.",
            v=target.version,
            y=target.year,
            state=_("published") if target.published else _("draft"),
            c=result.created,
            u=result.updated,
            r=result.removed,
        )
    flash(message, "success")


@bp.route("/criteria/sets/<int:set_id>/publish", methods=["POST"])
@roles_required(Role.admin)
def publish_set(set_id: int):
    criteria_set = get_own(ParCriteriaSet, set_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    lock = parse_id(request.form.get("lock_version", ""))
    done = flash_failure(
        lambda: sets.publish_set(criteria_set, current_user, lock), catch=DomainError
    )
    if done is not FAILED:
        flash(
            _(
                "Version %(v)d of the %(y)d set is published: reports as of today or later use it.",
                v=criteria_set.version,
                y=criteria_set.year,
            ),
            "success",
        )
    return redirect(url_for("reports.criteria", year=criteria_set.year, set=criteria_set.id))


@bp.route("/criteria/sets/<int:set_id>/new-version", methods=["POST"])
@roles_required(Role.admin)
def new_set_version(set_id: int):
    criteria_set = get_own(ParCriteriaSet, set_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    draft = sets.new_version(criteria_set, current_user)
    flash(
        _(
            "Draft version %(v)d of the %(y)d set: change it, then publish it.",
            v=draft.version,
            y=draft.year,
        ),
        "success",
    )
    return redirect(url_for("reports.criteria", year=draft.year, set=draft.id))


@bp.route("/criteria/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(Role.admin)
def criterion_edit(criterion_id: int):
    criterion = get_own(ParCriterion, criterion_id)
    form = CriterionForm(obj=criterion if request.method == "GET" else None)
    if form.validate_on_submit():
        saved = run(
            form,
            lambda: appendix.update_criterion(
                criterion,
                current_user,
                {f: getattr(form, f).data for f in EDITABLE},
                parse_id(form.lock_version.data or "") or 0,
            ),
            catch=DomainError,  # a stale edit or a published (frozen) set: said on the form
        )
        if saved is not FAILED:
            flash(_("The criterion was saved."), "success")
            target = criterion.criteria_set
            return redirect(url_for("reports.criteria", year=target.year, set=target.id))
    frozen = sets.frozen_message(criterion.criteria_set) if criterion.criteria_set.published else ""
    return render_template(
        "reports/criterion_form.html", form=form, criterion=criterion, frozen=frozen
    ), form_status()
