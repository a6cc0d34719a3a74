"""The navigation bar, by role: each feature registers its entries with a permission rule."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, url_for
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
    #: A count shown next to the label (user) -> int, asked only when the menu is drawn.
    badge: Callable | None = None
    #: What the count counts, for screen readers ("waiting", "unread").
    badge_label: object = None


def anyone(user) -> bool:
    return True


#: The drop-down groups, shared by the features that file entries under them.
DOCUMENTS, INSPECTIONS, REPORTS, ADMINISTRATION = (
    _l("Documents"),
    _l("Inspections"),
    _l("Reports"),
    _l("Administration"),
)
#: Measurement (issue 14): performance, objectives, risks, the dossier import.
MEASUREMENT = _l("Measurement")

#: Filled by each feature's init_app through `menu_entry`; shown sorted by `order`.
NAV_ENTRIES: list[NavEntry] = []


def menu_entry(
    order: int,
    label,
    endpoint: str,
    rule: Callable = anyone,
    group=None,
    badge: Callable | None = None,
    badge_label=None,
) -> NavEntry:
    """A feature files one entry of the navigation bar (lower `order` first), with an optional
    count shown beside it."""
    entry = NavEntry(label, endpoint, rule, group, order, badge, badge_label)
    if all(existing.endpoint != endpoint for existing in NAV_ENTRIES):
        NAV_ENTRIES.append(entry)
        NAV_ENTRIES.sort(key=lambda item: item.order)
    return entry


def _counted(count: Callable) -> Callable:
    """A badge that never breaks the page it is drawn on (an error page after a failed query)."""

    def badge(user) -> int | None:
        try:
            return count(user)
        except Exception:  # the menu must draw even when the database does not answer
            current_app.logger.exception("menu count failed")
            return None

    return badge


def _register_core_entries() -> None:
    from .inbox import open_count
    from .notifications import unread_count

    menu_entry(
        5, _l("My work"), "core.inbox", badge=_counted(open_count), badge_label=_l("waiting")
    )
    menu_entry(
        800, _l("Audit trail"), "core.audit_trail", permissions.can_view_audit_trail, ADMINISTRATION
    )
    menu_entry(
        900,
        _l("Notifications"),
        "core.notifications",
        badge=_counted(unread_count),
        badge_label=_l("unread"),
    )


def init_app(app: Flask) -> None:
    from .inbox import inbox_for

    _register_core_entries()
    app.add_template_global(inbox_for, "inbox_of")

    @app.context_processor
    def navigation():
        items: list[dict] = []
        if current_user.is_authenticated:
            groups: dict[str, dict] = {}
            for entry in NAV_ENTRIES:
                if not entry.rule(current_user):
                    continue
                link = {
                    "label": entry.label,
                    "url": url_for(entry.endpoint),
                    "endpoint": entry.endpoint,
                    "badge": (lambda e=entry: e.badge(current_user)) if entry.badge else None,
                    "badge_label": entry.badge_label,
                }
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
