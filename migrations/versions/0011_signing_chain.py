"""signing chain per organisation: who reviews (xem xét) and who approves (phê duyệt) revisions

Revision ID: 0011_signing_chain
Revises: 0010_revision_identity_frozen
Create Date: 2026-12-02 06:00:00

One row per organisation that set its chain (issue 12, case 11): the role that signs the review,
whether the approval waits for it, and the role that signs the approval. An organisation without a
row keeps the default chain (the QMR approves; the QMR may sign a review first), so nothing existing
changes: signatures already made stay as they were signed.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_signing_chain"
down_revision = "0010_revision_identity_frozen"
branch_labels = None
depends_on = None


def _role(name: str) -> sa.Enum:
    return sa.Enum("qmr", "head", name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "signing_chains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("review_role", _role("chain_review_role"), nullable=False),
        sa.Column("review_required", sa.Boolean(), nullable=False),
        sa.Column("approve_role", _role("chain_approve_role"), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_signing_chains_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_signing_chains_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_chains")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_signing_chains_organisation_id")),
    )


def downgrade():
    op.drop_table("signing_chains")
