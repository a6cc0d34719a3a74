"""Management review (xem xét của lãnh đạo, ISO 9001 9.3): participants, input pack, decisions."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import LabelledEnum, TimestampMixin, enum_type
from ...core.timeutil import UTCDateTime
from ...extensions import db
from .rounds import year_reference


class ReviewStatus(LabelledEnum):
    planned = "planned", _l("Planned")
    held = "held", _l("Held")


#: Xem xét của lãnh đạo, the first part of a review's reference.
REVIEW_CODE = "XXLĐ"

review_participants = sa.Table(
    "audit_review_participants",
    db.metadata,
    sa.Column("review_id", sa.ForeignKey("audit_management_reviews.id"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True, index=True),
)


class ManagementReview(TimestampMixin, db.Model):
    """A management review meeting; its input pack is generated from the records and frozen when held."""

    __tablename__ = "audit_management_reviews"
    __table_args__ = (
        sa.CheckConstraint(
            "status <> 'held' OR (input_pack IS NOT NULL AND held_recorded_at IS NOT NULL)",
            name="held_has_pack",
        ),
        # the list, the annual duties and the review period, all per organisation by date
        sa.Index("ix_audit_management_reviews_org_held", "organisation_id", "held_on"),
        sa.Index(
            "uq_audit_management_reviews_reference",
            "organisation_id",
            "ref_year",
            "ref_number",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    #: The review's number among the organisation's reviews of the year it is held in:
    #: XXLĐ-01/2020; its decisions are XXLĐ-01/2020-01, -02 ...
    ref_year: Mapped[int] = mapped_column()
    ref_number: Mapped[int] = mapped_column()
    chair_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: People from outside the user list (e.g. a district officer), one per line.
    other_participants: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus, "review_status"), default=ReviewStatus.planned
    )
    minutes: Mapped[str] = mapped_column(sa.Text, default="")  #: conclusions of the meeting
    #: The input pack as it was when the review was held (None while planned: computed live).
    input_pack: Mapped[dict | None] = mapped_column(sa.JSON)
    held_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    chair = relationship("User", foreign_keys=[chair_id], lazy="joined")
    participants = relationship(
        "User", secondary=review_participants, lazy="selectin", order_by="User.full_name"
    )
    decisions = relationship(
        "CorrectiveAction",
        back_populates="review",
        lazy="select",
        order_by="CorrectiveAction.number",
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def reference(self) -> str:
        return year_reference(REVIEW_CODE, self.ref_number or 0, self.ref_year or 0)
