"""What becomes of the open work of organisations that end (issue 15, item 5).

When a change comes into force (a hook of accounts/tree.apply_due) the ended sources' pending
reading tasks close as "left" on the effective date, and their open findings and corrective
actions follow the reorganisation's `open_work` choice: "transfer" (a new one in the successor,
linked to the original, which closes in the archive with the reason "Chuyển sang <successor> do
sắp xếp đơn vị hành chính"), "close" (closed with the reason "do sắp xếp đơn vị hành chính") or
"checklist" (decided item by item later on the open-work page, through `dispose`).

Everything is bulk statements; originals close at the start of the effective date, so any report
as of an earlier day reads them as they were.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Organisation, Role, User
from ..accounts.org_history import Reorganisation, ReorganisationLink
from ..accounts.tree import REORGANISATION_HOOKS, predecessor_ids, reorganising
from ..acknowledgements.models import Acknowledgement, AckStatus
from ..audits.models import (
    ActionStatus,
    CorrectiveAction,
    EvidenceFile,
    Finding,
    FindingSource,
    FindingStatus,
)
from ..core import audit
from ..core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from ..core.timeutil import LOCAL_TZ, start_of, utcnow
from ..extensions import db
from .open_work import OPEN_ACTIONS

CLOSE_REASON = "do sắp xếp đơn vị hành chính"
DISPOSE_CHOICES = ("transfer", "close")
KINDS = ("finding", "action")
#: Who decides the predecessors' open work on the page (the successor's ISO secretary or QMR).
DISPOSERS = (Role.iso_secretary, Role.qmr)

_FINDING_COPIED = ("type", "area", "clause", "description", "evidence", "auditee_unit")
_ACTION_COPIED = (
    "review_id", "objective_id", "risk_id", "number", "correction", "whys", "root_cause",
    "action", "owner_id", "due_date", "status", "started_at", "completed_at",
    "completion_evidence", "reopened_count", "created_by_id",
)  # fmt: skip


def transfer_reason(successor: Organisation) -> str:
    return f"Chuyển sang {successor.name} {CLOSE_REASON}"


# --- the bulk steps ---------------------------------------------------------------------------


def close_reading_tasks(source_ids: list[int], day: date) -> int:
    """The sources' pending reading tasks close as "left" on `day` (one statement): they counted
    up to the day before, they stop counting from `day`."""
    result = db.session.execute(
        sa.update(Acknowledgement)
        .where(
            Acknowledgement.organisation_id.in_(source_ids),
            Acknowledgement.status == AckStatus.pending,
        )
        .values(status=AckStatus.left, closed_on=day)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def open_ids(org_ids: list[int]) -> tuple[list[int], list[int]]:
    """The open findings and open corrective actions of the organisations (two queries)."""
    findings = db.session.scalars(
        sa.select(Finding.id).where(
            Finding.organisation_id.in_(org_ids), Finding.status == FindingStatus.open
        )
    ).all()
    actions = db.session.scalars(
        sa.select(CorrectiveAction.id).where(
            CorrectiveAction.organisation_id.in_(org_ids),
            CorrectiveAction.status.in_(OPEN_ACTIONS),
        )
    ).all()
    return list(findings), list(actions)


def _with_their_actions(finding_ids: list[int], action_ids: list[int]) -> list[int]:
    """A finding that goes takes its open actions along."""
    if not finding_ids:
        return action_ids
    theirs = db.session.scalars(
        sa.select(CorrectiveAction.id).where(
            CorrectiveAction.finding_id.in_(finding_ids),
            CorrectiveAction.status.in_(OPEN_ACTIONS),
        )
    ).all()
    return sorted(set(action_ids) | set(theirs))


def close_items(finding_ids, action_ids, moment: datetime, reason: str) -> tuple[int, int]:
    """Close the open findings and cancel the open actions, with the reason (two statements)."""
    found = done = 0
    if finding_ids:
        found = db.session.execute(
            sa.update(Finding)
            .where(Finding.id.in_(finding_ids), Finding.status == FindingStatus.open)
            .values(
                status=FindingStatus.closed,
                closed_at=moment,
                close_reason=reason,
                updated_at=utcnow(),
                lock_version=Finding.lock_version + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    if action_ids:
        done = db.session.execute(
            sa.update(CorrectiveAction)
            .where(CorrectiveAction.id.in_(action_ids), CorrectiveAction.status.in_(OPEN_ACTIONS))
            .values(
                status=ActionStatus.cancelled,
                cancelled_at=moment,
                cancel_reason=reason,
                updated_at=utcnow(),
                lock_version=CorrectiveAction.lock_version + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    return found or 0, done or 0


def _copies_of(model, original_ids) -> dict[int, int]:
    if not original_ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(model.transferred_from_id, model.id).where(
                model.transferred_from_id.in_(original_ids)
            )
        ).all()
    )


def transfer_items(finding_ids, action_ids, successor: Organisation, moment: datetime):
    """A copy of each open finding and action in the successor (text, owner, due date, state,
    `transferred_from_id`), then the originals close with "Chuyển sang … do sắp xếp đơn vị hành
    chính". Bulk: a few statements whatever the number. Returns (findings, actions) moved."""
    F, A = Finding, CorrectiveAction
    findings = db.session.execute(
        sa.select(F.id, F.created_by_id, *(getattr(F, c) for c in _FINDING_COPIED))
        .where(F.id.in_(finding_ids or [-1]), F.status == FindingStatus.open)
        .order_by(F.organisation_id, F.created_at, F.id)
    ).all()
    year = moment.astimezone(LOCAL_TZ).year
    last = (
        db.session.scalar(
            sa.select(sa.func.max(F.number)).where(
                F.organisation_id == successor.id, F.round_id.is_(None), F.ref_year == year
            )
        )
        or 0
    )
    if findings:
        db.session.execute(
            # render_nulls: one INSERT for every row, whichever copied columns are NULL
            sa.insert(F).execution_options(render_nulls=True),
            [
                {
                    **{c: getattr(row, c) for c in _FINDING_COPIED},
                    "organisation_id": successor.id,
                    "source": FindingSource.transferred,
                    "ref_year": year,
                    "number": last + n,
                    "status": FindingStatus.open,
                    "transferred_from_id": row.id,
                    "created_by_id": row.created_by_id,
                    "created_at": moment,
                    "updated_at": moment,
                }
                for n, row in enumerate(findings, start=1)
            ],
        )
    moved_findings = [row.id for row in findings]
    action_ids = _with_their_actions(moved_findings, list(action_ids or []))
    actions = db.session.execute(
        sa.select(A.id, A.finding_id, *(getattr(A, c) for c in _ACTION_COPIED))
        .where(A.id.in_(action_ids or [-1]), A.status.in_(OPEN_ACTIONS))
        .order_by(A.id)
    ).all()
    copies = _copies_of(F, {a.finding_id for a in actions if a.finding_id})
    if actions:
        db.session.execute(
            sa.insert(A).execution_options(render_nulls=True),
            [
                {
                    **{c: getattr(row, c) for c in _ACTION_COPIED},
                    # the finding's copy when it came along, else the original (in the archive)
                    "finding_id": copies.get(row.finding_id, row.finding_id),
                    "organisation_id": successor.id,
                    "transferred_from_id": row.id,
                    "created_at": moment,
                    "updated_at": moment,
                }
                for row in actions
            ],
        )
    _copy_evidence(F, EvidenceFile.finding_id, moved_findings, successor.id)
    _copy_evidence(A, EvidenceFile.action_id, [a.id for a in actions], successor.id)
    reason = transfer_reason(successor)
    return close_items(moved_findings, [a.id for a in actions], moment, reason)


def _copy_evidence(model, owner, original_ids: list[int], successor_id: int) -> None:
    """The copies show the originals' evidence files: one INSERT … SELECT linking each copy to the
    same stored file (the file itself stays where it was uploaded)."""
    if not original_ids:
        return
    E = EvidenceFile
    chosen = (
        sa.select(sa.literal(successor_id), E.attachment_id, model.id, E.added_by_id, E.added_at)
        .join(model, model.transferred_from_id == owner)
        .where(owner.in_(original_ids), model.organisation_id == successor_id)
    )
    db.session.execute(
        sa.insert(E).from_select(
            ["organisation_id", "attachment_id", owner.key, "added_by_id", "added_at"], chosen
        )
    )


# --- when a change comes into force -----------------------------------------------------------


def _ended(reorg: Reorganisation) -> dict[int, list[int]]:
    moves: dict[int, list[int]] = {}
    for link in reorg.links:
        if link.predecessor_id != link.successor_id:
            moves.setdefault(link.successor_id, []).append(link.predecessor_id)
    return moves


def carry_over(reorg: Reorganisation) -> None:
    """The hook: reading tasks of the ended sources close; their open work follows the choice."""
    moves = _ended(reorg)
    if not moves:
        return
    day, moment = reorg.effective_date, start_of(reorg.effective_date)
    choice = reorg.open_work if reorg.open_work in DISPOSE_CHOICES else "checklist"
    for successor_id, source_ids in moves.items():
        close_reading_tasks(source_ids, day)
        if choice == "checklist":
            continue
        finding_ids, action_ids = open_ids(source_ids)
        if not finding_ids and not action_ids:
            continue
        successor = db.session.get(Organisation, successor_id)
        if choice == "transfer":
            counts = transfer_items(finding_ids, action_ids, successor, moment)
        else:
            action_ids = _with_their_actions(finding_ids, action_ids)
            counts = close_items(finding_ids, action_ids, moment, CLOSE_REASON)
        _record(reorg, successor, choice, {"findings": counts[0], "actions": counts[1]},
                reorg.created_by)  # fmt: skip


if carry_over not in REORGANISATION_HOOKS:
    REORGANISATION_HOOKS.append(carry_over)


def _record(reorg, successor, choice, what: dict, actor) -> None:
    words = transfer_reason(successor) if choice == "transfer" else CLOSE_REASON.capitalize()
    audit.record(
        "carry_over.dispose",
        reorg,
        actor=actor,
        new={"disposition": words, **what, "successor": successor.name},
        organisation_id=successor.id,
    )


# --- item by item, from the open-work page ----------------------------------------------------


def _reorg_of(org_id: int) -> Reorganisation | None:
    L = ReorganisationLink
    return db.session.scalar(
        sa.select(Reorganisation)
        .join(L, L.reorganisation_id == Reorganisation.id)
        .where(L.predecessor_id == org_id, L.successor_id != org_id)
        .order_by(Reorganisation.effective_date.desc())
        .limit(1)
    )


def _check(choice: str, actor: User) -> None:
    if not actor.has_role(*DISPOSERS):
        raise PermissionDenied()
    if choice not in DISPOSE_CHOICES:
        raise ValidationFailed(fields={"choice": _("Choose to transfer or to close.")})


def _apply(finding_ids, action_ids, choice, successor) -> tuple[int, int]:
    with reorganising():
        if choice == "transfer":
            counts = transfer_items(finding_ids, action_ids, successor, utcnow())
        else:
            action_ids = _with_their_actions(finding_ids, action_ids)
            counts = close_items(finding_ids, action_ids, utcnow(), CLOSE_REASON)
    db.session.expire_all()
    return counts


def dispose(kind: str, item_id: int, choice: str, actor: User) -> tuple[int, int]:
    """Transfer one open finding or action of a predecessor of the actor's organisation to it,
    or close it "do sắp xếp đơn vị hành chính"; audited. Another organisation's id: NotFound."""
    _check(choice, actor)
    model = {"finding": Finding, "action": CorrectiveAction}.get(kind)
    item = db.session.get(model, item_id) if model and isinstance(item_id, int) else None
    if item is None or item.organisation_id not in predecessor_ids(actor.organisation_id):
        raise NotFound()
    still_open = (
        item.status is FindingStatus.open if kind == "finding" else item.status in OPEN_ACTIONS
    )
    if not still_open:
        raise InvalidState(_("This item was already carried over or closed."))
    reference, reorg = item.reference, _reorg_of(item.organisation_id)
    successor = db.session.get(Organisation, actor.organisation_id)
    ids = ([item.id], []) if kind == "finding" else ([], [item.id])
    counts = _apply(*ids, choice, successor)
    _record(reorg, successor, choice, {"item": reference}, actor)
    return counts


def dispose_all(choice: str, actor: User) -> tuple[int, int]:
    """The same for every open finding and action of the predecessors at once (bulk)."""
    _check(choice, actor)
    finding_ids, action_ids = open_ids(sorted(predecessor_ids(actor.organisation_id)))
    if not finding_ids and not action_ids:
        raise InvalidState(_("Nothing is left to carry over."))
    successor = db.session.get(Organisation, actor.organisation_id)
    counts = _apply(finding_ids, action_ids, choice, successor)
    item = {"findings": counts[0], "actions": counts[1]}
    for reorg in {
        r.id: r for r in (_reorg_of(o) for o in predecessor_ids(actor.organisation_id)) if r
    }.values():
        _record(reorg, successor, choice, item, actor)
    return counts


# --- the open-work page's list ----------------------------------------------------------------


def open_items(org_ids, page: int, per_page: int) -> tuple[list[tuple[str, object]], int]:
    """One page of the organisations' open findings and corrective actions not yet decided, by
    organisation, findings first, oldest first: [(kind, item)] and the total (four queries
    whatever the number)."""
    F, A = Finding, CorrectiveAction
    org_ids = sorted(org_ids) or [-1]
    both = sa.union_all(
        sa.select(sa.literal("finding", sa.String).label("kind"), F.id, F.organisation_id,
                  F.created_at)
        .where(F.organisation_id.in_(org_ids), F.status == FindingStatus.open),
        sa.select(sa.literal("action", sa.String).label("kind"), A.id, A.organisation_id,
                  A.created_at)
        .where(A.organisation_id.in_(org_ids), A.status.in_(OPEN_ACTIONS)),
    ).subquery()  # fmt: skip
    total = db.session.scalar(sa.select(sa.func.count()).select_from(both)) or 0
    rows = db.session.execute(
        sa.select(both.c.kind, both.c.id)
        .order_by(both.c.organisation_id, both.c.kind.desc(), both.c.created_at, both.c.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    wanted = {kind: [r.id for r in rows if r.kind == kind] for kind in KINDS}
    loaded = {
        (kind, obj.id): obj
        for kind, model in (("finding", F), ("action", A))
        if wanted[kind]
        for obj in db.session.scalars(sa.select(model).where(model.id.in_(wanted[kind]))).unique()
    }
    return [(r.kind, loaded[(r.kind, r.id)]) for r in rows], total
