"""HTML routes of the legal-basis register, announcements (công bố), catalogue import, attachments."""

import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import DomainError
from ..core.files import send_attachment
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.permissions import get_own, get_readable, get_readable_attachment, roles_required
from ..core.text import search_clause
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db
from . import announcements as ann
from . import importing
from . import operations as ops
from . import permissions as rules
from .catalogue import read_catalogue
from .exports import scope_docx, scope_xlsx
from .forms import AnnouncementForm, LegalBasisForm, SupersedeForm
from .models import Announcement, LegalBasis, LegalChange, Procedure, procedure_legal_bases
from .permissions import APPROVERS, EDITORS

bp = Blueprint("registers", __name__)


# --- legal bases ---------------------------------------------------------------------------


@bp.route("/legal-bases")
@roles_required()
def legal_bases():
    org_id = picked_org_id()
    query = sa.select(LegalBasis).where(LegalBasis.organisation_id == org_id)
    clause = search_clause(LegalBasis.search_key, request.args.get("q"))
    if clause is not None:
        query = query.where(clause)
    if request.args.get("superseded"):
        query = query.where(LegalBasis.superseded_by_id.is_not(None))
    page = paginate(query.order_by(LegalBasis.number))
    link = procedure_legal_bases.c
    counts = dict(
        db.session.execute(
            sa.select(link.legal_basis_id, sa.func.count())
            .where(link.legal_basis_id.in_([b.id for b in page.items]))
            .group_by(link.legal_basis_id)
        ).all()
    )
    return render_template(
        "procedures/legal_bases.html",
        page=page,
        counts=counts,
        args=request.args,
        can_edit=rules.can_edit_procedures(current_user) and org_id == current_user.organisation_id,
        today=today(),
        **picker(),
    )


def _legal_data(form: LegalBasisForm) -> dict:
    return {
        "number": form.number.data,
        "title": form.title.data or "",
        "issuer": form.issuer.data or "",
        "issued_on": form.issued_on.data,
        "effective_on": form.effective_on.data,
    }


@bp.route("/legal-bases/new", methods=["GET", "POST"])
@bp.route("/legal-bases/<int:basis_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def legal_basis_form(basis_id: int | None = None):
    basis = get_own(LegalBasis, basis_id) if basis_id is not None else None
    form = LegalBasisForm(obj=basis if request.method == "GET" else None)
    supersede = SupersedeForm(prefix="s")
    supersede.superseded_by.choices = [
        (b.id, b.number)
        for b in db.session.scalars(
            sa.select(LegalBasis)
            .where(
                LegalBasis.organisation_id == current_user.organisation_id,
                LegalBasis.id != (basis_id or 0),
            )
            .order_by(LegalBasis.number)
        )
    ]
    if form.validate_on_submit():
        if basis is None:
            saved = run(
                form,
                lambda: ops.create_legal_basis(
                    current_user.organisation_id, current_user, _legal_data(form)
                ),
                catch=DomainError,
            )
        else:
            saved = run(
                form,
                lambda: ops.update_legal_basis(
                    basis, current_user, _legal_data(form), int(form.lock_version.data or 0)
                ),
                catch=DomainError,  # a stale edit: said on the form
            )
        if saved is not FAILED:
            flash(_("The legal basis %(n)s was saved.", n=saved.number), "success")
            return redirect(url_for("registers.legal_bases"))
    citing = []
    if basis is not None:
        citing = db.session.scalars(
            sa.select(Procedure)
            .where(Procedure.legal_bases.contains(basis))
            .order_by(Procedure.code)
        ).all()
    return render_template(
        "procedures/legal_basis_form.html",
        form=form,
        basis=basis,
        supersede=supersede,
        citing=citing,
    ), form_status()


@bp.route("/legal-bases/<int:basis_id>/superseded", methods=["POST"])
@roles_required(*EDITORS)
def legal_basis_superseded(basis_id: int):
    basis = get_own(LegalBasis, basis_id)
    form = SupersedeForm(prefix="s")
    if form.validate_on_submit():
        new = get_own(LegalBasis, form.superseded_by.data)
        marked = flash_failure(
            lambda: ops.mark_superseded(
                basis, current_user, new, LegalChange(form.change_kind.data)
            ),
            DomainError,  # already marked (InvalidState): flashed on the form's page
            join=" ",
        )
        if marked is not FAILED:
            flash(
                _(
                    "Every procedure citing %(n)s is now flagged for a legal update.",
                    n=basis.number,
                ),
                "success",
            )
    return redirect(url_for("registers.legal_basis_form", basis_id=basis.id))


# --- announcements -------------------------------------------------------------------------


@bp.route("/announcements")
@roles_required()
def announcements():
    org_id = picked_org_id()
    query = sa.select(Announcement).where(Announcement.organisation_id == org_id)
    page = paginate(query.order_by(Announcement.ordinal.desc()))
    due, changes = ann.republish_due(org_id)
    return render_template(
        "procedures/announcements.html",
        page=page,
        due=due,
        changes=changes,
        can_manage=rules.can_manage_announcements(current_user)
        and org_id == current_user.organisation_id,
        **picker(),
    )


@bp.route("/announcements/new", methods=["GET", "POST"])
@roles_required(*APPROVERS)
def announcement_new():
    form = AnnouncementForm()
    in_force_now = ann.in_force(current_user.organisation_id, today())
    form.procedure_ids.choices = sorted(
        ((pid, f"{r.procedure.code} — {r.procedure.title}") for pid, r in in_force_now.items()),
        key=lambda c: c[1],
    )
    if request.method == "GET":
        form.signer.data = ""
    if form.validate_on_submit():
        data = {
            "decision_no": form.decision_no.data,
            "decision_date": form.decision_date.data,
            "signer": form.signer.data,
            "reason": form.reason.data,
            "note": form.note.data or "",
        }
        chosen = None if form.all_in_force.data else list(form.procedure_ids.data or [])
        announcement = run(
            form,
            lambda: ann.create_announcement(
                current_user.organisation_id, current_user, data, chosen
            ),
        )
        if announcement is not FAILED:
            flash(
                _("Announcement no. %(n)s was recorded.", n=announcement.ordinal_label), "success"
            )
            return redirect(url_for("registers.announcement", announcement_id=announcement.id))
    return render_template("procedures/announcement_form.html", form=form), form_status()


@bp.route("/announcements/<int:announcement_id>")
@roles_required()
def announcement(announcement_id: int):
    item = get_readable(Announcement, announcement_id)
    return render_template(
        "procedures/announcement.html", announcement=item, changes=ann.changes_since_previous(item)
    )


@bp.route("/announcements/<int:announcement_id>/scope.<any(xlsx, docx):fmt>")
@roles_required()
def announcement_export(announcement_id: int, fmt: str):
    item = get_readable(Announcement, announcement_id)
    from ..accounts.models import Organisation

    name = db.session.get(Organisation, item.organisation_id).name
    data = scope_xlsx(item, name) if fmt == "xlsx" else scope_docx(item, name)
    from ..core.files import export_name, send_export

    words = ("Danh mục quy trình công bố lần", item.ordinal_label)
    return send_export(data, export_name(*words, extension=fmt))


# --- TTHC catalogue import -----------------------------------------------------------------


def _pending_path(token: str) -> Path:
    return Path(current_app.instance_path) / "imports" / f"{token}.bin"


@bp.route("/procedures/import", methods=["GET", "POST"])
@roles_required(*EDITORS)
def import_catalogue():
    result, error, token = None, None, None
    if request.method == "POST" and request.form.get("confirm"):
        return _apply_pending(request.form.get("token", ""))
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise ValueError(_("Choose a .xlsx or .csv file."))
            data = upload.read()
            rows = read_catalogue(upload.filename, data)
        except ValueError as exc:
            error = str(exc)
        else:
            result = importing.preview(current_user.organisation_id, rows)
            token = secrets.token_hex(16)
            path = _pending_path(token)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            session["import"] = {"token": token, "filename": upload.filename}
    status = 422 if error else 200
    return render_template(
        "procedures/import.html", result=result, error=error, token=token
    ), status


def _apply_pending(token: str):
    pending = session.get("import") or {}
    path = _pending_path(pending.get("token", "x"))
    if not token or token != pending.get("token") or not path.exists():
        flash(_("The uploaded file has expired; upload it again."), "warning")
        return redirect(url_for("registers.import_catalogue"))
    rows = read_catalogue(pending["filename"], path.read_bytes())
    # a refused file says so in one line; its row errors were shown on the preview
    result = flash_failure(
        lambda: importing.apply(current_user.organisation_id, current_user, rows), summary=True
    )
    if result is FAILED:
        return redirect(url_for("registers.import_catalogue"))
    path.unlink(missing_ok=True)
    session.pop("import", None)
    counts = result.counts()
    flash(
        _(
            "Imported: %(c)d created, %(u)d updated, %(n)d unchanged.",
            c=counts["create"],
            u=counts["update"],
            n=counts["unchanged"],
        ),
        "success",
    )
    proposed = sum(1 for row in result.rows if row.draft_revision_id is not None)
    if proposed:
        flash(_("%(n)d new titles were proposed as draft revisions, to be approved.", n=proposed),
              "info")  # fmt: skip
    return redirect(url_for("procedures.register"))


# --- attachments ---------------------------------------------------------------------------


@bp.route("/attachments/<int:attachment_id>")
@roles_required()
def attachment(attachment_id: int):
    return send_attachment(get_readable_attachment(attachment_id))
