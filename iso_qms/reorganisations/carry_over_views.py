"""The carry-over page (issue 15, item 5): the successor's checklist (TTHC not yet adopted, the
predecessors' open work), and per TTHC the predecessors' procedures side by side, each with a
form that adopts it as a new procedure of the successor."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts.models import Organisation
from ..core.errors import NotFound
from ..core.forms import BaseForm
from ..core.navigation import DOCUMENTS, menu_entry
from ..core.params import parse_id
from ..core.permissions import login_required, roles_required
from ..core.view_helpers import FAILED, form_status, run
from ..extensions import db
from ..procedures.models import Procedure
from ..procedures.permissions import EDITORS, can_edit_procedures
from .adopt import adopt_procedure, provenance_of
from .carry_over import COMPARED, carry_over
from .open_work import open_work_counts

bp = Blueprint("carry_over", __name__)


def _has_predecessors(user) -> bool:
    """Shown in the menu once the user's organisation was made of others (remembered for the
    request by `predecessor_ids`)."""
    from ..accounts.tree import predecessor_ids

    return bool(predecessor_ids(user.organisation_id))


#: Registered at import (the navigation registry is a plain list read when the menu is drawn).
menu_entry(
    140, _l("Carry-over from predecessors"), "carry_over.index", _has_predecessors, DOCUMENTS
)

#: The compared columns' headings (and the words of the "differs" marker).
COMPARED_LABELS = {
    "statutory_time": _l("Statutory time"),
    "steps": _l("Steps"),
    "forms": _l("Forms"),
    "legal_bases": _l("Legal bases"),
}
assert set(COMPARED_LABELS) == set(COMPARED)


class AdoptForm(BaseForm):
    procedure_id = HiddenField()
    code = StringField(
        _l("New code in your organisation"),
        validators=[
            DataRequired(_l("Enter the document code (mã hiệu).")),
            Length(max=40, message=_l("The code has at most 40 characters.")),
        ],
    )


def _prefix(procedure_id) -> str:
    return f"adopt-{procedure_id}-"


def _forms(data: dict, bound: AdoptForm | None) -> dict[int, AdoptForm]:
    """One adoption form per predecessor's procedure not yet carried over; the one posted
    (with its errors) in its place."""
    forms: dict[int, AdoptForm] = {}
    for group in data["groups"]:
        if group["adopted"] is not None:  # carried over: no form (carry_over.suggest_codes)
            continue
        for column in group["procedures"]:
            pid = column["id"]
            if bound is not None and bound.procedure_id.data == str(pid):
                forms[pid] = bound
                continue
            form = AdoptForm(prefix=_prefix(pid), formdata=None)
            form.procedure_id.data, form.code.data = str(pid), column["suggested_code"]
            forms[pid] = form
    return forms


def _page(bound: AdoptForm | None = None):
    org = current_user.organisation
    data = carry_over(org.id)
    predecessors = [p["id"] for p in data["predecessors"]]
    open_work = open_work_counts(predecessors) if predecessors else {}
    return render_template(
        "reorganisations/carry_over.html",
        org=org,
        data=data,
        forms=_forms(data, bound) if can_edit_procedures(current_user) else {},
        labels=COMPARED_LABELS,
        open_work=open_work,
        # what can still be carried: findings and actions (transferred or closed); drafts and
        # rounds stay in the archives as they were, said apart, never an unticked box forever
        open_work_total=open_work.get("findings", 0) + open_work.get("actions", 0),
        open_work_url=url_for("open_work.index")
        if "open_work.index" in current_app.view_functions
        else None,
        new_url=url_for("procedures.new") if can_edit_procedures(current_user) else None,
        bound=bound,
    )


@bp.route("/carry-over")
@login_required
def index():
    return _page()


@bp.route("/carry-over/adopt", methods=["POST"])
@roles_required(*EDITORS)
def adopt():
    raw = request.form.get("procedure_id", "")
    procedure_id = parse_id(raw)  # ASCII digits within INTEGER ("٣" or 10^30 are no id)
    if procedure_id is None:
        raise NotFound()
    form = AdoptForm(prefix=_prefix(raw))
    form.procedure_id.data = raw
    successor = db.session.get(Organisation, current_user.organisation_id)
    procedure = db.session.get(Procedure, procedure_id)
    if procedure is None:
        raise NotFound()
    if form.validate_on_submit():
        adopted = run(
            form, lambda: adopt_procedure(successor, procedure, form.code.data, current_user)
        )
        if adopted is not FAILED:
            flash(
                _(
                    "%(code)s adopted from %(source)s: its first issue is a draft to review.",
                    code=adopted.code,
                    source=procedure.code,
                ),
                "success",
            )
            return redirect(url_for("procedures.detail", procedure_id=adopted.id))
    return _page(form), form_status()


@bp.app_template_global("adoption_provenance")
def adoption_provenance(procedure) -> dict | None:
    """For the procedure page: where an adopted procedure comes from (None: written here)."""
    return provenance_of(procedure) if getattr(procedure, "adopted_from_id", None) else None
