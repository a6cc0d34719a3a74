"""Accounts' events and records in the audit trail's words (registered on import)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..core.audit_words import enum_field, register_event, register_record, text_field
from ..core.permissions import can_manage_users
from .models import ApiToken, Organisation, OrgLevel, Role, User


def _user_url(id, *rest) -> str | None:
    """The account page is the administrator's; others see the name without a link."""
    if current_user.is_authenticated and can_manage_users(current_user):
        return url_for("admin.user_edit", user_id=id)
    return None


register_record(
    "Organisation",
    _l("Organisation"),
    columns=lambda: sa.select(Organisation.id, Organisation.name),
    name=lambda id, name, *rest: name,
    fields={
        "code": text_field(_l("Code")),
        "name": text_field(_l("Name")),
        "level": enum_field(_l("Level"), OrgLevel),
    },
)
register_record(
    "User",
    _l("User account"),
    columns=lambda: sa.select(User.id, User.full_name, User.username),
    name=lambda id, full_name, username, *rest: _(
        "%(name)s (%(username)s)", name=full_name, username=username
    ),
    url=_user_url,
    fields={
        "username": text_field(_l("Username")),
        "full_name": text_field(_l("Full name")),
        "unit": text_field(_l("Unit")),
        "position": text_field(_l("Position")),
        "email": text_field(_l("E-mail")),
        "roles": enum_field(_l("Roles"), Role),
        "active": text_field(_l("Active")),
        "failed_logins": text_field(_l("Wrong passwords in a row")),
        "locked_until": text_field(_l("Locked until")),
        "locale": text_field(_l("Language")),
    },
)
register_record(
    "ApiToken",
    _l("API token"),
    columns=lambda: sa.select(ApiToken.id, ApiToken.name, ApiToken.prefix),
    name=lambda id, name, prefix, *rest: f"«{name}» ({prefix}…)",
    fields={"name": text_field(_l("Name")), "prefix": text_field(_l("Begins with"))},
)

EVENTS = [
    ("organisation.create", _l("Create an organisation"), lambda s: _("Create the organisation %(record)s", record=s.name)),
    ("user.create", _l("Create an account"), lambda s: _("Create the account of %(record)s", record=s.name)),
    ("user.update", _l("Edit an account"), lambda s: _("Edit the account of %(record)s", record=s.name)),
    ("user.deactivate", _l("Deactivate an account"), lambda s: _("Deactivate the account of %(record)s", record=s.name)),
    ("user.reset_password", _l("Reset a password"), lambda s: _("Set a new password for %(record)s", record=s.name)),
    ("user.change_password", _l("Change one's password"), lambda s: _("Change their own password")),
    ("user.login", _l("Log in"), lambda s: _("Log in")),
    # The same count serves the login form and the signature password: the entry does not say
    # which of the two it was, so the words do not either.
    ("user.login_failed", _l("Wrong password (login or signature)"), lambda s: _("Wrong password at login or signature (%(n)s in a row)", n=s.raw_new("failed_logins", 1))),
    ("user.locked", _l("Account locked"), lambda s: _("The account of %(record)s is locked until %(until)s", record=s.name, until=s.new("locked_until"))),
    ("user.logout", _l("Log out"), lambda s: _("Log out")),
    ("api_token.create", _l("Create an API token"), lambda s: _("Create the API token %(record)s", record=s.name)),
    ("api_token.revoke", _l("Revoke an API token"), lambda s: _("Revoke the API token %(record)s", record=s.name)),
]  # fmt: skip
for action, label, describe in EVENTS:
    register_event(action, label, describe)
