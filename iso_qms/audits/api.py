"""API: rounds, checklists, findings, corrective actions, postponements, management reviews.

Endpoints parse the body, load the object (404 for another organisation's), call an operation of
iso_qms/audits and render; every rule and state change lives in the operations. The one blueprint
`blp` is defined here; rounds and checklists are here too, the other routes in api_findings,
api_actions and api_reviews, imported at the end so that they register on it.
"""

from flask_login import current_user

from ..api.common import PageArgs, api_blueprint, load_object, lock_version_from, page_of
from ..core.permissions import login_required, roles_required
from ..extensions import db
from . import operations as ops
from . import queries
from .integrity import prefetch_report_hashes
from .models import ChecklistLine, Round
from .permissions import PLANNERS, QMR
from .schemas import (
    CloneBody,
    FindingSchema,
    LinePatch,
    LineSchema,
    LineWrite,
    PasswordBody,
    RaiseBody,
    ReportBody,
    RoundListArgs,
    RoundPatch,
    RoundSchema,
    RoundWrite,
    _page,
)

blp = api_blueprint(
    "api_audits", "Rounds, checklists, findings, corrective actions, management reviews"
)


# --- helpers of the route modules ----------------------------------------------------------


def loads(model, arg: str, *, readable: bool = False):
    """The URL's object, given to the view as `obj`; another organisation's id answers 404."""
    return load_object(model, arg, readable=readable)


def _without_version(body: dict) -> dict:
    return {key: value for key, value in body.items() if key != "lock_version"}


def _fresh(obj):
    db.session.flush()
    db.session.refresh(obj)
    return obj


# --- rounds --------------------------------------------------------------------------------


@blp.route("/rounds")
@login_required
@blp.arguments(RoundListArgs, location="query")
@blp.response(200, _page(RoundSchema))
def list_rounds(args):
    """Rounds of the caller's organisation, by start date; filter by year, kind, status."""
    query = queries.rounds_query(
        current_user.organisation_id, args.get("year"), args.get("kind"), args.get("status")
    )
    page = page_of(query, args, lambda r: r)
    prefetch_report_hashes(page["items"])  # report_matches_signature without a query per row
    return page


@blp.route("/rounds", methods=["POST"])
@roles_required(*PLANNERS)
@blp.arguments(RoundWrite)
@blp.response(201, RoundSchema)
def create_round(body):
    """Plan a round; 422 when a team member would audit their own unit's or their own procedure."""
    return ops.create_round(current_user.organisation_id, current_user, body)


@blp.route("/rounds/<int:round_id>")
@login_required
@loads(Round, "round_id", readable=True)
@blp.response(200, RoundSchema)
def get_round(obj):
    """A round with its scope, team and report state."""
    return obj


@blp.route("/rounds/<int:round_id>", methods=["PATCH"])
@roles_required(*PLANNERS)
@loads(Round, "round_id")
@blp.arguments(RoundPatch)
@blp.response(200, RoundSchema)
def patch_round(body, obj):
    """Change the plan, scope, team or report texts; needs the lock_version read before."""
    version = lock_version_from(body)
    return ops.update_round(obj, current_user, _without_version(body), version)


@blp.route("/rounds/<int:round_id>/start", methods=["POST"])
@roles_required(*PLANNERS)
@loads(Round, "round_id")
@blp.response(200, RoundSchema)
def start_round(obj):
    """Planned → in progress; 409 out of order."""
    return ops.start_round(obj, current_user)


@blp.route("/rounds/<int:round_id>/report", methods=["POST"])
@roles_required(*PLANNERS)
@loads(Round, "round_id")
@blp.arguments(ReportBody)
@blp.response(200, RoundSchema)
def report_round(body, obj):
    """In progress → reported; 409 out of order, 422 when lines are unanswered or an NC lacks a CAR."""
    return ops.report_round(obj, current_user, body.get("summary"))


@blp.route("/rounds/<int:round_id>/accept", methods=["POST"])
@roles_required(*QMR)
@loads(Round, "round_id")
@blp.arguments(PasswordBody)
@blp.response(200, RoundSchema)
def accept_report(body, obj):
    """The QMR accepts the report with their password (e-signature); findings lock."""
    return ops.accept_report(obj, current_user, body["password"])


@blp.route("/rounds/<int:round_id>/close", methods=["POST"])
@roles_required(*QMR)
@loads(Round, "round_id")
@blp.response(200, RoundSchema)
def close_round(obj):
    """Reported and accepted → closed; 409 out of order."""
    return ops.close_round(obj, current_user)


@blp.route("/rounds/<int:round_id>/clone", methods=["POST"])
@roles_required(*PLANNERS)
@loads(Round, "round_id")
@blp.arguments(CloneBody)
@blp.response(201, RoundSchema)
def clone_round(body, obj):
    """A new planned round with the same scope, team and questions; results start empty."""
    return ops.clone_round(obj, current_user, body)


# --- checklist -----------------------------------------------------------------------------


@blp.route("/rounds/<int:round_id>/checklist")
@login_required
@loads(Round, "round_id", readable=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, _page(LineSchema))
def checklist(args, obj):
    """The round's checklist lines, each bound to the revision in force on the audit day."""
    lines = queries.checklist_lines(obj)
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": lines[start : start + args["per_page"]],
        "total": len(lines),
        "page": args["page"],
    }


@blp.route("/rounds/<int:round_id>/checklist/generate", methods=["POST"])
@login_required
@loads(Round, "round_id")
@blp.response(201, _page(LineSchema))
def generate_checklist(obj):
    """(Re)build the checklist from the scope and the templates; 409 once lines are answered."""
    lines = ops.generate_checklist(obj, current_user)
    return {"items": lines, "total": len(lines), "page": 1}


@blp.route("/rounds/<int:round_id>/checklist/lines", methods=["POST"])
@login_required
@loads(Round, "round_id")
@blp.arguments(LineWrite)
@blp.response(201, LineSchema)
def add_line(body, obj):
    """Add a question by hand."""
    return _fresh(ops.add_checklist_line(obj, current_user, body))


@blp.route("/checklist-lines/<int:line_id>", methods=["PATCH"])
@login_required
@loads(ChecklistLine, "line_id")
@blp.arguments(LinePatch)
@blp.response(200, LineSchema)
def patch_line(body, obj):
    """Record a result (result, note) or edit the question; needs the lock_version."""
    version = lock_version_from(body)
    edits = {k: v for k, v in body.items() if k in ("question", "clause", "area", "procedure_id")}
    if edits:
        ops.update_checklist_line(obj, current_user, edits, version)
        version = None
    if "result" in body:
        ops.record_line_result(obj, current_user, body["result"], body.get("note", ""), version)
    return _fresh(obj)


@blp.route("/checklist-lines/<int:line_id>/finding", methods=["POST"])
@login_required
@loads(ChecklistLine, "line_id")
@blp.arguments(RaiseBody)
@blp.response(201, FindingSchema)
def raise_finding(body, obj):
    """Raise a finding from a nonconform or observation line in one step."""
    return ops.raise_finding_from_line(obj, current_user, body)


# The other groups of routes register on `blp` when imported; they need `blp` and the helpers above.
from . import api_actions, api_findings, api_reviews  # noqa: E402, F401
