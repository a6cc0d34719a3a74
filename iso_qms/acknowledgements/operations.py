"""Acknowledgement tasks: created when a revision comes into force (no cron job: every page and
command that reads them first brings them up to date), confirmed by their person, closed when the
person leaves or a newer issue comes into force."""

from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..accounts.models import Role, User, UserRole
from ..core import audit
from ..core.errors import InvalidState, NotFound
from ..core.timeutil import add_working_days, today, utcnow
from ..extensions import db
from ..procedures.content import content_hash
from ..procedures.models import Procedure, Revision, RevisionStatus
from ..procedures.queries import in_force
from .models import COUNTING, Acknowledgement, AckStatus


def due_days() -> int:
    return int(current_app.config.get("ACK_DUE_WORKING_DAYS", 5))


def _people(organisation_id: int, user_ids=None) -> list[tuple[int, str, set[str]]]:
    """(id, unit, role codes) of the active people of an organisation, in two queries."""
    query = sa.select(User.id, User.unit).where(
        User.organisation_id == organisation_id, User.active.is_(True)
    )
    if user_ids is not None:
        query = query.where(User.id.in_(list(user_ids)))
    people = db.session.execute(query).all()
    roles: dict[int, set[str]] = {}
    for user_id, role in db.session.execute(
        sa.select(UserRole.user_id, UserRole.role).where(
            UserRole.user_id.in_([p[0] for p in people])
        )
    ):
        roles.setdefault(user_id, set()).add(role.value)
    return [(user_id, unit, roles.get(user_id, set())) for user_id, unit in people]


def in_distribution(procedure: Procedure, unit: str, roles: set[str]) -> bool:
    """Everyone by default; narrowed to units and/or roles when the procedure says so."""
    units, wanted = procedure.distribution_units or [], set(procedure.distribution_roles or [])
    if not units and not wanted:
        return True
    return (bool(units) and unit in units) or bool(wanted & roles)


def _previous_done(revisions: list[Revision]) -> dict[tuple[int, int], Acknowledgement]:
    """For editorial revisions: the done acknowledgement of the issue each one follows."""
    previous_ids = {}
    for revision in revisions:
        if not revision.significant:
            previous_ids[revision.id] = db.session.scalar(
                sa.select(Revision.id)
                .where(
                    Revision.procedure_id == revision.procedure_id,
                    Revision.status == RevisionStatus.approved,
                    Revision.number < revision.number,
                )
                .order_by(Revision.number.desc())
                .limit(1)
            )
    wanted = [rid for rid in previous_ids.values() if rid]
    if not wanted:
        return {}
    by_previous: dict[int, dict[int, Acknowledgement]] = {}
    for ack in db.session.scalars(
        sa.select(Acknowledgement).where(
            Acknowledgement.revision_id.in_(wanted), Acknowledgement.status == AckStatus.done
        )
    ):
        by_previous.setdefault(ack.revision_id, {})[ack.user_id] = ack
    return {
        (rid, uid): ack
        for rid, prev in previous_ids.items()
        for uid, ack in by_previous.get(prev, {}).items()
    }


def _task_rows(revisions: list[Revision], people, assigned_on_for, existing: set) -> list[dict]:
    now = utcnow()
    carried = _previous_done(revisions)
    rows = []
    due_for: dict[date, date] = {}
    for revision in revisions:
        for user_id, unit, roles in people:
            if (user_id, revision.id) in existing or not in_distribution(
                revision.procedure, unit, roles
            ):
                continue
            assigned = assigned_on_for(revision)
            if assigned not in due_for:
                due_for[assigned] = add_working_days(assigned, due_days())
            row = {
                "organisation_id": revision.organisation_id,
                "user_id": user_id,
                "revision_id": revision.id,
                "procedure_id": revision.procedure_id,
                "assigned_on": assigned,
                "due_on": due_for[assigned],
                "status": AckStatus.pending,
                "created_at": now,
                "acknowledged_at": None,
                "content_sha256": None,
                "carried_from_id": None,
            }
            earlier = carried.get((revision.id, user_id))
            if earlier is not None:  # an editorial change: the earlier reading still holds
                row.update(
                    status=AckStatus.done,
                    acknowledged_at=earlier.acknowledged_at,
                    content_sha256=earlier.content_sha256,
                    carried_from_id=earlier.id,
                )
            rows.append(row)
    return rows


def _insert(rows: list[dict]) -> int:
    """One bulk statement (executemany at the driver) whatever the number of people."""
    if rows:
        db.session.execute(sa.insert(Acknowledgement.__table__), rows)
    return len(rows)


def _distribution_clause(procedure: Procedure):
    """SQL for "this person is in the procedure's distribution" (everyone when it is not narrowed)."""
    units, roles = procedure.distribution_units or [], procedure.distribution_roles or []
    if not units and not roles:
        return sa.true()
    parts = []
    if units:
        parts.append(User.unit.in_(units))
    if roles:
        parts.append(
            User.id.in_(
                sa.select(UserRole.user_id).where(UserRole.role.in_([Role(r) for r in roles]))
            )
        )
    return sa.or_(*parts)


def _insert_from_select(revision: Revision, assigned: date) -> int:
    """Tasks for everyone in the distribution who has none for this revision, in one statement."""
    due = add_working_days(assigned, due_days())
    # NOT IN over an uncorrelated subquery: PostgreSQL hashes it once, whatever its estimates
    # (a correlated NOT EXISTS went row by row right after a bulk load of people).
    has_task = sa.select(Acknowledgement.user_id).where(
        Acknowledgement.revision_id == revision.id, Acknowledgement.status.in_(COUNTING)
    )
    chosen = sa.select(
        sa.literal(revision.organisation_id),
        User.id,
        sa.literal(revision.id),
        sa.literal(revision.procedure_id),
        sa.literal(assigned, sa.Date),
        sa.literal(due, sa.Date),
        sa.literal(AckStatus.pending.value),
        sa.literal(utcnow(), Acknowledgement.__table__.c.created_at.type),
    ).where(
        User.organisation_id == revision.organisation_id,
        User.active.is_(True),
        _distribution_clause(revision.procedure),
        User.id.not_in(has_task),
    )
    table = Acknowledgement.__table__
    result = db.session.execute(
        sa.insert(table)
        .from_select(
            [
                "organisation_id",
                "user_id",
                "revision_id",
                "procedure_id",
                "assigned_on",
                "due_on",
                "status",
                "created_at",
            ],
            chosen,
        )
        .returning(table.c.id)
    )
    return len(result.all())  # rowcount of INSERT ... SELECT is not reliable across drivers


def sync_organisation(organisation_id: int, on: date | None = None) -> int:
    """Create the tasks of every revision that has come into force and has none yet; close tasks
    of issues no longer in force. Cheap when nothing is new (one query)."""
    on = on or today()
    fresh = (
        db.session.scalars(
            sa.select(Revision)
            .where(
                Revision.organisation_id == organisation_id,
                Revision.status == RevisionStatus.approved,
                Revision.effective_date <= on,
                Revision.tasks_created_at.is_(None),
            )
            .order_by(Revision.effective_date, Revision.number)
        )
        .unique()
        .all()
    )
    if not fresh:
        return 0
    current = in_force(organisation_id, on, {r.procedure_id for r in fresh})
    live = [r for r in fresh if current.get(r.procedure_id) is r]
    created = 0
    significant = [r for r in live if r.significant]
    for revision in significant:  # one INSERT ... SELECT each, whatever the number of people
        created += _insert_from_select(revision, revision.effective_date)
    live = [r for r in live if not r.significant]
    if live:
        people = _people(organisation_id)
        existing = set(
            db.session.execute(
                sa.select(Acknowledgement.user_id, Acknowledgement.revision_id).where(
                    Acknowledgement.revision_id.in_([r.id for r in live]),
                    Acknowledgement.status.in_(COUNTING),
                )
            ).all()
        )
        created = _insert(_task_rows(live, people, lambda r: r.effective_date, existing))
    _close_superseded(organisation_id, {r.procedure_id for r in fresh}, current, on)
    db.session.execute(
        sa.update(Revision)
        .where(Revision.id.in_([r.id for r in fresh]))
        .values(tasks_created_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return created


def _close_superseded(
    organisation_id: int, procedure_ids: set[int], current: dict, on: date
) -> None:
    keep = [r.id for r in current.values()]
    db.session.execute(
        sa.update(Acknowledgement)
        .where(
            Acknowledgement.organisation_id == organisation_id,
            Acknowledgement.procedure_id.in_(list(procedure_ids)),
            Acknowledgement.status == AckStatus.pending,
            Acknowledgement.revision_id.not_in(keep or [0]),
        )
        .values(status=AckStatus.superseded, closed_on=on)
        .execution_options(synchronize_session=False)
    )


def sync_person(user: User, on: date | None = None) -> int:
    """A person who joins (or comes back) gets tasks for everything in force in their distribution,
    arising that day (due by the usual rule from it). A confirmation of the same issue still holds;
    the tasks closed as "left" stay as history and do not count."""
    on = on or today()
    sync_organisation(user.organisation_id, on)
    current = list(in_force(user.organisation_id, on).values())
    existing = set(
        db.session.execute(
            sa.select(Acknowledgement.user_id, Acknowledgement.revision_id).where(
                Acknowledgement.user_id == user.id, Acknowledgement.status.in_(COUNTING)
            )
        ).all()
    )
    people = _people(user.organisation_id, [user.id])
    rows = _task_rows(current, people, lambda r: max(r.effective_date, on), existing)
    db.session.flush()
    return _insert(rows)


def close_for_leaver(user: User, on: date | None = None) -> int:
    """A deactivated person's open tasks close as "left" and stop counting."""
    result = db.session.execute(
        sa.update(Acknowledgement)
        .where(Acknowledgement.user_id == user.id, Acknowledgement.status == AckStatus.pending)
        .values(status=AckStatus.left, closed_on=on or today())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def confirm_acknowledgement(task: Acknowledgement, actor: User) -> Acknowledgement:
    """The person confirms "Tôi đã đọc và hiểu" for the exact revision in force."""
    if task.user_id != actor.id:
        from ..core.errors import PermissionDenied

        raise PermissionDenied(_("You can only confirm your own reading."))
    if task.status is AckStatus.done:
        raise InvalidState(_("You have already confirmed this issue."))
    if task.status is not AckStatus.pending:
        raise InvalidState(_("This issue is no longer in force; read the current one."))
    current = in_force(task.organisation_id, today(), [task.procedure_id]).get(task.procedure_id)
    if current is None or current.id != task.revision_id:
        raise InvalidState(_("This issue is no longer in force; read the current one."))
    task.status, task.acknowledged_at = AckStatus.done, utcnow()
    task.content_sha256 = content_hash(task.revision)
    db.session.flush()
    audit.record(
        "acknowledgement.confirm",
        task,
        actor=actor,
        new={"revision_id": task.revision_id, "content_sha256": task.content_sha256},
    )
    return task


def get_task(task_id: int, organisation_id: int) -> Acknowledgement:
    task = db.session.get(Acknowledgement, task_id)
    if task is None or task.organisation_id != organisation_id:
        raise NotFound()
    return task


def _joined(user: User) -> None:
    sync_person(user)


def _left(user: User) -> None:
    close_for_leaver(user)


def register_hooks() -> None:
    """People who join get their tasks; people who leave have theirs closed."""
    from ..accounts.operations import USER_HOOKS

    for event, hook in (("created", _joined), ("activated", _joined), ("deactivated", _left)):
        if hook not in USER_HOOKS[event]:
            USER_HOOKS[event].append(hook)
