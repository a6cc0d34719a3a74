"""The open work of organisations that end: what a reorganisation must say the fate of (counted
here), and the choices: transfer it to the successor, close it "do sắp xếp đơn vị hành chính", or
decide item by item on the carry-over page."""

import sqlalchemy as sa

from ..audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingStatus,
    Round,
    RoundStatus,
)
from ..extensions import db
from ..procedures.models import OPEN_STATUSES, Revision

OPEN_WORK_CHOICES = ("transfer", "close", "checklist")

#: What a corrective action still open is (planned, in progress, done awaiting verification).
OPEN_ACTIONS = (ActionStatus.planned, ActionStatus.in_progress, ActionStatus.done)


def _count(model, *where) -> dict[int, int]:
    return dict(
        db.session.execute(
            sa.select(model.organisation_id, sa.func.count())
            .where(*where)
            .group_by(model.organisation_id)
        ).all()
    )


def open_work_by_org(org_ids: list[int]) -> dict[str, dict[int, int]]:
    """Per kind of open work, the count per organisation (four grouped queries)."""
    return {
        "revisions": _count(
            Revision, Revision.organisation_id.in_(org_ids), Revision.status.in_(OPEN_STATUSES)
        ),
        "rounds": _count(
            Round, Round.organisation_id.in_(org_ids), Round.status != RoundStatus.closed
        ),
        "findings": _count(
            Finding, Finding.organisation_id.in_(org_ids), Finding.status == FindingStatus.open
        ),
        "actions": _count(
            CorrectiveAction,
            CorrectiveAction.organisation_id.in_(org_ids),
            CorrectiveAction.status.in_(OPEN_ACTIONS),
        ),
    }


def open_work_counts(org_ids: list[int]) -> dict[str, int]:
    return {kind: sum(per.values()) for kind, per in open_work_by_org(org_ids).items()}
