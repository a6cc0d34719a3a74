"""The tree as of a date (issue 15): which organisations are below which on a day, their names
then, who reads what, and the archives: an organisation past its last day takes no more writes.

Everything is derived from organisation_periods, so a change registered for a future day is in
force from that day with no job to run; `apply_due` only brings the current columns
(`Organisation.name`, `parent_id`, a person's `organisation_id`) up to date, and runs when a
person of an organisation with a due change makes a request (see `load_user`)."""

from collections.abc import Callable, Iterable
from datetime import date

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..core.errors import InvalidState
from ..core.i18n import format_date
from ..core.timeutil import today, utcnow
from ..extensions import db
from .models import Organisation, Role
from .org_history import OrganisationPeriod, Reorganisation, ReorganisationLink

#: Sentinels for open period ends, so intervals intersect with plain comparisons.
EARLIEST, LATEST = date(1, 1, 1), date(9999, 12, 31)


def _in_force(on: date):
    P = OrganisationPeriod
    return sa.and_(
        sa.or_(P.valid_from.is_(None), P.valid_from <= on),
        sa.or_(P.valid_to.is_(None), P.valid_to >= on),
    )


def periods_on(on: date):
    """Subquery: each organisation in force on `on` with its parent and name then."""
    P = OrganisationPeriod
    return (
        sa.select(P.organisation_id, P.parent_id, P.name).where(_in_force(on)).subquery("tree_on")
    )


def descendant_ids(org_id: int, on: date | None = None) -> set[int]:
    """Ids of the organisations below `org_id` on `on` (default today), not itself; one query."""
    on = on or today()
    P = OrganisationPeriod
    tree = (
        sa.select(P.organisation_id.label("id"))
        .where(P.parent_id == org_id, _in_force(on))
        .cte("tree", recursive=True)
    )
    # UNION, not UNION ALL: a circle in the data (which _check refuses to make) ends the query
    tree = tree.union(sa.select(P.organisation_id).where(P.parent_id == tree.c.id, _in_force(on)))
    return set(db.session.scalars(sa.select(tree.c.id)))


def _end(column):
    return sa.func.coalesce(column, LATEST)


def _start(column):
    return sa.func.coalesce(column, EARLIEST)


def _later(a, b):
    return sa.case((a > b, a), else_=b)


def _earlier(a, b):
    return sa.case((a < b, a), else_=b)


def ever_below(org_id: int) -> list[tuple[int, date, date]]:
    """(id, first day, last day) of each stretch an organisation was below `org_id`, at any
    depth, over the whole history (open ends as EARLIEST / LATEST); one recursive query."""
    P = OrganisationPeriod
    tree = (
        sa.select(
            P.organisation_id.label("id"),
            _start(P.valid_from).label("lo"),
            _end(P.valid_to).label("hi"),
            sa.literal(0).label("depth"),
        )
        .where(P.parent_id == org_id)
        .cte("below", recursive=True)
    )
    lo, hi = _later(_start(P.valid_from), tree.c.lo), _earlier(_end(P.valid_to), tree.c.hi)
    tree = tree.union_all(
        sa.select(P.organisation_id, lo, hi, tree.c.depth + 1).where(
            P.parent_id == tree.c.id, lo <= hi, tree.c.depth < 12
        )
    )
    rows = db.session.execute(sa.select(tree.c.id, tree.c.lo, tree.c.hi)).all()
    return [(org_id, _as_date(lo), _as_date(hi)) for org_id, lo, hi in rows]


def predecessor_ids(org_id: int) -> set[int]:
    """The organisations that became `org_id` (transitively), not itself; one recursive query,
    remembered for the request (the menu, the rights check and the page all ask)."""
    if not has_request_context():
        return _predecessor_ids(org_id)
    memo = request.environ.setdefault("iso_qms.predecessor_ids", {})
    if org_id not in memo:
        memo[org_id] = _predecessor_ids(org_id)
    return set(memo[org_id])


@event.listens_for(Session, "after_flush")
def _forget_predecessors(session: Session, _context) -> None:
    """A new link (a reorganisation registered in this request) makes the memo stale."""
    if has_request_context() and any(isinstance(o, ReorganisationLink) for o in session.new):
        request.environ.pop("iso_qms.predecessor_ids", None)


def _predecessor_ids(org_id: int) -> set[int]:
    L = ReorganisationLink
    chain = (
        sa.select(L.predecessor_id.label("id"))
        .where(L.successor_id == org_id, L.predecessor_id != org_id)
        .cte("before", recursive=True)
    )
    chain = chain.union(
        sa.select(L.predecessor_id).where(
            L.successor_id == chain.c.id, L.predecessor_id != chain.c.id
        )
    )
    return set(db.session.scalars(sa.select(chain.c.id)))


def readable_org_ids(user, on: date | None = None) -> set[int]:
    """What `user` reads: their own organisation and its predecessors (the archives it was made
    of); a supervisor also the organisations below theirs — on `on` when a date is asked (a report,
    a roll-up), else those below today and the archives that were below on their last day."""
    ids = {user.organisation_id} | predecessor_ids(user.organisation_id)
    if not user.has_role(Role.supervisor):
        return ids
    if on is not None:
        return ids | descendant_ids(user.organisation_id, on)
    now = today()
    stretches = ever_below(user.organisation_id)
    ended = (
        dict(
            db.session.execute(
                sa.select(Organisation.id, Organisation.valid_to).where(
                    Organisation.id.in_({row[0] for row in stretches}), Organisation.valid_to < now
                )
            ).all()
        )
        if stretches
        else {}
    )
    for org_id, lo, hi in stretches:
        if lo <= now <= hi or (org_id in ended and lo <= ended[org_id] <= hi):
            ids.add(org_id)
    return ids


def names_of(org_ids) -> dict[int, str]:
    """{id: current name} of the organisations, by name (one query; none for no ids)."""
    if not org_ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.id.in_(set(org_ids)))
            .order_by(Organisation.name)
        )
        .tuples()
        .all()
    )


def name_on(org: Organisation, on: date) -> str:
    """The organisation's name on `on` (its current name when no period covers the day)."""
    name = db.session.scalar(
        sa.select(OrganisationPeriod.name)
        .where(OrganisationPeriod.organisation_id == org.id, _in_force(on))
        .limit(1)
    )
    return name or org.name


def parent_on(org: Organisation, on: date) -> Organisation | None:
    parent_id = db.session.scalar(
        sa.select(OrganisationPeriod.parent_id)
        .where(OrganisationPeriod.organisation_id == org.id, _in_force(on))
        .limit(1)
    )
    return db.session.get(Organisation, parent_id) if parent_id else None


def children_on(org_id: int, on: date) -> list[tuple[Organisation, str]]:
    """The organisations directly below `org_id` on `on`, with their names then, by name."""
    tree = periods_on(on)
    rows = db.session.execute(
        sa.select(Organisation, tree.c.name)
        .join(tree, tree.c.organisation_id == Organisation.id)
        .where(tree.c.parent_id == org_id)
        .order_by(tree.c.name, Organisation.id)
    ).all()
    return [(org, name) for org, name in rows]


def children_during(org_id: int, start: date, end: date) -> list[tuple[Organisation, date, date]]:
    """The organisations directly below `org_id` on some day of [start, end], each with the first
    and last day of that stretch within the period (one query)."""
    P = OrganisationPeriod
    lo = _later(_start(P.valid_from), sa.literal(start, sa.Date))
    hi = _earlier(_end(P.valid_to), sa.literal(end, sa.Date))
    rows = db.session.execute(
        sa.select(Organisation, sa.func.min(lo), sa.func.max(hi))
        .join(P, P.organisation_id == Organisation.id)
        .where(P.parent_id == org_id, _start(P.valid_from) <= end, _end(P.valid_to) >= start)
        .group_by(Organisation.id)
    ).all()
    return [(org, _as_date(a), _as_date(b)) for org, a, b in rows]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def is_archive(org: Organisation, on: date | None = None) -> bool:
    return org.valid_to is not None and org.valid_to < (on or today())


def successors_of(org_id: int) -> list[Organisation]:
    L = ReorganisationLink
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .join(L, L.successor_id == Organisation.id)
            .where(L.predecessor_id == org_id, L.successor_id != org_id)
            .order_by(Organisation.name)
        )
    )


def links_of(org_ids: list[int]) -> dict[str, dict[int, list[int]]]:
    """For each organisation, its predecessors and successors (other than itself); one query."""
    L = ReorganisationLink
    out: dict[str, dict[int, list[int]]] = {"predecessors": {}, "successors": {}}
    if not org_ids:
        return out
    rows = db.session.execute(
        sa.select(L.predecessor_id, L.successor_id)
        .where(
            sa.or_(L.predecessor_id.in_(org_ids), L.successor_id.in_(org_ids)),
            L.predecessor_id != L.successor_id,
        )
        .order_by(L.id)
    ).all()
    for before, after in rows:
        out["successors"].setdefault(before, []).append(after)
        out["predecessors"].setdefault(after, []).append(before)
    return out


# --- archives take no writes -------------------------------------------------------------------


class Archived(InvalidState):
    code = "archived"


def archive_message(org: Organisation) -> str:
    names = ", ".join(o.name for o in successors_of(org.id))
    if names:
        return _(
            "%(org)s ended on %(date)s (administrative reorganisation) and is now part of "
            "%(successor)s; its records are kept read-only.",
            org=org.name,
            date=format_date(org.valid_to),
            successor=names,
        )
    return _(
        "%(org)s ended on %(date)s; its records are kept read-only.",
        org=org.name,
        date=format_date(org.valid_to),
    )


def _guarded(obj) -> bool:
    cls = type(obj)
    return not getattr(cls, "__archive_exempt__", False) and hasattr(cls, "organisation_id")


@event.listens_for(Session, "before_flush")
def _archives_take_no_writes(session: Session, flush_context, instances) -> None:
    """A new, changed or deleted record of an organisation past its last day is refused (409),
    a change of its links (e.g. the legal bases a procedure cites) too — except what a
    reorganisation itself writes (session.info["reorganising"])."""
    if session.info.get("reorganising"):
        return
    org_ids = {
        obj.organisation_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if _guarded(obj)
        and obj.organisation_id is not None
        and (obj not in session.dirty or session.is_modified(obj, include_collections=True))
    }
    if not org_ids:
        return
    with session.no_autoflush:
        ended = session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_(org_ids), Organisation.valid_to < today()
            )
        ).first()
    if ended is not None:
        raise Archived(archive_message(ended))


class reorganising:  # noqa: N801 (a context manager used like a keyword)
    """Within: the writes a reorganisation makes in the organisations it ends are allowed."""

    def __enter__(self):
        self.was = db.session.info.get("reorganising")
        db.session.info["reorganising"] = True

    def __exit__(self, *exc):
        db.session.info["reorganising"] = self.was


# --- bringing the current columns up to date ---------------------------------------------------


#: Other features react when a change comes into force (close the ended organisations' reading
#: tasks, carry over open work): each takes the Reorganisation, inside the same transaction.
REORGANISATION_HOOKS: list[Callable[[Reorganisation], None]] = []


def carry_people(source_ids: list[int], successor_id: int, day: date) -> int:
    """Everyone still in the sources goes to the successor from `day`: their open employment
    period ends and one begins in the successor (same account, password and unit), the roles
    are marked for the successor's administrator to review; bulk statements."""
    from .models import EmploymentPeriod, EmploymentReason, User

    E = EmploymentPeriod
    people = db.session.execute(
        sa.select(User.id, User.unit, E.id.label("period_id"), E.started_on)
        .outerjoin(E, sa.and_(E.user_id == User.id, E.ended_on.is_(None)))
        .where(User.organisation_id.in_(source_ids), User.active.is_(True))
    ).all()
    if not people:
        return 0
    periods = [p for p in people if p.period_id is not None]
    for start in {max(day, p.started_on) for p in periods}:
        db.session.execute(
            sa.update(E)
            .where(E.id.in_([p.period_id for p in periods if max(day, p.started_on) == start]))
            .values(ended_on=start)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        sa.insert(E),
        [
            {
                "user_id": p.id,
                "organisation_id": successor_id,
                "unit": p.unit,
                "started_on": max(day, p.started_on) if p.started_on else day,
                "reason": EmploymentReason.reorganised,
            }
            for p in people
        ],
    )
    db.session.execute(
        sa.update(User)
        .where(User.id.in_([p.id for p in people]))
        .values(organisation_id=successor_id, roles_to_review=True)
        .execution_options(synchronize_session=False)
    )
    return len(people)


def apply_due(org_ids: Iterable[int] | None = None) -> int:
    """Bring what is in force today into the current columns: the people of organisations that
    have ended go to their successor, each organisation's `name` and `parent_id` are those of its
    period in force; the hooks of each change run once. Bulk statements; returns the number of
    organisations brought up to date."""
    now = today()
    pending = db.session.scalars(
        sa.select(Reorganisation)
        .where(Reorganisation.effective_date <= now, Reorganisation.applied_at.is_(None))
        .order_by(Reorganisation.effective_date, Reorganisation.id)
    ).all()
    query = sa.select(Organisation.id).where(Organisation.changes_on <= now)
    if org_ids is not None:
        query = query.where(Organisation.id.in_(set(org_ids)))
    due = set(db.session.scalars(query))
    if not due and not pending:
        return 0
    with reorganising():
        for reorg in pending:
            moves: dict[int, list[int]] = {}
            for link in reorg.links:
                if link.predecessor_id != link.successor_id:
                    moves.setdefault(link.successor_id, []).append(link.predecessor_id)
            for successor_id, source_ids in moves.items():
                carry_people(source_ids, successor_id, reorg.effective_date)
            for hook in REORGANISATION_HOOKS:
                hook(reorg)
            reorg.applied_at = utcnow()
            due |= {i for link in reorg.links for i in (link.predecessor_id, link.successor_id)}
        db.session.flush()
        _current_columns(due, now)
    db.session.expire_all()
    return len(due)


def _current_columns(due: set[int], now: date) -> None:
    P = OrganisationPeriod
    for column in ("name", "parent_id"):
        then = (
            sa.select(getattr(P, column))
            .where(P.organisation_id == Organisation.id, _in_force(now))
            .limit(1)
            .scalar_subquery()
        )
        db.session.execute(
            sa.update(Organisation)
            .where(
                Organisation.id.in_(due),
                sa.exists().where(P.organisation_id == Organisation.id, _in_force(now)),
            )
            .values({column: then})
            .execution_options(synchronize_session=False)
        )
    later = (
        sa.select(sa.func.min(P.valid_from))
        .where(P.organisation_id == Organisation.id, P.valid_from > now)
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(Organisation)
        .where(Organisation.id.in_(due))
        .values(changes_on=later)
        .execution_options(synchronize_session=False)
    )


def apply_due_for(user) -> None:
    """Called with the user of a request: when their organisation has a change due (read with the
    user, no query otherwise), apply what is due and commit."""
    org = user.organisation
    if org is None or org.changes_on is None or org.changes_on > today():
        return
    apply_due()
    db.session.commit()
    if has_request_context():
        db.session.refresh(user)
