"""Risks and opportunities (6.1): levels by the organisation's thresholds, bad input refused with
nothing written, who may keep the register, actions through the corrective-action machinery, and
the effectiveness of those actions over a period."""

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as audit_ops
from iso_qms.audits.models import CorrectiveAction
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import LOCAL_TZ, set_clock, today
from iso_qms.extensions import db
from iso_qms.performance import risks
from iso_qms.performance.risk_models import Risk, RiskLevel, RiskSettings, RiskStatus
from tests.fixtures.factories import create_procedure
from tests.performance.risk_builders import finish, make_risk, make_risk_action, risk_data


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize(
    ("score", "level"),
    [(1, "low"), (4, "low"), (5, "medium"), (12, "medium"), (15, "high"), (25, "high")],
)
def test_levels_at_the_default_thresholds(score, level):
    assert risks.level_of(score, (4, 12)) is RiskLevel(level)


def test_an_organisation_without_settings_has_the_default_thresholds(world):
    assert risks.thresholds(world.org.id) == (4, 12)


def test_changed_thresholds_relevel_the_register_at_once(world):
    risk = make_risk(world, likelihood=2, impact=3)  # 6
    assert risks.level_of(risk.score, risks.thresholds(world.org.id)) is RiskLevel.medium
    risks.set_thresholds(world.org.id, world.users["admin"], {"low_max": 6, "medium_max": 9})
    limits = risks.thresholds(world.org.id)
    assert limits == (6, 9)
    assert risks.level_of(6, limits) is RiskLevel.low
    assert risks.level_of(9, limits) is RiskLevel.medium
    assert risks.level_of(10, limits) is RiskLevel.high
    assert risks.thresholds(world.other_org.id) == (4, 12)


@pytest.mark.parametrize(
    "data",
    [
        {"low_max": 0, "medium_max": 12},
        {"low_max": 12, "medium_max": 12},
        {"low_max": 4, "medium_max": 25},
    ],
)
def test_impossible_thresholds_are_refused(world, data):
    with pytest.raises(ValidationFailed):
        risks.set_thresholds(world.org.id, world.users["qmr"], data)
    assert _count(RiskSettings) == 0


@pytest.mark.parametrize("role", ["staff", "iso_secretary", "inspector", "head"])
def test_only_the_admin_and_the_qmr_set_the_thresholds(world, role):
    with pytest.raises(PermissionDenied):
        risks.set_thresholds(world.org.id, world.users[role], {"low_max": 5, "medium_max": 10})


def test_a_risk_is_numbered_within_its_kind(world):
    first = make_risk(world)
    second = make_risk(world, actor="iso_secretary")
    opportunity = make_risk(
        world,
        kind="opportunity",
        treatment="exploit",
        description="Mở rộng dịch vụ công trực tuyến mức độ 4",
    )
    assert [first.reference, second.reference, opportunity.reference] == ["RR-01", "RR-02", "CH-01"]
    assert first.score == 12 and first.status is RiskStatus.open


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": 0}, "impact"),
        ({"impact": 6}, "impact"),
        ({"impact": True}, "impact"),
        ({"impact": 2.5}, "impact"),
        ({"description": ""}, "description"),
        ({"description": "x" * 2001}, "description"),
        ({"cause": "x" * 2001}, "cause"),
        ({"process": "x" * 201}, "process"),
        ({"process": "", "procedure_id": None}, "process"),
        ({"treatment": "exploit"}, "treatment"),  # an opportunity's treatment on a risk
        ({"treatment": "ignore"}, "treatment"),
        ({"kind": "danger"}, "kind"),
        ({"kind": "opportunity", "treatment": "reduce"}, "treatment"),
        ({"procedure_id": 2**31 - 1}, "procedure_id"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, change, field):
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world, **change)
    assert field in refused.value.fields
    assert _count(Risk) == 0


def test_another_organisations_procedure_is_refused(world):
    from tests.fixtures.factories import World

    other = World(world.province, world.district, world.other_org, world.org, {})
    from iso_qms.procedures import operations as proc_ops
    from tests.fixtures.factories import create_user

    editor = create_user(world.other_org, "b_editor", "staff", "iso_secretary")
    theirs = proc_ops.create_procedure(
        other.org.id, editor, {"code": "QT-B-01", "title": "Của xã khác", "kind": "system"}
    )
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world, procedure_id=theirs.id)
    assert "procedure_id" in refused.value.fields
    assert _count(Risk) == 0


def test_a_risk_of_a_procedure_needs_no_process_text(world):
    procedure = create_procedure(world)
    risk = make_risk(world, process="", procedure_id=procedure.id)
    assert risk.procedure_id == procedure.id and risk.where == procedure.code


@pytest.mark.parametrize("role", ["staff", "inspector", "admin", "supervisor"])
def test_only_the_keepers_record_risks(world, role):
    with pytest.raises(PermissionDenied):
        risks.create_risk(world.org.id, world.users[role], risk_data())
    assert _count(Risk) == 0


def test_a_keeper_cannot_record_into_another_organisation(world):
    with pytest.raises(PermissionDenied):
        risks.create_risk(world.other_org.id, world.users["qmr"], risk_data())


def test_editing_checks_the_fields_and_the_version(world):
    risk = make_risk(world)
    risks.update_risk(risk, world.users["head"], {"likelihood": 5, "status": "treated"}, 1)
    assert risk.score == 20 and risk.status is RiskStatus.treated and risk.lock_version == 2
    with pytest.raises(ValidationFailed):
        risks.update_risk(risk, world.users["qmr"], {"impact": 6})
    from iso_qms.core.errors import EditConflict

    with pytest.raises(EditConflict):
        risks.update_risk(risk, world.users["qmr"], {"impact": 1}, 1)
    with pytest.raises(InvalidState):
        risks.update_risk(risk, world.users["qmr"], {"kind": "opportunity"})


def test_an_action_of_a_risk_runs_as_a_corrective_action(world):
    risk = make_risk(world)
    action = make_risk_action(world, risk)
    assert action.risk_id == risk.id and action.reference == "RR-01.1"
    assert action.finding_id is None and action.review_id is None
    second = make_risk_action(world, risk, action="Tập huấn")
    assert second.reference == "RR-01.2"
    finish(world, action)  # no root cause needed: it is not a nonconformity's action
    assert action.status.value == "closed"


def test_an_action_needs_an_owner_of_the_organisation_and_a_due_date(world):
    risk = make_risk(world)
    with pytest.raises(ValidationFailed) as refused:
        risks.add_risk_action(
            risk,
            world.users["qmr"],
            {"action": "Làm gì đó", "owner_id": world.users["other_admin"].id},
        )
    assert {"owner_id", "due_date"} <= set(refused.value.fields)
    assert _count(CorrectiveAction) == 0


def test_a_closed_entry_takes_no_action_and_staff_plan_none(world):
    risk = make_risk(world)
    with pytest.raises(PermissionDenied):
        risks.add_risk_action(risk, world.users["staff"], {"action": "x"})
    risks.update_risk(risk, world.users["qmr"], {"status": "closed"})
    with pytest.raises(InvalidState):
        make_risk_action(world, risk)


def test_the_database_refuses_a_score_outside_1_to_5(world):
    risk = make_risk(world)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text("UPDATE risks SET likelihood = 6 WHERE id = :i"), {"i": risk.id})
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_an_action_with_two_sources(world):
    risk = make_risk(world)
    action = make_risk_action(world, risk)
    from iso_qms.audits import operations as ops

    review = ops.create_review(
        world.org.id, world.users["qmr"], {"title": "XXLĐ", "held_on": today()}
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text("UPDATE audit_actions SET review_id = :r WHERE id = :i"),
            {"r": review.id, "i": action.id},
        )
        db.session.flush()
    db.session.rollback()


# --- effectiveness -------------------------------------------------------------------------


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


def test_effectiveness_says_no_data_when_no_action_was_due(world):
    make_risk(world)
    figures = risks.risk_action_effectiveness(world.org.id, (date(2020, 1, 1), date(2020, 12, 31)))
    assert figures["actions"] == 0
    assert figures["on_time_percent"] is None and figures["effective_percent"] is None
    assert figures["summary"] == "chưa có dữ liệu"


def test_effectiveness_counts_on_time_late_open_and_verified(world):
    set_clock(_at(date(2020, 10, 1)))
    risk = make_risk(world)
    opportunity = make_risk(world, kind="opportunity", treatment="enhance")
    on_time = make_risk_action(world, risk, due=date(2020, 10, 31))
    late = make_risk_action(world, risk, due=date(2020, 11, 15), action="Số hóa sổ")
    still_open = make_risk_action(world, opportunity, due=date(2020, 12, 15), action="BCCI")
    next_year = make_risk_action(world, risk, due=date(2021, 1, 15), action="Sau kỳ")
    cancelled = make_risk_action(world, risk, due=date(2020, 11, 1), action="Hủy")
    audit_ops.cancel_action(cancelled, world.users["qmr"], "Trùng")
    set_clock(_at(date(2020, 10, 31), 16))  # the boundary day counts as on time
    finish(world, on_time)
    set_clock(_at(date(2020, 11, 20)))
    finish(world, late, verify=False)
    set_clock(_at(date(2020, 12, 28)))
    figures = risks.risk_action_effectiveness(world.org.id, 2020)
    assert figures["actions"] == 3 and figures["risks"] == 2
    assert (figures["done_on_time"], figures["done_late"], figures["open"]) == (1, 1, 1)
    assert figures["overdue"] == 1 and figures["verified_effective"] == 1
    assert figures["on_time_percent"] == 33 and figures["effective_percent"] == 50
    assert "3" in figures["summary"]
    assert next_year.id and still_open.id


def test_effectiveness_reads_the_records_as_they_stood_on_the_as_of_date(world):
    from iso_qms.reports.compliance import Period

    set_clock(_at(date(2020, 10, 1)))
    risk = make_risk(world)
    action = make_risk_action(world, risk, due=date(2020, 10, 31))
    set_clock(_at(date(2020, 11, 5)))
    finish(world, action)
    set_clock(_at(date(2021, 1, 5)))
    earlier = risks.risk_action_effectiveness(
        world.org.id, Period(date(2020, 1, 1), date(2020, 12, 31), date(2020, 11, 1))
    )
    assert (earlier["open"], earlier["overdue"], earlier["done_late"]) == (1, 1, 0)
    later = risks.risk_action_effectiveness(
        world.org.id, Period(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31))
    )
    assert (later["open"], later["done_late"], later["verified_effective"]) == (0, 1, 1)
    assert risks.risk_action_effectiveness(world.other_org.id, 2020)["actions"] == 0


def test_effectiveness_leaves_out_corrective_actions_of_findings(world):
    from tests.audits.builders import action_in

    action_in(world, "closed")
    assert (
        risks.risk_action_effectiveness(world.org.id, (date(2000, 1, 1), date(2099, 12, 31)))[
            "actions"
        ]
        == 0
    )


def test_an_entry_due_for_review_is_only_a_date(world):
    risk = make_risk(world, review_date=today() + timedelta(days=30))
    assert risk.review_date > today()
