"""PAR-index criteria as data (they differ by province and year) and the notes users write."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import TimestampMixin, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class NoteSource(enum.Enum):
    #: The note is produced from the records by a named metric (e.g. criterion_3_4_2).
    metric = "metric"
    #: The note is typed by a user for each period.
    manual = "manual"


class ParCriterion(TimestampMixin, db.Model):
    """One row of the PAR appendix: TT, tiêu chí, sản phẩm đầu ra, cơ quan báo cáo, ghi chú."""

    __tablename__ = "par_criteria"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "criteria_set", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: e.g. "Thừa Thiên Huế 2020": the province and year the criteria belong to.
    criteria_set: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(sa.String(20))  #: TT, e.g. 3.4.2
    group: Mapped[str] = mapped_column(sa.String(300), default="")  #: lĩnh vực / nhóm
    text: Mapped[str] = mapped_column(sa.Text)  #: tiêu chí
    expected_output: Mapped[str] = mapped_column(sa.Text, default="")  #: sản phẩm đầu ra
    reporting_body: Mapped[str] = mapped_column(sa.Text, default="")  #: cơ quan báo cáo
    note_source: Mapped[NoteSource] = mapped_column(
        enum_type(NoteSource, "note_source"), default=NoteSource.manual
    )
    metric: Mapped[str] = mapped_column(sa.String(60), default="")  #: name of the computed metric
    active: Mapped[bool] = mapped_column(default=True)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}


class ParNote(db.Model):
    """The note a user writes for a manual criterion, for one period of one organisation.

    Append-only: saving again adds a row, and a report as of a date reads the latest row written
    by then, so a later edit never changes a past report.
    """

    __tablename__ = "par_notes"
    __table_args__ = (
        sa.Index("ix_par_notes_lookup", "organisation_id", "period_start", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("par_criteria.id"), index=True)
    period_start: Mapped[date] = mapped_column(sa.Date)
    period_end: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    written_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
