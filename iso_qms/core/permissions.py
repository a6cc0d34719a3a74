"""Named permission rules and the helpers views use to apply them in one place."""

from collections.abc import Callable, Iterable
from functools import wraps

from flask import g
from flask_login import current_user

from ..accounts.models import Organisation, Role
from ..accounts.tree import (  # noqa: F401  (the tree as of a date)
    Archived,
    archive_message,
    descendant_ids,
    predecessor_ids,
    readable_org_ids,
)
from ..extensions import db, login_manager
from .errors import NotFound, PermissionDenied, Unauthenticated
from .files import Attachment, linked_in


def same_organisation(user, obj) -> bool:
    return getattr(obj, "organisation_id", None) == user.organisation_id


def can_manage_users(user) -> bool:
    return user.has_role(Role.admin)


AUDIT_READERS = (Role.admin, Role.qmr)


def can_view_audit_trail(user) -> bool:
    return user.has_role(*AUDIT_READERS)


def get_own(model, object_id, user=None):
    """The object if it belongs to the user's organisation; otherwise 404, so ids leak nothing —
    but one of the archives the user's organisation was made of, which they read, is a 409 that
    says so (its records are kept read-only)."""
    user = user or current_user
    obj = db.session.get(model, object_id) if isinstance(object_id, int) else None
    if obj is None:
        raise NotFound()
    if not same_organisation(user, obj):
        org_id = getattr(obj, "organisation_id", None)
        if org_id is not None and org_id in predecessor_ids(user.organisation_id):
            raise Archived(archive_message(db.session.get(Organisation, org_id)))
        raise NotFound()
    return obj


def get_readable(model, object_id, user=None):
    """The object if the user may read its organisation (own or, for supervisors, below)."""
    user = user or current_user
    obj = db.session.get(model, object_id) if isinstance(object_id, int) else None
    if obj is None or obj.organisation_id not in readable_org_ids(user):
        raise NotFound()
    return obj


def get_readable_attachment(attachment_id, user=None):
    """A stored file the user may read: uploaded in an organisation they read, or linked by a
    record of one (core.files.linked_in: a transferred copy's evidence); otherwise 404."""
    user = user or current_user
    readable = readable_org_ids(user)
    found = db.session.get(Attachment, attachment_id) if isinstance(attachment_id, int) else None
    if found is None or (
        found.organisation_id not in readable and not linked_in(found.id, readable)
    ):
        raise NotFound()
    return found


def require(rule: Callable[..., bool], *args) -> None:
    if not rule(current_user, *args):
        raise PermissionDenied()


def roles_required(*roles: Role) -> Callable:
    """Decorator for HTML views and API endpoints: logged in, and holding one of `roles` (if any).

    The roles are kept on the view as `required_roles` so the route × role test reads them.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if getattr(g, "is_api", False):
                    raise Unauthenticated()
                return login_manager.unauthorized()
            if roles and not current_user.has_role(*roles):
                raise PermissionDenied()
            return view(*args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator


login_required = roles_required()


def roles_of(names: Iterable[str]) -> list[Role]:
    return [Role(name) for name in names]
