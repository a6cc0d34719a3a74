"""the statutory time printed on an issue is covered by its signature (hash version 2)

An issue prints the statutory time it carries (revisions.statutory_minutes, kept since 0010) and
its signature now covers it: content_hash() of a revision with hash_version 2 includes it. Issues
signed before keep hash_version 1, so their signatures still verify; new revisions are 2. The
trigger refusing UPDATE of an approved revision's signed columns now covers hash_version too.

A foreign-key index on the transferred findings and actions (transferred_from_id, issue 15).

Revision ID: 0025_signed_statutory_time
Revises: 0024_carry_over_work
Create Date: 2026-12-03 06:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_signed_statutory_time"
down_revision = "0024_carry_over_work"
branch_labels = None
depends_on = None

#: 0010's signed columns and hash_version.
SIGNED_COLUMNS = (
    "procedure_id",
    "number",
    "status",
    "content",
    "steps",
    "steps_total_minutes",
    "forms",
    "records",
    "change_summary",
    "change_location",
    "significant",
    "approved_by_id",
    "approved_at",
    "effective_date",
    "content_sha256",
    "procedure_code",
    "procedure_title",
    "statutory_minutes",
)
JSON_COLUMNS = {"content", "steps", "forms", "records"}


def _sqlite_trigger(columns) -> str:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return f"""CREATE TRIGGER trg_revisions_signed_frozen BEFORE UPDATE ON revisions
FOR EACH ROW WHEN OLD.status = 'approved' AND ({changed})
BEGIN SELECT RAISE(ABORT, 'an approved revision cannot change its signed columns'); END"""


def _postgresql_function(columns) -> str:
    def col(prefix: str, name: str) -> str:
        return f"{prefix}.{name}::text" if name in JSON_COLUMNS else f"{prefix}.{name}"

    old = ", ".join(col("OLD", c) for c in columns)
    new = ", ".join(col("NEW", c) for c in columns)
    return f"""CREATE OR REPLACE FUNCTION revisions_signed_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' AND ROW({old}) IS DISTINCT FROM ROW({new}) THEN
    RAISE EXCEPTION 'approved revision % cannot change its signed columns', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$"""


def _freeze(columns) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_postgresql_function(columns))
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_revisions_signed_frozen")
        op.execute(_sqlite_trigger(columns))


def upgrade():
    op.add_column(
        "revisions", sa.Column("hash_version", sa.Integer(), nullable=False, server_default="1")
    )
    _freeze((*SIGNED_COLUMNS, "hash_version"))
    op.create_index("ix_audit_findings_transferred_from_id", "audit_findings",
                    ["transferred_from_id"])  # fmt: skip
    op.create_index("ix_audit_actions_transferred_from_id", "audit_actions",
                    ["transferred_from_id"])  # fmt: skip


def downgrade():
    op.drop_index("ix_audit_actions_transferred_from_id", table_name="audit_actions")
    op.drop_index("ix_audit_findings_transferred_from_id", table_name="audit_findings")
    _freeze(SIGNED_COLUMNS)
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_column("hash_version")
