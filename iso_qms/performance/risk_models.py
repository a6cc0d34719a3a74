"""Risks and opportunities (rủi ro và cơ hội, ISO 9001:2015 6.1): the register per process or
procedure, the organisation's level thresholds, and the checklist lines that cite them.

A risk's level is never stored: it is likelihood × impact read against the organisation's
thresholds as they are now (risk_settings; defaults 1–4 low, 5–12 medium, 15–25 high), so a
changed threshold re-levels the whole register at once. Its actions are corrective actions of the
audits feature whose source is the risk (audit_actions.risk_id).
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..core.models import LabelledEnum, TimestampMixin, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db

#: The scale of likelihood and impact (1 = rare / negligible … 5 = almost certain / severe).
SCALE = (1, 2, 3, 4, 5)
#: Default thresholds: a score up to LOW_MAX is low, up to MEDIUM_MAX medium, above it high.
DEFAULT_LOW_MAX, DEFAULT_MEDIUM_MAX = 4, 12
#: Rủi ro, Cơ hội: the first part of a reference (RR-03, CH-01).
KIND_CODES = {"risk": "RR", "opportunity": "CH"}


class RiskKind(LabelledEnum):
    risk = "risk", _l("Risk")
    opportunity = "opportunity", _l("Opportunity")


class RiskLevel(LabelledEnum):
    low = "low", _l("Low")
    medium = "medium", _l("Medium")
    high = "high", _l("High")


class Treatment(LabelledEnum):
    """How a risk is treated (accept, reduce, avoid, transfer) or an opportunity taken up."""

    accept = "accept", _l("Accept")
    reduce = "reduce", _l("Reduce")
    avoid = "avoid", _l("Avoid")
    transfer = "transfer", _l("Transfer")
    exploit = "exploit", _l("Exploit")
    enhance = "enhance", _l("Enhance")


#: The treatments each kind may take.
TREATMENTS = {
    RiskKind.risk: (Treatment.accept, Treatment.reduce, Treatment.avoid, Treatment.transfer),
    RiskKind.opportunity: (Treatment.exploit, Treatment.enhance),
}


class RiskStatus(LabelledEnum):
    open = "open", _l("Open")
    treated = "treated", _l("Treated")
    closed = "closed", _l("Closed")


def _values(members) -> str:
    return ", ".join(f"'{m.value}'" for m in members)


class RiskSettings(db.Model):
    """An organisation's level thresholds (one row, made when first changed; defaults until then)."""

    __tablename__ = "risk_settings"
    __table_args__ = (
        sa.CheckConstraint(
            "low_max >= 1 AND medium_max > low_max AND medium_max < 25", name="ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), unique=True)
    #: The highest likelihood × impact that is still low.
    low_max: Mapped[int] = mapped_column(default=DEFAULT_LOW_MAX)
    #: The highest likelihood × impact that is still medium; above it is high.
    medium_max: Mapped[int] = mapped_column(default=DEFAULT_MEDIUM_MAX)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}


class Risk(TimestampMixin, db.Model):
    """A risk or an opportunity of a process or procedure, numbered within its organisation and
    kind (RR-03, CH-01)."""

    __tablename__ = "risks"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "kind", "number"),
        sa.CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood_1_5"),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name="impact_1_5"),
        sa.CheckConstraint("process <> '' OR procedure_id IS NOT NULL", name="has_process"),
        sa.CheckConstraint(
            f"(kind = 'risk' AND treatment IN ({_values(TREATMENTS[RiskKind.risk])}))"
            f" OR (kind = 'opportunity' AND treatment IN"
            f" ({_values(TREATMENTS[RiskKind.opportunity])}))",
            name="treatment_of_kind",
        ),
        sa.Index("ix_risks_org_status", "organisation_id", "status"),  # the register
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[RiskKind] = mapped_column(enum_type(RiskKind, "risk_kind"))
    number: Mapped[int] = mapped_column()  #: 1, 2 ... within the organisation and kind
    #: The process in words (quá trình), when not (only) a documented procedure.
    process: Mapped[str] = mapped_column(sa.String(200), default="")
    procedure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text)
    cause: Mapped[str] = mapped_column(sa.Text, default="")
    consequence: Mapped[str] = mapped_column(sa.Text, default="")
    likelihood: Mapped[int] = mapped_column()  #: 1–5
    impact: Mapped[int] = mapped_column()  #: 1–5
    treatment: Mapped[Treatment] = mapped_column(enum_type(Treatment, "risk_treatment"))
    #: When the register entry is next looked at again.
    review_date: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[RiskStatus] = mapped_column(
        enum_type(RiskStatus, "risk_status"), default=RiskStatus.open
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    procedure = relationship("Procedure", lazy="select")
    #: The actions treating it: corrective actions (audits) whose source is this risk.
    actions = relationship(
        "CorrectiveAction",
        lazy="select",
        order_by="CorrectiveAction.number",
        backref=backref("risk", lazy="joined"),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def reference(self) -> str:
        return f"{KIND_CODES[self.kind.value]}-{self.number:02d}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def where(self) -> str:
        """The procedure's code and the process, as the register shows them."""
        parts = [self.procedure.code] if self.procedure is not None else []
        return " — ".join([*parts, *([self.process] if self.process else [])])


class RiskCitation(db.Model):
    """A checklist line (clause 6.1) citing a risk or opportunity of the register."""

    __tablename__ = "risk_citations"
    __table_args__ = (sa.UniqueConstraint("line_id", "risk_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: Removing the line (an unanswered one, or a regenerated checklist) removes its citations.
    line_id: Mapped[int] = mapped_column(
        sa.ForeignKey("audit_checklist_lines.id", ondelete="CASCADE"), index=True
    )
    risk_id: Mapped[int] = mapped_column(sa.ForeignKey("risks.id"), index=True)
    cited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    cited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    risk: Mapped[Risk] = relationship(lazy="joined")
