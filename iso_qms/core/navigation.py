"""The navigation bar, by role: each feature registers its entries with a permission rule."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from . import permissions


@dataclass(frozen=True)
class NavEntry:
    label: object
    endpoint: str
    rule: Callable
    #: Entries of the same group show as one drop-down menu.
    group: object = None
    order: int = 0


def anyone(user) -> bool:
    return True


#: The drop-down groups, shared by the features that file entries under them.
DOCUMENTS, INSPECTIONS, REPORTS, ADMINISTRATION = (
    _l("Documents"),
    _l("Inspections"),
    _l("Reports"),
    _l("Administration"),
)

#: Filled by each feature's init_app through `menu_entry`; shown sorted by `order`.
NAV_ENTRIES: list[NavEntry] = []


def menu_entry(order: int, label, endpoint: str, rule: Callable = anyone, group=None) -> NavEntry:
    """A feature files one entry of the navigation bar (lower `order` first)."""
    entry = NavEntry(label, endpoint, rule, group, order)
    if all(existing.endpoint != endpoint for existing in NAV_ENTRIES):
        NAV_ENTRIES.append(entry)
        NAV_ENTRIES.sort(key=lambda item: item.order)
    return entry


def _register_core_entries() -> None:
    menu_entry(
        800, _l("Audit trail"), "core.audit_trail", permissions.can_view_audit_trail, ADMINISTRATION
    )
    menu_entry(900, _l("Notifications"), "core.notifications")


def init_app(app: Flask) -> None:
    _register_core_entries()

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
