"""Model helpers shared by every feature: labelled enums stored with CHECK constraints, timestamps,
search keys."""

import enum
from datetime import datetime
from typing import Self

import sqlalchemy as sa
from flask_babel.speaklater import LazyString
from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from .text import fold
from .timeutil import UTCDateTime, utcnow


class LabelledEnum(enum.Enum):
    """An enum whose members are declared once with their stored value and lazy label:
    `planned = "planned", _l("Planned")`. `.value` stays the plain string the CHECK constraint
    lists; `.label` is the label translated into the current locale."""

    _value_: str
    _lazy_label: LazyString

    def __new__(cls, value: str, label: LazyString) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        member._lazy_label = label
        return member

    @property
    def label(self) -> str:
        return str(self._lazy_label)

    @classmethod
    def labels(cls) -> dict[Self, LazyString]:
        """{member: lazy label} in declaration order, e.g. for form choices and filter menus."""
        return {member: member._lazy_label for member in cls}


def enum_type(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A VARCHAR column with a CHECK constraint listing the enum's values: a typo cannot invent a state."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
        values_callable=lambda cls: [member.value for member in cls],
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class SearchableMixin:
    """Keeps `search_key` = fold() of the fields named in `__search_fields__`, for search_clause()."""

    __search_fields__: tuple[str, ...] = ()
    #: Lower-case, diacritic-free copy of the searchable text.
    search_key: Mapped[str] = mapped_column(sa.String(1000), default="", nullable=False)

    def refresh_search_key(self) -> None:
        parts = [str(getattr(self, name) or "") for name in self.__search_fields__]
        self.search_key = fold(" ".join(parts))[:1000]


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session: Session, flush_context, instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, SearchableMixin):
            obj.refresh_search_key()


def frozen_changes(obj, flag: str, fields) -> tuple[object, list[str]]:
    """For a before_flush guard of a record frozen by a signature or a lock: the value `flag` had
    before this flush, and which of `fields` this flush would change."""
    state = inspect(obj)
    history = state.attrs[flag].history
    before = history.deleted[0] if history.deleted else getattr(obj, flag)
    return before, [name for name in fields if state.attrs[name].history.has_changes()]
