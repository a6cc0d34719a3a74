"""indexes for the audits at province scale

Revision ID: 0007_audit_indexes
Revises: 0006_reports
Create Date: 2026-12-02 03:52:56.405486

The lists of findings and actions, the management reviews by date and the verifications of a
review period, each read per organisation: composite indexes that lead with organisation_id.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_audit_indexes'
down_revision = '0006_reports'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_audit_action_verifications_org_verified', 'audit_action_verifications',
     ['organisation_id', 'verified_at']),
    ('ix_audit_actions_org_due', 'audit_actions', ['organisation_id', 'due_date']),
    ('ix_audit_findings_org_created', 'audit_findings', ['organisation_id', 'created_at']),
    ('ix_audit_management_reviews_org_held', 'audit_management_reviews',
     ['organisation_id', 'held_on']),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
