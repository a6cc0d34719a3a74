"""procedures adopted from a predecessor (provenance)

Revision ID: 0023_adoption
Revises: 0022_organisations_over_time
Create Date: 2026-12-02 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_adoption"
down_revision = "0022_organisations_over_time"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adopted_from_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("adopted_from_revision_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_procedures_adopted_from_id"), ["adopted_from_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_procedures_adopted_from_id_procedures"),
            "procedures",
            ["adopted_from_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_procedures_adopted_from_id_procedures"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_procedures_adopted_from_id"))
        batch_op.drop_column("adopted_from_revision_id")
        batch_op.drop_column("adopted_from_id")
