"""The hot queries are answered from their indexes (SQLite's EXPLAIN QUERY PLAN).

PostgreSQL chooses plans by table size, so on the tiny test tables it scans; its plans at province
scale are in bench/results (bench/pages.py). SQLite's planner picks indexes by their shape, so the
plan of each hot statement can be checked here on any data.
"""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.acknowledgements.models import Acknowledgement, AckStatus
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db
from iso_qms.procedures.queries import in_force_ids, in_force_of


@pytest.fixture
def sqlite(world, app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's EXPLAIN QUERY PLAN")
    db.session.execute(sa.text("ANALYZE"))
    return world


def _plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return "\n".join(row[-1] for row in rows)


def test_an_organisations_audit_trail_newest_first_walks_its_index(sqlite):
    plan = _plan(
        sa.select(AuditEntry)
        .where(AuditEntry.organisation_id == sqlite.org.id)
        .order_by(AuditEntry.seq.desc())
        .limit(25)
    )
    assert "ix_audit_entries_org_seq" in plan and "TEMP B-TREE" not in plan, plan


def test_the_revisions_in_force_come_from_the_covering_index(sqlite):
    plan = _plan(in_force_ids(sqlite.org.id, date(2020, 9, 14)))
    assert "INDEX ix_revisions_org_in_force" in plan, plan
    plan = _plan(sa.select(in_force_of([sqlite.org.id, sqlite.other_org.id], date(2020, 9, 14))))
    assert "INDEX ix_revisions_org_in_force" in plan, plan


def test_reading_tasks_of_the_revisions_in_force_use_the_coverage_index(sqlite):
    statement = (
        sa.select(
            Acknowledgement.user_id, sa.func.count(), sa.func.max(Acknowledgement.acknowledged_at)
        )
        .where(
            Acknowledgement.revision_id.in_(in_force_ids(sqlite.org.id, date(2020, 9, 14))),
            Acknowledgement.assigned_on <= date(2020, 9, 14),
            Acknowledgement.status != AckStatus.superseded,
        )
        .group_by(Acknowledgement.user_id)
    )
    plan = _plan(statement)
    assert "COVERING INDEX ix_acknowledgements_coverage" in plan, plan
    assert "SCAN acknowledgements" not in plan, plan
