"""The audit trail in words: what happened to what, by whom, with the values as people read them.

Each feature declares its events (`register_event`) and its kinds of record (`register_record`)
from its `audit_events` module; core only keeps the registry. The sentence is computed when the
trail is shown, never stored: the chain hashes only what happened, and a better wording later
reads the same entries better.

A page of entries costs one query for every name it shows (people and records, one UNION ALL),
whatever the number of entries or kinds (`Names.load`).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db
from .i18n import format_date, format_datetime
from .models import LabelledEnum
from .text import fold

#: Columns a record kind may hand over for its name and link (after its id).
NAME_COLUMNS = 4
PEOPLE = "~people"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Field:
    """How one changed field reads: its label, its value in words, what the value points to."""

    label: Any
    #: (value, names) -> text; None: dates, yes/no and lists are recognised by themselves.
    show: Callable[[Any, "Names"], str] | None = None
    #: value -> [(object_type, id)] the value names, loaded with the page ("~people": a person).
    refs: Callable[[Any], Iterable[tuple[str, Any]]] | None = None
    #: Hashes and such: only in the technical details.
    technical: bool = False


@dataclass(frozen=True)
class RecordKind:
    object_type: str
    label: Any
    #: () -> SELECT of (id, up to NAME_COLUMNS columns); core adds WHERE id IN (...).
    columns: Callable[[], sa.Select]
    #: (id, *columns as text) -> the record's name, e.g. "QT-HT-04 lần ban hành 02".
    name: Callable[..., str]
    #: (id, *columns as text) -> the page of the record, or None.
    url: Callable[..., str | None] | None = None
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    action: str
    label: Any
    #: (said) -> the sentence; None: "<label>: <record>".
    describe: Callable[["Said"], str] | None = None


EVENTS: dict[str, Event] = {}
RECORDS: dict[str, RecordKind] = {}
#: Fields known under the same name in every kind (a kind's own fields win).
COMMON_FIELDS: dict[str, Field] = {}


def register_event(action: str, label, describe: Callable[["Said"], str] | None = None) -> None:
    """Name an action code: its label (the filter's list) and the sentence of one entry."""
    EVENTS[action] = Event(action, label, describe)


def register_record(object_type: str, label, *, columns, name, url=None, fields=None) -> None:
    """Name a kind of record (the class name `audit.record` stores): label, name, link, fields."""
    RECORDS[object_type] = RecordKind(object_type, label, columns, name, url, dict(fields or {}))


def register_fields(fields: dict[str, Field]) -> None:
    COMMON_FIELDS.update(fields)


# -- fields a feature declares --------------------------------------------------------------------


def person_field(label) -> Field:
    """A user id or username (or a list of them), shown as the person's full name."""
    return Field(
        label,
        show=lambda value, names: ", ".join(names.person(v) for v in _as_list(value)) or "—",
        refs=lambda value: [(PEOPLE, v) for v in _as_list(value)],
    )


def record_field(label, object_type: str) -> Field:
    """The id of another record, shown as its name."""
    return Field(
        label,
        show=lambda value, names: names.name(object_type, value) if value is not None else "—",
        refs=lambda value: [(object_type, value)] if value is not None else [],
    )


def enum_field(label, enum_cls: type[LabelledEnum]) -> Field:
    """A stored enum value, shown with its translated label."""

    def show(value, names):
        if value is None:
            return "—"
        try:
            return ", ".join(enum_cls(v).label for v in _as_list(value))
        except ValueError:
            return str(value)

    return Field(label, show=show)


def text_field(label) -> Field:
    return Field(label)


def technical_field(label) -> Field:
    return Field(label, technical=True)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def format_value(value: Any) -> str:
    """A stored value in words: dd/mm/yyyy dates, times in Việt Nam, yes/no, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            return format_date(value)
        if _ISO_DATETIME.match(value):
            try:
                return format_datetime(datetime.fromisoformat(value))
            except ValueError:
                return value
        return value
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    return str(value)


# -- the names of one page ------------------------------------------------------------------------


class Names:
    """People's full names and records' names and links for a page of entries, in one query."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple] = {}
        self.people_by_id: dict[str, str] = {}
        self.people_by_username: dict[str, str] = {}

    @classmethod
    def load(cls, entries: Iterable) -> "Names":
        names = cls()
        wanted: dict[str, set] = defaultdict(set)
        for entry in entries:
            if entry.actor_id is not None:
                wanted[PEOPLE].add(entry.actor_id)
            if entry.object_type and entry.object_id:
                wanted[entry.object_type].add(entry.object_id)
            for key, value in list(entry.old.items()) + list(entry.new.items()):
                spec = field_of(entry.object_type, key)
                if spec is not None and spec.refs is not None and value is not None:
                    for object_type, ref in spec.refs(value):
                        wanted[object_type].add(ref)
        if wanted:
            names._fetch(wanted)
        return names

    def _fetch(self, wanted: dict[str, set]) -> None:
        members = [_people_select(wanted.get(PEOPLE, set()))]
        for object_type, refs in wanted.items():
            kind = RECORDS.get(object_type)
            ids = sorted({int(r) for r in refs if str(r).isdigit()})
            if kind is not None and ids:
                members.append(_kind_select(kind, ids))
        for row in db.session.execute(sa.union_all(*members)):
            kind_name, row_id, *values = row
            if kind_name == PEOPLE:
                self.people_by_id[str(row_id)] = values[1] or values[0]
                self.people_by_username[values[0]] = values[1] or values[0]
            else:
                self.rows[(kind_name, str(row_id))] = (int(row_id), *values)

    def person(self, ref) -> str:
        """The full name of a user id or username; the stored text when nobody has it."""
        if ref is None or ref == "":
            return "—"
        if isinstance(ref, int) or str(ref).isdigit():
            return self.people_by_id.get(str(ref), str(ref))
        return self.people_by_username.get(str(ref), str(ref))

    def name(self, object_type: str, object_id) -> str:
        kind = RECORDS.get(object_type)
        row = self.rows.get((object_type, str(object_id)))
        if kind is not None and row is not None:
            return kind.name(*row)
        label = kind.label if kind is not None else object_type
        return f"{label} #{object_id}" if object_id not in (None, "") else str(label)

    def url(self, object_type: str, object_id) -> str | None:
        kind = RECORDS.get(object_type)
        row = self.rows.get((object_type, str(object_id)))
        if kind is None or kind.url is None or row is None:
            return None
        return kind.url(*row)


def _people_select(refs: set) -> sa.Select:
    from ..accounts.models import User

    ids = sorted({int(r) for r in refs if isinstance(r, int) or str(r).isdigit()})
    usernames = sorted({str(r) for r in refs if not (isinstance(r, int) or str(r).isdigit())})
    columns = [sa.literal(PEOPLE).label("kind"), User.id.label("id")]
    columns += [sa.cast(User.username, sa.String).label("c0")]
    columns += [sa.cast(User.full_name, sa.String).label("c1")]
    columns += [sa.cast(sa.null(), sa.String).label(f"c{n}") for n in range(2, NAME_COLUMNS)]
    return sa.select(*columns).where(sa.or_(User.id.in_(ids), User.username.in_(usernames)))


def _kind_select(kind: RecordKind, ids: list[int]) -> sa.Select:
    base = kind.columns()
    first = base.selected_columns[0]
    sub = base.where(first.in_(ids)).subquery()
    id_column, *rest = list(sub.c)
    rest = [sa.cast(c, sa.String) for c in rest][:NAME_COLUMNS]
    rest += [sa.cast(sa.null(), sa.String)] * (NAME_COLUMNS - len(rest))
    labelled = [c.label(f"c{n}") for n, c in enumerate(rest)]
    return sa.select(sa.literal(kind.object_type).label("kind"), id_column.label("id"), *labelled)


def field_of(object_type: str, key: str) -> Field | None:
    kind = RECORDS.get(object_type)
    if kind is not None and key in kind.fields:
        return kind.fields[key]
    return COMMON_FIELDS.get(key)


# -- one entry in words ---------------------------------------------------------------------------


@dataclass
class Said:
    """One entry with the page's names: what a feature's sentence is made from."""

    entry: Any
    names: Names

    @property
    def name(self) -> str:
        """The record's name ("QT-HT-04 lần ban hành 02")."""
        return self.names.name(self.entry.object_type, self.entry.object_id)

    def new(self, key: str) -> str:
        return self._show(key, self.entry.new.get(key))

    def old(self, key: str) -> str:
        return self._show(key, self.entry.old.get(key))

    def raw_new(self, key: str, default=None):
        return self.entry.new.get(key, default)

    def raw_old(self, key: str, default=None):
        return self.entry.old.get(key, default)

    def person(self, ref) -> str:
        return self.names.person(ref)

    def _show(self, key: str, value) -> str:
        spec = field_of(self.entry.object_type, key)
        if spec is not None and spec.show is not None:
            return spec.show(value, self.names)
        return format_value(value)


@dataclass
class Change:
    label: str
    old: str | None
    new: str | None


@dataclass
class Line:
    """What the trail shows for one entry."""

    entry: Any
    text: str
    url: str | None
    who: str
    event: str
    kind: str
    changes: list[Change]


def describe(entry, names: Names) -> str:
    """The sentence of one entry: what happened to what."""
    said = Said(entry, names)
    event = EVENTS.get(entry.action)
    if event is not None and event.describe is not None:
        return event.describe(said)
    label = str(event.label) if event is not None else entry.action
    return f"{label}: {said.name}" if entry.object_type else label


def changes(entry, names: Names) -> list[Change]:
    """The changed fields in words, technical ones left to the details."""
    old, new = entry.old, entry.new
    said = Said(entry, names)
    result = []
    for key in list(dict.fromkeys([*old, *new])):
        spec = field_of(entry.object_type, key)
        if spec is not None and spec.technical:
            continue
        before = said.old(key) if key in old else None
        after = said.new(key) if key in new else None
        if before != after:  # a value that reads the same on both sides says nothing
            result.append(Change(str(spec.label) if spec is not None else key, before, after))
    return result


def present(entries: Iterable) -> list[Line]:
    """The entries of a page in words; one query for all the names they show."""
    entries = list(entries)
    names = Names.load(entries)
    lines = []
    for entry in entries:
        kind = RECORDS.get(entry.object_type)
        event = EVENTS.get(entry.action)
        who = names.person(entry.actor_id) if entry.actor_id is not None else _("system")
        lines.append(
            Line(
                entry=entry,
                text=describe(entry, names),
                url=names.url(entry.object_type, entry.object_id),
                who=who if who != str(entry.actor_id) else (entry.actor_name or who),
                event=str(event.label) if event is not None else entry.action,
                kind=str(kind.label) if kind is not None else entry.object_type,
                changes=changes(entry, names),
            )
        )
    return lines


def event_choices() -> list[tuple[str, str]]:
    """(action code, label) for the filter, in the order of the labels."""
    return sorted(((a, str(e.label)) for a, e in EVENTS.items()), key=lambda pair: fold(pair[1]))


def record_choices() -> list[tuple[str, str]]:
    """(object type, label) for the filter."""
    return sorted(((t, str(k.label)) for t, k in RECORDS.items()), key=lambda pair: fold(pair[1]))


register_fields(
    {
        "reason": text_field(_l("Reason")),
        "content_sha256": technical_field(_l("Content fingerprint (SHA-256)")),
        "report_sha256": technical_field(_l("Content fingerprint (SHA-256)")),
    }
)
