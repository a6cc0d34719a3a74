"""In-app notifications and e-mail: once per event, e-mail sent only after the transaction commits.

Features register "due providers": functions that look at the records and call notify() for what
is due now (reminders, overdue notices, escalations). `qms send-notifications` runs them all, from
cron or a systemd timer; the dedupe key makes each event notify once, however often it runs.

One run makes one digest per person: when a run has several new notices for someone, they are
kept as the digest's parts (each still holding its dedupe key, so no event repeats in a later run)
and only the digest is shown and e-mailed. Notices at the event (submit, approve ...) are made by
the features' `event_notices` modules as the audit trail records the event.
"""

import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, g, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from ..extensions import db
from .errors import NotFound
from .timeutil import UTCDateTime, utcnow
from .transaction import after_commit

DueProvider = Callable[[datetime], int]
_PROVIDERS: list[DueProvider] = []
#: While `qms send-notifications` runs: {user id: (user, [notifications made in this run])}.
_COLLECTING: ContextVar[dict | None] = ContextVar("notifications_collecting", default=None)


class Notification(db.Model):
    """A message to one person; shown in the app, and e-mailed when SMTP is configured."""

    __archive_exempt__ = True  #: written whatever the organisation's state (accounts/tree.py)

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedupe_key"),
        # The menu's unread count and the list: a person's shown notifications (not digest parts).
        sa.Index("ix_notifications_user_shown", "user_id", "digest_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The event this is about, e.g. "ack:12:overdue"; one notification per user and key.
    dedupe_key: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set in the same transaction that queues the e-mail, so an e-mail is never sent twice.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set on the notices one run of `qms send-notifications` gathered into a digest: the digest
    #: is what the person sees; the part keeps its dedupe key.
    digest_id: Mapped[int | None] = mapped_column(sa.ForeignKey("notifications.id"))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        """The subject, then the body's lines: what the API and an e-mail say."""
        return f"{self.subject}\n{self.body}" if self.body else self.subject


def register_due_provider(provider: DueProvider) -> DueProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def notify(
    user, kind: str, subject: str, body: str = "", link: str = "", dedupe_key: str = ""
) -> Notification | None:
    """Notify `user` once per `dedupe_key`; None when this event was already notified."""
    key = dedupe_key or f"{kind}:{utcnow().isoformat()}"
    exists = db.session.scalar(
        sa.select(Notification.id).where(
            Notification.user_id == user.id, Notification.dedupe_key == key
        )
    )
    if exists:
        return None
    notification = Notification(
        organisation_id=user.organisation_id,
        user_id=user.id,
        kind=kind,
        subject=subject[:300],
        body=body,
        link=link,
        dedupe_key=key,
    )
    db.session.add(notification)
    db.session.flush()
    collecting = _COLLECTING.get()
    if collecting is not None:  # e-mailed (alone or in the digest) when the run ends
        collecting.setdefault(user.id, (user, []))[1].append(notification)
    else:
        _email(user, notification)
    return notification


def _email(user, notification: Notification) -> None:
    if smtp_configured() and user.email:
        notification.emailed_at = utcnow()
        message = _message(user.email, notification.subject, notification.body, notification.link)
        after_commit(lambda: _send(message))


def _message(to: str, subject: str, body: str, link: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_FROM", "iso-qms@localhost")
    message["To"] = to
    message["Subject"] = subject
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    message.set_content(f"{body}\n\n{base}{link}" if link else body)
    return message


def _send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)), timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)


def run_due_providers(now: datetime | None = None) -> int:
    """Ask every feature for what is due now; returns how many notices were made (each event
    counts once, however they are gathered into digests)."""
    now = now or utcnow()
    with collecting_digests():
        return sum(provider(now) for provider in _PROVIDERS)


@contextmanager
def collecting_digests() -> Iterator[None]:
    """Gather the notices made inside the block per person: one alone stays as it is, several
    become one digest listing them."""
    token = _COLLECTING.set({})
    try:
        yield
        collected = _COLLECTING.get()
    finally:
        _COLLECTING.reset(token)
    for user, made in collected.values():
        if len(made) == 1:
            _email(user, made[0])
        else:
            _email(user, _digest(user, made))
    db.session.flush()


def _digest(user, parts: list[Notification]) -> Notification:
    with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")):
        subject = _("%(n)d reminders and notices for you", n=len(parts))
    digest = Notification(
        organisation_id=user.organisation_id,
        user_id=user.id,
        kind="digest",
        subject=subject,
        body="\n".join(f"• {part.subject}" for part in parts),
        link=parts[0].link if len({p.link for p in parts}) == 1 else "",
        dedupe_key=f"digest:{parts[0].id}",
    )
    db.session.add(digest)
    db.session.flush()
    for part in parts:
        part.digest_id = digest.id
    return digest


def shown_to(user) -> sa.Select:
    """A person's notifications as listed: digests and single notices, not a digest's parts."""
    return sa.select(Notification).where(
        Notification.user_id == user.id, Notification.digest_id.is_(None)
    )


def listed(user, unread: bool | None = None) -> sa.Select:
    """The list, newest first (read or unread only when `unread` is True or False)."""
    query = shown_to(user)
    if unread is True:
        query = query.where(Notification.read_at.is_(None))
    elif unread is False:
        query = query.where(Notification.read_at.is_not(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def parts_of(notifications: list[Notification]) -> dict[int, list[Notification]]:
    """{digest id: its parts} for a page of notifications, in one query (also when none)."""
    ids = [n.id for n in notifications if n.kind == "digest"]
    parts: dict[int, list[Notification]] = {}
    for part in db.session.scalars(
        sa.select(Notification).where(Notification.digest_id.in_(ids)).order_by(Notification.id)
    ):
        parts.setdefault(part.digest_id, []).append(part)
    return parts


def unread_count(user) -> int:
    """Unread notifications shown to `user` (cached for the request: the menu asks on each page)."""
    cache = g.setdefault("unread_notifications", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = (
            db.session.scalar(
                sa.select(sa.func.count(Notification.id)).where(
                    Notification.user_id == user.id,
                    Notification.digest_id.is_(None),
                    Notification.read_at.is_(None),
                )
            )
            or 0
        )
    return cache[user.id]


def _forget_count(user) -> None:
    if has_request_context():
        g.setdefault("unread_notifications", {}).pop(user.id, None)


def mark_read(user, notification_id: int) -> Notification:
    """The person has seen one notification (with its parts); another person's id is not found."""
    notification = db.session.scalar(
        sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    )
    if notification is None:
        raise NotFound()
    now = utcnow()
    db.session.execute(
        sa.update(Notification)
        .where(
            Notification.user_id == user.id,
            sa.or_(Notification.id == notification.id, Notification.digest_id == notification.id),
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
        .execution_options(synchronize_session="fetch")
    )
    _forget_count(user)
    return notification


def mark_all_read(user) -> int:
    """The person has seen their notifications."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    _forget_count(user)
    return result.rowcount or 0


# --- notices at the event (features' event_notices modules) ---------------------------------


def link_to(endpoint: str, **values) -> str:
    """The path of a page, also outside a request (the seed, CLI commands, tests)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def colleagues(organisation_id: int) -> list:
    """The active people of an organisation, with their roles (two queries), to ask the named
    permission rules who should hear of an event."""
    from ..accounts.models import User

    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.organisation_id == organisation_id, User.active.is_(True))
            .options(selectinload(User.role_rows))
            .order_by(User.id)
        ).unique()
    )


def tell(entry, recipients, kind: str, message: Callable[[], tuple[str, str]], link: str) -> int:
    """Notify each recipient of the audit entry's event in their own language, once, never the
    person who acted; `message()` returns (subject, body) in the active locale."""
    made, seen = 0, {entry.actor_id}
    for user in recipients:
        if user is None or user.id in seen or not user.active:
            continue
        seen.add(user.id)
        with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")):
            subject, body = message()
        made += notify(user, kind, subject, body, link, f"event:{entry.id}:{kind}") is not None
    return made
