"""Findings: numbering, rules by type, the closure gate, the lock after acceptance, opening a revision."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as ops
from iso_qms.audits.models import Finding, FindingStatus, FindingType
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision, RevisionStatus
from tests.audits.builders import (
    PASSWORD,
    action_in,
    answer_all,
    make_action,
    make_finding,
    make_round,
    reported_round,
    started_round,
)
from tests.fixtures.factories import create_procedure, create_revision


def test_findings_are_numbered_within_their_round(world):
    first, second = started_round(world, title="A"), started_round(world, title="B")
    numbers = [make_finding(world, r).number for r in (first, first, second, first)]
    assert numbers == [1, 2, 1, 3]


def test_findings_are_recorded_only_while_the_round_runs(world):
    round_ = make_round(world)
    with pytest.raises(InvalidState):
        make_finding(world, round_)


def test_bad_finding_input_writes_nothing(world):
    round_ = started_round(world)
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        ops.record_finding(
            round_,
            world.users["inspector"],
            {"type": "big", "description": "", "clause": "3.1", "area": "XYZ"},
        )
    assert set(refused.value.fields) == {"type", "description", "clause", "area"}
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Finding.id))) == 0


@pytest.mark.parametrize(
    ("finding_type", "needs_car"),
    [("nc_major", True), ("nc_minor", True), ("observation", False), ("ofi", False)],
)
def test_rules_by_type(world, finding_type, needs_car):
    round_ = started_round(world)
    answer_all(round_, world.users["inspector"])
    finding = make_finding(world, round_, finding_type)
    db.session.commit()
    assert finding.type.requires_action is needs_car and finding.lacks_action is needs_car
    if (
        needs_car
    ):  # the report waits for the corrective action request; closing waits for its verification
        with pytest.raises(ValidationFailed):
            ops.report_round(round_, world.users["iso_secretary"], "Tóm tắt")
        db.session.rollback()
        with pytest.raises(InvalidState):
            ops.close_finding(db.session.get(Finding, finding.id), world.users["qmr"])
    else:  # no CAR needed, and it closes without one
        ops.report_round(round_, world.users["iso_secretary"], "Tóm tắt")
        ops.close_finding(finding, world.users["qmr"])
        assert finding.status is FindingStatus.closed


def test_an_observation_may_still_have_an_action_and_then_waits_for_it(world):
    finding = make_finding(world, started_round(world), "observation")
    action = make_action(world, finding)
    assert finding.actions == [action]
    with pytest.raises(InvalidState):
        ops.close_finding(finding, world.users["qmr"])


def test_a_finding_closes_only_when_all_its_actions_are_verified_effective(world):
    finding = make_finding(world, started_round(world), "nc_major")
    first = action_in(world, "closed", finding)
    second = action_in(world, "done", finding)
    with pytest.raises(InvalidState) as refused:
        ops.close_finding(finding, world.users["qmr"])
    message = str(refused.value.message)
    assert "verified effective" in message or "xác nhận hiệu quả" in message
    ops.verify_action(second, world.users["inspector"], True, "OK")
    assert {first.status.value, second.status.value} == {"closed"}
    ops.close_finding(finding, world.users["qmr"])
    assert finding.status is FindingStatus.closed and finding.closed_at is not None


def test_a_cancelled_action_never_counts_as_done(world):
    finding = make_finding(world, started_round(world), "nc_minor")
    action_in(world, "cancelled", finding)
    with pytest.raises(InvalidState):  # an NC needs at least one action verified effective
        ops.close_finding(finding, world.users["qmr"])
    action_in(world, "closed", finding)  # a cancelled one does not block the others either
    ops.close_finding(finding, world.users["qmr"])
    assert finding.status is FindingStatus.closed


def test_only_the_qmr_closes_findings(world):
    finding = make_finding(world, started_round(world), "ofi")
    with pytest.raises(PermissionDenied):
        ops.close_finding(finding, world.users["inspector"])


def test_a_closed_finding_takes_no_new_action(world):
    finding = make_finding(world, started_round(world), "ofi")
    ops.close_finding(finding, world.users["qmr"])
    with pytest.raises(InvalidState):
        make_action(world, finding)


def test_findings_texts_lock_when_the_qmr_accepts_the_report(world):
    round_ = reported_round(world)
    finding = db.session.scalar(sa.select(Finding).where(Finding.round_id == round_.id))
    ops.update_finding(
        finding, world.users["inspector"], {"description": "Sửa trước khi chấp nhận"}
    )
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    db.session.commit()
    assert finding.is_locked
    with pytest.raises(InvalidState):
        ops.update_finding(finding, world.users["inspector"], {"description": "Sửa sau"})
    with pytest.raises(InvalidState):
        make_finding(world, round_)
    db.session.rollback()
    finding = db.session.get(Finding, finding.id)
    finding.description = "Sửa thẳng vào bảng"  # even bypassing the operation, the flush refuses
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Finding, finding.id).description == "Sửa trước khi chấp nhận"


def test_actions_still_progress_after_the_report_is_locked(world):
    round_ = reported_round(world)
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    finding = db.session.scalar(sa.select(Finding).where(Finding.round_id == round_.id))
    action = finding.actions[0]
    ops.start_action(action, world.users["staff"])
    ops.complete_action(action, world.users["staff"], "Đã làm")
    ops.verify_action(action, world.users["inspector"], True)
    ops.close_finding(finding, world.users["qmr"])
    assert finding.status is FindingStatus.closed


def test_open_a_revision_from_a_finding_on_a_procedure(world):
    procedure = create_procedure(world, owner_unit="Văn hóa - Xã hội")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    round_ = started_round(world, procedures=[procedure])
    finding = make_finding(
        world, round_, procedure_id=procedure.id, description="Bước 3 thiếu thời hạn"
    )
    with pytest.raises(PermissionDenied):  # drafting belongs to the ISO secretary and the QMR
        ops.open_revision_from_finding(finding, world.users["inspector"])
    revision = ops.open_revision_from_finding(finding, world.users["iso_secretary"])
    assert revision.status is RevisionStatus.draft and revision.procedure_id == procedure.id
    assert finding.revision_id == revision.id
    assert "01" in revision.change_summary and "Bước 3 thiếu thời hạn" in revision.change_summary
    with pytest.raises(InvalidState):
        ops.open_revision_from_finding(finding, world.users["iso_secretary"])
    no_procedure = make_finding(world, round_)
    with pytest.raises(InvalidState):
        ops.open_revision_from_finding(no_procedure, world.users["iso_secretary"])
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Revision.id)).where(
                Revision.procedure_id == procedure.id, Revision.status == RevisionStatus.draft
            )
        )
        == 1
    )


def test_finding_types_have_labels(world):
    assert {t.value for t in FindingType} == {"nc_major", "nc_minor", "observation", "ofi"}
    assert all(t.label for t in FindingType)
