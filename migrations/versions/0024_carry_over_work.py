"""open work carried over by a reorganisation (transferred or closed)

A finding or corrective action transferred to the successor links to the predecessor's original
(transferred_from_id); a finding closed by a reorganisation keeps its reason (close_reason); a
transferred finding, round-less in the successor, has the source 'transferred'.

Revision ID: 0024_carry_over_work
Revises: 0023_adoption
Create Date: 2026-12-02 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_carry_over_work"
down_revision = "0023_adoption"
branch_labels = None
depends_on = None

SOURCES = ("audit", "monitoring", "transferred")


def _source_check(values) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"source IN ({quoted})"


def upgrade():
    with op.batch_alter_table("audit_findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("close_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("transferred_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_findings_transferred_from_id_audit_findings"),
            "audit_findings",
            ["transferred_from_id"],
            ["id"],
        )
        batch_op.drop_constraint(op.f("ck_audit_findings_finding_source"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_audit_findings_finding_source"), _source_check(SOURCES)
        )
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transferred_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_actions_transferred_from_id_audit_actions"),
            "audit_actions",
            ["transferred_from_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_audit_actions_transferred_from_id_audit_actions"), type_="foreignkey"
        )
        batch_op.drop_column("transferred_from_id")
    op.execute("DELETE FROM audit_findings WHERE source = 'transferred'")
    with op.batch_alter_table("audit_findings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_findings_finding_source"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_audit_findings_finding_source"), _source_check(SOURCES[:2])
        )
        batch_op.drop_constraint(
            batch_op.f("fk_audit_findings_transferred_from_id_audit_findings"), type_="foreignkey"
        )
        batch_op.drop_column("transferred_from_id")
        batch_op.drop_column("close_reason")
