"""Inspections and audits: rounds, checklists, findings, corrective actions, management reviews."""


def init_app(app) -> None:
    """Models, pages, home panel, due notices and menu entries of inspections and audits."""
    from flask_babel import lazy_gettext as _l

    from ..core.integrity import register_check
    from ..core.navigation import INSPECTIONS, menu_entry
    from ..core.views import home_panel
    from . import (
        action_views,
        checklist_views,
        finding_views,
        integrity,
        models,  # noqa: F401
        notices,
        review_views,
        round_views,
    )

    notices.register()
    from .inbox import register as register_inbox  # the inbox and the notices at the event

    register_inbox()
    register_check("round report signatures", integrity.check_round_reports)
    from ..core.files import ATTACHMENT_LINKS
    from .queries import evidence_links_file

    if evidence_links_file not in ATTACHMENT_LINKS:  # a copy's evidence, uploaded elsewhere
        ATTACHMENT_LINKS.append(evidence_links_file)
    app.add_template_global(integrity.report_matches, "report_matches")
    for module in (round_views, checklist_views, finding_views, action_views, review_views):
        app.register_blueprint(module.bp)
    home_panel(round_views.home_panel)
    menu_entry(210, _l("Audits"), "audit_rounds.rounds", group=INSPECTIONS)
    menu_entry(220, _l("Findings"), "audit_findings.findings", group=INSPECTIONS)
    menu_entry(230, _l("My actions"), "audit_actions.actions", group=INSPECTIONS)
    from . import audit_events  # noqa: F401  (this feature's words in the audit trail)


def api_blueprints() -> list:
    from . import api

    return [api.blp]
