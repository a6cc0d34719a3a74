"""Organisations over time (issue 15): each organisation's name and parent by period, and the
reorganisations (sắp xếp đơn vị hành chính) that made them: merges, moves, the end of a level,
renames, each with its legal basis and the predecessors and successors it links."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import LabelledEnum, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db
from .models import Organisation, User


class ReorgKind(LabelledEnum):
    merge_new = "merge_new", _l("Merge into a new organisation")
    merge_into = "merge_into", _l("Merge into an existing organisation")
    move = "move", _l("Move under another organisation")
    end_level = "end_level", _l("End an administrative level")
    rename = "rename", _l("Rename")


class OrganisationPeriod(db.Model):
    """An organisation's name and parent from `valid_from` to `valid_to` (inclusive; None: open).
    The periods of one organisation do not overlap; together they cover its life."""

    __tablename__ = "organisation_periods"
    __table_args__ = (
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="period_ends_after_start",
        ),
        sa.Index("ix_organisation_periods_parent_dates", "parent_id", "valid_from", "valid_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    #: The change that began this period (None: as the organisation was created).
    reorganisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reorganisations.id"))

    def covers(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class Reorganisation(db.Model):
    """One change of the tree, in force from `effective_date`: recorded once, never edited."""

    __tablename__ = "reorganisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReorgKind] = mapped_column(enum_type(ReorgKind, "reorg_kind"))
    effective_date: Mapped[date] = mapped_column(sa.Date, index=True)
    #: e.g. "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội"
    legal_basis: Mapped[str] = mapped_column(sa.String(500))
    #: What becomes of the sources' open work ("transfer": to the successor; "close": closed with
    #: the reason "do sắp xếp đơn vị hành chính"; "checklist": decided item by item on the
    #: carry-over page; reorganisations/open_work.OPEN_WORK_CHOICES).
    open_work: Mapped[str] = mapped_column(sa.String(20), default="checklist")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When its accounts and current names were applied (None: not yet due or not yet applied).
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    links: Mapped[list["ReorganisationLink"]] = relationship(
        back_populates="reorganisation", lazy="selectin", order_by="ReorganisationLink.id"
    )
    created_by: Mapped[User | None] = relationship()


class ReorganisationLink(db.Model):
    """Predecessor → successor through one change (for a move or rename, the organisation itself
    on both sides: it continues)."""

    __tablename__ = "reorganisation_links"
    __table_args__ = (sa.UniqueConstraint("reorganisation_id", "predecessor_id", "successor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reorganisation_id: Mapped[int] = mapped_column(sa.ForeignKey("reorganisations.id"), index=True)
    predecessor_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    successor_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)

    reorganisation: Mapped[Reorganisation] = relationship(back_populates="links")
    predecessor: Mapped[Organisation] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Organisation] = relationship(foreign_keys=[successor_id])


@event.listens_for(Organisation, "after_insert")
def _first_period(mapper, connection, target: Organisation) -> None:
    """Every organisation has its periods from the start: the first is as it was created."""
    connection.execute(
        sa.insert(OrganisationPeriod.__table__).values(
            organisation_id=target.id,
            parent_id=target.parent_id,
            name=target.name,
            valid_from=target.valid_from,
            valid_to=target.valid_to,
        )
    )


@event.listens_for(Organisation, "after_update")
def _edited_in_place(mapper, connection, target: Organisation) -> None:
    """A name or parent edited directly (not by a reorganisation) on an organisation that has
    never been reorganised is a correction of its only period."""
    state = inspect(target)
    if state.session is not None and state.session.info.get("reorganising"):
        return
    if not (state.attrs.name.history.has_changes() or state.attrs.parent_id.history.has_changes()):
        return
    table = OrganisationPeriod.__table__
    count = connection.scalar(
        sa.select(sa.func.count()).where(table.c.organisation_id == target.id)
    )
    if count == 1:
        connection.execute(
            table.update()
            .where(table.c.organisation_id == target.id)
            .values(name=target.name, parent_id=target.parent_id)
        )
