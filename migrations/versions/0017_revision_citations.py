"""the legal bases an approved issue cites, frozen at its approval

Revision ID: 0017_revision_citations
Revises: 0016_inbox_notifications
Create Date: 2026-12-02 07:10:00

Issue 13, item 3 (issue 12, case 6): the legal-update flag clears only when the approved issue cites
the replacement and no longer cites the replaced text. What an issue cites is now written once when
it is approved (`revision_citations`). Existing approved issues are given what the old rule assumed:
their procedure's links, without a replaced text whose replacement is also linked — so every flag
reads as it did before this migration.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_revision_citations"
down_revision = "0016_inbox_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "revision_citations",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("legal_basis_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["legal_basis_id"],
            ["legal_bases.id"],
            name=op.f("fk_revision_citations_legal_basis_id_legal_bases"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["revisions.id"],
            name=op.f("fk_revision_citations_revision_id_revisions"),
        ),
        sa.PrimaryKeyConstraint(
            "revision_id", "legal_basis_id", name=op.f("pk_revision_citations")
        ),
    )
    op.create_index(
        op.f("ix_revision_citations_legal_basis_id"),
        "revision_citations",
        ["legal_basis_id"],
        unique=False,
    )
    op.execute(
        """
        INSERT INTO revision_citations (revision_id, legal_basis_id)
        SELECT r.id, pl.legal_basis_id
        FROM revisions r
        JOIN procedure_legal_bases pl ON pl.procedure_id = r.procedure_id
        JOIN legal_bases b ON b.id = pl.legal_basis_id
        WHERE r.status = 'approved'
          AND NOT (b.superseded_by_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM procedure_legal_bases pn
                WHERE pn.procedure_id = r.procedure_id AND pn.legal_basis_id = b.superseded_by_id))
        """
    )


def downgrade():
    op.drop_index(op.f("ix_revision_citations_legal_basis_id"), table_name="revision_citations")
    op.drop_table("revision_citations")
