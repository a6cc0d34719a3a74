"""Rounds: the state order, the impartiality rule, editing limits, cloning."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as ops
from iso_qms.audits.models import ChecklistLine, Finding, LineResult, Round, RoundStatus
from iso_qms.core.audit import AuditEntry
from iso_qms.core.errors import EditConflict, InvalidState, PermissionDenied, ValidationFailed
from iso_qms.extensions import db
from tests.audits.builders import (
    PASSWORD,
    answer_all,
    lines_of,
    make_action,
    make_finding,
    make_round,
    reported_round,
    started_round,
    team,
)
from tests.fixtures.factories import create_procedure, create_revision, create_user

STEPS = {
    "start": lambda r, w: ops.start_round(r, w.users["iso_secretary"]),
    "report": lambda r, w: ops.report_round(r, w.users["iso_secretary"], "Tóm tắt"),
    "accept": lambda r, w: ops.accept_report(r, w.users["qmr"], PASSWORD),
    "close": lambda r, w: ops.close_round(r, w.users["qmr"]),
}
# state × step: the state after, or the error
TABLE = {
    ("planned", "start"): "in_progress",
    ("planned", "report"): InvalidState,
    ("planned", "accept"): InvalidState,
    ("planned", "close"): InvalidState,
    ("in_progress", "start"): InvalidState,
    ("in_progress", "report"): "reported",
    ("in_progress", "accept"): InvalidState,
    ("in_progress", "close"): InvalidState,
    ("reported", "start"): InvalidState,
    ("reported", "report"): InvalidState,
    ("reported", "accept"): "reported",
    ("reported", "close"): InvalidState,  # not yet accepted
    ("accepted", "accept"): InvalidState,
    ("accepted", "close"): "closed",
    ("closed", "start"): InvalidState,
    ("closed", "report"): InvalidState,
    ("closed", "close"): InvalidState,
}


def _round_in(world, state: str) -> Round:
    round_ = make_round(world)
    ops.generate_checklist(round_, world.users["iso_secretary"])
    order = ["start", "report", "accept", "close"]
    wanted = {"planned": 0, "in_progress": 1, "reported": 2, "accepted": 3, "closed": 4}[state]
    for step in order[:wanted]:
        STEPS[step](round_, world)
        if step == "start":
            answer_all(round_, world.users["inspector"])
    return round_


@pytest.mark.parametrize(("state", "step"), sorted(TABLE))
def test_round_state_order(world, state, step):
    round_ = _round_in(world, state)
    db.session.commit()
    expected = TABLE[(state, step)]
    if isinstance(expected, str):
        STEPS[step](round_, world)
        assert round_.status is RoundStatus(expected)
    else:
        with pytest.raises(expected):
            STEPS[step](round_, world)
        db.session.rollback()
        assert db.session.get(Round, round_.id).status.value == state.replace(
            "accepted", "reported"
        )


def test_each_state_change_is_in_the_audit_trail(world):
    round_ = _round_in(world, "closed")
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.object_type == "Round", AuditEntry.object_id == str(round_.id))
        .order_by(AuditEntry.seq)
    ).all()
    assert actions == [
        "round.create",
        "checklist.generate",
        "round.start",
        "round.report",
        "round.accept",
        "round.close",
    ]


def test_report_needs_a_summary_every_answer_and_a_car_for_each_nonconformity(world):
    round_ = started_round(world)
    finding = make_finding(world, round_, "nc_major")
    make_finding(world, round_, "observation")
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        ops.report_round(round_, world.users["iso_secretary"])
    assert set(refused.value.fields) == {"summary", "checklist", "findings"}
    refs = str(refused.value.fields["findings"])
    assert "TKT-01/2020-01" in refs and "TKT-01/2020-02" not in refs
    db.session.rollback()
    answer_all(round_, world.users["inspector"])
    make_action(world, finding)
    ops.report_round(round_, world.users["iso_secretary"], "Tóm tắt")
    assert round_.status is RoundStatus.reported


def test_staff_cannot_plan_and_a_mere_member_cannot_start(world):
    with pytest.raises(PermissionDenied):
        make_round(world, actor="staff")
    member = create_user(world.org, "member", "staff", "inspector")
    round_ = make_round(world, members=[(world.users["inspector"], "leader"), (member, "member")])
    with pytest.raises(PermissionDenied):
        ops.start_round(round_, member)
    ops.start_round(round_, world.users["inspector"])  # the leader may
    assert round_.status is RoundStatus.in_progress


# --- impartiality --------------------------------------------------------------------------


def _procedure(world, code="QT-HT-01", unit="Tư pháp - Hộ tịch", author="iso_secretary"):
    procedure = create_procedure(world, code=code, owner_unit=unit)
    scoped = type(world)(
        world.province,
        world.district,
        world.org,
        world.other_org,
        {**world.users, "iso_secretary": world.users[author]},
    )
    create_revision(procedure, scoped, status="approved", effective_date=date(2020, 1, 2))
    return procedure


def test_a_member_may_not_audit_their_own_units_procedure(world):
    procedure = _procedure(world)
    auditor = create_user(
        world.org,
        "hotich",
        "staff",
        "inspector",
        unit="Tư pháp - Hộ tịch",
        full_name="Nguyễn Thị Thu Hà",
    )
    before = db.session.scalar(sa.select(sa.func.count(Round.id)))
    with pytest.raises(ValidationFailed) as refused:
        make_round(world, procedures=[procedure], members=[(auditor, "leader")])
    message = str(refused.value.fields["team"])
    assert "Nguyễn Thị Thu Hà" in message and "QT-HT-01" in message
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == before


def test_unit_names_match_whatever_the_case_and_accents_of_their_spelling(world):
    procedure = _procedure(world, unit="Tư pháp - Hộ tịch")
    auditor = create_user(world.org, "hotich", "staff", "inspector", unit="tư pháp - hộ tịch")
    with pytest.raises(ValidationFailed):
        make_round(world, procedures=[procedure], members=[(auditor, "leader")])


def test_a_member_may_not_audit_a_procedure_they_wrote_a_revision_of(world):
    procedure = _procedure(world, author="iso_secretary")
    with pytest.raises(ValidationFailed) as refused:
        make_round(
            world, procedures=[procedure], members=[(world.users["iso_secretary"], "leader")]
        )
    assert "Iso_Secretary" in str(refused.value.fields["team"])


def test_changing_the_team_or_the_scope_is_checked_again(world):
    procedure = _procedure(world)
    round_ = make_round(world, procedures=[procedure])
    db.session.commit()
    with pytest.raises(ValidationFailed) as by_team:
        ops.update_round(
            round_,
            world.users["iso_secretary"],
            {
                "team": team(
                    (world.users["inspector"], "leader"), (world.users["iso_secretary"], "member")
                )
            },
        )
    assert "team" in by_team.value.fields
    db.session.rollback()
    other = _procedure(world, code="QT-VP-01", unit="Văn phòng")  # the inspector's own unit
    with pytest.raises(ValidationFailed) as by_scope:
        ops.update_round(
            round_, world.users["iso_secretary"], {"procedure_ids": [procedure.id, other.id]}
        )
    assert "procedure_ids" in by_scope.value.fields
    db.session.rollback()
    assert [p.id for p in db.session.get(Round, round_.id).procedures] == [procedure.id]


def test_a_finding_on_a_procedure_outside_the_scope_widens_it_only_if_impartial(world):
    round_ = started_round(world)
    own_unit = _procedure(world, code="QT-VP-01", unit="Văn phòng")
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        make_finding(world, round_, procedure_id=own_unit.id)
    assert "procedure_id" in refused.value.fields
    db.session.rollback()
    fine = _procedure(world, code="QT-VH-01", unit="Văn hóa - Xã hội")
    make_finding(world, db.session.get(Round, round_.id), procedure_id=fine.id)
    assert fine in db.session.get(Round, round_.id).procedures


def test_team_needs_exactly_one_leader_of_the_organisation(world):
    outsider = create_user(world.other_org, "outsider", "staff", "inspector")
    db.session.commit()
    cases = [
        [(world.users["inspector"], "member")],
        [(world.users["inspector"], "leader"), (world.users["qmr"], "leader")],
        [(outsider, "leader")],
    ]
    for members in cases:
        with pytest.raises(ValidationFailed) as refused:
            make_round(world, members=members)
        assert "team" in refused.value.fields
        db.session.rollback()


def test_bad_round_input_names_each_field(world):
    with pytest.raises(ValidationFailed) as refused:
        ops.create_round(
            world.org.id,
            world.users["iso_secretary"],
            {
                "kind": "picnic",
                "title": "",
                "start_date": date(2020, 8, 17),
                "end_date": date(2020, 8, 1),
                "areas": ["NOPE"],
                "clauses": ["11"],
                "procedure_ids": [999],
                "team": [],
            },
        )
    assert set(refused.value.fields) >= {
        "kind",
        "title",
        "end_date",
        "areas",
        "clauses",
        "procedure_ids",
        "team",
    }


def test_self_inspection_needs_an_area_and_internal_audit_a_clause_or_procedure(world):
    with pytest.raises(ValidationFailed) as no_area:
        make_round(world, areas=())
    assert "areas" in no_area.value.fields
    with pytest.raises(ValidationFailed) as no_scope:
        make_round(world, kind="internal_audit", areas=(), clauses=())
    assert "clauses" in no_scope.value.fields


# --- editing limits, conflicts, cloning ----------------------------------------------------


def test_stale_lock_version_is_a_conflict(world):
    round_ = make_round(world)
    db.session.commit()
    version = round_.lock_version
    ops.update_round(round_, world.users["iso_secretary"], {"title": "Mới"}, version)
    with pytest.raises(EditConflict):
        ops.update_round(round_, world.users["iso_secretary"], {"title": "Cũ"}, version)


def test_audit_day_is_fixed_once_started_and_everything_after_acceptance(world):
    round_ = started_round(world)
    db.session.commit()
    with pytest.raises(ValidationFailed):
        ops.update_round(round_, world.users["iso_secretary"], {"start_date": date(2020, 8, 18)})
    db.session.rollback()
    round_ = reported_round(world)
    db.session.commit()
    with pytest.raises(InvalidState):
        ops.update_round(round_, world.users["iso_secretary"], {"title": "Khác"})
    db.session.rollback()
    ops.update_round(round_, world.users["iso_secretary"], {"conclusion": "Kiến nghị"})
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    with pytest.raises(InvalidState):
        ops.update_round(round_, world.users["iso_secretary"], {"conclusion": "Khác"})


def test_cloning_keeps_scope_team_and_questions_and_resets_results(world):
    procedure = _procedure(world)
    round_ = started_round(world, procedures=[procedure])
    answer_all(round_, world.users["inspector"], LineResult.nonconform)
    make_finding(world, round_)
    clone = ops.clone_round(
        round_,
        world.users["iso_secretary"],
        {"start_date": date(2021, 8, 16), "end_date": date(2021, 8, 16)},
    )
    assert clone.status is RoundStatus.planned and clone.cloned_from_id == round_.id
    assert [m.user_id for m in clone.members] == [m.user_id for m in round_.members]
    assert clone.procedures == round_.procedures and clone.areas == round_.areas
    old, new = lines_of(round_), lines_of(clone)
    assert [line.question for line in new] == [line.question for line in old]
    assert all(line.result is None and line.note == "" for line in new)
    assert (
        db.session.scalar(sa.select(sa.func.count(Finding.id)).where(Finding.round_id == clone.id))
        == 0
    )
    assert db.session.scalar(
        sa.select(sa.func.count(ChecklistLine.id)).where(
            ChecklistLine.round_id == round_.id, ChecklistLine.result.is_not(None)
        )
    ) == len(old)


def test_an_external_inspections_corrective_action_report_is_due_two_months_after_the_record(world):
    round_ = make_round(
        world,
        kind="external_inspection",
        areas=(),
        title="Sở KH&CN kiểm tra",
        record_signed_on=date(2020, 10, 30),
    )
    assert round_.car_report_due_on == date(2020, 12, 30)
    assert make_round(world, title="Tự kiểm tra").car_report_due_on is None


def test_states_are_enforced_by_check_constraints(world):
    round_ = make_round(world)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text("UPDATE audit_rounds SET status = 'abandoned' WHERE id = :id"),
            {"id": round_.id},
        )
        db.session.flush()
    db.session.rollback()
    with pytest.raises(sa.exc.IntegrityError):  # closed without an accepted report
        db.session.execute(
            sa.text(
                "UPDATE audit_rounds SET status = 'closed', reported_at = created_at WHERE id = :id"
            ),
            {"id": round_.id},
        )
    db.session.rollback()
