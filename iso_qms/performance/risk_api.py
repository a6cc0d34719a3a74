"""API: the risk and opportunity register (6.1) — list, record, one entry with its actions."""

from flask import g
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import fields, validate

from ..api.common import (
    BaseSchema,
    Bounded,
    PageArgs,
    api_blueprint,
    load_object,
    page_of,
    page_schema,
)
from ..core.errors import NotFound
from ..core.permissions import login_required, readable_org_ids, roles_required
from . import risk_queries, risks
from .permissions_risks import RISK_KEEPERS
from .risk_models import Risk, RiskKind, RiskLevel, RiskStatus, Treatment

blp = api_blueprint("api_risks", "Risks and opportunities (ISO 9001 6.1)")


class Longest(validate.Length):
    """At most `n` characters, with the message translated when it is shown."""

    def __init__(self, n: int):
        super().__init__(max=n)

    def _format_error(self, value, message: str) -> str:
        return _("Keep it to at most %(n)d characters.", n=self.max)


def _level(risk: Risk) -> str:
    """The entry's level by its organisation's thresholds (read once a request)."""
    cache = g.setdefault("risk_limits", {})
    if risk.organisation_id not in cache:
        cache[risk.organisation_id] = risks.thresholds(risk.organisation_id)
    return risks.level_of(risk.score, cache[risk.organisation_id]).value


def _values(enum_cls) -> list[str]:
    return [m.value for m in enum_cls]


class RiskProcedureRef(BaseSchema):
    id = fields.Integer()
    code = fields.String()
    title = fields.String()


class RiskSchema(BaseSchema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    reference = fields.String(metadata={"description": "RR-03 (a risk) or CH-01 (an opportunity)"})
    kind = fields.Enum(RiskKind, by_value=True)
    number = fields.Integer()
    process = fields.String()
    procedure_id = fields.Integer(allow_none=True)
    procedure = fields.Nested(RiskProcedureRef, allow_none=True)
    description = fields.String()
    cause = fields.String()
    consequence = fields.String()
    likelihood = fields.Integer()
    impact = fields.Integer()
    score = fields.Integer(metadata={"description": "likelihood × impact"})
    level = fields.Function(
        _level,
        metadata={"enum": _values(RiskLevel), "description": "by the organisation's thresholds"},
    )
    treatment = fields.Enum(Treatment, by_value=True)
    review_date = fields.Date(allow_none=True)
    status = fields.Enum(RiskStatus, by_value=True)
    created_at = fields.DateTime()
    lock_version = fields.Integer()


class RiskActionRef(BaseSchema):
    id = fields.Integer()
    reference = fields.String()
    action = fields.String()
    owner_id = fields.Integer()
    due_date = fields.Date()
    status = fields.String(attribute="status.value")


class RiskDetailSchema(RiskSchema):
    actions = fields.Function(
        lambda risk: RiskActionRef(many=True).dump(risk_queries.risk_actions(risk)),
        metadata={"type": "array", "items": {"type": "object"}},
    )


class RiskListArgs(PageArgs):
    org = fields.Integer(
        load_default=None, metadata={"description": "a supervised organisation's id"}
    )
    kind = fields.String(load_default=None, validate=validate.OneOf(_values(RiskKind)))
    level = fields.String(load_default=None, validate=validate.OneOf(_values(RiskLevel)))
    status = fields.String(load_default=None, validate=validate.OneOf(_values(RiskStatus)))
    procedure_id = fields.Integer(load_default=None)


class RiskWrite(BaseSchema):
    kind = fields.String(load_default="risk", metadata={"enum": _values(RiskKind)})
    process = fields.String(load_default="", validate=Longest(risks.MAX_PROCESS))
    procedure_id = fields.Integer(load_default=None, allow_none=True)
    description = fields.String(required=True, validate=Longest(risks.MAX_TEXT))
    cause = fields.String(load_default="", validate=Longest(risks.MAX_TEXT))
    consequence = fields.String(load_default="", validate=Longest(risks.MAX_TEXT))
    likelihood = fields.Integer(required=True, validate=Bounded(1, 5))
    impact = fields.Integer(required=True, validate=Bounded(1, 5))
    treatment = fields.String(
        required=True,
        metadata={
            "enum": _values(Treatment),
            "description": "accept, reduce, avoid, transfer (a risk); exploit, enhance (an opportunity)",
        },
    )
    review_date = fields.Date(load_default=None, allow_none=True)


@blp.route("/risks")
@login_required
@blp.arguments(RiskListArgs, location="query")
@blp.response(200, page_schema(RiskSchema))
def list_risks(args):
    """The register, highest score first; filters kind, level, status, procedure."""
    org_id = args.get("org") or current_user.organisation_id
    if org_id not in readable_org_ids(current_user):
        raise NotFound()
    limits = risks.thresholds(org_id)
    g.risk_limits = {org_id: limits}
    f = risk_queries.RegisterFilter.parse(args)
    return page_of(risk_queries.register_query(org_id, f, limits), args, lambda r: r)


@blp.route("/risks", methods=["POST"])
@roles_required(*RISK_KEEPERS)
@blp.arguments(RiskWrite)
@blp.response(201, RiskSchema)
def create_risk(body):
    """Record a risk or opportunity; the answer gives its `level`."""
    return risks.create_risk(current_user.organisation_id, current_user, body)


@blp.route("/risks/<int:risk_id>")
@login_required
@load_object(Risk, "risk_id", readable=True)
@blp.response(200, RiskDetailSchema)
def get_risk(obj):
    """One entry with its actions."""
    return obj
