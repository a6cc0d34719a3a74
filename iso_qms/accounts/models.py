"""Organisations (a tree over time: org_history.py), users with per-organisation roles, and personal API tokens."""

import hashlib
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import LabelledEnum, SearchableMixin, TimestampMixin, enum_type
from ..core.timeutil import UTCDateTime, end_of, utcnow
from ..extensions import db


class OrgLevel(LabelledEnum):
    province = "province", _l("Province")
    district = "district", _l("District")
    commune = "commune", _l("Commune")
    other = "other", _l("Other")


class Role(LabelledEnum):
    staff = "staff", _l("Staff")
    iso_secretary = "iso_secretary", _l("ISO secretary")
    qmr = "qmr", _l("Quality management representative (QMR)")
    head = "head", _l("Head of the committee")
    inspector = "inspector", _l("Inspector / auditor")
    supervisor = "supervisor", _l("Supervisor (level above)")
    admin = "admin", _l("Administrator")


ROLE_LABELS = Role.labels()  #: imported by the forms


class Organisation(TimestampMixin, db.Model):
    """A People's Committee or office; organisations form a tree (tỉnh → huyện → xã)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[OrgLevel] = mapped_column(enum_type(OrgLevel, "org_level"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: Place name used in dated lines of documents ("Quảng An, ngày ...").
    place_name: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Its life (issue 15): the first day it is in force (None: from before the records began) and
    #: the last (None: still in force); the name and parent over time are organisation_periods,
    #: `name` and `parent_id` here are those in force when the changes were last applied.
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    #: The day of the next registered change not yet applied to `name`, `parent_id` and the
    #: accounts (read with the user at each request, so a future-dated change needs no cron job).
    changes_on: Mapped[date | None] = mapped_column(sa.Date)

    parent: Mapped["Organisation | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"


class User(UserMixin, SearchableMixin, TimestampMixin, db.Model):
    """A person with an account. Never deleted: deactivated, and the username is never reused."""

    __archive_exempt__ = True  #: written whatever the organisation's state (accounts/tree.py)

    __tablename__ = "users"
    __search_fields__ = ("full_name", "username", "unit", "position", "email")

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[str] = mapped_column(sa.String(200), default="")  #: chức vụ
    unit: Mapped[str] = mapped_column(sa.String(200), default="", index=True)  #: bộ phận
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    #: While the account is deactivated: the day it was (the employment history keeps every period).
    deactivated_on: Mapped[date | None] = mapped_column(sa.Date)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changes on password change or deactivation so existing sessions end.
    auth_nonce: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(8))
    lock_version: Mapped[int] = mapped_column(default=1)
    #: Carried over from an organisation that ended: the successor's admin reviews the roles.
    roles_to_review: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    #: Loaded on access; lists of users ask for it with selectinload(User.role_rows).
    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", lazy="select", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    # Flask-Login
    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.auth_nonce}"

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    @property
    def role_codes(self) -> list[str]:
        return sorted(role.value for role in self.roles)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        self.auth_nonce = secrets.token_hex(8)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    """One role a user holds in their organisation; roles are additive."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class RolePeriod(db.Model):
    """One period a person held a role: from the day it was given to the day it was taken away,
    open while they still hold it. A report signed as of a past date names the head of that date
    (reports/tree_rows.head_then), even if the role has moved on since."""

    __archive_exempt__ = True  #: written whatever the organisation's state (accounts/tree.py)

    __tablename__ = "role_periods"
    __table_args__ = (
        sa.CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name="ends_after_start",
        ),
        # One open period per person and role.
        sa.Index(
            "uq_role_periods_open",
            "user_id",
            "role",
            unique=True,
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    #: The first day the role was held; None: held since before this history was kept (0026).
    started_on: Mapped[date | None] = mapped_column(sa.Date)
    #: The day the role was taken away: it is no longer held from that day on.
    ended_on: Mapped[date | None] = mapped_column(sa.Date)


def held_on(role: Role, on: date):
    """SQL on User: the person held `role` on `on` by the role history (one EXISTS)."""
    return (
        sa.select(RolePeriod.id)
        .where(
            RolePeriod.user_id == User.id,
            RolePeriod.role == role,
            sa.or_(RolePeriod.started_on.is_(None), RolePeriod.started_on <= on),
            sa.or_(RolePeriod.ended_on.is_(None), RolePeriod.ended_on > on),
        )
        .correlate(User)
        .exists()
    )


class EmploymentReason(LabelledEnum):
    joined = "joined", _l("Joined")
    #: The account was re-activated after a period away.
    returned = "returned", _l("Came back")
    #: Carried over to the successor of an organisation that ended (issue 15).
    reorganised = "reorganised", _l("Carried over by a reorganisation")


class EmploymentPeriod(db.Model):
    """One period a person belonged to their organisation: from the day they joined (or came back)
    to the day their account was deactivated, open while they are still there."""

    __archive_exempt__ = True  #: written whatever the organisation's state (accounts/tree.py)

    __tablename__ = "employment_periods"
    __table_args__ = (
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        # One open period per person: a re-activation starts a new one after the last has ended.
        sa.Index(
            "uq_employment_periods_open",
            "user_id",
            unique=True,
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    #: The person's unit (bộ phận) when the period began.
    unit: Mapped[str] = mapped_column(sa.String(200), default="")
    started_on: Mapped[date] = mapped_column(sa.Date)
    #: The day the account was deactivated: the person no longer counts from that day on.
    ended_on: Mapped[date | None] = mapped_column(sa.Date)
    #: Why the period began.
    reason: Mapped[EmploymentReason] = mapped_column(
        enum_type(EmploymentReason, "employment_reason"), default=EmploymentReason.joined
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def organisation_on(on: date):
    """SQL on User: the person's organisation on `on` by their employment history (the latest
    period begun by then: a reorganisation carries people over to a successor), else their
    current one."""
    period = aliased(EmploymentPeriod)
    latest = (
        sa.select(period.organisation_id)
        .where(period.user_id == User.id, period.started_on <= on)
        .order_by(period.started_on.desc(), period.id.desc())
        .limit(1)
        .correlate(User)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, User.organisation_id)


def present_on(on: date):
    """SQL on User: the person belonged to their organisation on `on`: the account existed by the
    end of that day, and `on` falls in no gap of the employment history (a period that had ended
    by then with no later one begun by then). People never deactivated have no gap, so this is
    exactly "created by then"; the first period begins with the account (created_at)."""
    ended, later = aliased(EmploymentPeriod), aliased(EmploymentPeriod)
    begun_again = (
        sa.select(later.id)
        .where(later.user_id == ended.user_id, later.id > ended.id, later.started_on <= on)
        .correlate_except(later)
        .exists()
    )
    away = (
        sa.select(ended.id)
        .where(ended.user_id == User.id, ended.ended_on <= on, ~begun_again)
        .correlate_except(ended)
        .exists()
    )
    return sa.and_(
        User.created_at < end_of(on),
        # Accounts deactivated without a recorded period (older data) still stop counting.
        sa.or_(User.deactivated_on.is_(None), User.deactivated_on > on),
        ~away,
    )


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: First characters of the token, shown so a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
