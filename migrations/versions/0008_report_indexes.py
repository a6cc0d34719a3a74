"""indexes for the report at province scale

Revision ID: 0008_report_indexes
Revises: 0007_audit_indexes
Create Date: 2026-12-02 04:02:40.886563

The report and the roll-up read the revisions in force of one or many organisations and count
the reading tasks of those revisions. Both are answered from these covering indexes alone: the
revisions' rows carry their large JSON content, and the tasks are the largest table.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_report_indexes'
down_revision = '0007_audit_indexes'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_acknowledgements_coverage', 'acknowledgements',
     ['revision_id', 'user_id', 'assigned_on', 'closed_on', 'status', 'acknowledged_at', 'due_on']),
    ('ix_revisions_org_in_force', 'revisions',
     ['organisation_id', 'status', 'procedure_id', 'effective_date', 'number', 'approved_at',
      'steps_total_minutes', 'significant']),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
