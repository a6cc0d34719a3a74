"""The feed into the administrative-reform report (báo cáo CCHC) and its PAR-index appendix."""


def init_app(app) -> None:
    """Models, pages, home panel and menu entries of the report feed."""
    from flask_babel import lazy_gettext as _l

    from ..core.navigation import REPORTS, menu_entry
    from ..core.views import home_panel
    from . import (
        models,  # noqa: F401
        views,
    )
    from . import permissions as rules

    app.register_blueprint(views.bp)
    home_panel(views.home_panel)
    menu_entry(310, _l("Reform report"), "reports.report_page", rules.can_read_reports, REPORTS)
    menu_entry(320, _l("Roll-up"), "reports.rollup_page", rules.can_roll_up, REPORTS)
    menu_entry(330, _l("PAR criteria"), "reports.criteria", rules.can_manage_criteria, REPORTS)
    from . import audit_events  # noqa: F401  (this feature's words in the audit trail)


def api_blueprints() -> list:
    from . import api

    return [api.blp]
