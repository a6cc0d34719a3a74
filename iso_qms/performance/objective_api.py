"""API: quality objectives (GET, POST /objectives) and where one stands (GET /objectives/{id}/status).

Bodies are bounded by their schemas (422 with the field's message); the operations in
objectives.py check the rest. Another organisation's objective answers 404.
"""

from datetime import date

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import fields, validate

from ..api.common import BaseSchema, api_blueprint, load_object
from ..core.errors import ValidationFailed
from ..core.permissions import login_required, roles_required
from ..core.timeutil import today
from . import objectives as ops
from .objective_models import QualityObjective
from .objective_status import objectives_of_year, standing, standings
from .permissions_objectives import OBJECTIVE_EDITORS

blp = api_blueprint("api_objectives", "Quality objectives (6.2)")


class TargetSchema(BaseSchema):
    op = fields.String(
        required=True, validate=validate.OneOf(sorted(ops.OPS)), metadata={"enum": ["≥", "≤", "="]}
    )
    value = fields.Float(required=True, allow_nan=False, validate=validate.Range(-1e9, 1e9))
    unit = fields.String(load_default="", validate=validate.Length(max=20))


class ObjectiveWrite(BaseSchema):
    year = fields.Integer(required=True)
    text = fields.String(required=True, validate=validate.Length(max=4000))
    indicator = fields.String(required=True, validate=validate.Length(max=300))
    target = fields.Nested(TargetSchema, required=True)
    metric = fields.String(
        load_default="manual",
        validate=validate.Length(max=60),
        metadata={"description": "a registered metric name, or `manual`"},
    )
    frequency = fields.String(load_default="month", validate=validate.OneOf(["month", "quarter"]))
    owner_id = fields.Integer(required=True, strict=True)


class YearQuery(BaseSchema):
    year = fields.Integer(load_default=None)


class AsOfQuery(BaseSchema):
    as_of = fields.Date(load_default=None)


def _target(version) -> dict:
    return {
        "op": version.target_op.symbol,
        "value": version.target_value,
        "unit": version.target_unit,
    }


def _dump(s) -> dict:
    v = s.version
    return {
        "id": s.objective.id,
        "reference": s.objective.reference,
        "year": s.objective.year,
        "version": v.version,
        "status": v.status.value,
        "text": v.text,
        "indicator": v.indicator,
        "target": _target(v),
        "metric": v.metric,
        "frequency": v.frequency.value,
        "owner_id": v.owner_id,
        "approved_by": v.signer_name or None,
        "approved_at": v.approved_at.isoformat() if v.approved_at else None,
        "content_sha256": v.content_sha256,
        "value": s.value,
        "achieved": s.achieved,
        "state": s.state,
    }


class ObjectiveOut(BaseSchema):
    id = fields.Integer()
    reference = fields.String(metadata={"description": "MTCL-01/2020"})
    year = fields.Integer()
    version = fields.Integer()
    status = fields.String(metadata={"enum": ["draft", "approved"]})
    text = fields.String()
    indicator = fields.String()
    target = fields.Dict()
    metric = fields.String()
    frequency = fields.String()
    owner_id = fields.Integer()
    approved_by = fields.String(allow_none=True)
    approved_at = fields.String(allow_none=True)
    content_sha256 = fields.String(allow_none=True)
    value = fields.Float(allow_none=True)
    achieved = fields.Boolean(allow_none=True)
    state = fields.String(metadata={"enum": ["achieved", "not_yet", "not_achieved", "no_data"]})


class ObjectiveList(BaseSchema):
    items = fields.List(fields.Nested(ObjectiveOut))
    total = fields.Integer()


class StatusOut(BaseSchema):
    as_of = fields.Date()
    value = fields.Float(allow_none=True)
    target = fields.Dict()
    achieved = fields.Boolean(allow_none=True, metadata={"description": "null when no data"})
    state = fields.String()
    trend = fields.List(fields.Dict())


@blp.route("/objectives")
@login_required
@blp.arguments(YearQuery, location="query")
@blp.response(200, ObjectiveList)
def list_objectives(args):
    """The objectives of a year (default: this year), each with where it stands today."""
    year = args.get("year") or today().year
    as_of = min(today(), date(year, 12, 31))
    found = standings(objectives_of_year(current_user.organisation_id, year), as_of)
    return {"items": [_dump(s) for s in found], "total": len(found)}


@blp.route("/objectives", methods=["POST"])
@roles_required(*OBJECTIVE_EDITORS)
@blp.arguments(ObjectiveWrite)
@blp.response(201, ObjectiveOut)
def create_objective(body):
    """A new objective of the year, as a draft (the QMR approves it with the e-signature)."""
    objective = ops.create_objective(current_user.organisation_id, current_user, body)
    return _dump(standing(objective, today(), with_trend=False))


@blp.route("/objectives/<int:objective_id>/status")
@login_required
@load_object(QualityObjective, "objective_id", readable=True)
@blp.arguments(AsOfQuery, location="query")
@blp.response(200, StatusOut)
def objective_status(args, obj):
    """Value, target and verdict as of a day (default today); `achieved` null when no data."""
    as_of = args.get("as_of") or today()
    if as_of > today():
        raise ValidationFailed(fields={"as_of": _("The as-of date cannot be in the future.")})
    s = standing(obj, as_of)
    return {
        "as_of": as_of,
        "value": s.value,
        "target": _target(s.version),
        "achieved": s.achieved,
        "state": s.state,
        "trend": [
            {
                "period": t.label,
                "from": t.start.isoformat(),
                "to": t.end.isoformat(),
                "value": t.value,
                "met": t.met,
            }
            for t in s.trend
        ],
    }
