"""API: importing the TTHC catalogue (.xlsx or .csv), preview by default, all or nothing."""

from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import fields

from ..api.common import BaseSchema, api_blueprint
from ..core.errors import ValidationFailed
from ..core.permissions import roles_required
from . import importing
from .catalogue import read_catalogue
from .permissions import EDITORS

blp = api_blueprint("api_imports", "TTHC catalogue import")


class ImportFiles(BaseSchema):
    file = Upload(required=True)


class ImportForm(BaseSchema):
    dry_run = fields.Boolean(load_default=True)


class ImportAnswer(BaseSchema):
    dry_run = fields.Boolean()
    applied = fields.Boolean()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    rows = fields.List(fields.Dict())


@blp.route("/procedures/import", methods=["POST"])
@roles_required(*EDITORS)
@blp.arguments(ImportFiles, location="files")
@blp.arguments(ImportForm, location="form")
@blp.response(200, ImportAnswer)
def import_catalogue(files, form):
    """Preview (dry_run, the default) or apply a catalogue file: rows with their action or errors."""
    upload = files["file"]
    try:
        rows = read_catalogue(upload.filename or "", upload.read())
    except ValueError as exc:
        raise ValidationFailed(fields={"file": str(exc)}) from None
    org_id = current_user.organisation_id
    if form["dry_run"]:
        result = importing.preview(org_id, rows)
    else:
        result = importing.apply(org_id, current_user, rows)
    return {
        "dry_run": form["dry_run"],
        "applied": result.applied,
        "counts": result.counts(),
        "rows": [row.as_json() for row in result.rows],
    }
