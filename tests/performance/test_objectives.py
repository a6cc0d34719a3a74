"""Quality objectives (6.2): drafted, approved by the QMR with the e-signature (a wrong password
counts toward the lock-out), changed after approval only as a new version; the status per period
from a metric or from typed values; the plan's actions; the procedure below its on-time objective
and the QMR's one-step finding; the management review's new inputs, frozen when it is held."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.audits import operations as audit_ops
from iso_qms.audits.models import CorrectiveAction, Finding, FindingSource
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.performance import objectives as ops
from iso_qms.performance.objective_flags import flagged_procedures, open_monitoring_finding
from iso_qms.performance.objective_models import ObjectiveStatus, ObjectiveVersion, QualityObjective
from iso_qms.performance.objective_status import standing
from iso_qms.procedures.operations import WrongPassword
from tests.fixtures.factories import PASSWORD, create_procedure
from tests.performance.dossier_rows import at, dossier, insert


def objective_data(world, **extra) -> dict:
    data = {
        "year": 2020,
        "text": "100% hồ sơ giải quyết đúng hạn",
        "indicator": "Tỷ lệ hồ sơ giải quyết trước và đúng hạn",
        "target": {"op": "≥", "value": 100, "unit": "%"},
        "metric": "on_time_rate",
        "owner_id": world.users["iso_secretary"].id,
    }
    return {**data, **extra}


def make_objective(world, approve: bool = True, **extra) -> QualityObjective:
    objective = ops.create_objective(
        world.org.id, world.users["iso_secretary"], objective_data(world, **extra)
    )
    if approve:
        ops.approve_objective(objective, world.users["qmr"], PASSWORD)
    db.session.flush()
    return objective


def _dossiers(world, procedure, late: int = 1, on_time: int = 3) -> None:
    rows = []
    for n in range(on_time):
        rows.append(
            dossier(
                world.org.id,
                f"OK-{n}",
                at(2020, 3, 2),
                at(2020, 3, 5, 17),
                returned=at(2020, 3, 4),
                procedure_id=procedure.id,
            )
        )
    for n in range(late):
        rows.append(
            dossier(
                world.org.id,
                f"LATE-{n}",
                at(2020, 3, 2),
                at(2020, 3, 5, 17),
                returned=at(2020, 3, 9),
                procedure_id=procedure.id,
                apology_ref=f"0{n + 1}/PXL",
            )
        )
    insert(rows)


# --- drafting, signing, versions -------------------------------------------------------


def test_a_new_objective_is_a_draft_numbered_within_its_year(world):
    first = make_objective(world, approve=False)
    second = make_objective(world, approve=False, text="100% CBCC xác nhận đọc quy trình")
    assert [first.reference, second.reference] == ["MTCL-01/2020", "MTCL-02/2020"]
    assert first.latest.status is ObjectiveStatus.draft and first.in_force() is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "  "}, "text"),
        ({"indicator": ""}, "indicator"),
        ({"target": {"op": ">>", "value": 1}}, "target"),
        ({"target": {"op": "≥", "value": "nhiều"}}, "target"),
        ({"target": {"op": "≥", "value": float("nan")}}, "target"),
        ({"target": "95%"}, "target"),
        ({"metric": "khong_co"}, "metric"),
        ({"owner_id": 999999}, "owner_id"),
        ({"year": 1800}, "year"),
        ({"frequency": "weekly"}, "frequency"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_written(world, change, field):
    with pytest.raises(ValidationFailed) as refused:
        ops.create_objective(
            world.org.id, world.users["iso_secretary"], objective_data(world, **change)
        )
    assert field in refused.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(QualityObjective.id))) == 0


def test_another_organisations_person_cannot_own_an_objective(world):
    other = db.session.scalar(sa.select(User).where(User.organisation_id == world.other_org.id))
    with pytest.raises(ValidationFailed):
        ops.create_objective(
            world.org.id, world.users["qmr"], objective_data(world, owner_id=other.id)
        )


@pytest.mark.parametrize("role", ["staff", "inspector", "head"])
def test_only_the_iso_secretary_and_the_qmr_draft_objectives(world, role):
    with pytest.raises(PermissionDenied):
        ops.create_objective(world.org.id, world.users[role], objective_data(world))


def test_the_qmr_signs_with_the_password_the_content_hash_and_the_time(world):
    set_clock(datetime(2020, 1, 6, 9, 0, tzinfo=LOCAL_TZ))
    objective = make_objective(world)
    version = objective.in_force()
    assert version.status is ObjectiveStatus.approved and version.password_confirmed
    assert version.signer_name == world.users["qmr"].full_name
    assert version.approved_at.astimezone(LOCAL_TZ).date() == date(2020, 1, 6)
    assert version.content_sha256 == ops.content_hash(version) and len(version.content_sha256) == 64
    assert list(ops.check_signatures()) == []


def test_a_wrong_password_refuses_the_signature_and_counts_toward_the_lock_out(world):
    objective = make_objective(world, approve=False)
    qmr = world.users["qmr"]
    before = qmr.failed_logins or 0
    with pytest.raises(WrongPassword):
        ops.approve_objective(objective, qmr, "sai-mat-khau")
    db.session.refresh(qmr)
    assert qmr.failed_logins == before + 1
    assert objective.draft is not None and objective.in_force() is None


@pytest.mark.parametrize("role", ["iso_secretary", "head", "staff"])
def test_only_the_qmr_approves(world, role):
    objective = make_objective(world, approve=False)
    with pytest.raises(PermissionDenied):
        ops.approve_objective(objective, world.users[role], PASSWORD)


def test_a_change_after_approval_is_a_new_version_and_the_signed_one_stays(world):
    objective = make_objective(world)
    signed = objective.in_force()
    with pytest.raises(ValidationFailed) as refused:  # why it changes is required
        ops.update_objective(
            objective,
            world.users["iso_secretary"],
            {"target": {"op": "≥", "value": 95, "unit": "%"}},
        )
    assert "change_note" in refused.value.fields
    new = ops.update_objective(
        objective,
        world.users["iso_secretary"],
        {"target": {"op": "≥", "value": 95, "unit": "%"}, "change_note": "Theo chỉ tiêu 3.5.2"},
    )
    assert (new.version, new.status, new.target_value) == (2, ObjectiveStatus.draft, 95)
    assert objective.in_force() is signed and signed.target_value == 100
    with pytest.raises(InvalidState):  # one draft at a time: the second change edits it
        ops.check_can_approve(make_objective(world), world.users["qmr"])
    ops.approve_objective(objective, world.users["qmr"], PASSWORD)
    assert objective.in_force().version == 2 and signed.status is ObjectiveStatus.approved


def test_a_signed_version_cannot_be_edited_behind_the_operations(world):
    objective = make_objective(world)
    objective.in_force().target_value = 50
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_qms_verify_names_a_signed_version_whose_content_was_changed(world):
    objective = make_objective(world)
    version_id = objective.in_force().id
    db.session.commit()
    db.session.execute(
        sa.update(ObjectiveVersion).where(ObjectiveVersion.id == version_id).values(text="khác")
    )
    db.session.expire_all()
    assert [m.kind for m in ops.check_signatures()] == ["objective"]


# --- status per period ----------------------------------------------------------------


def test_no_imported_dossiers_is_no_data_not_zero(world):
    result = standing(make_objective(world), date(2020, 6, 30))
    assert (result.value, result.achieved, result.state) == (None, None, "no_data")


def test_status_from_the_metric_not_yet_then_not_achieved_with_the_monthly_trend(world):
    procedure = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    _dossiers(world, procedure, late=1, on_time=3)
    objective = make_objective(world)
    mid = standing(objective, date(2020, 6, 30))
    assert mid.value == 75.0 and mid.achieved is False and mid.state == "not_yet"
    assert [s.label for s in mid.trend] == [f"{m:02d}/2020" for m in range(1, 7)]
    assert [s.value for s in mid.trend][:4] == [None, None, 75.0, None]
    assert mid.trend[2].met is False
    assert standing(objective, date(2020, 12, 31)).state == "not_achieved"
    relaxed = make_objective(world, target={"op": "≥", "value": 75, "unit": "%"})
    assert standing(relaxed, date(2020, 6, 30)).state == "achieved"


def test_status_from_typed_values_follows_the_as_of_rule(world):
    objective = make_objective(
        world, metric="manual", text="100% CBCC xác nhận đọc quy trình", frequency="quarter"
    )
    secretary = world.users["iso_secretary"]
    with pytest.raises(ValidationFailed) as refused:
        ops.record_value(
            objective,
            secretary,
            {"period_start": date(2020, 1, 1), "period_end": date(2020, 3, 31), "value": 90},
        )
    assert "evidence" in refused.value.fields
    set_clock(datetime(2020, 4, 2, 9, 0, tzinfo=LOCAL_TZ))
    ops.record_value(
        objective,
        secretary,
        {
            "period_start": date(2020, 1, 1),
            "period_end": date(2020, 3, 31),
            "value": 90,
            "evidence": "Sổ theo dõi đọc quy trình quý I",
        },
    )
    set_clock(datetime(2020, 7, 3, 9, 0, tzinfo=LOCAL_TZ))
    ops.record_value(
        objective,
        secretary,
        {
            "period_start": date(2020, 4, 1),
            "period_end": date(2020, 6, 30),
            "value": 100,
            "evidence": "Sổ quý II",
        },
    )
    set_clock(None)
    early = standing(objective, date(2020, 5, 1))
    assert (early.value, early.state) == (90, "not_yet")
    later = standing(objective, date(2020, 7, 10))
    assert (later.value, later.state) == (100, "achieved")
    assert [(s.label, s.value) for s in later.trend] == [
        ("Q1/2020", 90),
        ("Q2/2020", 100),
        ("Q3/2020", None),
    ]


def test_a_computed_objective_takes_no_typed_value(world):
    with pytest.raises(InvalidState):
        ops.record_value(make_objective(world), world.users["qmr"], {"value": 1})


def test_a_value_outside_the_year_or_not_yet_over_is_refused(world):
    objective = make_objective(world, metric="manual")
    with pytest.raises(ValidationFailed) as refused:
        ops.record_value(
            objective,
            world.users["qmr"],
            {
                "period_start": date(2021, 1, 1),
                "period_end": date(2021, 1, 31),
                "value": 1,
                "evidence": "x",
            },
        )
    assert "period_start" in refused.value.fields


# --- the plan ---------------------------------------------------------------------------


def test_plan_actions_reuse_the_corrective_action_machinery(world):
    objective = make_objective(world)
    action = ops.add_plan_action(
        objective,
        world.users["iso_secretary"],
        {
            "action": "Rà soát quy trình hộ tịch",
            "owner_id": world.users["staff"].id,
            "due_date": date(2099, 3, 31),
        },
    )
    assert action.reference == "MTCL-01/2020.1" and action.objective_id == objective.id
    assert action.finding_id is None and action.review_id is None
    audit_ops.start_action(action, world.users["staff"])
    assert action.status.value == "in_progress"


# --- the flag and the one-step finding --------------------------------------------------


def test_a_procedure_below_the_on_time_objective_is_flagged_and_the_qmr_opens_a_finding(world):
    late_one = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    fine = create_procedure(world, "QT-CT-01", field="Chứng thực")
    _dossiers(world, late_one, late=1, on_time=3)
    insert(
        [
            dossier(
                world.org.id,
                "CT-1",
                at(2020, 3, 2),
                at(2020, 3, 5, 17),
                returned=at(2020, 3, 3),
                procedure_id=fine.id,
            )
        ]
    )
    objective = make_objective(world)
    flags = flagged_procedures(world.org.id, 2020, date(2020, 9, 14))
    assert [(f["code"], f["on_time_percent"]) for f in flags] == [("QT-HT-01", 75.0)]
    assert flags[0]["objective"] is objective
    with pytest.raises(PermissionDenied):
        open_monitoring_finding(late_one, world.users["iso_secretary"], 2020)
    finding = open_monitoring_finding(late_one, world.users["qmr"], 2020)
    assert finding.round_id is None and finding.source is FindingSource.monitoring
    assert finding.reference == "TDĐL-01/2020" and finding.procedure_id == late_one.id
    assert [a.reference for a in finding.actions] == ["TDĐL-01/2020.1"]
    assert finding.actions[0].owner_id == world.users["iso_secretary"].id
    with pytest.raises(InvalidState):
        open_monitoring_finding(late_one, world.users["qmr"], 2020)
    with pytest.raises(InvalidState):  # meets its objective: nothing to open
        open_monitoring_finding(fine, world.users["qmr"], 2020)
    assert flagged_procedures(world.org.id, 2020, date(2020, 9, 14))[0]["finding"] is finding


def test_round_findings_keep_their_numbers_beside_monitoring_ones(world):
    from tests.audits.builders import audit_objects

    procedure = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    ids = audit_objects(
        world, world.org, world.users["iso_secretary"], world.users["qmr"], procedure
    )
    round_finding = db.session.get(Finding, ids["finding_id"])
    reference = round_finding.reference
    _dossiers(world, procedure)
    make_objective(world)
    monitoring = open_monitoring_finding(procedure, world.users["qmr"], 2020)
    db.session.expire_all()
    assert db.session.get(Finding, ids["finding_id"]).reference == reference
    assert monitoring.reference == "TDĐL-01/2020"
    listed = db.session.scalars(audit_ops_findings_query(world.org.id)).unique().all()
    assert {f.id for f in listed} >= {round_finding.id, monitoring.id}


def audit_ops_findings_query(org_id):
    from iso_qms.audits.queries import findings_query

    return findings_query(org_id)


def test_the_database_refuses_a_finding_without_round_or_year(world):
    finding = Finding(
        organisation_id=world.org.id,
        round_id=None,
        source=FindingSource.audit,
        number=1,
        type="nc_minor",
        description="x",
    )
    db.session.add(finding)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_an_action_with_two_sources(world):
    objective = make_objective(world)
    review = audit_ops.create_review(
        world.org.id, world.users["qmr"], {"title": "XXLĐ", "held_on": date(2020, 12, 28)}
    )
    db.session.add(
        CorrectiveAction(
            organisation_id=world.org.id,
            objective_id=objective.id,
            review_id=review.id,
            number=1,
            action="x",
            owner_id=world.users["staff"].id,
            due_date=date(2020, 12, 31),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- the management review's inputs ------------------------------------------------------


def test_the_review_pack_gains_the_measurement_inputs_and_freezes_them(world):
    from iso_qms.audits.queries import review_input_pack

    procedure = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    _dossiers(world, procedure, late=1, on_time=3)
    make_objective(world)
    review = audit_ops.create_review(
        world.org.id, world.users["qmr"], {"title": "Xem xét 2020", "held_on": date(2020, 12, 28)}
    )
    pack = review_input_pack(review)
    assert [(o["reference"], o["value"], o["achieved"]) for o in pack["objectives"]] == [
        ("MTCL-01/2020", 75.0, False)
    ]
    assert pack["process_performance"]["received"] == 4 and pack["process_performance"]["late"] == 1
    assert pack["process_performance"]["below_target"][0]["code"] == "QT-HT-01"
    assert [n["code"] for n in pack["nonconforming_outputs"]] == ["LATE-0"]
    assert pack["nonconforming_outputs"][0]["apology"]["ref"] == "01/PXL"
    assert pack["risk_actions"]["actions"] == 0  # no action on a risk was due: no data, not 0%
    assert pack["risk_actions"]["summary"] == "chưa có dữ liệu"
    audit_ops.hold_review(review, world.users["qmr"], "Đã họp.")
    db.session.commit()
    insert(
        [
            dossier(
                world.org.id,
                "LATE-X",
                at(2020, 4, 1),
                at(2020, 4, 3, 17),
                returned=at(2020, 4, 10),
                procedure_id=procedure.id,
            )
        ]
    )
    db.session.commit()
    db.session.expire_all()
    frozen = db.session.get(type(review), review.id).input_pack
    assert frozen["process_performance"]["received"] == 4
    assert len(frozen["nonconforming_outputs"]) == 1


def test_a_pack_without_dossiers_says_no_data(world):
    from iso_qms.audits.queries import review_input_pack

    review = audit_ops.create_review(
        world.org.id, world.users["qmr"], {"title": "Xem xét", "held_on": date(2020, 12, 28)}
    )
    pack = review_input_pack(review)
    assert pack["objectives"] == [] and pack["process_performance"]["has_data"] is False
    assert pack["process_performance"]["on_time_percent"] is None


def test_the_pack_counts_the_actions_on_risks_due_in_the_year_as_they_stood(world):
    from iso_qms.audits.queries import review_input_pack
    from tests.performance.risk_builders import finish, make_risk, make_risk_action

    set_clock(datetime(2020, 10, 1, 9, tzinfo=LOCAL_TZ))
    try:
        risk = make_risk(world)
        done = make_risk_action(world, risk, due=date(2020, 10, 31))
        make_risk_action(world, risk, due=date(2020, 11, 30), action="Số hóa sổ hộ tịch")
        set_clock(datetime(2020, 10, 20, 9, tzinfo=LOCAL_TZ))
        finish(world, done)
        set_clock(datetime(2020, 12, 28, 9, tzinfo=LOCAL_TZ))
        review = audit_ops.create_review(
            world.org.id, world.users["qmr"], {"title": "XXLĐ 2020", "held_on": date(2020, 12, 28)}
        )
        pack = review_input_pack(review)
    finally:
        set_clock(None)
    figures = pack["risk_actions"]
    assert (figures["actions"], figures["risks"]) == (2, 1)
    assert (figures["done_on_time"], figures["open"], figures["overdue"]) == (1, 1, 1)
    assert (figures["verified_effective"], figures["on_time_percent"]) == (1, 50)
    assert figures["summary"] != "chưa có dữ liệu"
