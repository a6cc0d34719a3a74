"""employment history; one counting reading task per person and issue (issue 12, case 4)

Revision ID: 0013_employment_history
Revises: 0012_criteria_sets
Create Date: 2026-12-02 06:00:00

Each person's periods in their organisation (`employment_periods`: from, to, organisation, unit,
why it began), so a re-activation no longer erases the day they left and a figure as of a past
date counts the person as they were then. Existing accounts get one period: from the day the
account was created (in Việt Nam) to the day it was deactivated, if it was.

The unique (user_id, revision_id) on acknowledgements blocked a second task for a person who
came back: it becomes a partial unique index over the tasks that count (pending, done), so a
task closed as "left" stays as history beside the new one.
"""

from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_employment_history"
down_revision = "0012_criteria_sets"
branch_labels = None
depends_on = None

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COUNTING = sa.text("status IN ('pending', 'done')")
OPEN = sa.text("ended_on IS NULL")


def _backfill() -> None:
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("organisation_id", sa.Integer),
        sa.column("unit", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("deactivated_on", sa.Date),
    )
    periods = sa.table(
        "employment_periods",
        sa.column("user_id", sa.Integer),
        sa.column("organisation_id", sa.Integer),
        sa.column("unit", sa.String),
        sa.column("started_on", sa.Date),
        sa.column("ended_on", sa.Date),
        sa.column("reason", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rows = []
    for user_id, org_id, unit, created_at, deactivated_on in op.get_bind().execute(
        sa.select(
            users.c.id,
            users.c.organisation_id,
            users.c.unit,
            users.c.created_at,
            users.c.deactivated_on,
        )
    ):
        if created_at.tzinfo is None:  # SQLite keeps UTC without the zone
            created_at = created_at.replace(tzinfo=UTC)
        started = created_at.astimezone(LOCAL_TZ).date()
        if deactivated_on is not None:
            started = min(started, deactivated_on)
        rows.append(
            {
                "user_id": user_id,
                "organisation_id": org_id,
                "unit": unit or "",
                "started_on": started,
                "ended_on": deactivated_on,
                "reason": "joined",
                # As UTCDateTime stores it: naive UTC on SQLite, aware on PostgreSQL.
                "created_at": created_at
                if op.get_bind().dialect.name != "sqlite"
                else created_at.astimezone(UTC).replace(tzinfo=None),
            }
        )
    if rows:
        op.bulk_insert(periods, rows)


def upgrade():
    op.create_table(
        "employment_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "joined",
                "returned",
                name="employment_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_employment_periods_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employment_periods_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_employment_periods_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employment_periods")),
    )
    with op.batch_alter_table("employment_periods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employment_periods_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            "uq_employment_periods_open",
            ["user_id"],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
    _backfill()
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.drop_constraint("uq_acknowledgements_user_id_revision_id", type_="unique")
        batch_op.create_index(
            "uq_acknowledgements_counting",
            ["user_id", "revision_id"],
            unique=True,
            sqlite_where=COUNTING,
            postgresql_where=COUNTING,
        )


def downgrade():
    # A person who came back has two tasks for one issue; keep the counting one.
    op.execute(
        "DELETE FROM acknowledgements WHERE status NOT IN ('pending', 'done') AND EXISTS ("
        "SELECT 1 FROM acknowledgements a2 WHERE a2.user_id = acknowledgements.user_id "
        "AND a2.revision_id = acknowledgements.revision_id AND a2.id <> acknowledgements.id)"
    )
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.drop_index("uq_acknowledgements_counting")
        batch_op.create_unique_constraint(
            "uq_acknowledgements_user_id_revision_id", ["user_id", "revision_id"]
        )
    with op.batch_alter_table("employment_periods", schema=None) as batch_op:
        batch_op.drop_index("uq_employment_periods_open")
        batch_op.drop_index(batch_op.f("ix_employment_periods_user_id"))
    op.drop_table("employment_periods")
