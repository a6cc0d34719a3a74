"""Staff acknowledgement of the revisions in force (ISO 9001:2015 7.3, 7.5.3)."""


def init_app(app) -> None:
    """Models, pages, home panel, hooks, due notices and menu entries of acknowledgement."""
    from flask_babel import lazy_gettext as _l

    from ..core.navigation import DOCUMENTS, menu_entry
    from ..core.views import home_panel
    from . import (
        models,  # noqa: F401
        notices,
        operations,
        permissions,
        views,
    )

    operations.register_hooks()
    notices.register()
    home_panel(views.home_panel)
    app.register_blueprint(views.bp)
    menu_entry(10, _l("My tasks"), "acknowledgements.my_tasks")
    menu_entry(
        140,
        _l("Reading coverage"),
        "acknowledgements.coverage",
        permissions.can_read_coverage,
        DOCUMENTS,
    )


def api_blueprints() -> list:
    from . import api

    return [api.blp]
