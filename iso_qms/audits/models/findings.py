"""Findings, corrective actions (phiếu yêu cầu hành động khắc phục), verifications, postponements."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ...core.models import LabelledEnum, TimestampMixin, enum_type, frozen_changes
from ...core.timeutil import UTCDateTime, utcnow
from ...extensions import db


class FindingType(LabelledEnum):
    nc_major = "nc_major", _l("Major nonconformity")
    nc_minor = "nc_minor", _l("Minor nonconformity")
    observation = "observation", _l("Observation")
    ofi = "ofi", _l("Opportunity for improvement")

    @property
    def requires_action(self) -> bool:
        """Nonconformities need a corrective action request; observations and OFIs do not."""
        return self in (FindingType.nc_major, FindingType.nc_minor)


class FindingSource(LabelledEnum):
    """Where a finding comes from: a round (audit, inspection), or monitoring and measurement
    (a procedure below its objective, opened by the QMR from the performance figures)."""

    audit = "audit", _l("Audit or inspection")
    monitoring = "monitoring", _l("Monitoring and measurement")
    #: Carried over from a predecessor's finding by an administrative reorganisation (issue 15).
    transferred = "transferred", _l("Carried over from a former organisation")


#: A round-less finding's reference: Theo dõi, đo lường (TDĐL-01/2020).
MONITORING_CODE = "TDĐL"


class FindingStatus(LabelledEnum):
    open = "open", _l("Still open")
    closed = "closed", _l("Closed")


class ActionStatus(LabelledEnum):
    planned = "planned", _l("Planned")
    in_progress = "in_progress", _l("In progress")
    done = "done", _l("Done, awaiting verification")
    closed = "closed", _l("Verified effective")
    cancelled = "cancelled", _l("Cancelled")


#: The owner still has work to do: these can be overdue.
OPEN_ACTION_STATUSES = (ActionStatus.planned, ActionStatus.in_progress)


class PostponementStatus(LabelledEnum):
    pending = "pending", _l("Awaiting the QMR's decision")
    approved = "approved", _l("Approved")
    rejected = "rejected", _l("Rejected")


# Names the forms and views import.
FINDING_TYPE_LABELS = FindingType.labels()
FINDING_STATUS_LABELS = FindingStatus.labels()
ACTION_STATUS_LABELS = ActionStatus.labels()


class Finding(TimestampMixin, db.Model):
    """A finding of a round, numbered within it (or, from monitoring and measurement, round-less
    and numbered within its organisation and year); its texts lock once the QMR accepts the report."""

    __tablename__ = "audit_findings"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "number"),
        sa.CheckConstraint(
            "(source = 'audit' AND round_id IS NOT NULL)"
            " OR (source <> 'audit' AND round_id IS NULL AND ref_year IS NOT NULL)",
            name="source_has_round",
        ),
        sa.Index(
            "uq_audit_findings_roundless_number",
            "organisation_id",
            "ref_year",
            "number",
            unique=True,
            sqlite_where=sa.text("round_id IS NULL"),
            postgresql_where=sa.text("round_id IS NULL"),
        ),
        sa.UniqueConstraint("line_id"),
        sa.CheckConstraint("status <> 'closed' OR closed_at IS NOT NULL", name="closed_has_time"),
        sa.Index("ix_audit_findings_org_created", "organisation_id", "created_at"),  # the list
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_rounds.id"), index=True)
    source: Mapped[FindingSource] = mapped_column(
        enum_type(FindingSource, "finding_source"), default=FindingSource.audit
    )
    #: The year a round-less finding is numbered in (None for a round's finding).
    ref_year: Mapped[int | None] = mapped_column()
    number: Mapped[int] = mapped_column()  #: 1, 2, 3 ... within the round (or org and year)
    type: Mapped[FindingType] = mapped_column(enum_type(FindingType, "finding_type"))
    area: Mapped[str] = mapped_column(sa.String(40), default="")
    clause: Mapped[str] = mapped_column(sa.String(20), default="")
    procedure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    #: The procedure's revision in force on the audit day.
    audited_revision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("revisions.id"))
    description: Mapped[str] = mapped_column(sa.Text)
    evidence: Mapped[str] = mapped_column(sa.Text, default="")  #: objective evidence (bằng chứng)
    auditee_unit: Mapped[str] = mapped_column(sa.String(200), default="")
    line_id: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_checklist_lines.id"))
    status: Mapped[FindingStatus] = mapped_column(
        enum_type(FindingStatus, "finding_status"), default=FindingStatus.open
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: Set when the QMR accepts the round's report: the texts can no longer change.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The draft revision of the procedure opened from this finding ("open a revision").
    revision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("revisions.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: Why it was closed without a verification (e.g. "do sắp xếp đơn vị hành chính").
    close_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: The predecessor's finding this one carries on (reorganisations/dispositions.py).
    transferred_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("audit_findings.id"), index=True
    )
    lock_version: Mapped[int] = mapped_column(default=1)

    # "unnested": reached through an outer join (an action's finding), a nested inner join made
    # SQLite materialise every finding and round of the province.
    # An outer join: a finding from monitoring and measurement has no round.
    round = relationship("Round", lazy="joined")
    procedure = relationship("Procedure", lazy="joined")
    audited_revision = relationship("Revision", foreign_keys=[audited_revision_id], lazy="select")
    actions: Mapped[list["CorrectiveAction"]] = relationship(
        back_populates="finding", lazy="select", order_by="CorrectiveAction.number"
    )
    evidence_files = relationship(
        "EvidenceFile",
        lazy="select",
        viewonly=True,
        order_by="EvidenceFile.id",
        primaryjoin="EvidenceFile.finding_id == Finding.id",
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def reference(self) -> str:
        """The round's reference and the finding's number in it: TKT-01/2020-03; a round-less
        finding: TDĐL-01/2020."""
        if self.round_id is None:
            return f"{MONITORING_CODE}-{self.number:02d}/{self.ref_year}"
        return f"{self.round.reference}-{self.number:02d}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def active_actions(self) -> list["CorrectiveAction"]:
        return [a for a in self.actions if a.status is not ActionStatus.cancelled]

    @property
    def lacks_action(self) -> bool:
        """A nonconformity without a (non-cancelled) corrective action request."""
        return self.type.requires_action and not self.active_actions()


#: What the QMR's acceptance of the report locks.
LOCKED_FIELDS = (
    "type",
    "area",
    "clause",
    "procedure_id",
    "description",
    "evidence",
    "auditee_unit",
    "number",
    "round_id",
)


@event.listens_for(Session, "before_flush")
def _locked_findings_never_change(session: Session, flush_context, instances) -> None:
    for obj in session.dirty:
        if not isinstance(obj, Finding):
            continue
        was_locked, changed = frozen_changes(obj, "locked_at", LOCKED_FIELDS)
        if was_locked is not None and changed:
            raise RuntimeError(f"finding {obj.id} is locked ({', '.join(changed)})")


class CorrectiveAction(TimestampMixin, db.Model):
    """A corrective action request of a finding, a tracked decision of a management review, or
    an action of the plan to reach a quality objective."""

    __tablename__ = "audit_actions"
    __table_args__ = (
        # Exactly one source; a new source adds its term.
        sa.CheckConstraint(
            "(CASE WHEN finding_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN review_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN objective_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN risk_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_source",
        ),
        sa.CheckConstraint(
            "status <> 'closed' OR verified_at IS NOT NULL", name="closed_is_verified"
        ),
        sa.CheckConstraint(
            "status NOT IN ('done', 'closed') OR completed_at IS NOT NULL", name="done_has_time"
        ),
        sa.CheckConstraint(
            "status <> 'cancelled' OR cancelled_at IS NOT NULL", name="cancelled_has_time"
        ),
        sa.Index("ix_audit_actions_open_due", "status", "due_date"),
        sa.Index("ix_audit_actions_org_due", "organisation_id", "due_date"),  # the lists
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    finding_id: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_findings.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("audit_management_reviews.id"), index=True
    )
    #: The quality objective whose plan this action belongs to (performance.objective_models).
    objective_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quality_objectives.id"), index=True
    )
    #: The risk or opportunity this action treats (performance.risk_models).
    risk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("risks.id"), index=True)
    number: Mapped[int] = mapped_column()  #: 1, 2 ... within its finding, review or objective
    correction: Mapped[str] = mapped_column(sa.Text, default="")  #: sửa chữa ngay
    #: The 5-whys chain: ["why 1", "why 2", ...].
    whys: Mapped[list] = mapped_column(sa.JSON, default=list)
    root_cause: Mapped[str] = mapped_column(sa.Text, default="")
    action: Mapped[str] = mapped_column(sa.Text)  #: hành động khắc phục
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    due_date: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, "action_status"), default=ActionStatus.planned
    )
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completion_evidence: Mapped[str] = mapped_column(sa.Text, default="")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: How often a verifier found it not effective and reopened it.
    reopened_count: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: The predecessor's action this one carries on (reorganisations/dispositions.py).
    transferred_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("audit_actions.id"), index=True
    )
    lock_version: Mapped[int] = mapped_column(default=1)

    finding: Mapped[Finding | None] = relationship(back_populates="actions", lazy="joined")
    review = relationship("ManagementReview", back_populates="decisions", lazy="joined")
    # .objective: the backref of QualityObjective.plan_actions (performance.objective_models)
    # .risk: the backref of Risk.actions (performance.risk_models)
    owner = relationship("User", foreign_keys=[owner_id], lazy="joined", innerjoin="unnested")
    verified_by = relationship("User", foreign_keys=[verified_by_id], lazy="select")
    verifications: Mapped[list["ActionVerification"]] = relationship(
        lazy="select", order_by="ActionVerification.id", back_populates="action"
    )
    postponements: Mapped[list["Postponement"]] = relationship(
        lazy="select", order_by="Postponement.id", back_populates="action"
    )
    evidence_files = relationship(
        "EvidenceFile",
        lazy="select",
        viewonly=True,
        order_by="EvidenceFile.id",
        primaryjoin="EvidenceFile.action_id == CorrectiveAction.id",
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, on: date) -> bool:
        return self.is_open and self.due_date < on

    @property
    def reference(self) -> str:
        """A finding's CAR: TKT-01/2020-03.1; a review's decision: XXLĐ-01/2020-02; an
        objective's plan: MTCL-01/2020.1."""
        if self.finding is not None:
            return f"{self.finding.reference}.{self.number}"
        if getattr(self, "objective", None) is not None:
            return f"{self.objective.reference}.{self.number}"
        if getattr(self, "risk", None) is not None:  # a risk's action: RR-03.1, CH-01.2
            return f"{self.risk.reference}.{self.number}"
        return f"{self.review.reference}-{self.number:02d}"

    @property
    def pending_postponement(self) -> "Postponement | None":
        return next((p for p in self.postponements if p.status is PostponementStatus.pending), None)


class ActionVerification(db.Model):
    """A verifier's check of a done action: effective (closes it) or not (reopens it)."""

    __tablename__ = "audit_action_verifications"
    __table_args__ = (
        # the management review's effectiveness figures over a period
        sa.Index("ix_audit_action_verifications_org_verified", "organisation_id", "verified_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("audit_actions.id"), index=True)
    verifier_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    effective: Mapped[bool] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text, default="")
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[CorrectiveAction] = relationship(back_populates="verifications")
    verifier = relationship("User", lazy="joined")


class Postponement(db.Model):
    """A request to move an action's due date, with the reason; the QMR approves or rejects it."""

    __tablename__ = "audit_postponements"
    __table_args__ = (
        sa.CheckConstraint("new_due_date > old_due_date", name="moves_later"),
        sa.CheckConstraint(
            "status = 'pending' OR (decided_by_id IS NOT NULL AND decided_at IS NOT NULL)",
            name="decided_is_signed",
        ),
        sa.Index(
            "uq_audit_postponements_one_pending",
            "action_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("audit_actions.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    old_due_date: Mapped[date] = mapped_column(sa.Date)
    new_due_date: Mapped[date] = mapped_column(sa.Date)
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[PostponementStatus] = mapped_column(
        enum_type(PostponementStatus, "postponement_status"), default=PostponementStatus.pending
    )
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")

    action: Mapped[CorrectiveAction] = relationship(back_populates="postponements", lazy="joined")
    requested_by = relationship("User", foreign_keys=[requested_by_id], lazy="joined")
    decided_by = relationship("User", foreign_keys=[decided_by_id], lazy="select")
