"""Acknowledgement tasks: a person confirms having read one exact revision in force."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import LabelledEnum, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class AckStatus(LabelledEnum):
    pending = "pending", _l("To read")
    done = "done", _l("Read and understood")
    #: The person left (deactivated) before confirming; no longer counts.
    left = "left", _l("Closed: left the organisation")
    #: A newer revision came into force before the person confirmed this one.
    superseded = "superseded", _l("Closed: a newer issue came into force")


COUNTING = (AckStatus.pending, AckStatus.done)


class Acknowledgement(db.Model):
    """One person's task to read one revision; done when they confirm it."""

    __tablename__ = "acknowledgements"
    __table_args__ = (
        # One counting task per person and issue; closed ones ("left", "superseded") stay as
        # history, so a person who comes back gets a new task beside the one closed when they left.
        sa.Index(
            "uq_acknowledgements_counting",
            "user_id",
            "revision_id",
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'done')"),
            postgresql_where=sa.text("status IN ('pending', 'done')"),
        ),
        sa.Index("ix_acknowledgements_open", "organisation_id", "status", "due_on"),
        # Coverage counts the tasks of the revisions in force from the index alone.
        sa.Index(
            "ix_acknowledgements_coverage",
            "revision_id",
            "user_id",
            "assigned_on",
            "closed_on",
            "status",
            "acknowledged_at",
            "due_on",
        ),
        sa.CheckConstraint("status <> 'done' OR acknowledged_at IS NOT NULL", name="done_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id"), index=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    #: The day the task arose: the revision's effective date, or the day the person joined.
    assigned_on: Mapped[date] = mapped_column(sa.Date)
    due_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[AckStatus] = mapped_column(
        enum_type(AckStatus, "ack_status"), default=AckStatus.pending
    )
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: SHA-256 of the revision content the person confirmed.
    content_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    #: For an editorial revision: the earlier acknowledgement carried over.
    carried_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("acknowledgements.id"))
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", lazy="joined", innerjoin=True)
    revision = relationship("Revision", lazy="joined", innerjoin=True)

    def is_overdue(self, on: date) -> bool:
        return self.status is AckStatus.pending and self.due_on < on
