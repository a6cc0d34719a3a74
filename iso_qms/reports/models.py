"""PAR-index criteria as data: sets versioned by publisher and year, and the notes users write."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class NoteSource(enum.Enum):
    #: The note is produced from the records by a named metric (e.g. criterion_3_4_2).
    metric = "metric"
    #: The note is typed by a user for each period.
    manual = "manual"


class CriteriaSetStatus(enum.Enum):
    #: Being prepared: editable, used by no report.
    draft = "draft"
    #: Issued: frozen; a change is a new version of the set for the same year.
    published = "published"


class ParCriteriaSet(TimestampMixin, db.Model):
    """A PAR-index criteria set (bộ tiêu chí chỉ số CCHC) of one year, as published by one
    organisation (the province, or a district for its communes) for itself and all below it.

    Versions of the same publisher and year follow each other: a report as of a day uses the
    latest version published by then (the first one before any was published).
    """

    __tablename__ = "par_criteria_sets"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "year", "version"),
        sa.CheckConstraint(
            "(status = 'published' AND published_at IS NOT NULL) "
            "OR (status = 'draft' AND published_at IS NULL)",
            name="published_has_date",
        ),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        sa.Index(
            "uq_par_criteria_sets_one_draft",
            "organisation_id",
            "year",
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The publisher: the set applies to it and to every organisation below it.
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    year: Mapped[int] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(sa.String(100))  #: e.g. "Thừa Thiên Huế 2020"
    #: The document that issued it, e.g. "Công văn 1301/UBND ngày 07/9/2020".
    basis: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[CriteriaSetStatus] = mapped_column(
        enum_type(CriteriaSetStatus, "criteria_set_status"), default=CriteriaSetStatus.draft
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    publisher = relationship("Organisation", lazy="joined")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def published(self) -> bool:
        return self.status is CriteriaSetStatus.published


class ParCriterion(TimestampMixin, db.Model):
    """One row of the PAR appendix: TT, tiêu chí, sản phẩm đầu ra, cơ quan báo cáo, ghi chú."""

    __tablename__ = "par_criteria"
    __table_args__ = (sa.UniqueConstraint("set_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The set's publisher (kept on the row so the organisation loaders apply to criteria).
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    set_id: Mapped[int] = mapped_column(sa.ForeignKey("par_criteria_sets.id"), index=True)
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

    criteria_set = relationship(ParCriteriaSet, lazy="joined")

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
