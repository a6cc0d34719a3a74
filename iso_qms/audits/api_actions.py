"""API: corrective actions, their verification and postponements."""

from flask_login import current_user

from ..api.common import PageArgs, lock_version_from, page_of
from ..core.permissions import login_required, roles_required
from . import operations as ops
from . import queries
from .api import _without_version, blp, loads
from .models import CorrectiveAction, Postponement
from .permissions import POSTPONEMENT_DECIDERS, QMR, VERIFIERS
from .schemas import (
    ActionListArgs,
    ActionPatch,
    ActionSchema,
    ActionSummarySchema,
    CompleteBody,
    DecideBody,
    PostponeBody,
    PostponementSchema,
    ReasonBody,
    VerifyBody,
    _page,
)

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
@roles_required(*POSTPONEMENT_DECIDERS)
@loads(Postponement, "postponement_id")
@blp.arguments(DecideBody)
@blp.response(200, PostponementSchema)
def decide_postponement(body, obj):
    """The QMR approves (the due date moves) or rejects a postponement."""
    return ops.decide_postponement(obj, current_user, body["approve"], body["note"])
