"""The escalation ladder of corrective actions, with a moved clock: reminder before the due date,
overdue notice to the owner, then the QMR, then the head, after working-day delays."""

from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as ops
from iso_qms.audits.notices import collect_due_action_notices
from iso_qms.core.notifications import Notification, run_due_providers
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.audits.builders import make_action, make_finding, started_round

DUE = date(2020, 10, 14)  # a Wednesday; no public holiday nearby


def _on(day: date, hour: int = 7) -> datetime:
    moment = datetime.combine(day, time(hour), LOCAL_TZ)
    set_clock(moment)
    return moment


@pytest.fixture
def action(world):
    _on(date(2020, 10, 1))
    finding = make_finding(world, started_round(world))
    item = make_action(world, finding, due=DUE)
    db.session.commit()
    return item


def _sent() -> list[tuple[str, str]]:
    """The ladder's notices (not those made at the event, e.g. "you were assigned")."""
    rows = db.session.execute(
        sa.select(Notification.dedupe_key, Notification.user_id)
        .where(Notification.kind.in_(("action_reminder", "action_overdue")))
        .order_by(Notification.id)
    ).all()
    return [
        (
            key.split(":")[2] + (":" + key.split(":")[3] if key.split(":")[2] == "overdue" else ""),
            uid,
        )
        for key, uid in rows
    ]


def test_escalation_ladder_with_a_moved_clock(world, action):
    owner, qmr, head = (world.users[n].id for n in ("staff", "qmr", "head"))
    steps = [
        (date(2020, 10, 9), []),  # 3 working days before: too early
        (date(2020, 10, 12), [("remind", owner)]),  # 2 working days before
        (date(2020, 10, 14), []),  # due today: reminded already
        (date(2020, 10, 15), [("overdue:owner", owner)]),
        (date(2020, 10, 16), []),
        (date(2020, 10, 19), [("overdue:qmr", qmr)]),  # 3 working days after the due date
        (date(2020, 10, 22), []),
        (date(2020, 10, 23), [("overdue:head", head)]),  # 7 working days after
        (date(2020, 11, 2), []),  # each step notifies once
    ]
    seen: list = []
    for day, expected in steps:
        made = collect_due_action_notices(_on(day))
        assert made == len(expected), day
        seen += expected
        assert _sent() == seen, day


def test_delays_come_from_the_configuration(world, action, app_ctx):
    app_ctx.config.update(
        AUDIT_REMIND_DAYS_BEFORE=0, AUDIT_ESCALATE_QMR_AFTER=1, AUDIT_ESCALATE_HEAD_AFTER=1
    )
    try:
        assert collect_due_action_notices(_on(date(2020, 10, 13))) == 0
        assert (
            collect_due_action_notices(_on(date(2020, 10, 14))) == 1
        )  # reminder on the day itself
        assert (
            collect_due_action_notices(_on(date(2020, 10, 15))) == 3
        )  # owner, QMR and head at once
    finally:
        app_ctx.config.update(
            AUDIT_REMIND_DAYS_BEFORE=2, AUDIT_ESCALATE_QMR_AFTER=3, AUDIT_ESCALATE_HEAD_AFTER=7
        )


def test_an_approved_postponement_starts_the_ladder_again_and_done_stops_it(world, action):
    collect_due_action_notices(_on(date(2020, 10, 15)))
    request = ops.request_postponement(
        action, world.users["staff"], date(2020, 10, 30), "Chờ hướng dẫn"
    )
    ops.decide_postponement(request, world.users["qmr"], True)
    assert collect_due_action_notices(_on(date(2020, 10, 19))) == 0  # no longer overdue
    assert collect_due_action_notices(_on(date(2020, 10, 28))) == 1  # reminder for the new date
    ops.complete_action(action, world.users["staff"], "Đã làm")
    assert collect_due_action_notices(_on(date(2020, 11, 20))) == 0


def test_notices_reach_the_owner_with_a_link_and_run_from_the_cli_providers(world, action):
    made = run_due_providers(_on(date(2020, 10, 15)))
    assert made >= 1
    notice = db.session.scalar(sa.select(Notification).where(Notification.kind == "action_overdue"))
    assert (
        notice.user_id == world.users["staff"].id and notice.link == f"/audits/actions/{action.id}"
    )
    assert notice.dedupe_key == f"action:{action.id}:overdue:owner:2020-10-14"
    assert "14/10/2020" in notice.subject
