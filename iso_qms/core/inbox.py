"""Each person's inbox ("Việc của tôi"): everything waiting for them, grouped by kind and counted.

Features register providers in their init_app: `register_inbox_provider(fn)`, where fn(user, on)
returns the person's groups (`InboxGroup`) of that feature, in a fixed number of queries whatever
the number of items (no query per row). A provider may also name a `refresh` function that brings
its records up to date first (the reading tasks of revisions that came into force): the inbox page,
the home page and the API run it; the menu's count does not.

The inbox is computed once per request and person (cached in flask.g for the request): the menu badge, the home
page's top and the inbox page read the same figures.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import g, has_request_context

from .timeutil import today

#: How many items of one group are listed (the count is always the full number).
ITEM_LIMIT = 50

#: The order groups are shown in: what others wait for first, then one's own work, then dates.
KIND_ORDER = (
    "approve_revision",
    "review_revision",
    "decide_postponement",
    "accept_report",
    "verify_action",
    "returned_revision",
    "own_action",
    "lead_round",
    "read_revision",
    "legal_update_due",
    "review_due",
)


@dataclass(frozen=True)
class InboxItem:
    """One thing to do: what it is, where to do it, by when."""

    title: str
    url: str
    due_date: date | None = None
    object_type: str = ""
    object_id: int | None = None
    #: A short second line on the page (who asked, since when); not part of the API.
    note: str = ""
    overdue: bool = False


@dataclass
class InboxGroup:
    kind: str
    label: str
    items: list[InboxItem] = field(default_factory=list)
    #: The full number when `items` was cut at ITEM_LIMIT; None means len(items).
    total: int | None = None
    #: A page listing all of this kind, when there is one (e.g. all my readings).
    more_url: str = ""

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


@dataclass
class Inbox:
    groups: list[InboxGroup]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    def top(self, per_group: int = 3) -> list[tuple[InboxGroup, list[InboxItem]]]:
        """For the home page: each group with its first few items."""
        return [(group, group.items[:per_group]) for group in self.groups]


InboxProvider = Callable[..., Iterable[InboxGroup]]
_PROVIDERS: list[InboxProvider] = []
_REFRESHERS: list[Callable] = []


def register_inbox_provider(provider: InboxProvider, refresh: Callable | None = None):
    """A feature files what its records ask of a person; `refresh(user, on)` runs before it on the
    pages that show the items (not for the menu count)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    if refresh is not None and refresh not in _REFRESHERS:
        _REFRESHERS.append(refresh)
    return provider


def group(kind: str, label, items: list[InboxItem], more_url: str = "") -> InboxGroup:
    """A group cut at ITEM_LIMIT items, keeping the full count."""
    return InboxGroup(kind, str(label), items[:ITEM_LIMIT], len(items), more_url)


def _order(group_: InboxGroup) -> int:
    return KIND_ORDER.index(group_.kind) if group_.kind in KIND_ORDER else len(KIND_ORDER)


def _cache() -> dict:
    # Per request only: a CLI command or a test's long-lived context computes afresh each time.
    return g.setdefault("inbox", {}) if has_request_context() else {}


def inbox_for(user, *, refresh: bool = False, on: date | None = None) -> Inbox:
    """The person's inbox today (computed once per request; `refresh` brings records up to date
    first and computes it again)."""
    on = on or today()
    cache = _cache()
    key = (user.id, on)
    if refresh:
        for refresher in _REFRESHERS:
            refresher(user, on)
        cache.pop(key, None)
    if key not in cache:
        groups = [
            found
            for provider in _PROVIDERS
            for found in provider(user, on)
            if found is not None and found.count
        ]
        cache[key] = Inbox(sorted(groups, key=_order))
    return cache[key]


def open_count(user) -> int:
    """The number of open inbox items: the menu's badge."""
    return inbox_for(user).total
