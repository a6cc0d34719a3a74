"""Procedures (quy trình), their append-only revisions, signatures, legal bases, reviews and
announcements (công bố). Effective and superseded are not stored: the revision in force on a date
is the approved one with the latest effective date on or before it."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..core.models import LabelledEnum, SearchableMixin, TimestampMixin, enum_type, frozen_changes
from ..core.text import nfc
from ..core.timeutil import UTCDateTime, add_months, utcnow
from ..extensions import db
from .durations import Duration, DurationUnit


class ProcedureKind(LabelledEnum):
    tthc = "tthc", _l("Administrative procedure (TTHC)")
    system = "system", _l("System procedure")
    policy = "policy", _l("Quality policy")
    objectives = "objectives", _l("Quality objectives")
    other = "other", _l("Other document")


class RevisionStatus(LabelledEnum):
    draft = "draft", _l("Draft")
    in_review = "in_review", _l("In review")
    approved = "approved", _l("Approved")


OPEN_STATUSES = (RevisionStatus.draft, RevisionStatus.in_review)


class SignatureMeaning(LabelledEnum):
    authored = "authored", _l("Drafted by")
    reviewed = "reviewed", _l("Reviewed by")
    approved = "approved", _l("Approved by")


class ReviewOutcome(LabelledEnum):
    keep = "keep", _l("Keep unchanged")
    revise = "revise", _l("Revise (opens a draft)")
    withdraw = "withdraw", _l("Withdraw")


class LegalChange(LabelledEnum):
    amended = "amended", _l("amended by")
    replaced = "replaced", _l("replaced by")


class AnnouncementReason(LabelledEnum):
    first = "first", _l("First announcement")
    scope_widened = "scope_widened", _l("Scope widened")
    scope_narrowed = "scope_narrowed", _l("Scope narrowed")
    revision = "revision", _l("Procedures revised")


# Names the forms and views import.
KIND_LABELS = ProcedureKind.labels()
OUTCOME_LABELS = ReviewOutcome.labels()
REASON_LABELS = AnnouncementReason.labels()

procedure_legal_bases = sa.Table(
    "procedure_legal_bases",
    db.metadata,
    sa.Column("procedure_id", sa.ForeignKey("procedures.id"), primary_key=True),
    sa.Column("legal_basis_id", sa.ForeignKey("legal_bases.id"), primary_key=True, index=True),
)

#: The legal bases an approved issue cites, frozen with its signature (written once, at approval):
#: a replaced text the issue no longer cites is left out, so "the update is settled" can be asked
#: of the issue itself, and the procedure's register links keep their history for past reports.
revision_citations = sa.Table(
    "revision_citations",
    db.metadata,
    sa.Column("revision_id", sa.ForeignKey("revisions.id"), primary_key=True),
    sa.Column("legal_basis_id", sa.ForeignKey("legal_bases.id"), primary_key=True, index=True),
)


class LegalBasis(SearchableMixin, TimestampMixin, db.Model):
    """An external document (law, decree, circular, decision) that procedures cite."""

    __tablename__ = "legal_bases"
    __search_fields__ = ("number", "title", "issuer")
    __table_args__ = (sa.UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    number: Mapped[str] = mapped_column(sa.String(80))  #: e.g. 61/2018/NĐ-CP
    title: Mapped[str] = mapped_column(sa.String(500), default="")
    issuer: Mapped[str] = mapped_column(sa.String(200), default="")
    issued_on: Mapped[date | None] = mapped_column(sa.Date)
    effective_on: Mapped[date | None] = mapped_column(sa.Date)
    superseded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("legal_bases.id"))
    change_kind: Mapped[LegalChange | None] = mapped_column(enum_type(LegalChange, "legal_change"))
    #: When the amendment or replacement was recorded; revisions approved after it settle it.
    superseded_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(default=1)

    superseded_by: Mapped["LegalBasis | None"] = relationship(
        remote_side=[id], lazy="joined", join_depth=1
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def update_due_on(self) -> date | None:
        """QĐ 19/2014/QĐ-TTg: citing procedures are updated within 3 months of the new text's effect."""
        new = self.superseded_by
        if new is None:
            return None
        return add_months(new.effective_on or self.superseded_marked_at.date(), 3)


def code_key(code: str | None) -> str:
    """A code as compared for uniqueness: NFC and case-folded ("QT-UI-01" is "qt-ui-01")."""
    return (nfc(code or "") or "").casefold()


def _code_key_default(context) -> str:
    # Core inserts (the catalogue import) get the key from the code they insert.
    return code_key(context.get_current_parameters().get("code"))


class Procedure(SearchableMixin, TimestampMixin, db.Model):
    """A controlled document: a procedure, the quality policy or objectives."""

    __tablename__ = "procedures"
    __search_fields__ = ("code", "title", "field", "tthc_code", "owner_unit")
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "code"),
        sa.UniqueConstraint("organisation_id", "code_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))  #: mã hiệu
    #: The code as compared (code_key()): unique per organisation whatever the letter case.
    code_key: Mapped[str] = mapped_column(sa.String(80), default=_code_key_default)
    title: Mapped[str] = mapped_column(sa.String(500))
    kind: Mapped[ProcedureKind] = mapped_column(enum_type(ProcedureKind, "procedure_kind"))
    field: Mapped[str] = mapped_column(sa.String(200), default="", index=True)  #: lĩnh vực
    tthc_code: Mapped[str] = mapped_column(sa.String(40), default="", index=True)
    #: Statutory processing time (thời hạn giải quyết) in working minutes; 1 day = 8 hours.
    statutory_minutes: Mapped[int | None] = mapped_column()
    statutory_unit: Mapped[DurationUnit | None] = mapped_column(
        enum_type(DurationUnit, "duration_unit")
    )
    statutory_within_day: Mapped[bool] = mapped_column(default=False)
    owner_unit: Mapped[str] = mapped_column(sa.String(200), default="")
    review_interval_months: Mapped[int] = mapped_column(default=12)
    #: Next periodic review; moved by approvals and reviews.
    review_due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    #: Who must read it: unit names and role codes; both empty means every active person.
    distribution_units: Mapped[list] = mapped_column(sa.JSON, default=list)
    distribution_roles: Mapped[list] = mapped_column(sa.JSON, default=list)
    withdrawn_on: Mapped[date | None] = mapped_column(sa.Date)
    withdrawn_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Provenance (issue 15): the predecessor's procedure and issue this one was adopted from.
    adopted_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    #: The issue carried over (revisions.id; no foreign key, which would make a second path
    #: between procedures and revisions for every join; revisions are never deleted).
    adopted_from_revision_id: Mapped[int | None] = mapped_column()
    lock_version: Mapped[int] = mapped_column(default=1)

    legal_bases: Mapped[list[LegalBasis]] = relationship(
        secondary=procedure_legal_bases, lazy="select", order_by=LegalBasis.number
    )
    organisation = relationship("Organisation", lazy="joined")
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def statutory(self) -> Duration | None:
        if self.statutory_minutes is None:
            return None
        return Duration(
            self.statutory_minutes,
            self.statutory_unit or DurationUnit.working_days,
            self.statutory_within_day,
        )

    @statutory.setter
    def statutory(self, value: Duration | None) -> None:
        self.statutory_minutes = value.minutes if value else None
        self.statutory_unit = value.unit if value else None
        self.statutory_within_day = bool(value and value.within_day)

    @property
    def is_tthc(self) -> bool:
        return self.kind is ProcedureKind.tthc

    def is_withdrawn(self, on: date) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= on

    def next_review_from(self, day: date) -> date:
        return add_months(day, self.review_interval_months)


@event.listens_for(Procedure.code, "set")
def _code_key_follows_code(target: Procedure, value, oldvalue, initiator) -> None:
    target.code_key = code_key(value)


@event.listens_for(Procedure.review_due_on, "set", retval=True)
def _no_review_due_once_withdrawn(target: Procedure, value, oldvalue, initiator):
    # A withdrawn procedure is never reviewed again, whichever operation moves the date.
    return None if target.withdrawn_on is not None else value


class StatutoryTime(db.Model):
    """The history of a procedure's statutory time, so a past report uses the time then in force."""

    __tablename__ = "statutory_times"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    minutes: Mapped[int | None] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _record_statutory_time(connection, target: Procedure) -> None:
    connection.execute(
        sa.insert(StatutoryTime.__table__).values(
            procedure_id=target.id, minutes=target.statutory_minutes, recorded_at=utcnow()
        )
    )


@event.listens_for(Procedure, "after_insert")
def _statutory_time_at_creation(mapper, connection, target: Procedure) -> None:
    _record_statutory_time(connection, target)


@event.listens_for(Procedure, "after_update")
def _statutory_time_changed(mapper, connection, target: Procedure) -> None:
    if inspect(target).attrs.statutory_minutes.history.has_changes():
        _record_statutory_time(connection, target)


class Revision(db.Model):
    """One issue (lần ban hành) of a procedure. Append-only: once approved it never changes."""

    __tablename__ = "revisions"
    __table_args__ = (
        sa.UniqueConstraint("procedure_id", "number"),
        sa.CheckConstraint(
            "status <> 'approved' OR (approved_by_id IS NOT NULL AND approved_at IS NOT NULL "
            "AND effective_date IS NOT NULL AND content_sha256 IS NOT NULL)",
            name="approved_is_signed",
        ),
        sa.Index(
            "uq_revisions_one_open_per_procedure",
            "procedure_id",
            unique=True,
            sqlite_where=sa.text("status IN ('draft', 'in_review')"),
            postgresql_where=sa.text("status IN ('draft', 'in_review')"),
        ),
        sa.Index("ix_revisions_in_force", "procedure_id", "status", "effective_date"),
        # The report's and the roll-up's revisions in force, read from the index alone: the rows
        # themselves carry the large JSON content.
        sa.Index(
            "ix_revisions_org_in_force",
            "organisation_id",
            "status",
            "procedure_id",
            "effective_date",
            "number",
            "approved_at",
            "steps_total_minutes",
            "significant",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"))
    number: Mapped[int] = mapped_column()  #: lần ban hành: 1, 2, 3 ...
    #: The procedure's code, title and statutory time as this issue carries them (and, once
    #: approved, as signed); set from the procedure when the draft starts, changed in the draft.
    procedure_code: Mapped[str | None] = mapped_column(sa.String(40))
    procedure_title: Mapped[str | None] = mapped_column(sa.String(500))
    statutory_minutes: Mapped[int | None] = mapped_column()
    #: What content_hash() covers: 1 = without the statutory time (issues signed before
    #: 03/12/2026), 2 = with it. New revisions are 2; a signed row keeps its version.
    hash_version: Mapped[int] = mapped_column(default=2, server_default="1")
    status: Mapped[RevisionStatus] = mapped_column(
        enum_type(RevisionStatus, "revision_status"), default=RevisionStatus.draft
    )
    #: Template sections (muc_dich, pham_vi ...) as Markdown.
    content: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: Step table: [{title, responsible, duration: {minutes, unit, within_day}, output}].
    steps: Mapped[list] = mapped_column(sa.JSON, default=list)
    steps_total_minutes: Mapped[int] = mapped_column(default=0)
    #: Forms (biểu mẫu): [{code, name, attachment_id}].
    forms: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Records to keep (hồ sơ cần lưu): [{name, keeper, retention}].
    records: Mapped[list] = mapped_column(sa.JSON, default=list)
    change_summary: Mapped[str] = mapped_column(sa.Text, default="")
    change_location: Mapped[str] = mapped_column(sa.String(300), default="")  #: vị trí sửa đổi
    significant: Mapped[bool] = mapped_column(default=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    effective_date: Mapped[date | None] = mapped_column(sa.Date)
    content_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    return_comment: Mapped[str] = mapped_column(sa.Text, default="")
    #: When the acknowledgement tasks of this issue were created (it had come into force).
    tasks_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(default=1)

    procedure: Mapped[Procedure] = relationship(lazy="joined", innerjoin=True)
    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    approved_by = relationship("User", foreign_keys=[approved_by_id], lazy="joined")
    signatures: Mapped[list["Signature"]] = relationship(
        back_populates="revision", lazy="selectin", order_by="Signature.signed_at"
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def steps_total(self) -> Duration:
        unit = DurationUnit.working_days
        if self.steps_total_minutes % 480:
            unit = DurationUnit.working_hours
        return Duration(self.steps_total_minutes, unit)

    @property
    def statutory(self) -> Duration | None:
        """The statutory time this issue carries, written as the register writes it."""
        register = self.procedure.statutory
        if self.statutory_minutes is None or (
            register and register.minutes == self.statutory_minutes
        ):
            return register if self.statutory_minutes is not None else None
        unit = DurationUnit.working_days
        if self.statutory_minutes % 480:
            unit = DurationUnit.working_hours
        return Duration(self.statutory_minutes, unit)

    @property
    def within_statutory_time(self) -> bool | None:
        """Within the statutory time this issue carries (as printed and signed); None when the
        rule does not apply (not a TTHC, or no statutory time)."""
        return self.within(self.statutory_minutes)

    def within(self, statutory_minutes: int | None) -> bool | None:
        """Within a given statutory time (e.g. the register's, when the law changed since)."""
        if not self.procedure.is_tthc or statutory_minutes is None:
            return None
        return self.steps_total_minutes <= statutory_minutes

    def signature(self, meaning: SignatureMeaning) -> "Signature | None":
        matches = [s for s in self.signatures if s.meaning is meaning]
        return matches[-1] if matches else None


#: What an approved revision may never change.
FROZEN_FIELDS = (
    "content",
    "steps",
    "forms",
    "records",
    "change_summary",
    "change_location",
    "significant",
    "number",
    "procedure_id",
    "status",
    "effective_date",
    "approved_by_id",
    "approved_at",
    "content_sha256",
    "steps_total_minutes",
    "procedure_code",
    "procedure_title",
    "statutory_minutes",
    "hash_version",
)


@event.listens_for(Session, "before_flush")
def _approved_revisions_never_change(session: Session, flush_context, instances) -> None:
    for obj in session.dirty:
        if not isinstance(obj, Revision):
            continue
        was, changed = frozen_changes(obj, "status", FROZEN_FIELDS)
        if was is RevisionStatus.approved and changed:
            raise RuntimeError(f"approved revision {obj.id} cannot change ({', '.join(changed)})")
    for obj in session.deleted:
        if isinstance(obj, Revision | Signature):
            raise RuntimeError("revisions and signatures are never deleted")


class Signature(db.Model):
    """An electronic signature: signer, time, meaning and the SHA-256 of the exact content signed."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id"), index=True)
    signer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    #: Name and position as they were at signing.
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_position: Mapped[str] = mapped_column(sa.String(200), default="")
    meaning: Mapped[SignatureMeaning] = mapped_column(
        enum_type(SignatureMeaning, "signature_meaning")
    )
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    password_confirmed: Mapped[bool] = mapped_column(default=False)

    revision: Mapped[Revision] = relationship(back_populates="signatures")


class ProcedureReview(db.Model):
    """A periodic review of a procedure: keep, revise or withdraw."""

    __tablename__ = "procedure_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(sa.Date)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    outcome: Mapped[ReviewOutcome] = mapped_column(enum_type(ReviewOutcome, "review_outcome"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    revision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("revisions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer = relationship("User", lazy="joined")


class Announcement(db.Model):
    """Công bố: the decision declaring the QMS conforms, with its frozen scope."""

    __tablename__ = "announcements"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    ordinal: Mapped[int] = mapped_column()  #: lần 01, 02, 03 ...
    decision_no: Mapped[str] = mapped_column(sa.String(80))
    decision_date: Mapped[date] = mapped_column(sa.Date)
    signer: Mapped[str] = mapped_column(sa.String(200))
    reason: Mapped[AnnouncementReason] = mapped_column(
        enum_type(AnnouncementReason, "announcement_reason")
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list["AnnouncementItem"]] = relationship(
        back_populates="announcement", lazy="selectin", order_by="AnnouncementItem.procedure_code"
    )

    @property
    def ordinal_label(self) -> str:
        return f"{self.ordinal:02d}"


class AnnouncementItem(db.Model):
    """One procedure revision in an announcement's scope, frozen as it was on the decision date."""

    __tablename__ = "announcement_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(sa.ForeignKey("announcements.id"), index=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"))
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id"))
    procedure_code: Mapped[str] = mapped_column(sa.String(40))
    procedure_title: Mapped[str] = mapped_column(sa.String(500))
    procedure_kind: Mapped[ProcedureKind] = mapped_column(enum_type(ProcedureKind, "item_kind"))
    field: Mapped[str] = mapped_column(sa.String(200), default="")
    revision_number: Mapped[int] = mapped_column()
    effective_date: Mapped[date] = mapped_column(sa.Date)

    announcement: Mapped[Announcement] = relationship(back_populates="items")
