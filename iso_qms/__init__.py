"""iso_qms: the quality management system of a Vietnamese People's Committee (TCVN ISO 9001:2015)."""

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
    from .core import i18n, navigation, security, transaction
    from .extensions import babel, bootstrap, csrf, db, login_manager, migrate

    i18n.compile_catalogues()
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
    transaction.init_app(app)


def _import_models() -> None:
    """Every model module, so the metadata (and Alembic) knows every table."""
    from .accounts import models as _accounts  # noqa: F401
    from .audits import models as _audits  # noqa: F401
    from .core import audit as _audit  # noqa: F401
    from .core import files as _files  # noqa: F401
    from .core import notifications as _notifications  # noqa: F401
    from .procedures import ack_models as _acks  # noqa: F401
    from .procedures import models as _procedures  # noqa: F401
    from .reports import models as _reports  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    _import_models()
    from . import cli
    from .accounts import views as account_views
    from .api import register_api
    from .core import handlers
    from .core import views as core_views

    app.register_blueprint(core_views.bp)
    app.register_blueprint(account_views.bp)
    app.register_blueprint(account_views.admin_bp)
    from .procedures import ack_notices, ack_operations, ack_views, register_views, revision_views
    from .procedures import views as procedure_views

    ack_operations.register_hooks()
    core_views.home_panel(ack_views.home_panel)
    assert ack_notices  # registers its due-notice provider on import
    app.register_blueprint(ack_views.bp)
    app.register_blueprint(procedure_views.bp)
    app.register_blueprint(revision_views.bp)
    app.register_blueprint(register_views.bp)
    from .audits import (
        action_views,
        checklist_views,
        finding_views,
        notices,  # noqa: F401  registers the corrective-action reminders with `qms send-notifications`
        review_views,
        round_views,
    )

    for module in (round_views, checklist_views, finding_views, action_views, review_views):
        app.register_blueprint(module.bp)
    core_views.home_panel(round_views.home_panel)
    from .reports import views as report_views

    app.register_blueprint(report_views.bp)
    core_views.home_panel(report_views.home_panel)
    register_api(app)
    cli.init_app(app)
    handlers.init_app(app)  # after the API so these replace flask-smorest's error handler
