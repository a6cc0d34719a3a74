"""Measurement (ISO 9001:2015 6.1, 6.2, 8.7, 9.1, 9.3.2; PAR 3.5.2, 3.5.4, 3.5.5, 7.2): dossier records
imported from the province's one-stop-shop system, process performance, nonconforming outputs,
quality objectives, risks and opportunities."""


def init_app(app) -> None:
    """Models, pages, API and menu entries of measurement."""
    from . import (
        models,  # noqa: F401
        objective_models,  # noqa: F401  (quality objectives, 6.2)
        objective_views,  # the objectives' pages and the review pack's inputs
    )

    app.register_blueprint(objective_views.bp)
    objective_views.register(app)
    from . import risk_models, risk_views  # noqa: F401  (risks and opportunities, 6.1)

    risk_views.init_app(app)  # the register's pages, menu entry, trail words, checklist hook
    from . import import_events, import_views, objective_events  # noqa: F401  (import; trail words)

    app.register_blueprint(import_views.bp)
    from flask_babel import lazy_gettext as _l

    from ..core.navigation import MEASUREMENT, menu_entry
    from .permissions_import import can_import_dossiers

    menu_entry(
        460, _l("Import one-stop-shop dossiers"), "dossier_imports.import_dossiers",
        can_import_dossiers, MEASUREMENT,
    )  # fmt: skip
    from . import views as figure_views  # process performance (9.1, 8.7)
    from .permissions_figures import can_read_figures

    app.register_blueprint(figure_views.bp)
    menu_entry(
        410, _l("Process performance"), "performance.performance_page", can_read_figures,
        MEASUREMENT,
    )  # fmt: skip


def api_blueprints() -> list:
    from . import import_api

    blueprints = []
    blueprints.append(import_api.blp)  # the dossier import
    from . import objective_api

    blueprints.append(objective_api.blp)  # quality objectives
    from . import risk_api

    blueprints.append(risk_api.blp)  # risks and opportunities (6.1)
    from . import api as figures_api

    blueprints.append(figures_api.blp)  # GET /performance
    return blueprints
