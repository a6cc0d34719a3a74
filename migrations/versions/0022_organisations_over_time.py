"""Organisations over time (issue 15): validity, name and parent by period, reorganisations and
their predecessor → successor links; accounts carried over (employment reason "reorganised",
roles to review)

Revision ID: 0022_organisations_over_time
Revises: 0021_performance_extra
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_organisations_over_time"
down_revision = "0021_performance_extra"
branch_labels = None
depends_on = None

KINDS = ("merge_new", "merge_into", "move", "end_level", "rename")


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("changes_on", sa.Date(), nullable=True))
    op.create_table(
        "reorganisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="reorg_kind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("legal_basis", sa.String(length=500), nullable=False),
        sa.Column("open_work", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reorganisations", schema=None) as batch_op:
        batch_op.create_index("ix_reorganisations_effective_date", ["effective_date"])
    op.create_table(
        "organisation_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("reorganisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="period_ends_after_start",
        ),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["parent_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["reorganisation_id"], ["reorganisations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organisation_periods", schema=None) as batch_op:
        batch_op.create_index("ix_organisation_periods_organisation_id", ["organisation_id"])
        batch_op.create_index(
            "ix_organisation_periods_parent_dates", ["parent_id", "valid_from", "valid_to"]
        )
    op.create_table(
        "reorganisation_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reorganisation_id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["reorganisation_id"], ["reorganisations.id"]),
        sa.ForeignKeyConstraint(["predecessor_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["successor_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reorganisation_id", "predecessor_id", "successor_id"),
    )
    with op.batch_alter_table("reorganisation_links", schema=None) as batch_op:
        batch_op.create_index("ix_reorganisation_links_reorganisation_id", ["reorganisation_id"])
        batch_op.create_index("ix_reorganisation_links_predecessor_id", ["predecessor_id"])
        batch_op.create_index("ix_reorganisation_links_successor_id", ["successor_id"])
    # Every organisation so far: one period, as it is.
    op.execute(
        "INSERT INTO organisation_periods (organisation_id, parent_id, name) "
        "SELECT id, parent_id, name FROM organisations"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("roles_to_review", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("employment_periods", schema=None) as batch_op:
        batch_op.drop_constraint("employment_reason", type_="check")
        batch_op.create_check_constraint(
            "employment_reason", "reason IN ('joined', 'returned', 'reorganised')"
        )


def downgrade():
    with op.batch_alter_table("employment_periods", schema=None) as batch_op:
        batch_op.drop_constraint("employment_reason", type_="check")
        batch_op.create_check_constraint("employment_reason", "reason IN ('joined', 'returned')")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("roles_to_review")
    op.drop_table("reorganisation_links")
    op.drop_table("organisation_periods")
    op.drop_table("reorganisations")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("changes_on")
        batch_op.drop_column("valid_to")
        batch_op.drop_column("valid_from")
