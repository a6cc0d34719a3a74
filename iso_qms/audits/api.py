"""API: rounds, checklists, findings, corrective actions, postponements, management reviews.

Endpoints parse the body, load the object (404 for another organisation's), call an operation of
iso_qms/audits and render; every rule and state change lives in the operations.
"""

from datetime import date

import sqlalchemy as sa
from flask_login import current_user
from marshmallow import fields

from . import operations as ops
from . import queries
from .models import (
    ChecklistLine,
    CorrectiveAction,
    Finding,
    ManagementReview,
    Postponement,
    Round,
)
from .permissions import PLANNERS, QMR, REVIEW_KEEPERS, VERIFIERS
from ..core.permissions import login_required, roles_required
from ..core.timeutil import today
from ..extensions import db
from ..procedures.permissions import EDITORS
from .schemas import (
    ActionListArgs,
    ActionPatch,
    ActionSchema,
    ActionSummarySchema,
    ActionWrite,
    CloneBody,
    CompleteBody,
    DecideBody,
    DecisionBody,
    FindingListArgs,
    FindingPatch,
    FindingRevisionRef,
    FindingSchema,
    FindingWrite,
    HoldBody,
    LinePatch,
    LineSchema,
    LineWrite,
    PasswordBody,
    PostponeBody,
    PostponementSchema,
    RaiseBody,
    ReasonBody,
    ReportBody,
    ReviewDetailSchema,
    ReviewPatch,
    ReviewSchema,
    ReviewWrite,
    RoundListArgs,
    RoundPatch,
    RoundSchema,
    RoundWrite,
    VerifyBody,
    YearArgs,
    _page,
)
from ..api.common import BaseSchema, PageArgs, api_blueprint, load_object, lock_version_from, page_of

blp = api_blueprint(
    "api_audits", "Rounds, checklists, findings, corrective actions, management reviews"
)


# --- output schemas ------------------------------------------------------------------------


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
    return page_of(query, args, lambda r: r)


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


# --- findings ------------------------------------------------------------------------------


@blp.route("/rounds/<int:round_id>/findings", methods=["POST"])
@login_required
@loads(Round, "round_id")
@blp.arguments(FindingWrite)
@blp.response(201, FindingSchema)
def record_finding(body, obj):
    """Record a finding; it takes the next number of the round."""
    return ops.record_finding(obj, current_user, body)


@blp.route("/findings")
@login_required
@blp.arguments(FindingListArgs, location="query")
@blp.response(200, _page(FindingSchema))
def list_findings(args):
    """Findings of the organisation: ?status=open|closed&overdue=true&type=&round_id=."""
    query = queries.findings_query(
        current_user.organisation_id,
        args.get("status"),
        args["overdue"],
        args.get("type"),
        args.get("round_id"),
    )
    return page_of(query, args, lambda f: f)


@blp.route("/findings/<int:finding_id>")
@login_required
@loads(Finding, "finding_id", readable=True)
@blp.response(200, FindingSchema)
def get_finding(obj):
    """A finding with its actions."""
    return obj


@blp.route("/findings/<int:finding_id>", methods=["PATCH"])
@login_required
@loads(Finding, "finding_id")
@blp.arguments(FindingPatch)
@blp.response(200, FindingSchema)
def patch_finding(body, obj):
    """Edit a finding's texts; 409 once the report is accepted."""
    version = lock_version_from(body)
    return ops.update_finding(obj, current_user, _without_version(body), version)


@blp.route("/findings/<int:finding_id>/close", methods=["POST"])
@roles_required(*QMR)
@loads(Finding, "finding_id")
@blp.response(200, FindingSchema)
def close_finding(obj):
    """Close a finding; 409 unless every action is verified effective."""
    return ops.close_finding(obj, current_user)


@blp.route("/findings/<int:finding_id>/revision", methods=["POST"])
@roles_required(*EDITORS)
@loads(Finding, "finding_id")
@blp.response(201, FindingRevisionRef)
def open_revision(obj):
    """Start a draft revision of the finding's procedure, citing the finding."""
    return ops.open_revision_from_finding(obj, current_user)


@blp.route("/findings/<int:finding_id>/actions", methods=["POST"])
@login_required
@loads(Finding, "finding_id")
@blp.arguments(ActionWrite)
@blp.response(201, ActionSchema)
def create_action(body, obj):
    """Issue a corrective action request for the finding."""
    return ops.create_action(obj, current_user, body)


# --- actions -------------------------------------------------------------------------------


@blp.route("/actions")
@login_required
@blp.arguments(ActionListArgs, location="query")
@blp.response(200, _page(ActionSummarySchema))
def list_actions(args):
    """Actions: ?scope=open (default), overdue, mine, verify (awaiting verification), all."""
    query = queries.actions_query(current_user.organisation_id, args["scope"], current_user)
    return page_of(query, args, lambda a: a)


@blp.route("/me/actions")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, _page(ActionSummarySchema))
def my_actions(args):
    """The caller's open actions and those awaiting verification."""
    return page_of(
        queries.actions_query(current_user.organisation_id, "mine", current_user), args, lambda a: a
    )


@blp.route("/actions/<int:action_id>")
@login_required
@loads(CorrectiveAction, "action_id", readable=True)
@blp.response(200, ActionSchema)
def get_action(obj):
    """An action with its verifications and postponements."""
    return obj


@blp.route("/actions/<int:action_id>", methods=["PATCH"])
@login_required
@loads(CorrectiveAction, "action_id")
@blp.arguments(ActionPatch)
@blp.response(200, ActionSchema)
def patch_action(body, obj):
    """Edit an open action; a later due date needs a postponement."""
    version = lock_version_from(body)
    return ops.update_action(obj, current_user, _without_version(body), version)


@blp.route("/actions/<int:action_id>/start", methods=["POST"])
@login_required
@loads(CorrectiveAction, "action_id")
@blp.response(200, ActionSchema)
def start_action(obj):
    """Planned → in progress."""
    return ops.start_action(obj, current_user)


@blp.route("/actions/<int:action_id>/complete", methods=["POST"])
@login_required
@loads(CorrectiveAction, "action_id")
@blp.arguments(CompleteBody)
@blp.response(200, ActionSchema)
def complete_action(body, obj):
    """The owner reports the action done, with evidence."""
    return ops.complete_action(obj, current_user, body["evidence"])


@blp.route("/actions/<int:action_id>/verify", methods=["POST"])
@roles_required(*VERIFIERS)
@loads(CorrectiveAction, "action_id")
@blp.arguments(VerifyBody)
@blp.response(200, ActionSchema)
def verify_action(body, obj):
    """Effective closes it, not effective reopens it; 403 when the verifier owns the action."""
    return ops.verify_action(
        obj, current_user, body["effective"], body["note"], body.get("due_date")
    )


@blp.route("/actions/<int:action_id>/cancel", methods=["POST"])
@roles_required(*QMR)
@loads(CorrectiveAction, "action_id")
@blp.arguments(ReasonBody)
@blp.response(200, ActionSchema)
def cancel_action(body, obj):
    """Cancel an action with the reason; it never counts as done."""
    return ops.cancel_action(obj, current_user, body["reason"])


@blp.route("/actions/<int:action_id>/postpone", methods=["POST"])
@login_required
@loads(CorrectiveAction, "action_id")
@blp.arguments(PostponeBody)
@blp.response(201, PostponementSchema)
def postpone_action(body, obj):
    """Ask to move the due date, with a reason; the QMR decides."""
    return ops.request_postponement(obj, current_user, body["due_date"], body["reason"])


@blp.route("/postponements/<int:postponement_id>/decide", methods=["POST"])
@roles_required(*QMR)
@loads(Postponement, "postponement_id")
@blp.arguments(DecideBody)
@blp.response(200, PostponementSchema)
def decide_postponement(body, obj):
    """The QMR approves (the due date moves) or rejects a postponement."""
    return ops.decide_postponement(obj, current_user, body["approve"], body["note"])


# --- management reviews and annual duties --------------------------------------------------


@blp.route("/management-reviews")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, _page(ReviewSchema))
def list_reviews(args):
    """Management reviews, newest first."""
    query = (
        sa.select(ManagementReview)
        .where(ManagementReview.organisation_id == current_user.organisation_id)
        .order_by(ManagementReview.held_on.desc(), ManagementReview.id.desc())
    )
    return page_of(query, args, lambda r: r)


@blp.route("/management-reviews", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
@blp.arguments(ReviewWrite)
@blp.response(201, ReviewDetailSchema)
def create_review(body):
    """Plan a management review."""
    return ops.create_review(current_user.organisation_id, current_user, body)


@blp.route("/management-reviews/<int:review_id>")
@login_required
@loads(ManagementReview, "review_id", readable=True)
@blp.response(200, ReviewDetailSchema)
def get_review(obj):
    """A review with its input pack (generated now, or as frozen when it was held)."""
    return obj


@blp.route("/management-reviews/<int:review_id>", methods=["PATCH"])
@roles_required(*REVIEW_KEEPERS)
@loads(ManagementReview, "review_id")
@blp.arguments(ReviewPatch)
@blp.response(200, ReviewDetailSchema)
def patch_review(body, obj):
    """Change a planned review (a held one only takes its minutes)."""
    version = lock_version_from(body)
    return ops.update_review(obj, current_user, _without_version(body), version)


@blp.route("/management-reviews/<int:review_id>/hold", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
@loads(ManagementReview, "review_id")
@blp.arguments(HoldBody)
@blp.response(200, ReviewDetailSchema)
def hold_review(body, obj):
    """Record the review as held: minutes, and the input pack frozen."""
    return ops.hold_review(obj, current_user, body["minutes"])


@blp.route("/management-reviews/<int:review_id>/decisions", methods=["POST"])
@roles_required(*REVIEW_KEEPERS)
@loads(ManagementReview, "review_id")
@blp.arguments(DecisionBody)
@blp.response(201, ActionSchema)
def add_decision(body, obj):
    """A decision of a held review, tracked as an action."""
    return ops.add_review_decision(obj, current_user, body)


@blp.route("/annual-duties")
@login_required
@blp.arguments(YearArgs, location="query")
@blp.response(
    200,
    BaseSchema.from_dict(
        {
            "year": fields.Integer(),
            "internal_audit": fields.Dict(),
            "management_review": fields.Dict(),
            "missing": fields.List(fields.String()),
        },
        name="AnnualDuties",
    ),
)
def annual_duties(args):
    """Whether this year's internal audit and management review were held (QĐ 19/2014/QĐ-TTg)."""
    return _iso(
        queries.annual_duties(current_user.organisation_id, args.get("year") or today().year)
    )


def _iso(value):
    """Dates inside plain dicts and lists as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value
