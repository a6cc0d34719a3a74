"""dossiers.new_due_at: the new appointment (ngày hẹn lại trả kết quả) of a late dossier's
apology letter, imported from the one-stop-shop export and listed among the nonconforming outputs

Revision ID: 0021_performance_extra
Revises: 0020_risks
Create Date: 2026-12-02 07:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021_performance_extra"
down_revision = "0020_risks"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("new_due_at")
