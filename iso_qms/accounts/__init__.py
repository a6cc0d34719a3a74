"""Organisations, users, roles, login and API tokens."""


def init_app(app) -> None:
    """Models, pages and menu entries of accounts."""
    from flask_babel import lazy_gettext as _l

    from ..core import permissions
    from ..core.navigation import ADMINISTRATION, menu_entry
    from . import (
        models,  # noqa: F401
        org_history,  # noqa: F401
        tree,  # noqa: F401  (the archive guard)
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(views.admin_bp)
    menu_entry(810, _l("Users"), "admin.users", permissions.can_manage_users, ADMINISTRATION)
    from . import audit_events  # noqa: F401  (this feature's words in the audit trail)


def api_blueprints() -> list:
    from . import api

    return [api.blp]
