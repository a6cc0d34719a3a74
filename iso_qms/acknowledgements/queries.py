"""Reading acknowledgements: coverage per revision, per person and per organisation, as of a date.

"As of D" counts the tasks that had arisen by D (assigned_on ≤ D) for the revisions in force on D,
with a confirmation made by the end of D; later records do not change a past figure.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from ..accounts.models import User, organisation_on, present_on
from ..core.timeutil import end_of
from ..extensions import db
from ..procedures.queries import in_force, in_force_ids, in_force_of
from .models import Acknowledgement, AckStatus


@dataclass
class Cell:
    status: str  # done, pending, overdue, carried
    #: The task's row: id, user_id, procedure_id, status_on.
    task: object


@dataclass
class Coverage:
    """Each person on the date is in exactly one of three groups: read (every task of the issues
    in force that concerns them confirmed), not yet due (something still to read, nothing past
    its due date) or overdue (at least one task past its due date)."""

    people: int
    acknowledged: int  # people who have read everything that concerns them
    tasks: int = 0
    tasks_done: int = 0
    overdue: int = 0  # tasks past their due date
    overdue_people: list = field(default_factory=list)
    #: Revisions in force: with none, there is nothing to have read (not "everyone has read").
    in_force: int = 0
    #: People with something still to read whose due dates have not come yet.
    not_yet_due: int = 0

    @property
    def read(self) -> int:
        return self.acknowledged

    @property
    def late(self) -> int:
        """People with at least one reading past its due date."""
        return self.people - self.acknowledged - self.not_yet_due

    @property
    def percent(self) -> float:
        return round(100.0 * self.acknowledged / self.people, 1) if self.people else 0.0


def _status_on(task, on: date) -> str:
    done = task.acknowledged_at is not None and task.acknowledged_at < end_of(on)
    if task.status is AckStatus.done and done:
        return "carried" if task.carried_from_id else "done"
    return "overdue" if task.due_on < on else "pending"


def _read_by(on: date):
    """SQL: the task was confirmed by the end of `on`."""
    return sa.and_(
        Acknowledgement.status == AckStatus.done,
        Acknowledgement.acknowledged_at.is_not(None),
        Acknowledgement.acknowledged_at < end_of(on),
    )


def _closed_by(on: date):
    """SQL: the task had closed (left, superseded) by `on` and no longer counts."""
    return sa.and_(Acknowledgement.closed_on.is_not(None), Acknowledgement.closed_on <= on)


def _status_sql(on: date):
    """The task's status on `on` (done, carried, overdue, pending), worked out by the database."""
    read = _read_by(on)
    return sa.case(
        (sa.and_(read, Acknowledgement.carried_from_id.is_(None)), "done"),
        (read, "carried"),
        (Acknowledgement.due_on < on, "overdue"),
        else_="pending",
    )


def _counting_tasks(organisation_id: int, on: date, user_ids=None) -> list:
    """Tasks of the revisions in force on `on` that had arisen by then and still count, as plain
    rows (id, user_id, procedure_id, status on `on`): a matrix of a hundred people by a hundred
    procedures is ten thousand of them."""
    closed_before = _closed_by(on)
    query = sa.select(
        Acknowledgement.id,
        Acknowledgement.user_id,
        Acknowledgement.procedure_id,
        _status_sql(on).label("status_on"),
    ).where(
        Acknowledgement.revision_id.in_(in_force_ids(organisation_id, on)),
        Acknowledgement.assigned_on <= on,
        ~closed_before,
    )
    if user_ids is not None:
        query = query.where(Acknowledgement.user_id.in_(list(user_ids)))
    return db.session.execute(query).all()


def people_on(organisation_id: int, on: date) -> list[User]:
    """The people of the organisation on a date, by their employment history: joined by then and
    not away then (a person who left and came back is not counted in between)."""
    return list(
        db.session.scalars(
            sa.select(User).where(_people_clause(organisation_id, on)).order_by(User.full_name)
        )
    )


def _people_clause(organisation_id: int, on: date):
    return sa.and_(organisation_on(on) == organisation_id, present_on(on))


def coverage(organisation_id: int, on: date) -> Coverage:
    """People who have acknowledged everything that concerns them, out of the people, on a date.

    Counted in the database, one row per person (not per task), whatever the number of people and
    procedures: the people, their counting tasks grouped by person, and the late ones' names.
    """
    people = db.session.scalar(
        sa.select(sa.func.count()).select_from(User).where(_people_clause(organisation_id, on))
    )
    done = _read_by(on)
    closed_before = _closed_by(on)
    people_ids = sa.select(User.id).where(_people_clause(organisation_id, on))
    rows = db.session.execute(
        sa.select(
            Acknowledgement.user_id,
            sa.func.count(),
            sa.func.sum(sa.case((done, 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(~done, Acknowledgement.due_on < on), 1), else_=0)),
        )
        .where(
            Acknowledgement.revision_id.in_(in_force_ids(organisation_id, on)),
            Acknowledgement.assigned_on <= on,
            ~closed_before,
            Acknowledgement.user_id.in_(people_ids),
        )
        .group_by(Acknowledgement.user_id)
    ).all()
    tasks = sum(count for _user, count, _done, _late in rows)
    tasks_done = sum(int(n or 0) for _user, _count, n, _late in rows)
    open_people = sum(1 for _user, count, n, _late in rows if count > int(n or 0))
    late_people = sum(1 for _user, _count, _done, late in rows if late)
    overdue_count = {user: int(late) for user, _count, _done, late in rows if late}
    late = (
        db.session.scalars(
            sa.select(User).where(User.id.in_(list(overdue_count))).order_by(User.full_name)
        ).all()
        if overdue_count
        else []
    )
    in_force_count = db.session.scalar(
        sa.select(sa.func.count()).select_from(in_force_ids(organisation_id, on).subquery())
    )
    return Coverage(
        people,
        people - open_people,
        tasks,
        tasks_done,
        sum(overdue_count.values()),
        [(user, overdue_count[user.id]) for user in late],
        in_force_count,
        open_people - late_people,
    )


def revision_coverage(revision, on: date) -> dict:
    """Assigned, acknowledged and overdue for one revision, with the people."""
    tasks = (
        db.session.scalars(
            sa.select(Acknowledgement).where(
                Acknowledgement.revision_id == revision.id,
                Acknowledgement.status.in_((AckStatus.pending, AckStatus.done)),
            )
        )
        .unique()
        .all()
    )
    rows = sorted(((t, _status_on(t, on)) for t in tasks), key=lambda r: r[0].user.full_name)
    return {
        "assigned": len(rows),
        "acknowledged": sum(1 for _t, s in rows if s in ("done", "carried")),
        "overdue": sum(1 for _t, s in rows if s == "overdue"),
        "rows": rows,
    }


def matrix(organisation_id: int, on: date, people: list[User]) -> tuple[list, dict]:
    """(revisions in force, {(user_id, procedure_id): Cell}) for a page of people: two queries."""
    current = sorted(
        in_force(organisation_id, on, light=True).values(), key=lambda r: r.procedure.code
    )
    tasks = _counting_tasks(organisation_id, on, [p.id for p in people]) if people else []
    cells = {(t.user_id, t.procedure_id): Cell(t.status_on, t) for t in tasks}
    return current, cells


def my_tasks(user: User, on: date, status: str | None = None) -> list[Acknowledgement]:
    query = sa.select(Acknowledgement).where(Acknowledgement.user_id == user.id)
    if status in (None, "", "open"):
        query = query.where(Acknowledgement.status == AckStatus.pending)
    elif status == "pending":
        query = query.where(
            Acknowledgement.status == AckStatus.pending, Acknowledgement.due_on >= on
        )
    elif status == "overdue":
        query = query.where(
            Acknowledgement.status == AckStatus.pending, Acknowledgement.due_on < on
        )
    elif status == "done":
        query = query.where(Acknowledgement.status == AckStatus.done)
    return list(
        db.session.scalars(query.order_by(Acknowledgement.due_on, Acknowledgement.id)).unique()
    )


@dataclass(frozen=True)
class CoverageFigures:
    """The figures of `coverage` without the late people's names."""

    people: int = 0
    acknowledged: int = 0
    tasks: int = 0
    tasks_done: int = 0
    overdue: int = 0  # tasks past their due date
    not_yet_due: int = 0  # people

    @property
    def read(self) -> int:
        return self.acknowledged

    @property
    def late(self) -> int:
        """People with at least one reading past its due date."""
        return self.people - self.acknowledged - self.not_yet_due

    @property
    def percent(self) -> float:
        return round(100.0 * self.acknowledged / self.people, 1) if self.people else 0.0


def coverage_by_organisation(organisation_ids, on: date) -> dict[int, CoverageFigures]:
    """`coverage` of many organisations in one grouped query, whatever their number: the people
    of each, left-joined to their counting tasks grouped by person, then grouped by organisation.
    A task counts for a person of the organisation whose revision in force it belongs to."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    done = _read_by(on)
    closed_before = _closed_by(on)
    current = in_force_of(ids, on)
    per_person = (
        sa.select(
            Acknowledgement.user_id,
            current.c.organisation_id,
            sa.func.count().label("tasks"),
            sa.func.sum(sa.case((done, 1), else_=0)).label("done"),
            sa.func.sum(sa.case((sa.and_(~done, Acknowledgement.due_on < on), 1), else_=0)).label(
                "late"
            ),
        )
        .join(current, current.c.id == Acknowledgement.revision_id)
        .where(Acknowledgement.assigned_on <= on, ~closed_before)
        .group_by(Acknowledgement.user_id, current.c.organisation_id)
        .subquery()
    )
    tasks_done = sa.func.coalesce(per_person.c.done, 0)
    waiting = sa.and_(per_person.c.tasks > tasks_done, sa.func.coalesce(per_person.c.late, 0) == 0)
    member = organisation_on(on)
    rows = db.session.execute(
        sa.select(
            member,
            sa.func.count(User.id),
            sa.func.sum(sa.case((per_person.c.tasks > tasks_done, 1), else_=0)),
            sa.func.coalesce(sa.func.sum(per_person.c.tasks), 0),
            sa.func.coalesce(sa.func.sum(per_person.c.done), 0),
            sa.func.coalesce(sa.func.sum(per_person.c.late), 0),
            sa.func.sum(sa.case((waiting, 1), else_=0)),
        )
        .outerjoin(
            per_person,
            sa.and_(
                per_person.c.user_id == User.id,
                per_person.c.organisation_id == member,
            ),
        )
        .where(member.in_(ids), present_on(on))
        .group_by(member)
    ).all()
    return {
        org: CoverageFigures(
            people,
            people - int(unread or 0),
            int(tasks),
            int(done_),
            int(late),
            int(waiting_ or 0),
        )
        for org, people, unread, tasks, done_, late, waiting_ in rows
    }
