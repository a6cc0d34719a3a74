"""The five changes of the tree (issue 15): merge into a new organisation, merge into one that
continues, move under another parent, end a level, rename. Each is one all-or-nothing operation:
checked first (a clear message per field, nothing written), then written with bulk statements:
the periods, the links, the sources' last day, the people's employment periods, the audit entry.
The current columns follow when the date comes (accounts/tree.apply_due)."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Organisation, OrgLevel, Role, User
from ..accounts.org_history import OrganisationPeriod, Reorganisation, ReorganisationLink, ReorgKind
from ..accounts.tree import (
    _in_force,
    apply_due,
    descendant_ids,
    reorganising,
)
from ..core import audit
from ..core.errors import PermissionDenied, ValidationFailed
from ..core.i18n import format_date
from ..core.text import nfc
from ..core.timeutil import today
from ..extensions import db
from .open_work import OPEN_WORK_CHOICES, open_work_counts

#: The kinds whose sources end (their people and open work go to the successor).
ENDING = (ReorgKind.merge_new, ReorgKind.merge_into, ReorgKind.end_level)


@dataclass
class NewOrganisation:
    code: str
    name: str
    level: OrgLevel
    parent_id: int | None = None
    place_name: str = ""


def _tops(org_ids: set[int], on: date) -> set[int]:
    """The organisations at the top of the trees of `org_ids` on `on` (their provinces or the
    system); one query per level of the tree, whatever the number of organisations."""
    P = OrganisationPeriod
    tops, frontier, seen = set(), set(org_ids), set()
    while frontier:
        seen |= frontier
        parents = dict(
            db.session.execute(
                sa.select(P.organisation_id, P.parent_id).where(
                    P.organisation_id.in_(frontier), _in_force(on)
                )
            ).all()
        )
        tops |= {org_id for org_id in frontier if parents.get(org_id) is None}
        frontier = {p for p in parents.values() if p is not None} - seen
    return tops


def _changed_later(org_ids: list[int], day: date) -> set[int]:
    """Those of `org_ids` with a period beginning on or after `day` (a later change); one query."""
    P = OrganisationPeriod
    return set(
        db.session.scalars(
            sa.select(P.organisation_id).where(P.organisation_id.in_(org_ids), P.valid_from >= day)
        )
    )


def _ancestors_on(org_id: int, on: date) -> set[int]:
    """`org_id` and the organisations above it on `on` (one query per level; a circle stops)."""
    P = OrganisationPeriod
    seen, current = {org_id}, org_id
    while True:
        parent = db.session.scalar(
            sa.select(P.parent_id).where(P.organisation_id == current, _in_force(on)).limit(1)
        )
        if parent is None or parent in seen:
            return seen
        seen.add(parent)
        current = parent


def _makes_a_circle(sources: list[Organisation], anchor_id: int, day: date) -> bool:
    """Whether the change would put a source above itself: the organisation the sources' people,
    children or selves go under (`anchor_id`: the target, or the new organisation's parent) is
    below a source on the change's day or on the day of any change registered after it."""
    P = OrganisationPeriod
    days = {day} | set(
        db.session.scalars(sa.select(P.valid_from).where(P.valid_from > day).distinct().limit(50))
    )
    ids = {s.id for s in sources}
    return any(ids & _ancestors_on(anchor_id, d) for d in sorted(days))


def _period_open_on(org_id: int, on: date) -> OrganisationPeriod | None:
    return db.session.scalar(
        sa.select(OrganisationPeriod).where(
            OrganisationPeriod.organisation_id == org_id, _in_force(on)
        )
    )


def _check(
    kind: ReorgKind,
    day: date | None,
    legal_basis: str,
    sources: list[Organisation],
    target,
    actor: User,
    open_work: str | None,
) -> dict:
    errors: dict[str, str] = {}
    if day is None:
        return {"effective_date": _("Enter the date the change takes effect.")}
    if not legal_basis:
        errors["legal_basis"] = _(
            "Enter the legal basis of the change (e.g. the resolution of the Standing Committee of "
            "the National Assembly)."
        )
    if not actor.has_role(Role.admin):
        raise PermissionDenied()
    several = kind in (ReorgKind.merge_new, ReorgKind.merge_into)
    if not sources or (not several and len(sources) != 1):
        errors["sources"] = _("Name the organisations the change applies to.")
        return errors
    if len({s.id for s in sources}) != len(sources):
        errors["sources"] = _("An organisation is named twice.")
        return errors
    before = day - timedelta(days=1)
    below = descendant_ids(actor.organisation_id, before)  # what the actor may change
    # sources in the tree on the eve (the others are refused by name below) of several provinces
    living = {
        s.id
        for s in sources
        if (s.valid_from is None or s.valid_from < day)
        and (s.valid_to is None or s.valid_to >= day)
    }
    if several and not living <= below:
        tops = _tops(living, before)
        if len(tops) > 1 and not _spans(actor, tops, below):
            errors["sources"] = _different_provinces()
            return errors
    later = _changed_later([s.id for s in sources], day)
    for source in sources:
        if source.valid_from is not None and day <= source.valid_from:
            errors["effective_date"] = _(
                "%(org)s only exists from %(date)s: a change cannot be dated before that.",
                org=source.name,
                date=format_date(source.valid_from),
            )
        elif source.valid_to is not None and source.valid_to < day:
            errors["sources"] = _(
                "%(org)s ended on %(date)s.", org=source.name, date=format_date(source.valid_to)
            )
        elif source.id in later:
            errors["effective_date"] = _(
                "A later change of %(org)s is already registered.", org=source.name
            )
        elif source.id not in below:
            # a province (the top of its tree) renames itself: no level above it decides
            own_top = actor.organisation_id == source.id and _tops({source.id}, before) == {
                source.id
            }
            if not (kind is ReorgKind.rename and own_top):
                errors["sources"] = _(
                    "Only an administrator of the level above %(org)s may change it.",
                    org=source.name,
                )
    if errors:
        return errors
    anchors = {s.id for s in sources}  # their provinces must be the actor's
    if kind in (ReorgKind.merge_into, ReorgKind.move, ReorgKind.end_level):
        if not isinstance(target, Organisation):
            return {"target": _("Choose the organisation that continues.")}
        if target.id in {s.id for s in sources}:
            return {"target": _("An organisation cannot be merged into or moved under itself.")}
        if target.valid_to is not None and target.valid_to < day:
            return {"target": _("%(org)s ended on %(date)s.", org=target.name,
                                date=format_date(target.valid_to))}  # fmt: skip
        if target.valid_from is not None and day < target.valid_from:
            return {"effective_date": _(
                "%(org)s only exists from %(date)s: a change cannot be dated before that.",
                org=target.name, date=format_date(target.valid_from))}  # fmt: skip
        if _makes_a_circle(sources, target.id, day):
            return {"target": _("%(org)s is below %(source)s: the tree would go round in a circle.",
                                org=target.name, source=sources[0].name)}  # fmt: skip
        anchors.add(target.id)
        if target.id != actor.organisation_id and target.id not in below:
            errors["target"] = _("%(org)s is not below your organisation.", org=target.name)
    if kind is ReorgKind.merge_new:
        if not isinstance(target, NewOrganisation):
            return {"target": _("Give the code, name and level of the new organisation.")}
        if not target.code or not target.name:
            errors["target"] = _("Give the code, name and level of the new organisation.")
        elif db.session.scalar(sa.select(Organisation.id).where(Organisation.code == target.code)):
            errors["target"] = _("This code is already used.")
        parent = db.session.get(Organisation, target.parent_id) if target.parent_id else None
        if target.parent_id and parent is None:
            errors["target"] = _("The organisation above was not found.")
        elif parent is not None and parent.valid_from is not None and day < parent.valid_from:
            errors["effective_date"] = _(
                "%(org)s only exists from %(date)s: a change cannot be dated before that.",
                org=parent.name,
                date=format_date(parent.valid_from),
            )
        elif parent is not None and parent.valid_to is not None and parent.valid_to < day:
            errors["target"] = _(
                "%(org)s ended on %(date)s.", org=parent.name, date=format_date(parent.valid_to)
            )
        elif parent is not None:
            anchors.add(parent.id)
            if _makes_a_circle(sources, parent.id, day):
                errors["target"] = _(
                    "%(org)s is below %(source)s: the tree would go round in a circle.",
                    org=parent.name,
                    source=sources[0].name,
                )
    if kind is ReorgKind.rename and not (isinstance(target, str) and target.strip()):
        errors["target"] = _("Enter the new name.")
    tops = _tops(anchors, before)
    if len(tops) > 1 and not _spans(actor, tops, below):
        errors["sources"] = _different_provinces()
    if kind in ENDING and open_work is None:
        counts = open_work_counts([s.id for s in sources])
        if any(counts.values()):
            errors["open_work"] = _(
                "%(org)s still has open work (%(what)s): say what becomes of it (transfer to the "
                "successor, close, or decide item by item on the carry-over page).",
                org=", ".join(s.name for s in sources),
                what=_describe(counts),
            )
    if open_work is not None and open_work not in OPEN_WORK_CHOICES:
        errors["open_work"] = _("Choose what becomes of the open work.")
    return errors


def _different_provinces() -> str:
    return _(
        "The organisations belong to different provinces: only an administrator of the level "
        "above them all may merge them."
    )


def _spans(actor: User, tops: set[int], below: set[int]) -> bool:
    """The actor's organisation is above (or is) every province concerned."""
    return all(t == actor.organisation_id or t in below for t in tops)


def _describe(counts: dict[str, int]) -> str:
    words = {
        "revisions": _("%(n)d revisions not yet approved"),
        "rounds": _("%(n)d rounds not closed"),
        "findings": _("%(n)d findings open"),
        "actions": _("%(n)d corrective actions open"),
    }
    return ", ".join(str(words[k]) % {"n": n} for k, n in counts.items() if n)


def reorganise(
    kind: ReorgKind,
    effective_date: date | None,
    legal_basis: str,
    sources: list[Organisation],
    target,
    actor: User,
    open_work: str | None = None,
) -> Reorganisation:
    """Register one change of the tree; in force from `effective_date` (today or a later day are
    applied at once to the current columns when due). Refused with field messages, nothing written."""
    legal_basis = nfc(legal_basis or "").strip()
    if isinstance(target, NewOrganisation):
        target.code, target.name = nfc(target.code).strip(), nfc(target.name).strip()
    if isinstance(target, str):
        target = nfc(target).strip()
    errors = _check(kind, effective_date, legal_basis, sources, target, actor, open_work)
    if errors:
        raise ValidationFailed(fields=errors)
    day, before = effective_date, effective_date - timedelta(days=1)
    with reorganising():
        reorg = Reorganisation(
            kind=kind,
            effective_date=day,
            legal_basis=legal_basis,
            open_work=open_work or "checklist",
            created_by_id=actor.id,
        )
        db.session.add(reorg)
        db.session.flush()
        successor = _write(kind, reorg, day, before, sources, target)
        touched = {s.id for s in sources} | ({successor.id} if successor else set())
        db.session.execute(
            sa.update(Organisation)
            .where(Organisation.id.in_(touched))
            .values(
                changes_on=sa.case(
                    (Organisation.changes_on < day, Organisation.changes_on), else_=day
                )
            )
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            sa.update(Organisation)
            .where(Organisation.id.in_(touched), Organisation.changes_on.is_(None))
            .values(changes_on=day)
            .execution_options(synchronize_session=False)
        )
        audit.record(
            "organisation.reorganise",
            reorg,
            actor=actor,
            new={
                "kind": kind,
                "effective_date": day,
                "legal_basis": legal_basis,
                "sources": ", ".join(s.name for s in sources),
                "successor": successor.name if successor else "",
            },
            organisation_id=successor.id if successor else sources[0].id,
        )
    if day <= today():
        apply_due(touched)
    return reorg


def _cut(org_id: int, before: date) -> OrganisationPeriod:
    """End the organisation's period in force on `before` that day; returns it."""
    period = _period_open_on(org_id, before)
    period.valid_to = before
    return period


def _start(org_id: int, reorg: Reorganisation, day: date, name: str, parent_id: int | None):
    db.session.add(
        OrganisationPeriod(
            organisation_id=org_id,
            parent_id=parent_id,
            name=name,
            valid_from=day,
            reorganisation_id=reorg.id,
        )
    )


def _link(reorg: Reorganisation, predecessor_id: int, successor_id: int) -> None:
    db.session.add(
        ReorganisationLink(
            reorganisation_id=reorg.id, predecessor_id=predecessor_id, successor_id=successor_id
        )
    )


def _end(sources: list[Organisation], before: date) -> None:
    """The sources' last day is `before`: theirs and their periods in force then (one update)."""
    for org in sources:
        org.valid_to = before  # flushed as one batch with the links
    P = OrganisationPeriod
    db.session.execute(
        sa.update(P)
        .where(P.organisation_id.in_([o.id for o in sources]), _in_force(before))
        .values(valid_to=before)
        .execution_options(synchronize_session=False)
    )


def _move_children(reorg, parent_ids: list[int], new_parent_id: int, day: date, before: date):
    """The organisations below `parent_ids` on the day before go under `new_parent_id` (bulk);
    not those whose period already ends that day (merged or moved by a change of the same day),
    nor those that end with their parent (sources of the same change)."""
    P = OrganisationPeriod
    children = db.session.execute(
        sa.select(P.id, P.organisation_id, P.name).where(
            P.parent_id.in_(parent_ids),
            P.organisation_id.not_in(parent_ids),
            _in_force(before),
            sa.or_(P.valid_to.is_(None), P.valid_to >= day),
        )
    ).all()
    if not children:
        return
    db.session.execute(
        sa.update(P)
        .where(P.id.in_([c.id for c in children]))
        .values(valid_to=before)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.insert(P),
        [
            {
                "organisation_id": c.organisation_id,
                "parent_id": new_parent_id,
                "name": c.name,
                "valid_from": day,
                "reorganisation_id": reorg.id,
            }  # fmt: skip
            for c in children
        ],
    )
    db.session.execute(
        sa.update(Organisation)
        .where(Organisation.id.in_([c.organisation_id for c in children]))
        .values(changes_on=day)
        .execution_options(synchronize_session=False)
    )


def _write(kind, reorg, day, before, sources, target) -> Organisation | None:
    if kind is ReorgKind.merge_new:
        successor = Organisation(
            code=target.code,
            name=target.name,
            level=target.level,
            parent_id=target.parent_id,
            place_name=nfc(target.place_name or ""),
            valid_from=day,
        )
        db.session.add(successor)
        db.session.flush()  # its first period (org_history._first_period) begins on `day`
        db.session.execute(
            sa.update(OrganisationPeriod)
            .where(OrganisationPeriod.organisation_id == successor.id)
            .values(reorganisation_id=reorg.id)
        )
    elif kind is ReorgKind.rename:
        org = sources[0]
        period = _cut(org.id, before)
        _start(org.id, reorg, day, target, period.parent_id)
        _link(reorg, org.id, org.id)
        return org
    elif kind is ReorgKind.move:
        org = sources[0]
        period = _cut(org.id, before)
        _start(org.id, reorg, day, period.name, target.id)
        _link(reorg, org.id, org.id)
        return org
    else:
        successor = target
    ids = [source.id for source in sources]
    for source_id in ids:
        _link(reorg, source_id, successor.id)
    _move_children(reorg, ids, successor.id, day, before)  # a level's, or any
    _end(sources, before)
    db.session.flush()
    return successor  # the people follow when the day comes (accounts/tree.apply_due)
