"""Issue 12, case 4: a person who leaves and comes back gets reading tasks for what is in force
again, and a figure as of a past date counts them as they were then (the employment history)."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import EmploymentPeriod, EmploymentReason, User
from iso_qms.acknowledgements import operations as ops
from iso_qms.acknowledgements import queries
from iso_qms.acknowledgements.models import Acknowledgement, AckStatus
from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure, create_revision

PEOPLE = 6  # the world's people in the commune
LEFT_ON, BACK_ON = date(2020, 2, 3), date(2020, 3, 2)


def _at(day: date) -> None:
    set_clock(datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC))


def _tasks(**filters):
    return db.session.scalars(
        sa.select(Acknowledgement).filter_by(**filters).order_by(Acknowledgement.id)
    ).all()


@pytest.fixture
def staff_since_2019(world):
    """Everyone joined on 01/01/2019; one procedure in force from 06/01/2020, its tasks given."""
    db.session.execute(sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC)))
    db.session.execute(sa.update(EmploymentPeriod).values(started_on=date(2019, 1, 1)))
    _at(date(2020, 1, 2))
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    _at(date(2020, 1, 6))
    ops.sync_organisation(world.org.id)
    return procedure


def _leave_and_come_back(world) -> User:
    person, admin = world.users["inspector"], world.users["admin"]
    _at(LEFT_ON)
    account_ops.update_user(person, {"active": False}, actor=admin)
    _at(BACK_ON)
    account_ops.update_user(person, {"active": True}, actor=admin)
    return person


def test_a_person_who_comes_back_gets_tasks_for_what_is_in_force(world, staff_since_2019):
    person = _leave_and_come_back(world)
    old, new = _tasks(user_id=person.id)
    assert (old.status, old.closed_on) == (AckStatus.left, LEFT_ON)  # kept as history
    assert new.status is AckStatus.pending and new.revision_id == old.revision_id
    assert new.assigned_on == BACK_ON and new.due_on == date(2020, 3, 9)  # 5 working days
    now = queries.coverage(world.org.id, BACK_ON)
    assert now.people == PEOPLE and now.acknowledged == 0  # not "has read everything"
    assert [t.user_id for t in queries.my_tasks(person, BACK_ON)] == [person.id]


def test_a_past_figure_counts_the_person_as_they_were_then(world, staff_since_2019):
    for name in ("staff", "qmr", "head", "iso_secretary", "admin"):
        user = world.users[name]
        _at(date(2020, 1, 7))
        ops.confirm_acknowledgement(_tasks(user_id=user.id)[0], user)
    person = _leave_and_come_back(world)
    before = queries.coverage(world.org.id, date(2020, 1, 20))
    assert (before.people, before.acknowledged, before.late) == (PEOPLE, PEOPLE - 1, 1)
    away = queries.coverage(world.org.id, date(2020, 2, 20))
    assert (away.people, away.acknowledged) == (PEOPLE - 1, PEOPLE - 1)
    assert person.id not in {p.id for p in queries.people_on(world.org.id, date(2020, 2, 20))}
    back = queries.coverage(world.org.id, BACK_ON)
    assert (back.people, back.acknowledged, back.not_yet_due, back.late) == (PEOPLE, 5, 1, 0)
    later = queries.coverage(world.org.id, date(2020, 3, 10))
    assert (later.late, later.overdue) == (1, 1)
    figures = queries.coverage_by_organisation([world.org.id], date(2020, 2, 20))[world.org.id]
    assert (figures.people, figures.acknowledged) == (PEOPLE - 1, PEOPLE - 1)


def test_the_employment_history_keeps_every_period(world, staff_since_2019):
    person = _leave_and_come_back(world)
    periods = account_ops.employment_history(person)
    assert [(p.started_on, p.ended_on, p.reason) for p in periods] == [
        (date(2019, 1, 1), LEFT_ON, EmploymentReason.joined),
        (BACK_ON, None, EmploymentReason.returned),
    ]
    assert periods[1].organisation_id == world.org.id and periods[1].unit == person.unit
    assert person.deactivated_on is None and person.active


def test_a_joiner_has_one_open_period_from_the_day_they_join(world):
    _at(date(2020, 5, 4))
    from tests.fixtures.factories import create_user

    joiner = create_user(world.org, "joiner", "staff")
    [period] = account_ops.employment_history(joiner)
    assert (period.started_on, period.ended_on, period.reason) == (
        date(2020, 5, 4),
        None,
        EmploymentReason.joined,
    )


def test_a_confirmed_reading_of_the_same_issue_still_holds_after_coming_back(
    world, staff_since_2019
):
    person = world.users["inspector"]
    ops.confirm_acknowledgement(_tasks(user_id=person.id)[0], person)
    _leave_and_come_back(world)
    [task] = _tasks(user_id=person.id)
    assert task.status is AckStatus.done
    assert queries.coverage(world.org.id, BACK_ON).acknowledged >= 1


def test_one_counting_task_per_person_and_issue_is_enforced_by_the_database(
    world, staff_since_2019
):
    task = _tasks(user_id=world.users["staff"].id)[0]
    row = {
        "organisation_id": task.organisation_id,
        "user_id": task.user_id,
        "revision_id": task.revision_id,
        "procedure_id": task.procedure_id,
        "assigned_on": date(2020, 2, 1),
        "due_on": date(2020, 2, 7),
        "created_at": datetime(2020, 2, 1, tzinfo=UTC),
    }
    with pytest.raises(sa.exc.IntegrityError):
        with db.session.begin_nested():
            db.session.execute(sa.insert(Acknowledgement), [{**row, "status": AckStatus.pending}])
    db.session.execute(
        sa.insert(Acknowledgement),
        [{**row, "status": AckStatus.left, "closed_on": date(2020, 2, 1)}],
    )  # closed tasks are history: as many as there were periods
    db.session.flush()


def test_one_open_employment_period_per_person_is_enforced_by_the_database(world):
    person = world.users["staff"]
    with pytest.raises(sa.exc.IntegrityError):
        with db.session.begin_nested():
            db.session.add(
                EmploymentPeriod(
                    user_id=person.id,
                    organisation_id=person.organisation_id,
                    started_on=date(2020, 1, 1),
                )
            )
            db.session.flush()
