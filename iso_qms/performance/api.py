"""API: GET /performance — the process performance figures of an organisation for a period as of a
date, with rows per procedure, field or month (API.md, "Process performance")."""

from marshmallow import fields, validate

from ..api.common import BaseSchema, api_blueprint
from ..core.permissions import roles_required
from ..reports.periods import period_from_args
from ..reports.views import organisation_from
from . import figures
from .permissions_figures import FIGURE_READERS
from .views import group_from

blp = api_blueprint("api_performance", "Process performance from the dossier records")


class PerformanceArgs(BaseSchema):
    org = fields.String(
        validate=validate.Length(max=40),
        metadata={"description": "organisation id or code (default: the caller's)"},
    )
    period = fields.String(
        validate=validate.Length(max=10),
        metadata={"description": "q1, q2, q3, q4, h1, m9 or year (with year)"},
    )
    year = fields.Integer()
    from_ = fields.String(data_key="from", validate=validate.Length(max=10))
    to = fields.String(validate=validate.Length(max=10))
    as_of = fields.String(validate=validate.Length(max=10))
    group = fields.String(
        validate=validate.Length(max=20),
        metadata={"description": "procedure (default), field or month"},
    )


@blp.route("/performance")
@roles_required(*FIGURE_READERS)
@blp.arguments(PerformanceArgs, location="query")
@blp.response(200)
def performance(args):
    """received, resolved, early, on_time, late, pending, pending_overdue, on_time_percent,
    late_with_apology, digitised, by_channel and `rows` per group; `has_data` false (and the
    percentages null) when no dossier was imported for the period."""
    plain = {("from" if k == "from_" else k): str(v) for k, v in args.items()}
    group = group_from(plain.get("group"))
    period = period_from_args(plain)
    org = organisation_from(plain.get("org"), period.as_of)
    result = figures.performance(org.id, period, group)
    return {
        "organisation": {"id": org.id, "code": org.code, "name": org.name},
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "as_of": period.as_of.isoformat(),
        },
        **result,
    }
