"""iso_qms: the quality management system of a Vietnamese People's Committee (TCVN ISO 9001:2015)."""

import importlib
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, CLI. No queries here."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=os.environ.get("ISO_QMS_INSTANCE") or str(ROOT / "instance"),
    )
    from .config import from_environment

    app.config.from_mapping({**from_environment(app.instance_path), **(config or {})})
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _init_extensions(app: Flask) -> None:
    from .core import i18n, navigation, params, ratelimit, security, transaction
    from .extensions import babel, bootstrap, csrf, db, login_manager, migrate

    i18n.compile_catalogues()
    params.init_app(app)  # the bounded <int:...> before any blueprint adds a rule
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app, locale_selector=i18n.select_locale, timezone_selector=lambda: "Asia/Ho_Chi_Minh"
    )
    bootstrap.init_app(app)
    i18n.init_app(app)
    navigation.init_app(app)
    security.init_app(app)
    ratelimit.init_app(app)
    transaction.init_app(app)


#: The feature packages, in the order their menus, panels and API sections appear.
FEATURES = (
    "accounts",
    "procedures",
    "acknowledgements",
    "audits",
    "reports",
    "performance",
    "reorganisations",
)


def _register_blueprints(app: Flask) -> None:
    """Core pages, then each feature's own init_app, the API they own, the CLI, error handlers."""
    from . import cli
    from .api import register_api
    from .core import audit, files, handlers, notifications  # noqa: F401  (their models)
    from .core import views as core_views
    from .core.inbox_api import blp as work_api

    app.register_blueprint(core_views.bp)
    features = [importlib.import_module(f"{__name__}.{name}") for name in FEATURES]
    for feature in features:
        feature.init_app(app)
    register_api(app, [blp for f in features for blp in f.api_blueprints()] + [work_api])
    cli.init_app(app)
    handlers.init_app(app)  # after the API so these replace flask-smorest's error handler
