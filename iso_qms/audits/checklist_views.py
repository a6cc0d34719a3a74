"""HTML routes of checklists (generate, add, edit, answer, raise a finding) and their templates."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..core.errors import ValidationFailed
from ..core.permissions import get_own, get_readable, roles_required
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db
from . import operations as ops
from . import permissions as rules
from . import queries
from .catalogue import clause_label
from .forms import LineForm, RaiseFindingForm, ResultForm, TemplateForm
from .models import ChecklistLine, ChecklistTemplate, Round, RoundStatus, TemplateKind
from .permissions import PLANNERS
from .view_helpers import procedure_choices, uploads

bp = Blueprint("audit_checklists", __name__, url_prefix="/audits")


def _line_form(round_: Round, form: LineForm) -> LineForm:
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


@bp.route("/rounds/<int:round_id>/checklist")
@roles_required()
def checklist(round_id: int):
    round_ = get_readable(Round, round_id)
    lines = queries.checklist_lines(round_)
    forms = {
        line.id: ResultForm(
            prefix=f"l{line.id}",
            formdata=None,
            data={
                "result": line.result.value if line.result else "",
                "note": line.note,
                "lock_version": line.lock_version,
            },
        )
        for line in lines
    }
    return render_template(
        "audits/checklist.html",
        round=round_,
        lines=lines,
        forms=forms,
        counts=queries.result_counts(lines),
        line_form=_line_form(round_, LineForm(formdata=None)),
        raise_form=RaiseFindingForm(formdata=None),
        empty_form=EmptyForm(),
        areas=queries.area_titles(round_.organisation_id),
        clause_label=clause_label,
        can_run=rules.can_run_round(current_user, round_),
        in_progress=round_.status is RoundStatus.in_progress,
        editable=round_.status in (RoundStatus.planned, RoundStatus.in_progress),
    )


def _back(round_id: int, line_id: int | None = None):
    anchor = f"#line-{line_id}" if line_id else ""
    return redirect(url_for("audit_checklists.checklist", round_id=round_id) + anchor)


@bp.route("/rounds/<int:round_id>/checklist/generate", methods=["POST"])
@roles_required()
def generate(round_id: int):
    round_ = get_own(Round, round_id)
    lines = ops.generate_checklist(round_, current_user)
    flash(_("The checklist was generated: %(n)d questions.", n=len(lines)), "success")
    return _back(round_id)


@bp.route("/rounds/<int:round_id>/checklist/lines", methods=["POST"])
@roles_required()
def add_line(round_id: int):
    round_ = get_own(Round, round_id)
    form = _line_form(round_, LineForm())
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(" ".join(map(str, messages)), "danger")
        return _back(round_id)
    data = {
        "question": form.question.data,
        "clause": form.clause.data or "",
        "area": form.area.data or "",
        "procedure_id": form.procedure_id.data,
    }
    line = flash_failure(lambda: ops.add_checklist_line(round_, current_user, data))
    if line is not FAILED:
        flash(_("The question was added."), "success")
        return _back(round_id, line.id)
    return _back(round_id)


@bp.route("/lines/<int:line_id>", methods=["GET", "POST"])
@roles_required()
def edit_line(line_id: int):
    line = get_own(ChecklistLine, line_id)
    round_ = line.round
    form = _line_form(round_, LineForm(obj=line if request.method == "GET" else None))
    if form.validate_on_submit():
        data = {
            "question": form.question.data,
            "clause": form.clause.data or "",
            "area": form.area.data or "",
            "procedure_id": form.procedure_id.data,
        }
        result = run(
            form,
            lambda: ops.update_checklist_line(
                line, current_user, data, int(form.lock_version.data or 0)
            ),
        )
        if result is not FAILED:
            flash(_("The question was saved."), "success")
            return _back(round_.id, line.id)
    return render_template(
        "audits/line_form.html", form=form, line=line, round=round_, empty_form=EmptyForm()
    ), form_status()


@bp.route("/lines/<int:line_id>/result", methods=["POST"])
@roles_required()
def record_result(line_id: int):
    line = get_own(ChecklistLine, line_id)
    form = ResultForm(prefix=f"l{line.id}")
    if not form.validate_on_submit():
        raise ValidationFailed(fields=form.errors)
    files = uploads(f"l{line.id}-evidence")
    result = flash_failure(
        lambda: ops.record_line_result(
            line,
            current_user,
            form.result.data,
            form.note.data or "",
            int(form.lock_version.data or 0),
            files,
        )
    )
    if result is not FAILED:
        flash(_("The result was recorded."), "success")
    return _back(line.round_id, line_id)


@bp.route("/lines/<int:line_id>/finding", methods=["POST"])
@roles_required()
def raise_finding(line_id: int):
    line = get_own(ChecklistLine, line_id)
    form = RaiseFindingForm()
    data = {"type": form.type.data} if form.validate_on_submit() else {}
    finding = flash_failure(lambda: ops.raise_finding_from_line(line, current_user, data))
    if finding is FAILED:
        return _back(line.round_id, line_id)
    flash(_("Finding %(n)s was recorded.", n=finding.reference), "success")
    return redirect(url_for("audit_findings.detail", finding_id=finding.id))


@bp.route("/lines/<int:line_id>/delete", methods=["POST"])
@roles_required()
def delete_line(line_id: int):
    line = get_own(ChecklistLine, line_id)
    round_id = line.round_id
    ops.remove_checklist_line(line, current_user)
    flash(_("The question was removed."), "success")
    return _back(round_id)


# --- templates -----------------------------------------------------------------------------


@bp.route("/templates")
@roles_required()
def templates():
    items = queries.effective_templates(current_user.organisation_id)
    adopted = bool(items) and isinstance(items[0], ChecklistTemplate)
    return render_template(
        "audits/templates.html",
        items=items,
        adopted=adopted,
        kinds=TemplateKind,
        empty_form=EmptyForm(),
        can_edit=rules.can_edit_templates(current_user),
    )


@bp.route("/templates/adopt", methods=["POST"])
@roles_required(*PLANNERS)
def adopt_templates():
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    ops.adopt_default_templates(current_user.organisation_id, current_user)
    flash(_("Your organisation now has its own templates; edit them freely."), "success")
    return redirect(url_for("audit_checklists.templates"))


def parse_questions(text: str) -> list[dict]:
    """One question per line; "7.5.3 | text" binds it to a clause."""
    questions = []
    for raw in (text or "").splitlines():
        clause, sep, rest = raw.partition("|")
        questions.append(
            {"clause": clause.strip(), "text": rest.strip()}
            if sep
            else {"clause": "", "text": raw.strip()}
        )
    return [q for q in questions if q["text"]]


def format_questions(questions: list[dict]) -> str:
    return "\n".join(
        f"{q['clause']} | {q['text']}" if q.get("clause") else q["text"] for q in questions
    )


@bp.route("/templates/new", methods=["GET", "POST"])
@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def template_form(template_id: int | None = None):
    template = get_own(ChecklistTemplate, template_id) if template_id is not None else None
    form = TemplateForm(obj=template if request.method == "GET" else None)
    if request.method == "GET" and template is not None:
        form.questions.data = format_questions(template.questions)
    if form.validate_on_submit():
        data = {
            "title": form.title.data,
            "questions": parse_questions(form.questions.data),
            "active": bool(form.active.data),
        }
        if template is None:
            data.update(key=form.key.data or "", kind="area")
            result = run(
                form, lambda: ops.create_template(current_user.organisation_id, current_user, data)
            )
        else:
            result = run(
                form,
                lambda: ops.update_template(
                    template, current_user, data, int(form.lock_version.data or 0)
                ),
            )
        if result is not FAILED:
            flash(_("The template was saved."), "success")
            db.session.flush()
            return redirect(url_for("audit_checklists.templates"))
    return render_template("audits/template_form.html", form=form, template=template), form_status()
