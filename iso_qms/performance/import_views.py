"""The page "Nhập hồ sơ một cửa": upload an export, map its columns, see the preview, apply it.

The uploaded file waits in the instance folder under a random token kept in the user's session
(as the TTHC catalogue import does), so the mapping and preview steps do not upload it again.
"""

import hashlib
import json
import secrets
from pathlib import Path

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

from ..core.errors import ValidationFailed
from ..core.permissions import roles_required
from ..extensions import db
from . import importing
from .import_files import FileRefused, read_table
from .models import DossierImport, ImportKind
from .permissions_import import IMPORTERS

bp = Blueprint("dossier_imports", __name__)
SESSION_KEY = "dossier_import"
MAX_MAPPING_CHARS = 5000


def _pending_path(token: str) -> Path:
    return Path(current_app.instance_path) / "imports" / f"dossiers-{token}.bin"


def _kind(raw: str | None) -> ImportKind:
    return ImportKind.summary if raw == ImportKind.summary.value else ImportKind.dossiers


@bp.route("/performance/import", methods=["GET", "POST"])
@roles_required(*IMPORTERS)
def import_dossiers():
    step = request.form.get("step", "") if request.method == "POST" else ""
    if step == "upload":
        return _upload()
    if step in ("preview", "apply"):
        return _with_pending(step)
    return _page()


def _page(status: int = 200, **context):
    org_id = current_user.organisation_id
    recent = db.session.scalars(
        db.select(DossierImport)
        .where(DossierImport.organisation_id == org_id)
        .order_by(DossierImport.imported_at.desc(), DossierImport.id.desc())
        .limit(10)
    ).all()
    context.setdefault("kind", ImportKind.dossiers)
    fields = importing.FIELDS[context["kind"]]
    return render_template(
        "performance/import.html",
        recent=recent,
        fields=fields,
        labels=importing.FIELD_LABELS,
        required=importing.REQUIRED[context["kind"]],
        kinds=ImportKind,
        **context,
    ), status


def _upload():
    upload = request.files.get("file")
    kind = _kind(request.form.get("kind"))
    if upload is None or not upload.filename:
        return _page(422, kind=kind, error=_("Choose a .xlsx or .csv file."))
    data = upload.read()
    org_id = current_user.organisation_id
    try:
        table, mapping = _table_and_mapping(org_id, kind, upload.filename, data)
    except FileRefused as exc:
        return _page(422, kind=kind, error=str(exc))
    token = secrets.token_hex(16)
    path = _pending_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    session[SESSION_KEY] = {"token": token, "filename": upload.filename, "kind": kind.value}
    return _page(kind=kind, token=token, table=table, mapping=mapping, filename=upload.filename)


def _table_and_mapping(org_id: int, kind: ImportKind, filename: str, data: bytes, given=None):
    """The file's table (header row found with the mapping's headers when it has them) and the
    mapping to show: the given one, else the remembered one, else guessed."""
    if given:
        try:
            return read_table(filename, data, [h for h in given.values() if h]), given
        except FileRefused:  # a wrong mapping: the preview names the columns it does not find
            return read_table(filename, data), given
    remembered = importing.remembered_mapping(org_id, kind)
    table = None
    if remembered:
        try:
            table = read_table(filename, data, list(remembered.values()))
        except FileRefused:
            table = None
    table = table or read_table(filename, data)
    return table, importing.mapping_for(org_id, kind, table.headers)


def _posted_mapping(kind: ImportKind) -> dict[str, str]:
    raw = request.form.get("mapping_json")
    if raw:
        try:
            mapping = json.loads(raw[:MAX_MAPPING_CHARS])
        except ValueError:
            mapping = {}
        return mapping if isinstance(mapping, dict) else {}
    result = {}
    for name in importing.FIELDS[kind]:
        value = request.form.get(f"map_{name}", "")[:200]
        if value:
            result[name] = value
    return result


def _with_pending(step: str):
    pending = session.get(SESSION_KEY) or {}
    token = request.form.get("token", "")
    path = _pending_path(pending.get("token", "x"))
    if not token or token != pending.get("token") or not path.exists():
        flash(_("The uploaded file has expired; upload it again."), "warning")
        return redirect(url_for("dossier_imports.import_dossiers"))
    kind = _kind(pending.get("kind"))
    org_id = current_user.organisation_id
    data, filename = path.read_bytes(), pending.get("filename", "")
    mapping = _posted_mapping(kind)
    try:
        table, mapping = _table_and_mapping(org_id, kind, filename, data, mapping)
    except FileRefused as exc:
        return _page(422, kind=kind, error=str(exc))
    context = {"kind": kind, "token": token, "table": table, "mapping": mapping,
               "filename": filename}  # fmt: skip
    try:
        cleaned = importing.clean_mapping(mapping, kind)
        run = importing.import_dossiers if kind is ImportKind.dossiers else importing.import_summary
        preview = run(org_id, current_user, table, cleaned, dry_run=step != "apply",
                      filename=filename, sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
    except importing.ImportRefused as exc:
        db.session.rollback()
        return _page(422, preview=exc.preview, error=str(exc.message), **context)
    except ValidationFailed as exc:
        db.session.rollback()
        return _page(422, error=str(exc.message), mapping_errors=exc.fields, **context)
    if step == "apply":
        path.unlink(missing_ok=True)
        session.pop(SESSION_KEY, None)
        flash(
            _(
                "Imported %(rows)d rows: %(c)d new dossiers, %(u)d updated, %(n)d unchanged.",
                rows=preview.rows,
                c=preview.create,
                u=preview.update,
                n=preview.unchanged,
            ),
            "success",
        )
        return redirect(url_for("dossier_imports.import_dossiers"))
    context["mapping"] = cleaned
    return _page(preview=preview, mapping_json=json.dumps(cleaned, ensure_ascii=False), **context)
