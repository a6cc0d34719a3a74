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
    from .inbox import register as register_inbox  # the readings in each person's inbox

    register_inbox()
    home_panel(views.home_panel)
    app.register_blueprint(views.bp)
    menu_entry(145, _l("My readings"), "acknowledgements.my_tasks", group=DOCUMENTS)
    menu_entry(
        140,
        _l("Reading coverage"),
        "acknowledgements.coverage",
        permissions.can_open_coverage,
        DOCUMENTS,
    )
    from . import audit_events  # noqa: F401  (this feature's words in the audit trail)


def api_blueprints() -> list:
    from . import api

    return [api.blp]
