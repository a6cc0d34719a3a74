"""API: the compliance report of an organisation (JSON, .docx, .xlsx) and the roll-up."""

from flask import Response
from flask_login import current_user
from marshmallow import fields

from ..accounts.models import Role
from ..accounts.tree import is_archive
from ..api.common import BaseSchema, api_blueprint
from ..core.errors import PermissionDenied
from ..core.permissions import roles_required
from .periods import period_from_args
from .report import build_report, report_json
from .rollup import rollup
from .views import READERS, organisation_from, send_report

blp = api_blueprint("api_reports", "The feed into the administrative-reform report")


class ReportArgs(BaseSchema):
    org = fields.String(metadata={"description": "organisation id or code (default: the caller's)"})
    period = fields.String(metadata={"description": "q1, q2, q3, q4, h1, m9 or year (with year)"})
    year = fields.Integer()
    from_ = fields.String(data_key="from", metadata={"description": "YYYY-MM-DD"})
    to = fields.String(metadata={"description": "YYYY-MM-DD"})
    as_of = fields.String(metadata={"description": "YYYY-MM-DD (default: the end or today)"})


def _args(args: dict) -> dict:
    return {("from" if k == "from_" else k): str(v) for k, v in args.items()}


@blp.route("/reports/compliance")
@roles_required(*READERS)
@blp.arguments(ReportArgs, location="query")
@blp.response(200)
def compliance(args):
    """Compliance status, paragraphs and appendix rows; the same inputs give the same bytes."""
    plain = _args(args)
    period = period_from_args(plain)
    org = organisation_from(plain.get("org"), period.as_of)
    report = build_report(org, period)
    return Response(report_json(report), mimetype="application/json")


@blp.route("/reports/compliance.<any(docx, xlsx):fmt>")
@roles_required(*READERS)
@blp.arguments(ReportArgs, location="query")
@blp.response(200)
def compliance_file(args, fmt):
    """The report section as .docx (Nghị định 30/2020/NĐ-CP) or the appendix rows as .xlsx."""
    plain = _args(args)
    period = period_from_args(plain)
    org = organisation_from(plain.get("org"), period.as_of)
    return send_report(org, build_report(org, period), fmt)


@blp.route("/reports/rollup")
@roles_required(Role.supervisor)
@blp.arguments(ReportArgs, location="query")
@blp.response(200)
def rollup_rows(args):
    """One row per organisation below a supervising organisation, for the same period and as-of."""
    plain = _args(args)
    org = organisation_from(plain.get("org"))
    if org.id != current_user.organisation_id and not is_archive(org):
        raise PermissionDenied()  # one's own level, or an ended one read (huyện Quảng Điền)
    return rollup(org, period_from_args(plain))


from . import criteria_api  # noqa: E402, F401  (the criteria-set endpoints, on this blueprint)
