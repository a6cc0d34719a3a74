"""Organisations, users, roles, login and API tokens."""


def init_app(app) -> None:
    """Models, pages and menu entries of accounts."""
    from flask_babel import lazy_gettext as _l

    from ..core import permissions
    from ..core.navigation import ADMINISTRATION, menu_entry
    from . import (
        models,  # noqa: F401
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(views.admin_bp)
    menu_entry(810, _l("Users"), "admin.users", permissions.can_manage_users, ADMINISTRATION)


def api_blueprints() -> list:
    from . import api

    return [api.blp]
