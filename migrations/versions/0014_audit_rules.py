"""audit references with round and year; the inspecting body and leader of a round

Revision ID: 0014_audit_rules
Revises: 0013_employment_history
Create Date: 2026-12-02 06:00:00

Issue 12, case 9. A finding's and an action's reference ("01.1") repeated across rounds and
years: rounds and management reviews now carry their number within the organisation, kind and
year (ref_year, ref_number), so references read TKT-01/2020-03.1 and XXLĐ-01/2020-02, unique by
a unique index. Existing rows are numbered in the order they happened (start date / meeting date,
then id).

An external inspection names its inspecting body (cơ quan kiểm tra) and its leader as text
(inspecting_body, leader_name) instead of a commune user. Existing rows keep them empty: the
report still infers the body of an old external round from its plan reference and title, and the
report hashes the QMR signed are unchanged.
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_audit_rules"
down_revision = "0013_employment_history"
branch_labels = None
depends_on = None

rounds = sa.table(
    "audit_rounds",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("start_date", sa.Date),
    sa.column("ref_year", sa.Integer),
    sa.column("ref_number", sa.Integer),
)
reviews = sa.table(
    "audit_management_reviews",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("held_on", sa.Date),
    sa.column("ref_year", sa.Integer),
    sa.column("ref_number", sa.Integer),
)


def _number(table, group, day) -> None:
    """ref_year, ref_number = the year of `day`, the row's rank within its group and year."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(table.c.id, *[table.c[g] for g in group], table.c[day]).order_by(
            table.c[day], table.c.id
        )
    ).all()
    counters: dict[tuple, int] = defaultdict(int)
    for row in rows:
        key = (*[getattr(row, g) for g in group], getattr(row, day).year)
        counters[key] += 1
        connection.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(ref_year=key[-1], ref_number=counters[key])
        )


def _add_columns(name: str, texts: tuple = ()) -> None:
    # NOT NULL columns on a filled table: a server default for the ALTER, dropped afterwards on
    # PostgreSQL (SQLite cannot drop it without rebuilding the table; the model sets the values).
    for column in ("ref_year", "ref_number"):
        op.add_column(name, sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
    for column, length in texts:
        op.add_column(
            name, sa.Column(column, sa.String(length=length), nullable=False, server_default="")
        )


def _drop_defaults(name: str, columns: tuple) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in columns:
            op.alter_column(name, column, server_default=None)


def upgrade():
    texts = (("inspecting_body", 300), ("leader_name", 200))
    _add_columns("audit_rounds", texts)
    _add_columns("audit_management_reviews")
    _number(rounds, ("organisation_id", "kind"), "start_date")
    _number(reviews, ("organisation_id",), "held_on")
    _drop_defaults("audit_rounds", ("ref_year", "ref_number", "inspecting_body", "leader_name"))
    _drop_defaults("audit_management_reviews", ("ref_year", "ref_number"))
    op.create_index(
        "uq_audit_rounds_reference",
        "audit_rounds",
        ["organisation_id", "kind", "ref_year", "ref_number"],
        unique=True,
    )
    op.create_index(
        "uq_audit_management_reviews_reference",
        "audit_management_reviews",
        ["organisation_id", "ref_year", "ref_number"],
        unique=True,
    )


def downgrade():
    op.drop_index("uq_audit_management_reviews_reference", table_name="audit_management_reviews")
    op.drop_index("uq_audit_rounds_reference", table_name="audit_rounds")
    with op.batch_alter_table("audit_management_reviews", schema=None) as batch_op:
        batch_op.drop_column("ref_number")
        batch_op.drop_column("ref_year")
    with op.batch_alter_table("audit_rounds", schema=None) as batch_op:
        batch_op.drop_column("leader_name")
        batch_op.drop_column("inspecting_body")
        batch_op.drop_column("ref_number")
        batch_op.drop_column("ref_year")
