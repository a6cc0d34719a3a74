"""The navigation bar, by role: each feature registers its entries with a permission rule."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..procedures import permissions as procedure_rules
from ..reports import permissions as report_rules
from . import permissions


@dataclass(frozen=True)
class NavEntry:
    label: object
    endpoint: str
    rule: Callable
    #: Entries of the same group show as one drop-down menu.
    group: object = None


def _anyone(user) -> bool:
    return True


_DOCS, _AUDITS, _REPORTS, _ADMIN = (
    _l("Documents"),
    _l("Inspections"),
    _l("Reports"),
    _l("Administration"),
)


NAV_ENTRIES: list[NavEntry] = [
    NavEntry(_l("My tasks"), "acknowledgements.my_tasks", _anyone),
    NavEntry(_l("Procedures"), "procedures.register", _anyone, _DOCS),
    NavEntry(_l("Announcements"), "registers.announcements", _anyone, _DOCS),
    NavEntry(_l("Legal bases"), "registers.legal_bases", _anyone, _DOCS),
    NavEntry(
        _l("Reading coverage"),
        "acknowledgements.coverage",
        procedure_rules.can_read_coverage,
        _DOCS,
    ),
    NavEntry(_l("Audits"), "audit_rounds.rounds", _anyone, _AUDITS),
    NavEntry(_l("Findings"), "audit_findings.findings", _anyone, _AUDITS),
    NavEntry(_l("My actions"), "audit_actions.actions", _anyone, _AUDITS),
    NavEntry(_l("Reform report"), "reports.report_page", report_rules.can_read_reports, _REPORTS),
    NavEntry(_l("Roll-up"), "reports.rollup_page", report_rules.can_roll_up, _REPORTS),
    NavEntry(_l("PAR criteria"), "reports.criteria", report_rules.can_manage_criteria, _REPORTS),
    NavEntry(_l("Audit trail"), "core.audit_trail", permissions.can_view_audit_trail, _ADMIN),
    NavEntry(_l("Users"), "admin.users", permissions.can_manage_users, _ADMIN),
    NavEntry(_l("Notifications"), "core.notifications", _anyone),
]


def init_app(app: Flask) -> None:
    @app.context_processor
    def navigation():
        items: list[dict] = []
        if current_user.is_authenticated:
            groups: dict[str, dict] = {}
            for entry in NAV_ENTRIES:
                if not entry.rule(current_user):
                    continue
                link = {"label": entry.label, "url": url_for(entry.endpoint)}
                if entry.group is None:
                    items.append(link)
                    continue
                key = str(entry.group)
                if key not in groups:
                    groups[key] = {"label": entry.group, "children": []}
                    items.append(groups[key])
                groups[key]["children"].append(link)
        return {
            "nav_items": items,
            "current_locale": str(get_locale() or "vi"),
            "can": permissions,
        }
