"""Dossier records (hồ sơ TTHC) from the one-stop-shop system, and what their imports remember.

A dossier is known to the system from the moment it was first imported (`imported_at`), and its
result from the moment an import first carried it (`returned_known_at`): a report as of a date counts
only what was known then, so importing later never changes an earlier report.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import LabelledEnum, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class Channel(LabelledEnum):
    """Kênh tiếp nhận, as exported: Trực tiếp, Trực tuyến, BCCI / Bưu chính công ích."""

    direct = "direct", _l("In person")
    online = "online", _l("Online")
    postal = "postal", _l("Public postal service (BCCI)")


class ImportKind(LabelledEnum):
    dossiers = "dossiers", _l("Dossier records")
    summary = "summary", _l("Monthly summary per procedure")


class DossierImport(db.Model):
    """One applied import of a one-stop-shop export (the dry runs leave no row)."""

    __tablename__ = "dossier_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[ImportKind] = mapped_column(enum_type(ImportKind, "dossier_import_kind"))
    filename: Mapped[str] = mapped_column(sa.String(255), default="")
    sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)


class DossierMapping(db.Model):
    """The column mapping of an organisation's exports (field → column header), remembered."""

    __tablename__ = "dossier_mappings"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    kind: Mapped[ImportKind] = mapped_column(enum_type(ImportKind, "dossier_mapping_kind"))
    mapping: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Dossier(db.Model):
    """One dossier (hồ sơ) of a TTHC: received, due, resolved/returned, channel, apology letter."""

    __tablename__ = "dossiers"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "code"),
        # The figures of one organisation over a period: a range walk of this index.
        sa.Index("ix_dossiers_org_received", "organisation_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    #: Mã hồ sơ, as exported (unique within the organisation).
    code: Mapped[str] = mapped_column(sa.String(80))
    #: The register's procedure matched by national TTHC code, else by title; None = unmatched.
    procedure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    tthc_code: Mapped[str] = mapped_column(sa.String(40), default="")
    tthc_name: Mapped[str] = mapped_column(sa.String(500), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Ngày hẹn trả; when the export has none, computed from the statutory time then in force.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_computed: Mapped[bool] = mapped_column(default=False)
    #: Ngày có kết quả / trả kết quả; None while pending.
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, "dossier_channel"))
    digitised: Mapped[bool] = mapped_column(default=False)
    #: Phiếu xin lỗi (and new appointment) of a late dossier: its number, and/or its date.
    apology_ref: Mapped[str] = mapped_column(sa.String(120), default="")
    apology_date: Mapped[date | None] = mapped_column(sa.Date)
    #: Ngày hẹn lại trả kết quả: the new appointment the apology letter gives (never before due_at).
    new_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    officer: Mapped[str] = mapped_column(sa.String(200), default="")
    #: When this dossier was first known, and when its result was first known (the as-of rule).
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    returned_known_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    import_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dossier_imports.id"), index=True)

    procedure = relationship("Procedure", lazy="raise")


class DossierSummary(db.Model):
    """The summary of one TTHC and month, for systems that export only summaries."""

    __tablename__ = "dossier_summaries"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "tthc_key", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    procedure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    #: The TTHC as compared (national code, else the folded title).
    tthc_key: Mapped[str] = mapped_column(sa.String(500))
    tthc_code: Mapped[str] = mapped_column(sa.String(40), default="")
    tthc_name: Mapped[str] = mapped_column(sa.String(500), default="")
    #: The first day of the month summarised.
    month: Mapped[date] = mapped_column(sa.Date)
    received: Mapped[int] = mapped_column(default=0)
    early: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)
    pending: Mapped[int] = mapped_column(default=0)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    import_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dossier_imports.id"), index=True)
