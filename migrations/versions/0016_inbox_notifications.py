"""notification digests: a run's notices for one person gathered under one digest; shown-list index

Revision ID: 0016_inbox_notifications
Revises: 0015_procedure_rules
Create Date: 2026-12-02 06:00:00

`qms send-notifications` makes one digest per person and run: the notices it gathers keep their
dedupe keys (so no event repeats in a later run) and point to the digest through `digest_id`; lists
and the menu's unread count read a person's notifications that are not parts of a digest, through
ix_notifications_user_shown.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_inbox_notifications"
down_revision = "0015_procedure_rules"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_digest_id_notifications"),
            "notifications",
            ["digest_id"],
            ["id"],
        )
        batch_op.create_index(
            "ix_notifications_user_shown", ["user_id", "digest_id", "read_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_shown")
        batch_op.drop_constraint(
            batch_op.f("fk_notifications_digest_id_notifications"), type_="foreignkey"
        )
        batch_op.drop_column("digest_id")
