"""Which organisations a roll-up has rows for, as the tree stood (issue 15): those directly below
the supervising organisation on the as-of date, with their names then, and those that were below
it during the period but are no longer on the as-of date (merged, moved away), each as its own row
up to its last day there. Also which organisations were made by a reorganisation, for "not yet
announced". A fixed number of queries whatever the number of organisations."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..accounts.models import Organisation, Role, User, held_on, organisation_on, present_on
from ..accounts.org_history import OrganisationPeriod, Reorganisation, ReorganisationLink
from ..accounts.tree import EARLIEST, LATEST
from ..extensions import db
from .compliance import Period


@dataclass
class TreeRow:
    organisation: Organisation
    #: The name it had then (on the as-of date, or on its last day below).
    name: str
    #: Its last day below the supervising organisation, when that is before the as-of date.
    until: date | None = None
    #: Made by (or grown through) a reorganisation in force by the as-of date.
    reorganised: bool = False
    #: For a row that ended: the organisation it went into (through a change in force by then).
    successor_id: int | None = None


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _links(on: date):
    L, R = ReorganisationLink, Reorganisation
    return (
        sa.select(L.successor_id)
        .join(R, R.id == L.reorganisation_id)
        .where(L.predecessor_id != L.successor_id, R.effective_date <= on)
    )


def _name_then(org_id, on: date):
    """Correlated: the name of `org_id` in its period in force on `on`."""
    P = sa.orm.aliased(OrganisationPeriod)
    return (
        sa.select(P.name)
        .where(P.organisation_id == org_id, *_covering(P, on))
        .limit(1)
        .scalar_subquery()
    )


def _covering(P, on: date) -> tuple:
    return (
        sa.func.coalesce(P.valid_from, EARLIEST) <= on,
        sa.func.coalesce(P.valid_to, LATEST) >= on,
    )


def rows_below(supervising_id: int, period: Period) -> tuple[str | None, list[TreeRow]]:
    """The supervising organisation's name on the as-of date (None when nothing is below it) and
    the rows of the roll-up: those in force on the as-of date (by their name then), each row that
    ended during the period right after the row of its successor (else at the end). One query."""
    P, L = OrganisationPeriod, ReorganisationLink
    start, end = sa.func.coalesce(P.valid_from, EARLIEST), sa.func.coalesce(P.valid_to, LATEST)
    on, until = period.as_of, period.until
    covers = sa.and_(*_covering(P, on))
    during = sa.and_(start <= until, end >= period.start)
    reorganised = _links(on).where(L.successor_id == Organisation.id).exists()
    successor = (
        _links(on)
        .with_only_columns(sa.func.min(L.successor_id))
        .where(L.predecessor_id == Organisation.id)
        .scalar_subquery()
    )
    found = db.session.execute(
        sa.select(
            Organisation,
            P.name,
            P.valid_to,
            sa.case((covers, 1), else_=0),
            reorganised,
            successor,
            _name_then(supervising_id, on),
        )
        .join(P, P.organisation_id == Organisation.id)
        .where(P.parent_id == supervising_id, sa.or_(covers, during))
        .order_by(P.name, Organisation.id)
    ).all()
    current, ended = [], {}
    for org, name, _to, now, made, _next, _sup in found:
        if now:
            current.append(TreeRow(org, name, reorganised=bool(made)))
    kept = {row.organisation.id for row in current}
    for org, name, valid_to, _now, made, after, _sup in found:
        last = _as_date(valid_to)
        if org.id in kept or last is None:
            continue
        if org.id not in ended or last > ended[org.id].until:
            ended[org.id] = TreeRow(org, name, last, bool(made), after)
    supervisor_name = found[0][-1] if found else None
    return supervisor_name, _placed(current, list(ended.values()))


def _placed(current: list[TreeRow], ended: list[TreeRow]) -> list[TreeRow]:
    """Each ended row right after its successor's row; the others at the end."""
    if not ended:
        return current
    ids = {row.organisation.id for row in current}
    after: dict[int, list[TreeRow]] = {}
    rest = []
    for row in ended:
        if row.successor_id in ids:
            after.setdefault(row.successor_id, []).append(row)
        else:
            rest.append(row)
    rows = []
    for row in current:
        rows.append(row)
        rows.extend(after.get(row.organisation.id, []))
    return rows + rest


def reorganised_ids(org_ids: list[int], on: date) -> set[int]:
    """Those of `org_ids` made by (or grown through) a reorganisation in force by `on`: they have
    predecessors then; one query."""
    if not org_ids:
        return set()
    return set(
        db.session.scalars(
            _links(on).where(ReorganisationLink.successor_id.in_(org_ids)).distinct()
        )
    )


def formation(org_id: int, on: date) -> list[dict]:
    """The mergers in force by `on` that made or grew `org_id`: kind, day, legal basis and the
    names of the organisations merged, in order of their day (one query)."""
    L, R = ReorganisationLink, Reorganisation
    rows = db.session.execute(
        sa.select(R.id, R.kind, R.effective_date, R.legal_basis, Organisation.name)
        .join(L, L.reorganisation_id == R.id)
        .join(Organisation, Organisation.id == L.predecessor_id)
        .where(
            L.successor_id == org_id,
            L.predecessor_id != org_id,
            R.effective_date <= on,
            R.kind.in_(("merge_new", "merge_into")),
        )
        .order_by(R.effective_date, R.id, Organisation.name)
    ).all()
    found: dict[int, dict] = {}
    for reorg_id, kind, day, basis, name in rows:
        entry = found.setdefault(reorg_id, {"kind": getattr(kind, "value", kind),
                                            "effective_date": day.isoformat(),
                                            "legal_basis": basis, "from": []})  # fmt: skip
        entry["from"].append(name)
    return list(found.values())


def header_then(org_id: int, on: date) -> tuple[str | None, bool]:
    """(its name on `on`, made by a reorganisation in force by then) for a report; one query."""
    found = db.session.execute(
        sa.select(
            _name_then(org_id, on),
            _links(on).where(ReorganisationLink.successor_id == org_id).exists(),
        )
    ).one()
    return found[0], bool(found[1])


def parent_name_then(org_id: int, on: date) -> str | None:
    """The name on `on` of the organisation above `org_id` on `on`; one query."""
    child, parent = sa.orm.aliased(OrganisationPeriod), sa.orm.aliased(OrganisationPeriod)
    return db.session.scalar(
        sa.select(parent.name)
        .join(child, child.parent_id == parent.organisation_id)
        .where(child.organisation_id == org_id, *_covering(child, on), *_covering(parent, on))
        .limit(1)
    )


def head_then(organisation_id: int, on: date) -> tuple[str, str] | None:
    """(full name, position) of the person who held the head role on `on` (role history) and
    belonged to the organisation then (employment history); None if nobody did (one query)."""
    found = db.session.execute(
        sa.select(User.full_name, User.position)
        .where(organisation_on(on) == organisation_id, present_on(on), held_on(Role.head, on))
        .order_by(User.id)
        .limit(1)
    ).first()
    return (found.full_name or "", found.position or "") if found else None
