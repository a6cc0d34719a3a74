"""index for the audit trail of one organisation, newest first

Revision ID: 0009_audit_trail_index
Revises: 0008_report_indexes
Create Date: 2026-12-02 04:25:00

The home page and /audit list an organisation's entries by seq, newest first. Without this index
the database sorts every entry of the organisation (with 860,000 entries in a province: 90-160 ms).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_audit_trail_index"
down_revision = "0008_report_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_audit_entries_org_seq", "audit_entries", ["organisation_id", "seq"], unique=False
    )


def downgrade():
    op.drop_index("ix_audit_entries_org_seq", table_name="audit_entries")
