"""PAR criteria sets by publisher and year: which set a report uses, and publishing, new versions
and edits under the rule that a published set is frozen.

The rule (documented in README, "PAR criteria sets"): a set is published by an organisation for
itself and every organisation below it. A report of a period uses the set of the year its period
ends in, published by the nearest organisation up the tree from the reporting one (itself first);
of that publisher's versions it uses the latest published by the end of the as-of day (before the
first publication, version 1). A published set never changes: a change is a new draft version of
the same year, used once it is published, and only by reports as of that day or later. No set of
the year in reach: the report says so and has no appendix rows; it never borrows another year.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Organisation
from ..core import audit
from ..core.errors import EditConflict, InvalidState, ValidationFailed
from ..core.text import nfc
from ..core.timeutil import LOCAL_TZ, end_of, utcnow
from ..extensions import db
from .models import CriteriaSetStatus, NoteSource, ParCriteriaSet, ParCriterion
from .shipped_criteria import DEFAULT_CRITERIA, SHIPPED_BASIS, SHIPPED_YEAR, TTH_2020

#: The columns of a criterion a new version copies and an import compares.
CRITERION_FIELDS = (
    "code",
    "group",
    "text",
    "expected_output",
    "reporting_body",
    "note_source",
    "metric",
    "position",
    "active",
)


def chain_cte(organisation_id: int):
    """The organisation and those above it with their distance (0 = itself): a recursive CTE."""
    tree = (
        sa.select(Organisation.id, Organisation.parent_id, sa.literal(0).label("depth"))
        .where(Organisation.id == organisation_id)
        .cte("chain", recursive=True)
    )
    return tree.union_all(
        sa.select(Organisation.id, Organisation.parent_id, tree.c.depth + 1).where(
            Organisation.id == tree.c.parent_id, tree.c.depth < 10
        )
    )


def chain_ids(organisation_id: int) -> list[int]:
    """The organisation and those above it, nearest first, in one recursive query."""
    tree = chain_cte(organisation_id)
    return list(db.session.scalars(sa.select(tree.c.id).order_by(tree.c.depth)))


def choose(candidates, rank: dict[int, int], as_of: date):
    """Of the candidate sets (`rank`: publisher id → distance up the tree), the nearest
    publisher's latest version published by `as_of`; when none was published by then, the
    nearest publisher's version 1."""
    if not candidates:
        return None
    by = end_of(as_of)
    known = [s for s in candidates if s.published_at < by]
    pool = known or [min(candidates, key=lambda s: (rank[s.organisation_id], s.version))]
    return min(pool, key=lambda s: (rank[s.organisation_id], -s.version))


def set_for(organisation_id: int, year: int, as_of: date) -> ParCriteriaSet | None:
    """The published set a report of `year` as of `as_of` uses (see the module's rule)."""
    chain = chain_ids(organisation_id)
    candidates = list(
        db.session.scalars(
            sa.select(ParCriteriaSet).where(
                ParCriteriaSet.organisation_id.in_(chain),
                ParCriteriaSet.year == year,
                ParCriteriaSet.status == CriteriaSetStatus.published,
            )
        )
    )
    chosen = choose(candidates, {org_id: i for i, org_id in enumerate(chain)}, as_of)
    if chosen is None and year == SHIPPED_YEAR and not _any_set_in(chain):
        chosen = ensure_shipped_set(organisation_id)
    return chosen


def _any_set_in(chain: list[int]) -> bool:
    query = sa.select(ParCriteriaSet.id).where(ParCriteriaSet.organisation_id.in_(chain))
    return db.session.scalar(query.limit(1)) is not None


def ensure_shipped_set(organisation_id: int) -> ParCriteriaSet | None:
    """A fresh install's organisation with no set in reach gets the shipped 2020 set as its own
    (published), so a 2020 report has its appendix; anything configured above it wins."""
    if _any_set_in(chain_ids(organisation_id)):
        return None
    criteria_set = ParCriteriaSet(
        organisation_id=organisation_id,
        year=SHIPPED_YEAR,
        version=1,
        name=TTH_2020,
        basis=SHIPPED_BASIS,
        status=CriteriaSetStatus.published,
        published_at=utcnow(),
    )
    db.session.add(criteria_set)
    db.session.flush()
    db.session.execute(
        sa.insert(ParCriterion),
        [
            {
                "organisation_id": organisation_id,
                "set_id": criteria_set.id,
                "position": i,
                "code": code,
                "group": group,
                "text": text,
                "expected_output": output,
                "reporting_body": body,
                "note_source": NoteSource.metric if metric else NoteSource.manual,
                "metric": metric,
                "active": True,
                "lock_version": 1,
            }
            for i, (code, group, text, output, body, metric) in enumerate(DEFAULT_CRITERIA, start=1)
        ],
    )
    return criteria_set


def summary(criteria_set: ParCriteriaSet | None, year: int) -> dict:
    """What the report says about the set it used (the keys are the same when there is none)."""
    if criteria_set is None:
        return dict.fromkeys(("id", "version", "name", "basis", "publisher", "published_on")) | {
            "year": year
        }
    publisher = criteria_set.publisher
    return {
        "id": criteria_set.id,
        "year": criteria_set.year,
        "version": criteria_set.version,
        "name": criteria_set.name,
        "basis": criteria_set.basis,
        "publisher": {"id": publisher.id, "code": publisher.code, "name": publisher.name},
        "published_on": (
            criteria_set.published_at.astimezone(LOCAL_TZ).date().isoformat()
            if criteria_set.published_at
            else None
        ),
    }


def sets_in_reach(organisation_id: int) -> list[ParCriteriaSet]:
    """The organisation's own sets (drafts too) and the published sets of those above it."""
    chain = chain_ids(organisation_id)
    return list(
        db.session.scalars(
            sa.select(ParCriteriaSet)
            .where(
                ParCriteriaSet.organisation_id.in_(chain),
                sa.or_(
                    ParCriteriaSet.organisation_id == organisation_id,
                    ParCriteriaSet.status == CriteriaSetStatus.published,
                ),
            )
            .order_by(
                ParCriteriaSet.year.desc(),
                ParCriteriaSet.organisation_id,
                ParCriteriaSet.version.desc(),
            )
        )
    )


def criteria_in(criteria_set: ParCriteriaSet | None, active_only: bool = True) -> list:
    if criteria_set is None:
        return []
    query = sa.select(ParCriterion).where(ParCriterion.set_id == criteria_set.id)
    if active_only:
        query = query.where(ParCriterion.active.is_(True))
    return list(db.session.scalars(query.order_by(ParCriterion.position, ParCriterion.id)))


def draft_of(organisation_id: int, year: int) -> ParCriteriaSet | None:
    return db.session.scalar(
        sa.select(ParCriteriaSet).where(
            ParCriteriaSet.organisation_id == organisation_id,
            ParCriteriaSet.year == year,
            ParCriteriaSet.status == CriteriaSetStatus.draft,
        )
    )


def next_version(organisation_id: int, year: int) -> int:
    top = db.session.scalar(
        sa.select(sa.func.max(ParCriteriaSet.version)).where(
            ParCriteriaSet.organisation_id == organisation_id, ParCriteriaSet.year == year
        )
    )
    return (top or 0) + 1


def _check_lock(criteria_set: ParCriteriaSet, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != criteria_set.lock_version:
        raise EditConflict()


def publish_set(criteria_set: ParCriteriaSet, actor, lock_version: int | None = None):
    """Issue a draft: from now on it is frozen and reports as of today or later use it."""
    _check_lock(criteria_set, lock_version)
    if criteria_set.published:
        raise InvalidState(_("This version of the set is already published."))
    if not criteria_in(criteria_set):
        raise ValidationFailed(_("A set without criteria in use cannot be published."))
    criteria_set.status = CriteriaSetStatus.published
    criteria_set.published_at = utcnow()
    criteria_set.published_by_id = actor.id
    db.session.flush()
    audit.record(
        "par_criteria_set.publish",
        criteria_set,
        actor=actor,
        new={"year": criteria_set.year, "version": criteria_set.version},
    )
    return criteria_set


def new_version(criteria_set: ParCriteriaSet, actor) -> ParCriteriaSet:
    """A draft copy of a published set, the next version of the same year (the existing draft
    of that year, if there is one: one draft at a time)."""
    if not criteria_set.published:
        return criteria_set
    draft = draft_of(criteria_set.organisation_id, criteria_set.year)
    if draft is not None:
        return draft
    draft = ParCriteriaSet(
        organisation_id=criteria_set.organisation_id,
        year=criteria_set.year,
        version=next_version(criteria_set.organisation_id, criteria_set.year),
        name=criteria_set.name,
        basis=criteria_set.basis,
        created_by_id=actor.id,
    )
    db.session.add(draft)
    db.session.flush()
    for row in criteria_in(criteria_set, active_only=False):
        db.session.add(
            ParCriterion(
                organisation_id=draft.organisation_id,
                set_id=draft.id,
                **{f: getattr(row, f) for f in CRITERION_FIELDS},
            )
        )
    db.session.flush()
    audit.record(
        "par_criteria_set.new_version",
        draft,
        actor=actor,
        new={"year": draft.year, "version": draft.version, "from": criteria_set.version},
    )
    return draft


def frozen_message(criteria_set: ParCriteriaSet) -> str:
    published = criteria_set.published_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y")
    return _(
        "Version %(v)d of the %(y)d set was published on %(d)s and is frozen: make a new "
        "version to change it.",
        v=criteria_set.version,
        y=criteria_set.year,
        d=published,
    )


def update_criterion(
    criterion: ParCriterion, actor, data: dict, lock_version: int | None
) -> ParCriterion:
    """An administrator edits one criterion of a draft set; a published one is refused."""
    from .appendix import METRICS

    if criterion.criteria_set.published:
        raise InvalidState(frozen_message(criterion.criteria_set))
    if lock_version is not None and lock_version != criterion.lock_version:
        raise EditConflict()
    if data.get("metric") and data["metric"] not in METRICS:
        raise ValidationFailed(fields={"metric": _("Unknown metric.")})
    data = {k: nfc(v).strip() if isinstance(v, str) else v for k, v in data.items()}
    if "code" in data and data["code"] != criterion.code and _code_taken(criterion, data["code"]):
        raise ValidationFailed(
            fields={"code": _("The set already has a criterion %(c)s.", c=data["code"])}
        )
    data["note_source"] = NoteSource.metric if data.get("metric") else NoteSource.manual
    old = {k: getattr(criterion, k) for k in data if getattr(criterion, k) != data[k]}
    for key in old:
        setattr(criterion, key, data[key])
    if old:
        db.session.flush()
        audit.record(
            "par_criterion.update", criterion, actor=actor, old=old, new={k: data[k] for k in old}
        )
    return criterion


def _code_taken(criterion: ParCriterion, code: str) -> bool:
    query = sa.select(ParCriterion.id).where(
        ParCriterion.set_id == criterion.set_id, ParCriterion.code == code
    )
    return db.session.scalar(query) is not None
