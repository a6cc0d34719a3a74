"""API: the caller's inbox and notifications (shared/API.md, "Work and notifications")."""

from flask_login import current_user
from marshmallow import fields

from ..api.common import BaseSchema, api_blueprint
from ..extensions import db
from .inbox import inbox_for
from .notifications import listed, mark_read
from .permissions import login_required

blp = api_blueprint("api_work", "Work and notifications")

#: The notifications list answers the newest ones, at most this many.
NOTIFICATIONS_LIMIT = 100


class InboxItemSchema(BaseSchema):
    title = fields.String()
    url = fields.String()
    due_date = fields.Date(allow_none=True)
    object_type = fields.String()
    object_id = fields.Integer(allow_none=True)


class InboxGroupSchema(BaseSchema):
    kind = fields.String()
    label = fields.String()
    count = fields.Integer()
    items = fields.List(fields.Nested(InboxItemSchema))


class InboxSchema(BaseSchema):
    groups = fields.List(fields.Nested(InboxGroupSchema))
    total = fields.Integer()


class NotificationSchema(BaseSchema):
    id = fields.Integer()
    created_at = fields.DateTime()
    kind = fields.String()
    text = fields.String()
    url = fields.String(attribute="link")
    read = fields.Boolean(attribute="is_read")


class NotificationArgs(BaseSchema):
    unread = fields.Boolean()


@blp.route("/me/inbox")
@login_required
@blp.response(200, InboxSchema)
def my_inbox():
    """Everything waiting for the caller, grouped by kind and counted."""
    return inbox_for(current_user, refresh=True)


@blp.route("/me/notifications")
@login_required
@blp.arguments(NotificationArgs, location="query")
@blp.response(200, NotificationSchema(many=True))
def my_notifications(args):
    """The caller's notifications, newest first (at most 100); `unread` filters read or unread."""
    query = listed(current_user, args.get("unread")).limit(NOTIFICATIONS_LIMIT)
    return db.session.scalars(query).unique().all()


@blp.route("/me/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
@blp.response(200, NotificationSchema)
def read_notification(notification_id):
    """Mark one of the caller's notifications read (another person's id: 404)."""
    notification = mark_read(current_user, notification_id)
    db.session.refresh(notification)
    return notification
