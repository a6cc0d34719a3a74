"""Quality objectives (mục tiêu chất lượng, ISO 9001:2015 6.2): per year, each with its versions.

An objective (MTCL-01/2020) is a line of versions. A version is drafted, then approved by the QMR
with the e-signature (signer, time, SHA-256 of its content, password re-entered); an approved
version is never edited again: a change after approval is a new version, the old one stays as it
was signed. The version in force on a day is the latest one approved by then.

How an objective is measured: a metric of the registry (performance.metrics) by name, or `manual`,
values typed per period with their evidence (objective_values, append-only: the value of a
period as of a day is the last one recorded by then).
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, backref, mapped_column, relationship

from ..core.models import LabelledEnum, TimestampMixin, enum_type, frozen_changes
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db

#: The metric name of an objective measured by values typed per period.
MANUAL = "manual"

#: Mục tiêu chất lượng, the first part of an objective's reference (MTCL-01/2020).
OBJECTIVE_CODE = "MTCL"


class TargetOp(LabelledEnum):
    ge = "ge", _l("at least (≥)")
    le = "le", _l("at most (≤)")
    eq = "eq", _l("exactly (=)")

    @property
    def symbol(self) -> str:
        return {"ge": "≥", "le": "≤", "eq": "="}[self.value]

    def met(self, value: float, target: float) -> bool:
        if self is TargetOp.ge:
            return value >= target - 1e-9
        if self is TargetOp.le:
            return value <= target + 1e-9
        return abs(value - target) < 1e-9


class ObjectiveStatus(LabelledEnum):
    draft = "draft", _l("Draft")
    approved = "approved", _l("Approved")


class Frequency(LabelledEnum):
    """How often the objective is measured: the steps of its trend over the year."""

    month = "month", _l("Monthly")
    quarter = "quarter", _l("Quarterly")


class QualityObjective(TimestampMixin, db.Model):
    """A quality objective of a year, numbered within the organisation's year; its content is in
    its versions."""

    __tablename__ = "quality_objectives"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    year: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()  #: 1, 2 ... within the organisation's year
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    versions: Mapped[list["ObjectiveVersion"]] = relationship(
        back_populates="objective", lazy="select", order_by="ObjectiveVersion.version"
    )
    #: The plan to reach it: corrective actions (audits) whose source is this objective.
    plan_actions = relationship(
        "CorrectiveAction",
        lazy="select",
        order_by="CorrectiveAction.number",
        backref=backref("objective", lazy="joined"),
    )

    @property
    def reference(self) -> str:
        return f"{OBJECTIVE_CODE}-{self.number:02d}/{self.year}"

    @property
    def latest(self) -> "ObjectiveVersion":
        return self.versions[-1]

    def in_force(self, moment: datetime | None = None) -> "ObjectiveVersion | None":
        """The latest version approved by `moment` (by now when None)."""
        approved = [
            v
            for v in self.versions
            if v.status is ObjectiveStatus.approved and (moment is None or v.approved_at <= moment)
        ]
        return approved[-1] if approved else None

    @property
    def draft(self) -> "ObjectiveVersion | None":
        return next((v for v in self.versions if v.status is ObjectiveStatus.draft), None)


class ObjectiveVersion(db.Model):
    """One version of an objective: what, how measured, the target, the owner; signed once."""

    __tablename__ = "objective_versions"
    __table_args__ = (
        sa.UniqueConstraint("objective_id", "version"),
        sa.CheckConstraint(
            "status <> 'approved' OR (approved_by_id IS NOT NULL AND approved_at IS NOT NULL"
            " AND content_sha256 IS NOT NULL)",
            name="approved_is_signed",
        ),
        sa.Index(
            "uq_objective_versions_one_draft",
            "objective_id",
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    objective_id: Mapped[int] = mapped_column(sa.ForeignKey("quality_objectives.id"), index=True)
    version: Mapped[int] = mapped_column()  #: 1, 2 ... within the objective
    text: Mapped[str] = mapped_column(sa.Text)  #: the objective as announced
    #: What is measured (chỉ số): "Tỷ lệ hồ sơ giải quyết đúng hạn".
    indicator: Mapped[str] = mapped_column(sa.String(300))
    target_op: Mapped[TargetOp] = mapped_column(enum_type(TargetOp, "objective_target_op"))
    target_value: Mapped[float] = mapped_column(sa.Float)
    target_unit: Mapped[str] = mapped_column(sa.String(20), default="")
    #: A metric name of performance.metrics, or "manual".
    metric: Mapped[str] = mapped_column(sa.String(60))
    frequency: Mapped[Frequency] = mapped_column(
        enum_type(Frequency, "objective_frequency"), default=Frequency.month
    )
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: What changed from the version before (empty for the first).
    change_note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ObjectiveStatus] = mapped_column(
        enum_type(ObjectiveStatus, "objective_status"), default=ObjectiveStatus.draft
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The signer as they were then (a later change of name or position does not alter it).
    signer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    signer_position: Mapped[str] = mapped_column(sa.String(200), default="")
    #: SHA-256 of the content signed (objectives.content_hash).
    content_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    password_confirmed: Mapped[bool] = mapped_column(default=False)
    lock_version: Mapped[int] = mapped_column(default=1)

    objective: Mapped[QualityObjective] = relationship(back_populates="versions", lazy="select")
    owner = relationship("User", foreign_keys=[owner_id], lazy="select")
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def target_label(self) -> str:
        value = f"{self.target_value:g}".replace(".", ",")
        unit = self.target_unit if self.target_unit in ("%", "") else f" {self.target_unit}"
        return f"{self.target_op.symbol} {value}{unit}"


#: The fields an approved version keeps as they were signed.
SIGNED_FIELDS = (
    "text",
    "indicator",
    "target_op",
    "target_value",
    "target_unit",
    "metric",
    "frequency",
    "owner_id",
    "change_note",
    "version",
    "approved_by_id",
    "approved_at",
    "content_sha256",
    "signer_name",
)


@event.listens_for(Session, "before_flush")
def _signed_versions_never_change(session: Session, flush_context, instances) -> None:
    for obj in session.dirty:
        if not isinstance(obj, ObjectiveVersion):
            continue
        was, changed = frozen_changes(obj, "status", SIGNED_FIELDS)
        if was is ObjectiveStatus.approved:
            if changed or obj.status is not ObjectiveStatus.approved:
                raise RuntimeError(f"objective version {obj.id} is signed ({', '.join(changed)})")


class ObjectiveValue(db.Model):
    """A value typed for a period of a manual objective, with its evidence (append-only)."""

    __tablename__ = "objective_values"
    __table_args__ = (
        sa.CheckConstraint("period_end >= period_start", name="period_in_order"),
        sa.Index("ix_objective_values_objective_period", "objective_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    objective_id: Mapped[int] = mapped_column(sa.ForeignKey("quality_objectives.id"))
    period_start: Mapped[date] = mapped_column(sa.Date)
    period_end: Mapped[date] = mapped_column(sa.Date)
    value: Mapped[float] = mapped_column(sa.Float)
    evidence: Mapped[str] = mapped_column(sa.Text, default="")
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attachments.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attachment = relationship("Attachment", lazy="select")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id], lazy="select")
