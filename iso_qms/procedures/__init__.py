"""Documented information: procedures, revisions, approval, legal bases, reviews, announcements."""


def init_app(app) -> None:
    """Models, pages and menu entries of document control."""
    from flask_babel import lazy_gettext as _l

    from ..core.integrity import register_check
    from ..core.navigation import ADMINISTRATION, DOCUMENTS, menu_entry
    from . import (
        integrity,
        models,  # noqa: F401
        register_views,
        revision_views,
        views,
    )

    register_check("revision signatures", integrity.check_revision_signatures)
    from .inbox import register as register_inbox  # the inbox and the notices at the event

    register_inbox()
    app.add_template_global(integrity.signature_matches, "signature_matches")
    for module in (views, revision_views, register_views):
        app.register_blueprint(module.bp)
    menu_entry(110, _l("Procedures"), "procedures.register", group=DOCUMENTS)
    menu_entry(120, _l("Announcements"), "registers.announcements", group=DOCUMENTS)
    menu_entry(130, _l("Legal bases"), "registers.legal_bases", group=DOCUMENTS)
    from .signing_chain import can_set_signing_chain

    menu_entry(
        820, _l("Signing chain"), "revisions.signing_chain", can_set_signing_chain, ADMINISTRATION
    )
    from . import audit_events  # noqa: F401  (this feature's words in the audit trail)


def api_blueprints() -> list:
    from . import api, import_api

    return [api.blp, import_api.blp]
