"""Reading rounds: lists, counts per round and checklists, each in a fixed number of queries."""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..core.timeutil import today
from ..extensions import db
from .models import (
    ChecklistLine,
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


def finding_counts(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(finding type → n)} in one query."""
    result: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    if not round_ids:
        return result
    rows = db.session.execute(
        sa.select(Finding.round_id, Finding.type, sa.func.count(Finding.id))
        .where(Finding.round_id.in_(round_ids))
        .group_by(Finding.round_id, Finding.type)
    ).all()
    for round_id, finding_type, count in rows:
        result[round_id][finding_type] = count
    return result


def line_counts(round_ids: list[int]) -> dict[int, Counter]:
    """{round id: Counter(result or None → n)} in one query."""
    result: dict[int, Counter] = {rid: Counter() for rid in round_ids}
    if not round_ids:
        return result
    rows = db.session.execute(
        sa.select(ChecklistLine.round_id, ChecklistLine.result, sa.func.count(ChecklistLine.id))
        .where(ChecklistLine.round_id.in_(round_ids))
        .group_by(ChecklistLine.round_id, ChecklistLine.result)
    ).all()
    for round_id, line_result, count in rows:
        result[round_id][line_result] = count
    return result


def checklist_lines(round_: Round) -> list[ChecklistLine]:
    """The round's lines with procedure, revision, evidence and finding: a fixed number of queries."""
    return list(
        db.session.scalars(
            sa.select(ChecklistLine)
            .where(ChecklistLine.round_id == round_.id)
            .options(joinedload(ChecklistLine.procedure), joinedload(ChecklistLine.revision))
            .order_by(ChecklistLine.position, ChecklistLine.id)
        ).unique()
    )


def round_findings(round_: Round) -> list[Finding]:
    return list(
        db.session.scalars(
            sa.select(Finding)
            .where(Finding.round_id == round_.id)
            .options(selectinload(Finding.actions), selectinload(Finding.evidence_files))
            .order_by(Finding.number)
        ).unique()
    )


def findings_of_type(findings: list[Finding], kind: FindingType) -> int:
    return sum(1 for f in findings if f.type is kind)


def result_counts(lines: list[ChecklistLine]) -> dict:
    counts = Counter(line.result for line in lines)
    return {
        "total": len(lines),
        "unanswered": counts.get(None, 0),
        **{r.value: counts.get(r, 0) for r in LineResult},
    }
