"""The navigation bar, by role: each feature registers its entries with a permission rule."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.models import Role
from . import permissions


@dataclass(frozen=True)
class NavEntry:
    label: object
    endpoint: str
    rule: Callable


def _anyone(user) -> bool:
    return True


NAV_ENTRIES: list[NavEntry] = [
    NavEntry(_l("My tasks"), "acknowledgements.my_tasks", _anyone),
    NavEntry(_l("Procedures"), "procedures.register", _anyone),
    NavEntry(_l("Reading coverage"), "acknowledgements.coverage",
             lambda user: user.has_role(Role.qmr, Role.iso_secretary, Role.head, Role.admin)),
    NavEntry(_l("Notifications"), "core.notifications", _anyone),
    NavEntry(_l("Announcements"), "registers.announcements", _anyone),
    NavEntry(_l("Audits"), "audit_rounds.rounds", _anyone),
    NavEntry(_l("Findings"), "audit_findings.findings", _anyone),
    NavEntry(_l("My actions"), "audit_actions.actions", _anyone),
    NavEntry(_l("Reform report"), "reports.report_page",
             lambda user: user.has_role(Role.qmr, Role.iso_secretary, Role.head, Role.admin, Role.supervisor,
                                        Role.inspector)),
    NavEntry(_l("Roll-up"), "reports.rollup_page", lambda user: user.has_role(Role.supervisor)),
    NavEntry(_l("PAR criteria"), "reports.criteria", lambda user: user.has_role(Role.admin)),
    NavEntry(_l("Audit trail"), "core.audit_trail", permissions.can_view_audit_trail),
    NavEntry(_l("Users"), "admin.users", permissions.can_manage_users),
]


def init_app(app: Flask) -> None:
    @app.context_processor
    def navigation():
        items = []
        if current_user.is_authenticated:
            items = [
                {"label": entry.label, "url": url_for(entry.endpoint)}
                for entry in NAV_ENTRIES
                if entry.rule(current_user)
            ]
        return {
            "nav_items": items,
            "current_locale": str(get_locale() or "vi"),
            "can": permissions,
        }
