"""In-app notifications and e-mail: once per event, e-mail sent only after the transaction commits.

Features register "due providers": functions that look at the records and call notify() for what
is due now (reminders, overdue notices, escalations). `qms send-notifications` runs them all, from
cron or a systemd timer; the dedupe key makes each event notify once, however often it runs.
"""

import smtplib
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .timeutil import UTCDateTime, utcnow
from .transaction import after_commit

DueProvider = Callable[[datetime], int]
_PROVIDERS: list[DueProvider] = []


class Notification(db.Model):
    """A message to one person; shown in the app, and e-mailed when SMTP is configured."""

    __tablename__ = "notifications"
    __table_args__ = (sa.UniqueConstraint("user_id", "dedupe_key"),)

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
    if smtp_configured() and user.email:
        notification.emailed_at = utcnow()
        message = _message(user.email, subject, body, link)
        after_commit(lambda: _send(message))
    db.session.add(notification)
    db.session.flush()
    return notification


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
    """Ask every feature for what is due now; returns how many notifications were made."""
    now = now or utcnow()
    return sum(provider(now) for provider in _PROVIDERS)


def unread_count(user) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_all_read(user) -> int:
    """The person has seen their notifications."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0
