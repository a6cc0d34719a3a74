"""API: my reading tasks, confirming one, and who has read a revision."""

from flask_login import current_user
from marshmallow import fields, validate

from ..accounts.models import Role
from ..api.common import BaseSchema, PageArgs, api_blueprint
from ..core.permissions import get_readable, roles_required
from ..core.timeutil import today
from ..procedures.models import Revision
from . import operations as ops
from . import queries
from .permissions import COVERAGE_READERS

blp = api_blueprint("api_acknowledgements", "Acknowledgements (đã đọc và hiểu)")


class TaskSchema(BaseSchema):
    id = fields.Integer()
    status = fields.Function(lambda t: "overdue" if t.is_overdue(today()) else t.status.value)
    revision = fields.Function(
        lambda t: {
            "id": t.revision_id,
            "number": t.revision.number,
            "effective_date": t.revision.effective_date.isoformat(),
            "change_summary": t.revision.change_summary,
            "significant": t.revision.significant,
        }
    )
    procedure = fields.Function(
        lambda t: {
            "id": t.procedure_id,
            "code": t.revision.procedure.code,
            "title": t.revision.procedure.title,
        }
    )
    assigned_on = fields.Date()
    due_date = fields.Date(attribute="due_on")
    acknowledged_at = fields.DateTime(allow_none=True)
    content_sha256 = fields.String(allow_none=True)
    carried_over = fields.Function(lambda t: t.carried_from_id is not None)


class TaskPage(BaseSchema):
    items = fields.List(fields.Nested(TaskSchema))
    total = fields.Integer()
    page = fields.Integer()


class TaskArgs(PageArgs):
    status = fields.String(
        load_default="", validate=validate.OneOf(["", "pending", "done", "overdue", "open"])
    )


class PersonRow(BaseSchema):
    user_id = fields.Integer()
    full_name = fields.String()
    unit = fields.String()
    status = fields.String()
    due_date = fields.Date()
    acknowledged_at = fields.DateTime(allow_none=True)


class RevisionCoverage(BaseSchema):
    revision_id = fields.Integer()
    assigned = fields.Integer()
    acknowledged = fields.Integer()
    overdue = fields.Integer()
    people = fields.List(fields.Nested(PersonRow))


@blp.route("/me/acknowledgements")
@roles_required()
@blp.arguments(TaskArgs, location="query")
@blp.response(200, TaskPage)
def my_acknowledgements(args):
    """The caller's reading tasks: pending, done or overdue (default: all open ones)."""
    ops.sync_organisation(current_user.organisation_id)
    tasks = queries.my_tasks(current_user, today(), args["status"])
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": tasks[start : start + args["per_page"]],
        "total": len(tasks),
        "page": args["page"],
    }


@blp.route("/acknowledgements/<int:task_id>/confirm", methods=["POST"])
@roles_required()
@blp.response(200, TaskSchema)
def confirm(task_id):
    """Confirm "Tôi đã đọc và hiểu": 403 for another person's task, 409 when no longer in force."""
    ops.sync_organisation(current_user.organisation_id)
    task = ops.get_task(task_id, current_user.organisation_id)
    return ops.confirm_acknowledgement(task, current_user)


@blp.route("/revisions/<int:revision_id>/acknowledgements")
@roles_required(*COVERAGE_READERS, Role.supervisor)
@blp.response(200, RevisionCoverage)
def revision_acknowledgements(revision_id):
    """Assigned, acknowledged and overdue for one revision, with the people."""
    revision = get_readable(Revision, revision_id)
    ops.sync_organisation(revision.organisation_id)
    result = queries.revision_coverage(revision, today())
    people = [
        {
            "user_id": t.user_id,
            "full_name": t.user.full_name,
            "unit": t.user.unit,
            "status": status,
            "due_date": t.due_on,
            "acknowledged_at": t.acknowledged_at,
        }
        for t, status in result["rows"]
    ]
    return {
        "revision_id": revision.id,
        "assigned": result["assigned"],
        "acknowledged": result["acknowledged"],
        "overdue": result["overdue"],
        "people": people,
    }
