"""Rounds (đợt kiểm tra / đánh giá), their team, checklist templates and checklist lines."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.files import Attachment
from ...core.models import LabelledEnum, TimestampMixin, enum_type
from ...core.timeutil import UTCDateTime, add_months, utcnow
from ...extensions import db


class RoundKind(LabelledEnum):
    self_inspection = "self_inspection", _l("Self-inspection")
    internal_audit = "internal_audit", _l("Internal audit")
    external_inspection = "external_inspection", _l("External inspection")


class RoundStatus(LabelledEnum):
    planned = "planned", _l("Planned")
    in_progress = "in_progress", _l("In progress")
    reported = "reported", _l("Reported")
    closed = "closed", _l("Closed")


def round_held(round_, known: datetime | None = None) -> bool:
    """The one rule of "held" (đã thực hiện) for the home page, the annual duties and the report:
    a round is held once started; a planned round is not, whatever its dates. `round_` is a Round
    or a row of its columns; `known`: as the records stood then (a report as of a past date)."""
    started = round_.started_at
    return started is not None and (known is None or started < known)


class TeamRole(LabelledEnum):
    leader = "leader", _l("Team leader")
    member = "member", _l("Team member")


class TemplateKind(LabelledEnum):
    area = "area", _l("Inspection area")
    clause = "clause", _l("ISO clause")
    procedure = "procedure", _l("Questions for each procedure")


class LineResult(LabelledEnum):
    conform = "conform", _l("Conform")
    nonconform = "nonconform", _l("Nonconform")
    observation = "observation", _l("Observation")
    not_applicable = "not_applicable", _l("Not applicable")

    @property
    def raises_finding(self) -> bool:
        return self in (LineResult.nonconform, LineResult.observation)


#: The first part of a round's reference, as a commune abbreviates the kind of round:
#: TKT-01/2020 is the first self-inspection (tự kiểm tra) of 2020.
KIND_CODES = {
    RoundKind.self_inspection: "TKT",
    RoundKind.internal_audit: "ĐGNB",
    RoundKind.external_inspection: "KTBN",
}


def year_reference(code: str, number: int, year: int) -> str:
    """CODE-NN/YYYY, the way a Vietnamese office numbers things within a year."""
    return f"{code}-{number:02d}/{year}"


# Names the forms and views import.
KIND_LABELS = RoundKind.labels()
STATUS_LABELS = RoundStatus.labels()
RESULT_LABELS = LineResult.labels()

round_procedures = sa.Table(
    "audit_round_procedures",
    db.metadata,
    sa.Column("round_id", sa.ForeignKey("audit_rounds.id"), primary_key=True),
    sa.Column("procedure_id", sa.ForeignKey("procedures.id"), primary_key=True, index=True),
)


class Round(TimestampMixin, db.Model):
    """An inspection round or internal audit: plan, scope, team, checklist, findings and report."""

    __tablename__ = "audit_rounds"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress') OR reported_at IS NOT NULL",
            name="reported_has_time",
        ),
        sa.CheckConstraint(
            "status <> 'closed' OR accepted_at IS NOT NULL", name="closed_is_accepted"
        ),
        sa.CheckConstraint(
            "accepted_at IS NULL OR (accepted_by_id IS NOT NULL AND report_sha256 IS NOT NULL)",
            name="accepted_is_signed",
        ),
        sa.Index("ix_audit_rounds_org_start", "organisation_id", "start_date"),
        sa.Index(
            "uq_audit_rounds_reference",
            "organisation_id",
            "kind",
            "ref_year",
            "ref_number",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    kind: Mapped[RoundKind] = mapped_column(enum_type(RoundKind, "round_kind"))
    title: Mapped[str] = mapped_column(sa.String(500))
    #: The plan it executes, e.g. "Kế hoạch số 482/KH-UBND ngày 19/12/2019".
    plan_ref: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The round's number among the organisation's rounds of its kind in the year of its start
    #: date: with the kind and year it makes the reference (TKT-01/2020) its findings carry.
    ref_year: Mapped[int] = mapped_column()
    ref_number: Mapped[int] = mapped_column()
    #: Cơ quan kiểm tra: who inspects, e.g. "Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế"
    #: (required for an external inspection; empty for an own round: the organisation itself).
    inspecting_body: Mapped[str] = mapped_column(sa.String(300), default="")
    #: An external inspection's team leader by name and position (not a user of the commune).
    leader_name: Mapped[str] = mapped_column(sa.String(200), default="")
    start_date: Mapped[date] = mapped_column(sa.Date)  #: the audit day checklists bind to
    end_date: Mapped[date] = mapped_column(sa.Date)
    #: Keys of inspection areas (self-inspection), e.g. ["CCHC", "KSTTHC"].
    areas: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: ISO 9001 clause numbers in scope, e.g. ["4", "7", "9"].
    clauses: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[RoundStatus] = mapped_column(
        enum_type(RoundStatus, "round_status"), default=RoundStatus.planned
    )
    summary: Mapped[str] = mapped_column(sa.Text, default="")  #: the report's summary
    conclusion: Mapped[str] = mapped_column(sa.Text, default="")  #: kết luận, kiến nghị
    report_no: Mapped[str] = mapped_column(sa.String(80), default="")  #: e.g. 125/BC-UBND
    #: External inspection: the day the inspection record was signed (CAR report due 2 months on).
    record_signed_on: Mapped[date | None] = mapped_column(sa.Date)
    cloned_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_rounds.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: Name and position of the accepting QMR as they were at signing.
    accepted_signer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    accepted_signer_position: Mapped[str] = mapped_column(sa.String(200), default="")
    #: SHA-256 of the report content the QMR signed.
    report_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(default=1)

    members: Mapped[list["RoundMember"]] = relationship(
        back_populates="round",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="(RoundMember.role, RoundMember.id)",
    )
    procedures = relationship(
        "Procedure", secondary=round_procedures, lazy="selectin", order_by="Procedure.code"
    )
    organisation = relationship("Organisation", lazy="joined")
    accepted_by = relationship("User", foreign_keys=[accepted_by_id], lazy="select")
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def leader(self):
        return next((m.user for m in self.members if m.role is TeamRole.leader), None)

    @property
    def leader_label(self) -> str:
        """The team leader as printed: the commune user, else an external leader's name."""
        leader = self.leader
        return leader.full_name if leader is not None else self.leader_name

    @property
    def is_external(self) -> bool:
        return self.kind is RoundKind.external_inspection

    @property
    def body_name(self) -> str:
        """The inspecting body: the one named, else (an own round) the organisation itself."""
        return self.inspecting_body or (self.organisation.name if self.organisation else "")

    @property
    def reference(self) -> str:
        """TKT-01/2020, ĐGNB-01/2020, KTBN-01/2020: unique within the organisation."""
        return year_reference(KIND_CODES[self.kind], self.ref_number or 0, self.ref_year or 0)

    @property
    def team_users(self) -> list:
        return [m.user for m in self.members]

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def car_report_due_on(self) -> date | None:
        """External inspection: the corrective-action report is due 2 months after the record."""
        if self.kind is not RoundKind.external_inspection or self.record_signed_on is None:
            return None
        return add_months(self.record_signed_on, 2)


class RoundMember(db.Model):
    """A person on a round's team (đoàn kiểm tra / đoàn đánh giá)."""

    __tablename__ = "audit_round_members"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "user_id"),
        sa.Index(
            "uq_audit_round_members_one_leader",
            "round_id",
            unique=True,
            sqlite_where=sa.text("role = 'leader'"),
            postgresql_where=sa.text("role = 'leader'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("audit_rounds.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    role: Mapped[TeamRole] = mapped_column(enum_type(TeamRole, "team_role"))

    round: Mapped[Round] = relationship(back_populates="members")
    user = relationship("User", lazy="joined")


class ChecklistTemplate(TimestampMixin, db.Model):
    """An organisation's editable questions for an area, an ISO clause or every procedure."""

    __tablename__ = "audit_checklist_templates"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[TemplateKind] = mapped_column(enum_type(TemplateKind, "template_kind"))
    key: Mapped[str] = mapped_column(sa.String(40))  #: area code (CCHC ...) or clause number
    title: Mapped[str] = mapped_column(sa.String(300))
    #: [{"clause": "7.5.3", "text": "..."}]
    questions: Mapped[list] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}


class ChecklistLine(db.Model):
    """One question of a round's checklist, bound to the revision in force on the audit day."""

    __tablename__ = "audit_checklist_lines"
    __table_args__ = (
        sa.CheckConstraint(
            "revision_id IS NULL OR procedure_id IS NOT NULL", name="revision_of_procedure"
        ),
        sa.CheckConstraint("result IS NULL OR checked_at IS NOT NULL", name="result_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("audit_rounds.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    area: Mapped[str] = mapped_column(sa.String(40), default="")
    clause: Mapped[str] = mapped_column(sa.String(20), default="")
    procedure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"))
    #: The procedure's revision in force on the round's start date (None if none was).
    revision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("revisions.id"))
    question: Mapped[str] = mapped_column(sa.Text)
    result: Mapped[LineResult | None] = mapped_column(enum_type(LineResult, "line_result"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(default=1)

    round: Mapped[Round] = relationship(lazy="select")
    procedure = relationship("Procedure", lazy="select")
    revision = relationship("Revision", lazy="select")
    evidence: Mapped[list["EvidenceFile"]] = relationship(
        lazy="selectin",
        order_by="EvidenceFile.id",
        primaryjoin="EvidenceFile.line_id == ChecklistLine.id",
        viewonly=True,
    )
    finding = relationship(
        "Finding",
        lazy="selectin",
        uselist=False,
        viewonly=True,
        primaryjoin="Finding.line_id == ChecklistLine.id",
    )
    __mapper_args__ = {"version_id_col": lock_version}


class EvidenceFile(db.Model):
    """An uploaded evidence file of a checklist line, a finding or a corrective action."""

    __tablename__ = "audit_evidence_files"
    __table_args__ = (
        sa.CheckConstraint(
            "(CASE WHEN line_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN finding_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN action_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey("attachments.id"))
    line_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("audit_checklist_lines.id"), index=True
    )
    finding_id: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_findings.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_actions.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attachment = relationship(Attachment, lazy="joined", innerjoin=True)
