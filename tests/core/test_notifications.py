"""Notifications: once per event; e-mail through a real local SMTP server, only after commit."""

import socket
import time
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from iso_qms.acknowledgements import operations as ack_operations
from iso_qms.core.notifications import Notification, notify, run_due_providers
from iso_qms.core.timeutil import set_clock
from iso_qms.core.transaction import transaction
from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure, create_revision


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app_ctx):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app_ctx.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield inbox
    controller.stop()
    app_ctx.config.update(MAIL_SERVER="")


def _wait(inbox, n):
    for _ in range(50):
        if len(inbox.messages) >= n:
            return
        time.sleep(0.05)


def _with_email(world):
    for user in world.users.values():
        user.email = f"{user.username}@quangan.example"
    db.session.commit()


def test_email_is_sent_after_commit_and_not_on_rollback(world, smtp):
    _with_email(world)
    staff = world.users["staff"]
    with pytest.raises(RuntimeError):
        with transaction():
            notify(staff, "test", "Không gửi", dedupe_key="a")
            raise RuntimeError("rolled back")
    assert smtp.messages == []
    with transaction():
        notify(staff, "test", "Nhắc đọc quy trình", "Nội dung", "/my/tasks", dedupe_key="b")
        assert smtp.messages == []  # nothing leaves before the commit
    _wait(smtp, 1)
    assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == ["staff@quangan.example"]


def test_the_same_event_notifies_once(world, smtp):
    _with_email(world)
    with transaction():
        assert notify(world.users["staff"], "test", "Một lần", dedupe_key="x") is not None
    with transaction():
        assert notify(world.users["staff"], "test", "Một lần", dedupe_key="x") is None
    _wait(smtp, 1)
    assert len(smtp.messages) == 1


def test_reminder_overdue_and_escalation_each_once_with_a_moved_clock(world, smtp, app_ctx):
    _with_email(world)
    from iso_qms.accounts.models import User

    db.session.execute(sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC)))
    set_clock(datetime(2020, 1, 2, 3, tzinfo=UTC))
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    db.session.commit()
    staff = world.users["staff"]

    def run(day):
        set_clock(datetime(day.year, day.month, day.day, 3, tzinfo=UTC))
        with transaction():
            run_due_providers()
        return {
            n.kind
            for n in db.session.scalars(
                sa.select(Notification).where(Notification.user_id == staff.id)
            )
        }

    assert run(date(2020, 1, 6)) == set()  # due 13/01: not yet within the reminder window
    assert run(date(2020, 1, 9)) == {"ack_reminder"}
    assert run(date(2020, 1, 10)) == {"ack_reminder"}  # not again
    assert run(date(2020, 1, 14)) == {"ack_reminder", "ack_overdue"}

    def qmr_kinds():
        return [
            n.kind
            for n in db.session.scalars(
                sa.select(Notification).where(Notification.user_id == world.users["qmr"].id)
            )
        ]

    assert "ack_escalated" not in qmr_kinds()
    run(date(2020, 1, 16))  # three working days overdue
    escalations = [k for k in qmr_kinds() if k == "ack_escalated"]
    run(date(2020, 1, 17))
    assert escalations and [k for k in qmr_kinds() if k == "ack_escalated"] == escalations
    reminders = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == staff.id, Notification.kind == "ack_reminder"
        )
    )
    assert reminders == 1
    assert ack_operations  # tasks were created by the notifier's own sync, no cron needed


def test_cli_command_sends_what_is_due(world, app_ctx):
    result = app_ctx.test_cli_runner().invoke(args=["qms", "send-notifications"])
    assert result.exit_code == 0 and "notifications made" in result.output
