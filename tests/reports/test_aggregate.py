"""The roll-up's grouped figures are the per-organisation figures, and neither grows in queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, User
from iso_qms.acknowledgements import operations as ack_operations
from iso_qms.acknowledgements.models import Acknowledgement
from iso_qms.audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingType,
    Round,
    RoundKind,
)
from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.procedures import announcements
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures.durations import Duration
from iso_qms.reports.compliance import compliance_status, make_period
from iso_qms.reports.report import build_report
from iso_qms.reports.rollup import rollup, row_from_status
from tests.fixtures.demo_snapshot import load_demo
from tests.fixtures.factories import World, create_org, create_procedure, create_revision
from tests.fixtures.factories import create_user as make_user
from tests.query_counter import count_queries

LATE = [{"title": "Xử lý", "responsible": "Công chức", "duration": "02 ngày làm việc"}]
PERIODS = [
    (date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 5)),
    (date(2020, 1, 1), date(2020, 3, 31), date(2020, 1, 20)),
    (date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31)),
    (date(2020, 7, 1), date(2020, 12, 31), date(2020, 11, 10)),
]


def _at(day: date) -> None:
    set_clock(datetime(day.year, day.month, day.day, 3, tzinfo=UTC))


def _audits(org: Organisation, owner, i: int) -> None:
    """A round with findings and actions in every state the report tells apart."""
    start = date(2020, 8, 17) if i % 2 == 0 else date(2020, 11, 2)
    round_ = Round(
        organisation_id=org.id,
        kind=RoundKind.self_inspection if i % 2 == 0 else RoundKind.internal_audit,
        title=f"Tự kiểm tra {i}",
        start_date=start,
        end_date=start,
        areas=["CCHC", "ISO"],
        clauses=[],
    )
    db.session.add(round_)
    db.session.flush()
    moment = datetime(2020, 8, 20, 3, tzinfo=UTC)
    states = [
        (ActionStatus.planned, {}, date(2020, 9, 1)),  # overdue on 05/09
        (ActionStatus.in_progress, {"started_at": moment}, date(2020, 10, 1)),
        (ActionStatus.done, {"completed_at": moment}, date(2020, 9, 1)),
        (ActionStatus.closed, {"completed_at": moment, "verified_at": moment}, date(2020, 9, 1)),
        (ActionStatus.cancelled, {"cancelled_at": moment}, date(2020, 9, 1)),
        (ActionStatus.done, {"completed_at": moment + timedelta(days=30)}, date(2020, 9, 1)),
    ][: 2 + i % 5]
    for number, (status, times, due) in enumerate(states, start=1):
        finding = Finding(
            organisation_id=org.id,
            round_id=round_.id,
            number=number,
            type=[FindingType.nc_minor, FindingType.observation][number % 2],
            description=f"Tồn tại {number}",
        )
        db.session.add(finding)
        db.session.flush()
        db.session.add(
            CorrectiveAction(
                organisation_id=org.id,
                finding_id=finding.id,
                number=1,
                action=f"Khắc phục {number}",
                owner_id=owner.id,
                due_date=due,
                status=status,
                **times,
            )
        )
    db.session.flush()


def _commune(world: World, i: int) -> Organisation:
    """Commune i under the district: its own people, procedures, scope, readings and audits."""
    _at(date(2019, 12, 1))
    org = create_org(f"C{i:02d}", "commune", world.district, name=f"UBND xã Thử {i:02d}")
    users = {
        "iso_secretary": make_user(org, f"sec{i}", "staff", "iso_secretary"),
        "qmr": make_user(org, f"qmr{i}", "staff", "qmr"),
    }
    for n in range(i % 3):
        make_user(org, f"staff{i}-{n}")
    local = World(world.province, world.district, org, world.other_org, users)
    if i % 4 == 3:
        return org  # no records at all: "no data", not zero compliance
    _at(date(2020, 1, 2))
    shortened = []
    for n in range(1 + i % 3):
        procedure = create_procedure(local, code=f"QT-{n}")
        late = (n + i) % 3 == 0
        create_revision(
            procedure,
            local,
            status="approved",
            effective_date=date(2020, 1, 6),
            steps=LATE if late else None,
        )
        shortened += [procedure] if late else []
    _at(date(2020, 2, 1))  # the statutory time shortened: over it from then on
    for procedure in shortened:
        proc_ops.update_procedure(
            procedure, users["iso_secretary"], {"statutory": Duration.parse("01 ngày làm việc")}
        )
    if i % 2:
        create_revision(
            create_procedure(local, code="QT.01", kind="system", statutory=None),
            local,
            status="approved",
            effective_date=date(2020, 2, 1),
        )
    if i % 3 != 2:
        _at(date(2020, 2, 3))
        announcements.create_announcement(
            org.id,
            users["qmr"],
            {
                "decision_no": f"{i}/QĐ-UBND",
                "decision_date": date(2020, 2, 3),
                "signer": "Chủ tịch",
                "reason": "first",
            },
        )
    ack_operations.sync_organisation(org.id, date(2020, 1, 6))
    if i % 2:
        qmr = users["qmr"]
        for task in db.session.scalars(
            sa.select(Acknowledgement).where(Acknowledgement.user_id == qmr.id)
        ):
            ack_operations.confirm_acknowledgement(task, qmr)
    _at(date(2020, 8, 17))
    _audits(org, users["qmr"], i)
    return org


def _district(world: World, communes: int) -> Organisation:
    try:
        for i in range(communes):
            _commune(world, i)
        db.session.commit()
    finally:
        set_clock(None)
    return world.district


def _per_organisation(supervising: Organisation, period) -> list[dict]:
    """The roll-up rows as the full status of each organisation gives them (the oracle)."""
    below = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.parent_id == supervising.id)
        .order_by(Organisation.name)
    ).all()
    return [row_from_status(org, compliance_status(org, period)) for org in below]


@pytest.mark.parametrize("start,end,as_of", PERIODS)
def test_the_grouped_rollup_rows_are_each_organisations_figures(world, start, end, as_of):
    district = _district(world, 8)
    period = make_period(start, end, as_of)
    rows = rollup(district, period)["rows"]
    assert len(rows) == 10 and any(r["has_data"] for r in rows)
    assert rows == _per_organisation(district, period)


def test_the_rollup_runs_the_same_queries_for_2_and_for_12_organisations(world):
    period = make_period(*PERIODS[0])
    with count_queries() as two:
        assert len(rollup(world.district, period)["rows"]) == 2
    _district(world, 10)
    with count_queries() as twelve:
        assert len(rollup(world.district, period)["rows"]) == 12
    assert twelve.count == two.count <= 8  # + the dossier figures, one query (issue 14)


def test_a_report_runs_the_same_queries_for_1_and_for_50_procedures_and_people(world):
    period = make_period(*PERIODS[0])
    db.session.execute(sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC)))
    _at(date(2020, 1, 2))
    first = create_procedure(world, code="QT-00")
    create_revision(first, world, status="approved", effective_date=date(2020, 1, 6))
    ack_operations.sync_organisation(world.org.id, date(2020, 1, 6))
    db.session.commit()
    set_clock(None)
    build_report(world.org, period)  # gives the organisation its criteria
    db.session.commit()
    with count_queries() as small:
        build_report(world.org, period)
    _at(date(2020, 1, 2))
    for n in range(1, 50):
        make_user(world.org, f"person{n}")
        procedure = create_procedure(world, code=f"QT-{n:02d}")
        create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    ack_operations.sync_organisation(world.org.id, date(2020, 1, 6))
    db.session.commit()
    set_clock(None)
    with count_queries() as large:
        report = build_report(world.org, period)
    assert report["procedures"]["in_force"] == 50 and report["acknowledgement"]["people"] >= 50
    # + the year's quality objectives, one (issue 14); + the header as of the date (issue 15)
    assert large.count == small.count <= 13


@pytest.fixture(scope="module")
def _demo(app):
    """The Quảng An demo and its district, seeded once for this module."""
    from tests.conftest import _wipe

    with app.app_context():
        load_demo()
    yield
    with app.app_context():
        _wipe()
        db.session.remove()


@pytest.mark.parametrize("start,end,as_of", [*PERIODS, (date(2020, 1, 1), date(2020, 9, 14), None)])
def test_the_demo_districts_rollup_is_each_communes_figures(_demo, app, start, end, as_of):
    with app.app_context():
        district = db.session.scalar(
            sa.select(Organisation).where(Organisation.code == "H-QUANGDIEN")
        )
        period = make_period(start, end, as_of)
        rows = rollup(district, period)["rows"]
        assert any(r["has_data"] for r in rows)
        assert rows == _per_organisation(district, period)
        db.session.rollback()
