"""API: findings of a round, and the corrective action requests issued for them."""

from flask_login import current_user

from ..api.common import lock_version_from, page_of
from ..core.permissions import login_required, roles_required
from ..procedures.permissions import EDITORS
from . import operations as ops
from . import queries
from .api import _without_version, blp, loads
from .models import Finding, Round
from .permissions import QMR
from .schemas import (
    ActionSchema,
    ActionWrite,
    FindingListArgs,
    FindingPatch,
    FindingRevisionRef,
    FindingSchema,
    FindingWrite,
    _page,
)

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
