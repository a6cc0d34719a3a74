"""API: importing one-stop-shop exports (dossier records, or monthly summaries per procedure);
a preview by default (dry_run), all or nothing (422, nothing written) when applied."""

import json

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from ..api.common import BaseSchema, api_blueprint
from ..core.errors import ValidationFailed
from ..core.permissions import roles_required
from . import importing
from .import_files import FileRefused
from .models import ImportKind
from .permissions_import import IMPORTERS

blp = api_blueprint("api_dossier_imports", "One-stop-shop dossier import")
MAX_MAPPING_CHARS = 5000


class DossierImportFiles(BaseSchema):
    file = Upload(required=True)


class DossierImportForm(BaseSchema):
    mapping = fields.String(
        load_default=None,
        validate=validate.Length(max=MAX_MAPPING_CHARS),
        metadata={"description": "JSON: field → column header; omit for the saved mapping"},
    )
    dry_run = fields.Boolean(load_default=True)


class DossierImportError(BaseSchema):
    row = fields.Integer()
    column = fields.String()
    message = fields.String()


class DossierImportAnswer(BaseSchema):
    kind = fields.String()
    dry_run = fields.Boolean()
    applied = fields.Boolean()
    sheet = fields.String()
    header_row = fields.Integer()
    mapping = fields.Dict(keys=fields.String(), values=fields.String())
    rows = fields.Integer()
    create = fields.Integer()
    update = fields.Integer()
    unchanged = fields.Integer()
    duplicate = fields.Integer()
    due_computed = fields.Integer()
    no_due = fields.Integer()
    error_count = fields.Integer()
    errors = fields.List(fields.Nested(DossierImportError))
    unmatched = fields.List(fields.Dict())


def _mapping(raw: str | None) -> dict | None:
    if raw is None or not raw.strip():
        return None
    try:
        mapping = json.loads(raw)
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict):
        raise ValidationFailed(
            fields={"mapping": _("The mapping must be a JSON object: field → header.")}
        )
    return mapping


def _run(kind: ImportKind, files: dict, form: dict):
    upload = files["file"]
    mapping = _mapping(form.get("mapping"))
    try:
        preview = importing.import_file(
            current_user.organisation_id,
            current_user,
            kind,
            upload.filename or "",
            upload.read(),
            mapping,
            dry_run=form["dry_run"],
        )
    except FileRefused as exc:
        raise ValidationFailed(str(exc), fields={"file": str(exc)}) from None
    except importing.ImportRefused as exc:
        from ..extensions import db

        db.session.rollback()
        body = DossierImportAnswer().dump(exc.preview.as_json())
        body["error"] = {"code": "validation_error", "message": str(exc.message), "fields": {}}
        return jsonify(body), 422
    return preview.as_json()


@blp.route("/dossiers/import", methods=["POST"])
@roles_required(*IMPORTERS)
@blp.arguments(DossierImportFiles, location="files")
@blp.arguments(DossierImportForm, location="form")
@blp.response(200, DossierImportAnswer)
def import_dossiers(files, form):
    """Preview (dry_run, the default) or apply an export of dossier records: rows, create,
    update, unchanged and the bad cells (row, column, message); 422 and nothing written if any
    cell is bad when applied."""
    return _run(ImportKind.dossiers, files, form)


@blp.route("/dossiers/import-summary", methods=["POST"])
@roles_required(*IMPORTERS)
@blp.arguments(DossierImportFiles, location="files")
@blp.arguments(DossierImportForm, location="form")
@blp.response(200, DossierImportAnswer)
def import_summary(files, form):
    """The same for an export of monthly summaries per procedure (tthc_code, tthc_name, month,
    received, early, on_time, late, pending)."""
    return _run(ImportKind.summary, files, form)
