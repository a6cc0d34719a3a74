"""State changes of organisations, users, logins and API tokens. They flush; the caller commits."""

import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm.attributes import set_committed_value

from ..core import audit
from ..core.errors import EditConflict, PermissionDenied, ValidationFailed
from ..core.i18n import format_datetime
from ..core.text import nfc
from ..core.timeutil import LOCAL_TZ, today, utcnow
from ..extensions import db
from .models import (
    ApiToken,
    EmploymentPeriod,
    EmploymentReason,
    Organisation,
    OrgLevel,
    Role,
    RolePeriod,
    User,
    UserRole,
)

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 8


#: Other features react to people joining and leaving (acknowledgement tasks) through these.
USER_HOOKS: dict[str, list[Callable[[User], None]]] = {
    "created": [],
    "activated": [],
    "deactivated": [],
}


def run_hooks(event: str, user: User) -> None:
    for hook in USER_HOOKS[event]:
        hook(user)


def validate_password(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            fields={
                field: _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
            }
        )


def create_organisation(
    code: str, name: str, level: OrgLevel, parent: Organisation | None = None, place_name: str = ""
) -> Organisation:
    """Add an organisation to the tree."""
    code, name = nfc(code), nfc(name)
    errors = {}
    if not code:
        errors["code"] = _("Enter a code.")
    elif db.session.scalar(sa.select(Organisation.id).where(Organisation.code == code)):
        errors["code"] = _("This code is already used.")
    if not name:
        errors["name"] = _("Enter a name.")
    if errors:
        raise ValidationFailed(fields=errors)
    org = Organisation(code=code, name=name, level=level, parent=parent, place_name=nfc(place_name))
    db.session.add(org)
    db.session.flush()
    audit.record(
        "organisation.create",
        org,
        new={"code": code, "name": name, "level": level},
        organisation_id=org.id,
    )
    return org


def _check_user_fields(username: str, full_name: str, email: str) -> dict:
    errors = {}
    if not USERNAME_RE.match(username or ""):
        errors["username"] = _(
            "A username has 2 to 64 characters: lower-case letters without diacritics, digits, '.', '_' or '-'."
        )
    elif db.session.scalar(sa.select(User.id).where(User.username == username)):
        errors["username"] = _("This username is taken (usernames are never reused).")
    if not full_name:
        errors["full_name"] = _("Enter the full name.")
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        errors["email"] = _("Enter a valid e-mail address.")
    return errors


def create_user(
    organisation: Organisation,
    username: str,
    full_name: str,
    password: str,
    roles: Iterable[Role] = (Role.staff,),
    *,
    unit: str = "",
    position: str = "",
    email: str = "",
    actor: User | None = None,
    password_hash: str | None = None,
) -> User:
    """Create an account in an organisation with its roles.

    `password_hash` lets bulk set-up (the demo data) reuse one hash of a shared password.
    """
    username = nfc(username or "").lower()
    roles = list(roles)
    full_name, unit, position, email = (nfc(v or "") for v in (full_name, unit, position, email))
    errors = _check_user_fields(username, full_name, email)
    try:
        validate_password(password)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if not roles:
        errors["roles"] = _("Choose at least one role.")
    if errors:
        raise ValidationFailed(fields=errors)
    user = User(
        organisation=organisation,
        username=username,
        full_name=full_name,
        unit=unit,
        position=position,
        email=email,
    )
    if password_hash:
        user.password_hash = password_hash
    else:
        user.set_password(password)
    user.role_rows = [UserRole(role=role) for role in sorted(set(roles), key=lambda r: r.value)]
    db.session.add(user)
    db.session.flush()
    _role_history(user, set(roles), before=set())
    _start_period(user, EmploymentReason.joined)
    db.session.flush()
    run_hooks("created", user)
    audit.record(
        "user.create",
        user,
        actor=actor,
        new={
            "username": username,
            "full_name": full_name,
            "unit": unit,
            "position": position,
            "roles": {r.value for r in roles},
        },
    )
    return user


def update_user(
    user: User, changes: dict, *, actor: User | None, lock_version: int | None = None
) -> User:
    """Change roles, unit, position, e-mail, name or active flag; a stale lock_version is a conflict."""
    if lock_version is not None and lock_version != user.lock_version:
        raise EditConflict()
    old, new = {}, {}
    for field in ("full_name", "unit", "position", "email"):
        if field in changes and nfc(changes[field] or "") != getattr(user, field):
            old[field], new[field] = getattr(user, field), nfc(changes[field] or "")
            setattr(user, field, new[field])
    if "full_name" in new and not new["full_name"]:
        raise ValidationFailed(fields={"full_name": _("Enter the full name.")})
    if "roles" in changes:
        _set_roles(user, set(changes["roles"]), actor, old, new)
    if "active" in changes and bool(changes["active"]) != user.active:
        if actor is not None and actor.id == user.id and not changes["active"]:
            raise ValidationFailed(fields={"active": _("You cannot deactivate your own account.")})
        old["active"], new["active"] = user.active, bool(changes["active"])
        _set_active(user, bool(changes["active"]))
    if new:
        user.updated_at = utcnow()
        db.session.flush()
        action = "user.deactivate" if new.get("active") is False else "user.update"
        audit.record(action, user, actor=actor, old=old, new=new)
        if "active" in new:
            run_hooks("activated" if user.active else "deactivated", user)
    return user


def _set_roles(user: User, roles: set[Role], actor: User | None, old: dict, new: dict) -> None:
    """Part of update_user. No autoflush: loading the old roles must not write a name changed
    just before (the caller flushes once: one version step)."""
    with db.session.no_autoflush:
        if not roles:
            raise ValidationFailed(fields={"roles": _("Choose at least one role.")})
        if roles != user.roles:
            if actor is not None and actor.id == user.id and Role.admin not in roles:
                raise ValidationFailed(
                    fields={"roles": _("You cannot remove your own administrator role.")}
                )
            old["roles"], new["roles"] = {r.value for r in user.roles}, {r.value for r in roles}
            before = user.roles
            user.role_rows = [UserRole(role=r) for r in sorted(roles, key=lambda r: r.value)]
            _role_history(user, roles, before=before)


def _role_history(user: User, roles: set[Role], *, before: set[Role]) -> None:
    """The user's roles went from `before` to `roles`: the role history ends today the periods of
    the roles taken away and opens one today for each role given (one UPDATE, one INSERT)."""
    day = today()
    if before - roles:
        db.session.execute(
            sa.update(RolePeriod)
            .where(
                RolePeriod.user_id == user.id,
                RolePeriod.role.in_(before - roles),
                RolePeriod.ended_on.is_(None),
            )
            .values(ended_on=day)
            .execution_options(synchronize_session=False)
        )
    if roles - before:
        db.session.execute(
            sa.insert(RolePeriod),
            [{"user_id": user.id, "role": r, "started_on": day} for r in roles - before],
        )


def role_history(user: User) -> list[RolePeriod]:
    """The person's role periods, oldest first."""
    return list(
        db.session.scalars(
            sa.select(RolePeriod)
            .where(RolePeriod.user_id == user.id)
            .order_by(RolePeriod.started_on.nulls_first(), RolePeriod.id)
        )
    )


def _open_period(user: User) -> EmploymentPeriod | None:
    with db.session.no_autoflush:  # the caller flushes the user's changes once (one version step)
        return db.session.scalar(
            sa.select(EmploymentPeriod).where(
                EmploymentPeriod.user_id == user.id, EmploymentPeriod.ended_on.is_(None)
            )
        )


def _start_period(user: User, reason: EmploymentReason) -> None:
    db.session.add(
        EmploymentPeriod(
            user_id=user.id,
            organisation_id=user.organisation_id,
            unit=user.unit,
            started_on=today(),
            reason=reason,
        )
    )


def _set_active(user: User, active: bool) -> None:
    """Deactivation ends the person's open employment period; re-activation starts a new one, so
    the history keeps when they were away and past figures do not count them then."""
    user.active = active
    period = _open_period(user)
    if active:
        user.deactivated_on = None
        if period is None:
            _start_period(user, EmploymentReason.returned)
        return
    user.deactivated_on = today()
    user.auth_nonce = secrets.token_hex(8)
    if period is None:  # an account from before the history was kept
        joined = user.created_at.astimezone(LOCAL_TZ).date() if user.created_at else today()
        period = EmploymentPeriod(
            user_id=user.id,
            organisation_id=user.organisation_id,
            unit=user.unit,
            started_on=min(joined, today()),
            reason=EmploymentReason.joined,
        )
        db.session.add(period)
    period.ended_on = max(today(), period.started_on)


def employment_history(user: User) -> list[EmploymentPeriod]:
    """The person's periods in the organisation, oldest first."""
    return list(
        db.session.scalars(
            sa.select(EmploymentPeriod)
            .where(EmploymentPeriod.user_id == user.id)
            .order_by(EmploymentPeriod.started_on, EmploymentPeriod.id)
        )
    )


def reset_password(user: User, password: str, *, actor: User) -> None:
    """An administrator sets a new password; the user's sessions end."""
    validate_password(password)
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    audit.record("user.reset_password", user, actor=actor)


def change_password(user: User, current: str, new_password: str) -> None:
    """The user changes their own password after proving the current one."""
    if not user.check_password(current):
        raise ValidationFailed(fields={"current_password": _("The current password is wrong.")})
    validate_password(new_password, "new_password")
    user.set_password(new_password)
    db.session.flush()
    audit.record("user.change_password", user, actor=user)


def set_locale(user: User, locale: str) -> None:
    if locale != user.locale:
        user.locale = locale
        db.session.flush()


class AccountLocked(PermissionDenied):
    """The account is locked after too many wrong passwords; said with the time the lock ends."""

    def __init__(self, locked_until: datetime):
        super().__init__(
            _(
                "This account is locked after too many failed logins until %(time)s.",
                time=format_datetime(locked_until),
            )
        )
        self.locked_until = locked_until


def authenticate(username: str, password: str) -> User | None:
    """Check a login; counts failures and locks the account after too many. Returns the user or None.

    Raises AccountLocked while the account is locked, even for the right password.
    """
    user = db.session.scalar(sa.select(User).where(User.username == nfc(username or "").lower()))
    if user is None or not user.active:
        return None
    if not check_password_counted(user, password):
        return None
    if user.failed_logins or user.locked_until:
        _set_counter(user, failed_logins=0, locked_until=None)
    audit.record("user.login", user, actor=user)
    return user


def check_password_counted(user: User, password: str, now: datetime | None = None) -> bool:
    """The one password check behind the lock-out, for logins and e-signatures alike.

    A locked account is refused (AccountLocked) before the hash is even checked, reading the lock
    from the database rather than the copy loaded earlier; a wrong password is counted atomically.
    """
    now = now or utcnow()
    locked_until = _locked_until(user)
    if locked_until is not None and locked_until > now:
        raise AccountLocked(locked_until)
    if user.check_password(password or ""):
        return True
    if register_failed_password(user, now) is None:  # a parallel guess locked it meanwhile
        raise AccountLocked(_locked_until(user))
    return False


def register_failed_password(user: User, now: datetime | None = None) -> int | None:
    """Count a wrong password (login or e-signature); reaching the limit locks the account.

    One UPDATE … RETURNING, so parallel guesses cannot read the same count: it matches only while
    the account is not locked (after a lock has run out the count starts again) and returns the
    new count, or None when the account was already locked and nothing was counted.
    """
    now = now or utcnow()
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    count = sa.case((User.locked_until.is_(None), User.failed_logins), else_=0) + 1
    row = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, sa.or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(
            failed_logins=count,
            locked_until=sa.case(
                (count >= limit, sa.literal(until, User.locked_until.type)), else_=None
            ),
        )
        .returning(User.failed_logins, User.locked_until)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if row is None:
        return None
    failures, locked_until = row
    _set_counter(user, failed_logins=failures, locked_until=locked_until, write=False)
    audit.record("user.login_failed", user, actor=user, new={"failed_logins": failures})
    if locked_until is not None:
        audit.record(
            "user.locked",
            user,
            actor=user,
            new={"locked_until": locked_until},
            reason=_("%(n)d failed logins", n=limit),
        )
    return failures


def _locked_until(user: User) -> datetime | None:
    value = db.session.scalar(sa.select(User.locked_until).where(User.id == user.id))
    set_committed_value(user, "locked_until", value)
    return value


def _set_counter(user: User, *, write: bool = True, **values) -> None:
    """Write the lock-out columns without bumping lock_version (an admin's open edit form of the
    account must not turn stale because its owner logged in), and keep the loaded copy in step."""
    if write:
        db.session.execute(
            sa.update(User).where(User.id == user.id).values(**values),
            execution_options={"synchronize_session": False},
        )
    for name, value in values.items():
        set_committed_value(user, name, value)


def end_sessions(user: User) -> None:
    """Log the account out everywhere: a new nonce, so no session cookie issued before matches.

    Used at logout: a session lives only in its signed cookie, so ending this one ends the
    account's sessions in other browsers too. Password changes, resets and deactivation change
    the nonce as well (User.set_password, update_user).
    """
    nonce = secrets.token_hex(8)
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(auth_nonce=nonce),
        execution_options={"synchronize_session": False},
    )
    set_committed_value(user, "auth_nonce", nonce)
    audit.record("user.logout", user, actor=user)


def create_api_token(user: User, name: str) -> str:
    """Make a personal token; returns the token text, which is shown once and stored only hashed."""
    name = nfc(name or "") or _("API token")
    token = "qms_" + secrets.token_urlsafe(32)
    row = ApiToken(
        user=user, name=name[:100], token_hash=ApiToken.hash_token(token), prefix=token[:10]
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "api_token.create",
        row,
        actor=user,
        organisation_id=user.organisation_id,
        new={"name": row.name, "prefix": row.prefix},
    )
    return token


def revoke_api_token(token: ApiToken, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        audit.record(
            "api_token.revoke", token, actor=actor, organisation_id=token.user.organisation_id
        )


def user_for_token(token: str) -> User | None:
    """The active user owning a valid, unrevoked token."""
    if not token:
        return None
    row = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == ApiToken.hash_token(token))
    )
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    return row.user
