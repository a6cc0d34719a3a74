"""role history: which role each person held when (issue 15, people move)

A report signed as of a past date names the head of that date. Until now the signer was found by
the roles a person holds today, so once the head role was taken from someone (an admin reviewing
roles in a successor, a new chairman), their old reports named nobody or the new head. Each role a
person holds now gets one open period with no start ("held since before this history was kept"),
so every past report keeps its signer; from here on, giving a role opens a period and taking it
away ends it on that day (accounts/operations.update_user).

Revision ID: 0026_role_history
Revises: 0025_signed_statutory_time
Create Date: 2026-12-03 14:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_role_history"
down_revision = "0025_signed_statutory_time"
branch_labels = None
depends_on = None

OPEN = sa.text("ended_on IS NULL")
ROLES = ("staff", "iso_secretary", "qmr", "head", "inspector", "supervisor", "admin")


def upgrade():
    op.create_table(
        "role_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_role_periods_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_role_periods_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_periods")),
    )
    with op.batch_alter_table("role_periods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_periods_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_role_periods_open",
            ["user_id", "role"],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
    # One statement: every role held today, held since before the history (started_on NULL).
    op.execute(
        "INSERT INTO role_periods (user_id, role, started_on, ended_on) "
        "SELECT user_id, role, NULL, NULL FROM user_roles"
    )


def downgrade():
    with op.batch_alter_table("role_periods", schema=None) as batch_op:
        batch_op.drop_index("uq_role_periods_open")
        batch_op.drop_index(batch_op.f("ix_role_periods_user_id"))
    op.drop_table("role_periods")
