"""Issue 13, item 4: coverage that tells the truth. Each person is read, not yet due or overdue,
kept apart on the home panels, the coverage page, the report's figures and the roll-up; right
after a new issue comes into force nobody whose reading is not yet due counts as late. And issue
12, case 4 (second half): nothing in force gives no reading figure anywhere, not "2/2 (100%)"."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.acknowledgements import operations as ops
from iso_qms.acknowledgements import queries
from iso_qms.acknowledgements.models import Acknowledgement
from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.reports import aggregate
from iso_qms.reports.compliance import compliance_status, make_period
from iso_qms.reports.rollup import rollup, row_from_status
from tests.fixtures.factories import create_procedure, create_revision

PEOPLE = 6
NEW_ISSUE_ON = date(2020, 3, 2)  # the second issue comes into force; due on 09/03/2020


def _at(day: date) -> None:
    set_clock(datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC))


@pytest.fixture
def read_then_new_issue(world):
    """Everyone has read the first issue by 10/01/2020; a significant second issue comes into force
    on 02/03/2020 (approved on 02/01), and one person (staff) reads it that day."""
    db.session.execute(sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC)))
    _at(date(2020, 1, 2))
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    create_revision(
        procedure, world, status="approved", effective_date=NEW_ISSUE_ON, summary="Sửa bước 2"
    )
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    _confirm_all(world, ("staff", "qmr", "head", "iso_secretary", "inspector", "admin"))
    _at(NEW_ISSUE_ON)
    ops.sync_organisation(world.org.id)
    _confirm_all(world, ("staff",))
    db.session.commit()
    set_clock(None)
    return procedure


def _confirm_all(world, names) -> None:
    for name in names:
        user = world.users[name]
        for task in db.session.scalars(
            sa.select(Acknowledgement).where(
                Acknowledgement.user_id == user.id, Acknowledgement.status == "pending"
            )
        ):
            ops.confirm_acknowledgement(task, user)


def _split(figures) -> tuple:
    return (figures.people, figures.read, figures.not_yet_due, figures.late)


def test_right_after_a_new_issue_the_not_yet_due_are_not_late(world, read_then_new_issue):
    assert _split(queries.coverage(world.org.id, NEW_ISSUE_ON)) == (PEOPLE, 1, 5, 0)
    grouped = queries.coverage_by_organisation([world.org.id], NEW_ISSUE_ON)[world.org.id]
    assert _split(grouped) == (PEOPLE, 1, 5, 0)
    assert _split(queries.coverage(world.org.id, date(2020, 3, 10))) == (PEOPLE, 1, 0, 5)
    assert _split(queries.coverage(world.org.id, date(2020, 1, 10))) == (PEOPLE, PEOPLE, 0, 0)


def test_the_report_gives_read_not_yet_due_and_overdue_apart(world, read_then_new_issue):
    period = make_period(date(2020, 1, 1), date(2020, 9, 30), NEW_ISSUE_ON)
    a = compliance_status(world.org, period)["acknowledgement"]
    assert (a["people"], a["acknowledged"], a["coverage_percent"]) == (PEOPLE, 1, 16.7)
    assert (a["read"], a["not_yet_due"], a["overdue"]) == (1, 5, 0)
    later = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 3, 10))
    a = compliance_status(world.org, later)["acknowledgement"]
    assert (a["read"], a["not_yet_due"], a["overdue"], a["overdue_tasks"]) == (1, 0, 5, 5)


def test_the_rollup_row_keeps_them_apart_and_matches_the_report(world, read_then_new_issue):
    period = make_period(date(2020, 1, 1), date(2020, 9, 30), NEW_ISSUE_ON)
    result = rollup(world.district, period)
    row = next(r for r in result["rows"] if r["id"] == world.org.id)
    assert row["ack"] == {
        "people": PEOPLE,
        "acknowledged": 1,
        "coverage_percent": 16.7,
        "not_yet_due": 5,
        "overdue": 0,
    }
    assert row == row_from_status(world.org, compliance_status(world.org, period))
    assert (result["totals"]["ack"]["not_yet_due"], result["totals"]["ack"]["overdue"]) == (5, 0)


def test_pages_show_the_headline_not_a_collapsed_percentage(world, read_then_new_issue, login):
    _at(NEW_ISSUE_ON)
    headline = "đã đọc 1/6 · 5 chưa đến hạn · 0 quá hạn"
    home = login("qmr").get("/").get_data(as_text=True)
    assert home.count(headline) == 2  # the reading panel and the status panel
    page = login("qmr").get("/acknowledgements/coverage").get_data(as_text=True)
    assert headline in page and "16,7%" not in page
    _at(date(2020, 3, 10))
    page = login("qmr").get("/acknowledgements/coverage").get_data(as_text=True)
    assert "đã đọc 1/6 · 0 chưa đến hạn · 5 quá hạn" in page


def test_the_rollup_page_has_not_yet_due_and_overdue_columns(world, read_then_new_issue, login):
    _at(date(2020, 9, 30))
    page = login("supervisor").get("/reports/rollup?from=01/01/2020&to=30/09/2020&as_of=02/03/2020")
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text
    assert "Chưa đến hạn" in text and "Quá hạn đọc" in text
    assert "<td>1/6 (16,7%)</td>\n    <td>5</td><td>0</td>" in text


def test_nothing_in_force_gives_no_reading_figure_anywhere(world, login, client, token_for):
    """A commune with a round planned but nothing in force: '—', not '6/6 (100%)'."""
    from tests.audits.builders import make_round

    _at(date(2020, 1, 2))
    make_round(world, start=date(2020, 3, 2))
    db.session.commit()
    set_clock(None)
    period = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 5))
    assert aggregate.figures([world.org.id], period)[world.org.id]["has_data"]
    row = next(r for r in rollup(world.district, period)["rows"] if r["id"] == world.org.id)
    assert row["has_data"] and row["ack"] is None
    assert row == row_from_status(world.org, compliance_status(world.org, period))
    body = client.get(
        "/api/v1/reports/compliance?from=2020-01-01&to=2020-09-30&as_of=2020-09-05",
        headers=token_for("qmr"),
    ).get_json()
    assert body["acknowledgement"]["coverage_percent"] is None
    assert body["acknowledgement"]["read"] is None and body["acknowledgement"]["overdue"] is None
    _at(date(2020, 9, 5))
    home = login("qmr").get("/").get_data(as_text=True)
    status_panel = home.split('data-testid="panel-status"')[1].split("</ul>")[0]
    assert "Chưa có quy trình nào đang áp dụng" in status_panel and "6/6" not in status_panel
    rollup_page = (
        login("supervisor")
        .get("/reports/rollup?from=01/01/2020&to=30/09/2020&as_of=05/09/2020")
        .get_data(as_text=True)
    )
    assert "(100%)" not in rollup_page


def test_the_report_says_not_yet_due_apart_and_calls_only_overdue_a_shortcoming(
    world, read_then_new_issue
):
    """Two days after the new issue: one read it, five are not yet due — the report's II.6 says so
    and III.2 names no shortfall; a week after the due date the five are overdue, and it does."""
    from iso_qms.reports.report import build_report

    _at(date(2020, 3, 4))
    paragraphs = build_report(
        world.org, make_period(date(2020, 1, 1), date(2020, 3, 4), date(2020, 3, 4))
    )["paragraphs"]
    assert "01/06 cán bộ, công chức" in paragraphs["II.6"]
    assert "05 người chưa đến hạn xác nhận." in paragraphs["II.6"]
    assert "chưa xác nhận đọc" not in paragraphs["III.2"]
    _at(date(2020, 3, 16))
    paragraphs = build_report(
        world.org, make_period(date(2020, 1, 1), date(2020, 3, 16), date(2020, 3, 16))
    )["paragraphs"]
    assert "chưa đến hạn" not in paragraphs["II.6"]
    assert "Còn 05 cán bộ, công chức chưa xác nhận đọc" in paragraphs["III.2"]
