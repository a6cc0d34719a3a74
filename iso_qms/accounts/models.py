"""Organisations (a tree), users with per-organisation roles, and personal API tokens."""

import hashlib
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import LabelledEnum, SearchableMixin, TimestampMixin, enum_type
from ..core.timeutil import UTCDateTime, utcnow
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

    parent: Mapped["Organisation | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"


class User(UserMixin, SearchableMixin, TimestampMixin, db.Model):
    """A person with an account. Never deleted: deactivated, and the username is never reused."""

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
    #: The day the account was deactivated, so past figures still count the person.
    deactivated_on: Mapped[date | None] = mapped_column(sa.Date)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changes on password change or deactivation so existing sessions end.
    auth_nonce: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(8))
    lock_version: Mapped[int] = mapped_column(default=1)

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
