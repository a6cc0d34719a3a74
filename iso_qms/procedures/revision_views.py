"""HTML routes of a revision: view, edit the draft, submit, return, review, approve, diff, print."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..core.errors import DomainError, NotFound, ValidationFailed
from ..core.i18n import format_issue
from ..core.params import arg_id
from ..core.permissions import get_own, get_readable, roles_required
from ..core.timeutil import today, utcnow
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from . import operations as ops
from . import permissions as rules
from . import queries
from .content import SECTION_KEYS, section_label, sections_for
from .durations import Duration
from .forms import CommentForm, RevisionForm, SignForm
from .models import Procedure, Revision, RevisionStatus
from .permissions import EDITORS, REVIEWERS
from .signing_chain import chain_for

bp = Blueprint("revisions", __name__)
BLANK_ROWS = 3


def _get(revision_id: int, own: bool = False) -> Revision:
    return (get_own if own else get_readable)(Revision, revision_id)


@bp.route("/procedures/<int:procedure_id>/revisions/new", methods=["POST"])
@roles_required(*EDITORS)
def new(procedure_id: int):
    procedure = get_own(Procedure, procedure_id)
    if not EmptyForm().validate_on_submit():
        raise ValidationFailed()
    revision = ops.create_revision(procedure, current_user)
    flash(_("Draft revision %(n)s was opened.", n=format_issue(revision.number)), "success")
    return redirect(url_for("revisions.edit", revision_id=revision.id))


def _context(revision: Revision) -> dict:
    procedure = revision.procedure
    in_review = revision.status is RevisionStatus.in_review
    return {
        "revision": revision,
        "procedure": procedure,
        "sections": sections_for(procedure.is_tthc),
        "today": today(),
        "empty_form": EmptyForm(),
        "submit_form": SignForm(formdata=None),
        "can_edit_revision": rules.can_edit_revision(current_user, revision),
        "can_return_revision": rules.can_return_revision(current_user, revision),
        "can_review_revision": rules.can_review_revision(current_user, revision),
        "can_approve_revision": in_review and rules.can_approve_revision(current_user, revision),
        "signing_chain": chain_for(revision.organisation_id),
    }


def duration_label(stored: dict | None) -> str:
    return Duration.from_storage(stored).label() if stored else ""


@bp.route("/revisions/<int:revision_id>")
@roles_required()
def view(revision_id: int):
    revision = _get(revision_id)
    current = queries.revision_in_force(revision.procedure, today())
    return render_template(
        "procedures/revision.html",
        current=current,
        comment_form=CommentForm(),
        **_context(revision),
    )


def _fill(form: RevisionForm, revision: Revision) -> None:
    form.change_summary.data = revision.change_summary
    form.change_location.data = revision.change_location
    form.significant.data = revision.significant
    form.lock_version.data = revision.lock_version
    for key in SECTION_KEYS:
        getattr(form, key).data = revision.content.get(key, "")
    for step in revision.steps:
        form.steps.append_entry({**step, "duration": _vi_duration(step.get("duration"))})
    for row in revision.forms:
        form.forms.append_entry(row)
    for row in revision.records:
        form.records.append_entry(row)


def _vi_duration(stored: dict | None) -> str:
    return Duration.from_storage(stored).label_vi() if stored else ""


def _pad(form: RevisionForm) -> None:
    for field_list in (form.steps, form.forms, form.records):
        for _i in range(BLANK_ROWS):
            field_list.append_entry()


def _rows(field_list, keys) -> list[dict]:
    rows = []
    for entry in field_list:
        row = {key: (entry.form[key].data or "").strip() for key in keys}
        if any(row.values()):
            rows.append(row)
    return rows


def _attachments(form: RevisionForm, revision: Revision, forms: list[dict]) -> None:
    """Store any uploaded form files and link them to their rows."""
    from ..core.files import store_upload

    for index, entry in enumerate(form.forms):
        upload = request.files.get(f"forms-{index}-file")
        if upload is None or not upload.filename:
            continue
        row_key = {k: (entry.form[k].data or "").strip() for k in ("code", "name")}
        for row in forms:
            if row["code"] == row_key["code"] and row["name"] == row_key["name"]:
                attachment = store_upload(
                    upload, revision.organisation_id, current_user, field=f"forms.{index}.file"
                )
                row["attachment_id"] = attachment.id


def _payload(form: RevisionForm, revision: Revision) -> dict:
    forms = _rows(form.forms, ("code", "name", "attachment_id"))
    for row in forms:
        row["attachment_id"] = int(row["attachment_id"]) if row.get("attachment_id") else None
    _attachments(form, revision, forms)
    payload = {
        "change_summary": form.change_summary.data,
        "change_location": form.change_location.data,
        "significant": bool(form.significant.data),
        "content": {
            key: getattr(form, key).data or ""
            for key in SECTION_KEYS
            if key in dict(sections_for(revision.procedure.is_tthc))
        },
        "forms": forms,
        "records": _rows(form.records, ("name", "keeper", "retention")),
    }
    if revision.procedure.is_tthc:
        payload["steps"] = _rows(form.steps, ("title", "responsible", "duration", "output"))
    return payload


@bp.route("/revisions/<int:revision_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(revision_id: int):
    revision = _get(revision_id, own=True)
    if revision.status is not RevisionStatus.draft:
        flash(_("Only a draft can be edited."), "warning")
        return redirect(url_for("revisions.view", revision_id=revision.id))
    form = RevisionForm()
    if request.method == "GET":
        _fill(form, revision)
    if form.validate_on_submit():
        saved = run(
            form,
            lambda: ops.update_revision(
                revision, current_user, _payload(form, revision), int(form.lock_version.data or 0)
            ),
            catch=DomainError,  # a stale edit: said on the form, the typed text is kept
        )
        if saved is not FAILED:
            flash(_("The draft was saved."), "success")
            target = "revisions.view" if request.form.get("done") else "revisions.edit"
            return redirect(url_for(target, revision_id=revision.id))
    _pad(form)
    return render_template(
        "procedures/revision_form.html", form=form, **_context(revision)
    ), form_status()


def _state_change(revision_id: int, action, success: str):
    revision = _get(revision_id, own=True)
    if flash_failure(lambda: action(revision)) is not FAILED:
        flash(success, "success")
    return redirect(url_for("revisions.view", revision_id=revision_id))


@bp.route("/revisions/<int:revision_id>/submit", methods=["POST"])
@roles_required(*EDITORS)
def submit(revision_id: int):
    """The author signs the draft (Người soạn thảo) with their password and sends it."""
    revision = _get(revision_id, own=True)  # another organisation's id: 404 before anything
    form = SignForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            raise ValidationFailed()
        flash(_("Enter your password to sign."), "danger")
        return redirect(url_for("revisions.view", revision_id=revision_id))
    done = flash_failure(
        lambda: ops.submit_revision(revision, current_user, form.password.data),
        catch=(ValidationFailed, ops.WrongPassword),
    )
    if done is not FAILED:
        flash(_("The revision was submitted for review."), "success")
    return redirect(url_for("revisions.view", revision_id=revision_id))


@bp.route("/revisions/<int:revision_id>/return", methods=["POST"])
@roles_required(*REVIEWERS)
def send_back(revision_id: int):
    form = CommentForm()
    comment = form.comment.data if form.validate_on_submit() else ""
    return _state_change(
        revision_id,
        lambda r: ops.return_revision(r, current_user, comment),
        _("The revision was sent back to its author."),
    )


@bp.route("/revisions/<int:revision_id>/diff")
@roles_required()
def diff(revision_id: int):
    revision = _get(revision_id)
    against_id = arg_id("against")
    others = [r for r in queries.revisions_of(revision.procedure) if r.id != revision.id]
    if against_id is None:
        older = [r for r in others if r.number < revision.number]
        against = older[0] if older else None
    else:
        against = next((r for r in others if r.id == against_id), None)
        if against is None:
            raise NotFound()
    result = queries.compare(against, revision, SECTION_KEYS)
    return render_template(
        "procedures/diff.html",
        against=against,
        diff=result,
        others=others,
        section_label=section_label,
        **_context(revision),
    )


@bp.route("/print.css")
def print_css():
    """Page margin boxes for printing: "Trang x/y" in the user's language (no inline styles)."""
    css = render_template("procedures/print.css", page_word=_("Page"))
    return css, 200, {"Content-Type": "text/css; charset=utf-8"}


@bp.route("/revisions/<int:revision_id>/print")
@roles_required()
def print_view(revision_id: int):
    revision = _get(revision_id)
    return render_template(
        "procedures/print.html",
        history=queries.history(revision.procedure),
        printed_at=utcnow(),
        **_context(revision),
    )


# The signing routes (review, approval, the signing chain) live on this blueprint too.
from . import preview_views, signing_views  # noqa: E402, F401
