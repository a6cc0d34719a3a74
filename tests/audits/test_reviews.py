"""Management review: the input pack from the records, held (pack frozen), decisions as tracked
actions; annual duties."""

from datetime import date, datetime, time, timedelta

import pytest

from iso_qms.audits import operations as ops
from iso_qms.audits.models import ActionStatus, ReviewStatus
from iso_qms.audits.queries import annual_duties, review_input_pack
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import LOCAL_TZ, set_clock, today
from iso_qms.extensions import db
from tests.audits.builders import (
    PASSWORD,
    action_in,
    make_finding,
    make_round,
    reported_round,
    started_round,
)
from tests.fixtures.factories import create_procedure, create_revision


def _review(world, held_on: date, title: str = "Xem xét của lãnh đạo"):
    return ops.create_review(
        world.org.id,
        world.users["qmr"],
        {
            "title": title,
            "held_on": held_on,
            "chair_id": world.users["head"].id,
            "participant_ids": [world.users[n].id for n in ("head", "qmr", "iso_secretary")],
        },
    )


def test_the_input_pack_is_generated_from_the_records(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 3, 2))
    round_ = reported_round(world)  # audit day 17/08/2020, one minor NC with its action
    finding = make_finding(world, started_round(world, title="Đợt 2"), "observation")
    action_in(world, "closed", finding)
    review = _review(world, date(2020, 12, 28))
    pack = review_input_pack(review)
    assert pack["period"] == {"from": "2020-01-01", "to": "2020-12-28"}
    assert {a["id"] for a in pack["audits"]} == {round_.id, finding.round_id}
    assert (
        pack["findings"]["by_type"]["nc_minor"] == 1
        and pack["findings"]["by_type"]["observation"] == 1
    )
    assert pack["actions"]["closed"] == 1 and pack["actions"]["planned"] == 1
    assert (
        pack["actions"]["verified_effective"] == 0
    )  # it was verified today, after the review's period
    assert [c["code"] for c in pack["procedure_changes"]] == ["QT-HT-01"]
    assert "acknowledgement" in pack and pack["legal_updates_due"] == []


def test_holding_freezes_the_pack_and_decisions_become_tracked_actions(world):
    review = _review(world, today())
    with pytest.raises(InvalidState):
        ops.add_review_decision(review, world.users["qmr"], {"action": "x"})
    with pytest.raises(ValidationFailed):
        ops.hold_review(review, world.users["qmr"], "")
    ops.hold_review(review, world.users["qmr"], "HTQLCL phù hợp; cần số hóa sổ theo dõi.")
    assert (
        review.status is ReviewStatus.held
        and review.input_pack["period"]["to"] == today().isoformat()
    )
    frozen = dict(review.input_pack)
    reported_round(world)  # later records do not change what the review saw
    assert review.input_pack == frozen
    decision = ops.add_review_decision(
        review,
        world.users["qmr"],
        {
            "action": "Số hóa sổ theo dõi ý kiến chỉ đạo",
            "owner_id": world.users["staff"].id,
            "due_date": today() + timedelta(days=30),
        },
    )
    assert decision.review_id == review.id and decision.finding_id is None and decision.number == 1
    assert decision.status is ActionStatus.planned and review.decisions == [decision]
    ops.complete_action(
        decision, world.users["staff"], "Đã chuyển lên phần mềm"
    )  # no root cause needed
    with pytest.raises(InvalidState):
        ops.hold_review(review, world.users["qmr"], "Lần nữa")
    with pytest.raises(InvalidState):
        ops.update_review(review, world.users["qmr"], {"title": "Khác"})


def test_a_review_cannot_be_held_before_its_date_and_staff_cannot_plan_one(world):
    review = _review(world, today() + timedelta(days=3))
    with pytest.raises(ValidationFailed) as refused:
        ops.hold_review(review, world.users["qmr"], "Kết luận")
    assert "held_on" in refused.value.fields
    with pytest.raises(PermissionDenied):
        ops.create_review(world.org.id, world.users["staff"], {"title": "X", "held_on": today()})


def test_the_next_pack_starts_after_the_previous_review_and_lists_its_decisions(world):
    set_clock(datetime.combine(date(2020, 6, 30), time(9), LOCAL_TZ))
    first = _review(world, date(2020, 6, 30), "Giữa năm")
    ops.hold_review(first, world.users["qmr"], "Kết luận giữa năm")
    ops.add_review_decision(
        first,
        world.users["qmr"],
        {
            "action": "Ban hành kế hoạch đánh giá nội bộ",
            "owner_id": world.users["iso_secretary"].id,
            "due_date": date(2020, 9, 30),
        },
    )
    second = _review(world, date(2020, 12, 28), "Cuối năm")
    pack = review_input_pack(second)
    assert pack["period"]["from"] == "2020-07-01"
    assert [(d["action"], d["status"]) for d in pack["previous_decisions"]] == [
        ("Ban hành kế hoạch đánh giá nội bộ", "planned")
    ]


def test_annual_duties_flag_a_missing_internal_audit_or_management_review(world):
    duties = annual_duties(world.org.id, 2020)
    assert duties["missing"] == ["internal_audit", "management_review"]
    round_ = make_round(
        world, kind="internal_audit", areas=(), clauses=("9",), start=date(2020, 11, 23)
    )
    make_round(world, start=date(2020, 8, 17))  # a self-inspection does not count
    duties = annual_duties(world.org.id, 2020)
    assert duties["internal_audit"]["planned"] and not duties["internal_audit"]["held"]
    ops.generate_checklist(round_, world.users["iso_secretary"])
    ops.start_round(round_, world.users["iso_secretary"])
    from tests.audits.builders import answer_all

    answer_all(round_, world.users["inspector"])
    ops.report_round(round_, world.users["iso_secretary"], "Tóm tắt")
    set_clock(datetime.combine(date(2020, 12, 28), time(15), LOCAL_TZ))
    ops.hold_review(_review(world, date(2020, 12, 28)), world.users["qmr"], "Kết luận")
    duties = annual_duties(world.org.id, 2020)
    assert duties["internal_audit"]["held"] and duties["management_review"]["held"]
    assert duties["missing"] == []
    assert annual_duties(world.org.id, 2021)["missing"] == ["internal_audit", "management_review"]
    assert annual_duties(world.other_org.id, 2020)["missing"] == [
        "internal_audit",
        "management_review",
    ]
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    assert db.session.get(type(round_), round_.id).is_accepted
