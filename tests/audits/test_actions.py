"""Corrective actions: the state table (with cancelled and not-effective paths), who may do what,
postponements approved by the QMR."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as ops
from iso_qms.audits.models import ActionStatus, CorrectiveAction, PostponementStatus
from iso_qms.core.audit import AuditEntry
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from tests.audits.builders import action_in, make_action, make_finding, started_round

ACTIONS = {
    "start": lambda a, w: ops.start_action(a, w.users["staff"]),
    "complete": lambda a, w: ops.complete_action(a, w.users["staff"], "Đã cập nhật sổ."),
    "effective": lambda a, w: ops.verify_action(a, w.users["inspector"], True, "Đạt"),
    "not_effective": lambda a, w: ops.verify_action(
        a, w.users["inspector"], False, "Sổ vẫn thiếu."
    ),
    "cancel": lambda a, w: ops.cancel_action(a, w.users["qmr"], "Không còn cần thiết."),
    "postpone": lambda a, w: ops.request_postponement(
        a, w.users["staff"], a.due_date + timedelta(days=7), "Chờ hướng dẫn"
    ),
}
STATES = ("planned", "in_progress", "done", "closed", "cancelled")
# state × action: the state after, or the error
TABLE = {
    ("planned", "start"): "in_progress",
    ("planned", "complete"): "done",
    ("planned", "effective"): InvalidState,
    ("planned", "not_effective"): InvalidState,
    ("planned", "cancel"): "cancelled",
    ("planned", "postpone"): "planned",
    ("in_progress", "start"): InvalidState,
    ("in_progress", "complete"): "done",
    ("in_progress", "effective"): InvalidState,
    ("in_progress", "cancel"): "cancelled",
    ("in_progress", "postpone"): "in_progress",
    ("done", "start"): InvalidState,
    ("done", "complete"): InvalidState,
    ("done", "effective"): "closed",
    ("done", "not_effective"): "in_progress",
    ("done", "cancel"): "cancelled",
    ("done", "postpone"): InvalidState,
    ("closed", "start"): InvalidState,
    ("closed", "complete"): InvalidState,
    ("closed", "effective"): InvalidState,
    ("closed", "not_effective"): InvalidState,
    ("closed", "cancel"): InvalidState,
    ("closed", "postpone"): InvalidState,
    ("cancelled", "start"): InvalidState,
    ("cancelled", "complete"): InvalidState,
    ("cancelled", "effective"): InvalidState,
    ("cancelled", "cancel"): InvalidState,
    ("cancelled", "postpone"): InvalidState,
}


@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_action_state_table(world, state, action):
    item = action_in(world, state)
    db.session.commit()
    expected = TABLE[(state, action)]
    if isinstance(expected, str):
        ACTIONS[action](item, world)
        assert item.status is ActionStatus(expected)
    else:
        with pytest.raises(expected):
            ACTIONS[action](item, world)
        db.session.rollback()
        assert db.session.get(CorrectiveAction, item.id).status is ActionStatus(state)


def test_not_effective_reopens_with_the_reason_and_an_optional_new_due_date(world):
    item = action_in(world, "done")
    new_due = today() + timedelta(days=30)
    ops.verify_action(item, world.users["inspector"], False, "Sổ vẫn thiếu cột ngày trả.", new_due)
    assert item.status is ActionStatus.in_progress and item.reopened_count == 1
    assert item.due_date == new_due and item.completed_at is None
    assert [(v.effective, v.note) for v in item.verifications] == [
        (False, "Sổ vẫn thiếu cột ngày trả.")
    ]
    ops.complete_action(item, world.users["staff"], "Đã bổ sung cột.")
    ops.verify_action(item, world.users["qmr"], True)
    assert item.status is ActionStatus.closed and [v.effective for v in item.verifications] == [
        False,
        True,
    ]
    with pytest.raises(ValidationFailed):  # "not effective" needs the reason
        ops.verify_action(action_in(world, "done"), world.users["inspector"], False, "")


def test_the_owner_cannot_verify_their_own_action(world):
    finding = make_finding(world, started_round(world))
    item = make_action(world, finding, owner="inspector")
    ops.complete_action(item, world.users["inspector"], "Đã làm")
    with pytest.raises(PermissionDenied) as refused:
        ops.verify_action(item, world.users["inspector"], True)
    message = str(refused.value.message).lower()
    assert "owner" in message or "người thực hiện" in message
    with pytest.raises(PermissionDenied):  # nor may someone who is neither inspector nor QMR
        ops.verify_action(item, world.users["iso_secretary"], True)
    ops.verify_action(item, world.users["qmr"], True)
    assert item.status is ActionStatus.closed and item.verified_by_id == world.users["qmr"].id


def test_only_the_owner_reports_done_and_with_evidence(world):
    item = action_in(world, "in_progress")
    with pytest.raises(PermissionDenied):
        ops.complete_action(item, world.users["inspector"], "Thay mặt")
    with pytest.raises(ValidationFailed) as no_evidence:
        ops.complete_action(item, world.users["staff"], "  ")
    assert "evidence" in no_evidence.value.fields


def test_a_root_cause_is_needed_before_reporting_done(world):
    finding = make_finding(world, started_round(world))
    item = make_action(world, finding, whys=[], root_cause="")
    with pytest.raises(ValidationFailed) as refused:
        ops.complete_action(item, world.users["staff"], "Đã làm")
    assert "root_cause" in refused.value.fields
    ops.update_action(item, world.users["inspector"], {"whys": ["Vì sao 1", "Vì sao 2"]})
    ops.complete_action(item, world.users["staff"], "Đã làm")
    assert item.whys == ["Vì sao 1", "Vì sao 2"]


def test_bad_action_input_names_each_field(world):
    finding = make_finding(world, started_round(world))
    with pytest.raises(ValidationFailed) as refused:
        ops.create_action(
            finding,
            world.users["inspector"],
            {"action": "", "owner_id": 9999, "due_date": date(2019, 1, 1), "whys": ["a"] * 8},
        )
    assert set(refused.value.fields) == {"action", "owner_id", "due_date", "whys"}


def test_only_the_qmr_cancels_and_a_reason_is_needed(world):
    item = action_in(world, "planned")
    with pytest.raises(PermissionDenied):
        ops.cancel_action(item, world.users["inspector"], "x")
    with pytest.raises(ValidationFailed):
        ops.cancel_action(item, world.users["qmr"], "")


def test_a_later_due_date_goes_through_a_postponement(world):
    item = action_in(world, "in_progress")
    db.session.commit()
    with pytest.raises(ValidationFailed):
        ops.update_action(
            item, world.users["inspector"], {"due_date": item.due_date + timedelta(days=3)}
        )
    db.session.rollback()
    ops.update_action(
        item, world.users["inspector"], {"due_date": item.due_date - timedelta(days=1)}
    )


def test_postponement_needs_the_qmrs_approval_and_stays_in_the_history(world):
    item = action_in(world, "in_progress")
    old_due = item.due_date
    with pytest.raises(ValidationFailed) as refused:
        ops.request_postponement(item, world.users["staff"], old_due, "")
    assert set(refused.value.fields) == {"due_date", "reason"}
    first = ops.request_postponement(
        item, world.users["staff"], old_due + timedelta(days=10), "Chờ mẫu mới"
    )
    assert item.due_date == old_due  # nothing moves before the QMR decides
    with pytest.raises(InvalidState):  # one request at a time
        ops.request_postponement(
            item, world.users["staff"], old_due + timedelta(days=20), "Lần nữa"
        )
    with pytest.raises(PermissionDenied):
        ops.decide_postponement(first, world.users["inspector"], True)
    ops.decide_postponement(first, world.users["qmr"], False, "Không có lý do chính đáng")
    assert item.due_date == old_due and first.status is PostponementStatus.rejected
    second = ops.request_postponement(
        item, world.users["staff"], old_due + timedelta(days=20), "Chờ huyện"
    )
    ops.decide_postponement(second, world.users["qmr"], True)
    assert item.due_date == old_due + timedelta(days=20)
    assert [(p.status, p.old_due_date, p.new_due_date) for p in item.postponements] == [
        (PostponementStatus.rejected, old_due, old_due + timedelta(days=10)),
        (PostponementStatus.approved, old_due, old_due + timedelta(days=20)),
    ]
    with pytest.raises(InvalidState):
        ops.decide_postponement(second, world.users["qmr"], False)
    trail = db.session.scalars(
        sa.select(AuditEntry.action).where(
            AuditEntry.object_type == "CorrectiveAction", AuditEntry.object_id == str(item.id)
        )
    ).all()
    assert trail.count("action.postpone_request") == 2
    assert "postponement.reject" in trail and "postponement.approve" in trail


def test_overdue_means_open_and_past_its_due_date(world):
    item = action_in(world, "in_progress")
    assert not item.is_overdue(item.due_date) and item.is_overdue(item.due_date + timedelta(days=1))
    done = action_in(world, "done")
    assert not done.is_overdue(done.due_date + timedelta(days=1))


def test_nobody_asks_a_postponement_for_someone_elses_action(world):
    """Issue 12, case 9: an inspector cannot ask more time on the owner's behalf."""
    item = action_in(world, "in_progress")
    with pytest.raises(PermissionDenied):
        ops.request_postponement(
            item, world.users["inspector"], item.due_date + timedelta(days=7), "Thay mặt"
        )
    assert item.postponements == []


def test_the_qmr_cannot_grant_themself_a_postponement_the_head_decides(world):
    """Issue 12, case 9: the QMR owning an action asks; the head, not the QMR, decides."""
    from tests.audits.builders import make_action, make_finding, started_round

    item = make_action(world, make_finding(world, started_round(world)), owner="qmr")
    ops.start_action(item, world.users["qmr"])
    request = ops.request_postponement(
        item, world.users["qmr"], item.due_date + timedelta(days=7), "Chờ hướng dẫn"
    )
    with pytest.raises(PermissionDenied):
        ops.decide_postponement(request, world.users["qmr"], True)
    assert request.status is PostponementStatus.pending
    ops.decide_postponement(request, world.users["head"], True)
    assert request.status is PostponementStatus.approved
