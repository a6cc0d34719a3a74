"""Reading rounds: lists, counts per round and checklists, each in a fixed number of queries."""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ..accounts.models import User
from ..core.timeutil import today
from ..extensions import db
from ..procedures.models import Procedure, Revision
from .models import (
    ChecklistLine,
    CorrectiveAction,
    Finding,
    FindingType,
    LineResult,
    Round,
    RoundKind,
    RoundStatus,
)


def year_of(query_year: int | None) -> int:
    return query_year or today().year


def rounds_query(
    organisation_id: int,
    year: int | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> sa.Select:
    query = sa.select(Round).where(Round.organisation_id == organisation_id)
    if year:
        query = query.where(
            Round.start_date >= date(year, 1, 1), Round.start_date <= date(year, 12, 31)
        )
    if kind in {k.value for k in RoundKind}:
        query = query.where(Round.kind == RoundKind(kind))
    if status in {s.value for s in RoundStatus}:
        query = query.where(Round.status == RoundStatus(status))
    return query.order_by(Round.start_date, Round.id)


def round_years(organisation_id: int) -> list[int]:
    """Years that have rounds, newest first, always with this year."""
    days = db.session.scalars(
        sa.select(Round.start_date).where(Round.organisation_id == organisation_id)
    )
    return sorted({d.year for d in days} | {today().year}, reverse=True)


def _counts_by_round(round_ids: list[int], column, key) -> dict[int, Counter]:
    """{round id: Counter(value of `key` → n)} for the rows of `column`'s table, in one query."""
    result: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    if not round_ids:
        return result
    rows = db.session.execute(
        sa.select(column, key, sa.func.count()).where(column.in_(round_ids)).group_by(column, key)
    ).all()
    for round_id, value, count in rows:
        result[round_id][value] = count
    return result


def finding_counts(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(finding type → n)} in one query."""
    return _counts_by_round(round_ids, Finding.round_id, Finding.type)


def line_counts(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(result or None → n)} in one query."""
    return _counts_by_round(round_ids, ChecklistLine.round_id, ChecklistLine.result)


def action_list_options(collection):
    """Actions of a finding as lists show them: the owner's name, not the finding's round chain.

    The finding is already in the session (a many-to-one get, no SQL); the review is not needed.
    """
    return selectinload(collection).options(
        lazyload(CorrectiveAction.finding),
        lazyload(CorrectiveAction.review),
        joinedload(CorrectiveAction.owner).lazyload(User.organisation),
    )


def checklist_lines(round_: Round) -> list[ChecklistLine]:
    """The round's lines with procedure, revision, evidence and finding: a fixed number of queries.

    The bound revision is read for its number and date only: joining whole revisions (content,
    author, approver ...) made SQLite materialise every revision of the province.
    """
    return list(
        db.session.scalars(
            sa.select(ChecklistLine)
            .where(ChecklistLine.round_id == round_.id)
            .options(
                joinedload(ChecklistLine.procedure).lazyload(Procedure.organisation),
                selectinload(ChecklistLine.revision)
                .load_only(
                    Revision.id, Revision.procedure_id, Revision.number, Revision.effective_date
                )
                .raiseload("*"),
                selectinload(ChecklistLine.finding).options(
                    lazyload(Finding.round), lazyload(Finding.procedure)
                ),
            )
            .order_by(ChecklistLine.position, ChecklistLine.id)
        ).unique()
    )


def round_findings(round_: Round) -> list[Finding]:
    """The round's findings with their actions; the round is the one given."""
    return list(
        db.session.scalars(
            sa.select(Finding)
            .where(Finding.round_id == round_.id)
            .options(
                lazyload(Finding.round),
                joinedload(Finding.procedure).lazyload(Procedure.organisation),
                action_list_options(Finding.actions),
            )
            .order_by(Finding.number)
        ).unique()
    )


def round_result_counts(round_id: int) -> dict:
    """What result_counts gives for the round's lines, counted in the database."""
    counts = line_counts([round_id])[round_id]
    return {
        "total": sum(counts.values()),
        "unanswered": counts.get(None, 0),
        **{r.value: counts.get(r, 0) for r in LineResult},
    }


def findings_of_type(findings: list[Finding], kind: FindingType) -> int:
    return sum(1 for f in findings if f.type is kind)


def result_counts(lines: list[ChecklistLine]) -> dict:
    counts = Counter(line.result for line in lines)
    return {
        "total": len(lines),
        "unanswered": counts.get(None, 0),
        **{r.value: counts.get(r, 0) for r in LineResult},
    }
