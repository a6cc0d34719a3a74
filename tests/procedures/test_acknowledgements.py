"""Reading tasks: when they arise, editorial carry-over, joiners and leavers, confirming, coverage."""

import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from iso_qms.accounts import operations as account_ops
from iso_qms.acknowledgements import operations as ops
from iso_qms.acknowledgements import queries
from iso_qms.acknowledgements.models import Acknowledgement, AckStatus
from iso_qms.core.errors import InvalidState, PermissionDenied
from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.procedures import operations as proc_ops
from tests.fixtures.factories import create_procedure, create_revision, create_user
from tests.query_counter import count_queries

PEOPLE = 7  # the world's people in the commune (six roles + one more below)


def _at(day: date) -> None:
    set_clock(datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC))


def _tasks(**filters):
    return db.session.scalars(sa.select(Acknowledgement).filter_by(**filters)).all()


@pytest.fixture
def procedure(world):
    create_user(world.org, "extra", "staff", unit="Tư pháp - Hộ tịch")
    from iso_qms.accounts.models import User

    db.session.execute(
        sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC))
    )  # staff since 2019
    _at(date(2020, 1, 2))
    proc = create_procedure(world)
    create_revision(proc, world, status="approved", effective_date=date(2020, 1, 6))
    return proc


def test_tasks_appear_when_the_effective_date_arrives_without_cron(world, procedure):
    assert ops.sync_organisation(world.org.id) == 0  # approved on 02/01, effective on 06/01
    _at(date(2020, 1, 6))
    assert ops.sync_organisation(world.org.id) == PEOPLE
    tasks = _tasks(procedure_id=procedure.id)
    assert {t.due_on for t in tasks} == {date(2020, 1, 13)}  # 5 working days
    assert ops.sync_organisation(world.org.id) == 0


def test_a_future_dated_approval_waits_for_its_day_and_supersedes_open_tasks(world, procedure):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    second = create_revision(
        procedure, world, status="approved", effective_date=date(2020, 3, 2), summary="Sửa"
    )
    _at(date(2020, 3, 1))
    ops.sync_organisation(world.org.id)
    assert not _tasks(revision_id=second.id)
    _at(date(2020, 3, 2))
    ops.sync_organisation(world.org.id)
    assert len(_tasks(revision_id=second.id)) == PEOPLE
    first_revision_id = db.session.scalar(
        sa.select(Acknowledgement.revision_id)
        .where(Acknowledgement.revision_id != second.id)
        .limit(1)
    )
    assert {t.status for t in _tasks(revision_id=first_revision_id)} == {AckStatus.superseded}


def test_an_editorial_revision_carries_acknowledgements_over_a_significant_one_asks_again(
    world, procedure
):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    staff = world.users["staff"]
    ops.confirm_acknowledgement(_tasks(user_id=staff.id)[0], staff)
    editorial = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 2, 3),
        significant=False,
        summary="Sửa lỗi chính tả",
    )
    _at(date(2020, 2, 3))
    ops.sync_organisation(world.org.id)
    carried = _tasks(revision_id=editorial.id, user_id=staff.id)[0]
    assert carried.status is AckStatus.done and carried.carried_from_id is not None
    others = _tasks(revision_id=editorial.id, user_id=world.users["qmr"].id)[0]
    assert others.status is AckStatus.pending
    significant = create_revision(
        procedure, world, status="approved", effective_date=date(2020, 3, 2), summary="Sửa bước 2"
    )
    _at(date(2020, 3, 2))
    ops.sync_organisation(world.org.id)
    assert _tasks(revision_id=significant.id, user_id=staff.id)[0].status is AckStatus.pending


def test_a_joiner_gets_tasks_and_a_leaver_stops_counting(world, procedure):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    _at(date(2020, 2, 3))
    joiner = create_user(world.org, "joiner", "staff")
    task = _tasks(user_id=joiner.id)[0]
    assert task.assigned_on == date(2020, 2, 3) and task.due_on == date(2020, 2, 10)
    leaver = world.users["inspector"]
    account_ops.update_user(leaver, {"active": False}, actor=world.users["admin"])
    assert _tasks(user_id=leaver.id)[0].status is AckStatus.left
    summary = queries.coverage(world.org.id, date(2020, 2, 4))
    assert summary.people == PEOPLE  # joined one, left one


def test_nobody_confirms_for_someone_else_or_a_superseded_issue(world, procedure):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    task = _tasks(user_id=world.users["staff"].id)[0]
    with pytest.raises(PermissionDenied):
        ops.confirm_acknowledgement(task, world.users["qmr"])
    create_revision(
        procedure, world, status="approved", effective_date=date(2020, 3, 2), summary="Sửa"
    )
    _at(date(2020, 3, 2))
    ops.sync_organisation(world.org.id)
    with pytest.raises(InvalidState):
        ops.confirm_acknowledgement(task, world.users["staff"])


def test_coverage_on_a_known_set(world, procedure):
    other = create_procedure(
        world, code="QT.01", kind="system", statutory=None, distribution_units=["Tư pháp - Hộ tịch"]
    )
    create_revision(other, world, status="approved", effective_date=date(2020, 1, 6))
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    assert len(_tasks(procedure_id=other.id)) == 1  # only the one person of that unit
    for name in ("staff", "qmr", "head", "iso_secretary", "inspector", "admin"):
        user = world.users[name]
        ops.confirm_acknowledgement(_tasks(user_id=user.id, procedure_id=procedure.id)[0], user)
    before = queries.coverage(world.org.id, date(2020, 1, 10))
    assert (before.people, before.acknowledged, before.overdue) == (PEOPLE, PEOPLE - 1, 0)
    late = queries.coverage(world.org.id, date(2020, 1, 14))
    assert late.overdue == 2 and late.overdue_people[0][0].username == "extra"
    assert late.percent == round(100 * 6 / 7, 1)
    past = queries.coverage(world.org.id, date(2020, 1, 5))
    assert past.acknowledged == PEOPLE  # nothing was due yet: a later record changes no past figure


def test_revision_coverage_counts_assigned_acknowledged_and_overdue(world, procedure):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    staff = world.users["staff"]
    ops.confirm_acknowledgement(_tasks(user_id=staff.id)[0], staff)
    revision = _tasks(user_id=staff.id)[0].revision
    result = queries.revision_coverage(revision, date(2020, 1, 20))
    assert (result["assigned"], result["acknowledged"], result["overdue"]) == (
        PEOPLE,
        1,
        PEOPLE - 1,
    )


def test_matrix_export_reads_back_and_pages_use_fixed_queries(world, procedure, login):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    db.session.commit()
    set_clock(None)
    client = login("qmr")
    with count_queries() as few:
        assert client.get("/acknowledgements/coverage").status_code == 200
    for i in range(20):
        create_user(world.org, f"more{i}", "staff")
    extra = create_procedure(world, code="QT-HT-09")
    create_revision(extra, world, status="approved", effective_date=date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    db.session.commit()
    with count_queries() as many:
        assert client.get("/acknowledgements/coverage?per_page=50").status_code == 200
    assert many.count == few.count
    book = load_workbook(io.BytesIO(client.get("/acknowledgements/coverage.xlsx").data))
    sheet = book.active
    # title, a blank row, then the header (core.spreadsheets.xlsx_table)
    assert sheet["A3"].value == "Họ và tên" and sheet.max_row == 3 + PEOPLE + 20
    assert {c.value for c in sheet[4][3:]} <= {"Chưa đọc", "Quá hạn", "Đã đọc", "—"}


def test_my_tasks_page_and_confirming_through_http(world, procedure, login):
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    db.session.commit()
    set_clock(None)
    client = login("staff")
    page = client.get("/my/tasks").get_data(as_text=True)
    task = _tasks(user_id=world.users["staff"].id)[0]
    assert procedure.code in page
    assert client.post(f"/acknowledgements/{task.id}").status_code == 302
    db.session.expire_all()
    done = db.session.get(Acknowledgement, task.id)
    assert done.status is AckStatus.done and done.content_sha256 == done.revision.content_sha256
    other = _tasks(user_id=world.users["qmr"].id)[0]
    assert client.get(f"/acknowledgements/{other.id}").status_code == 403


def test_distribution_narrowed_to_roles(world):
    _at(date(2020, 1, 2))
    proc = create_procedure(
        world,
        code="QT.05",
        kind="system",
        statutory=None,
        distribution_roles=["qmr", "iso_secretary"],
    )
    create_revision(proc, world, status="approved", effective_date=date(2020, 1, 6))
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    assert {t.user.username for t in _tasks(procedure_id=proc.id)} == {"qmr", "iso_secretary"}
    assert proc_ops  # distribution is set through the same operation as every register field


def test_widening_the_distribution_gives_the_newly_included_people_their_tasks(world):
    _at(date(2020, 1, 2))
    proc = create_procedure(
        world, code="QT.04", kind="system", statutory=None, distribution_roles=["qmr"]
    )
    create_revision(proc, world, status="approved", effective_date=date(2020, 1, 6))
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    assert {t.user.username for t in _tasks(procedure_id=proc.id)} == {"qmr"}
    proc_ops.update_procedure(
        proc, world.users["iso_secretary"], {"distribution_roles": ["qmr", "head"]}
    )
    ops.sync_organisation(world.org.id)
    assert {t.user.username for t in _tasks(procedure_id=proc.id)} == {"qmr", "head"}


def test_an_organisation_with_nothing_in_force_shows_no_reading_figure(world, login):
    """Issue 12, case 4: not '2/2 (100%)' when there is nothing to read."""
    from iso_qms.reports.compliance import compliance_status, make_period
    from iso_qms.reports.sentences import paragraphs

    qmr = login("qmr")
    nothing = "Chưa có quy trình nào đang áp dụng nên chưa có gì cần đọc."
    home = qmr.get("/").get_data(as_text=True)
    assert nothing in home and 'data-testid="coverage-none"' in home
    coverage = qmr.get("/acknowledgements/coverage").get_data(as_text=True)
    assert nothing in coverage and 'data-testid="coverage-figure"' not in coverage
    status = compliance_status(world.org, make_period(date(2020, 1, 1), date(2020, 9, 30), None))
    assert status["acknowledgement"]["coverage_percent"] is None
    text = " ".join(paragraphs(status).values())
    assert "100%" not in text and "xác nhận đọc" not in text
