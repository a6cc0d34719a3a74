"""revisions carry the procedure's code, title and statutory time; signed rows frozen by triggers

Revision ID: 0010_revision_identity_frozen
Revises: 0009_audit_trail_index
Create Date: 2026-12-02 10:00:00

What a signature covers is frozen with it: each revision keeps its own copy of the procedure's
code, title and statutory time (renaming the procedure no longer rewrites a signed issue). Existing
rows are filled from their procedure, so the code and title equal what the signatures hashed; the
statutory time is the one recorded in the procedure's history when the revision was signed (or
last changed), else the procedure's.

Triggers on both backends refuse an UPDATE of the signed columns of an approved revision and any
UPDATE of a signature, whoever sends it (the ORM check only guards the application).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_revision_identity_frozen"
down_revision = "0009_audit_trail_index"
branch_labels = None
depends_on = None

#: The columns an approval signs or fixes; an approved row never changes them.
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

BACKFILL = """
UPDATE revisions SET
  procedure_code = (SELECT p.code FROM procedures p WHERE p.id = revisions.procedure_id),
  procedure_title = (SELECT p.title FROM procedures p WHERE p.id = revisions.procedure_id),
  statutory_minutes = COALESCE(
    (SELECT st.minutes FROM statutory_times st
      WHERE st.procedure_id = revisions.procedure_id AND revisions.status = 'approved'
        AND st.recorded_at <= revisions.approved_at
      ORDER BY st.recorded_at DESC, st.id DESC LIMIT 1),
    (SELECT p.statutory_minutes FROM procedures p WHERE p.id = revisions.procedure_id))
"""


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in SIGNED_COLUMNS)
    return [
        f"""CREATE TRIGGER trg_revisions_signed_frozen BEFORE UPDATE ON revisions
FOR EACH ROW WHEN OLD.status = 'approved' AND ({changed})
BEGIN SELECT RAISE(ABORT, 'an approved revision cannot change its signed columns'); END""",
        """CREATE TRIGGER trg_signatures_frozen BEFORE UPDATE ON signatures
FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'a signature cannot change'); END""",
    ]


def _postgresql_triggers() -> list[str]:
    # json has no equality operator: compare its text, which is what was hashed.
    def col(prefix: str, name: str) -> str:
        return f"{prefix}.{name}::text" if name in JSON_COLUMNS else f"{prefix}.{name}"

    old = ", ".join(col("OLD", c) for c in SIGNED_COLUMNS)
    new = ", ".join(col("NEW", c) for c in SIGNED_COLUMNS)
    return [
        f"""CREATE FUNCTION revisions_signed_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' AND ROW({old}) IS DISTINCT FROM ROW({new}) THEN
    RAISE EXCEPTION 'approved revision % cannot change its signed columns', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$""",
        """CREATE TRIGGER trg_revisions_signed_frozen BEFORE UPDATE ON revisions
FOR EACH ROW EXECUTE FUNCTION revisions_signed_frozen()""",
        """CREATE FUNCTION signatures_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'signature % cannot change', OLD.id USING ERRCODE = 'check_violation';
END $$""",
        """CREATE TRIGGER trg_signatures_frozen BEFORE UPDATE ON signatures
FOR EACH ROW EXECUTE FUNCTION signatures_frozen()""",
    ]


def upgrade():
    op.add_column("revisions", sa.Column("procedure_code", sa.String(length=40), nullable=True))
    op.add_column("revisions", sa.Column("procedure_title", sa.String(length=500), nullable=True))
    op.add_column("revisions", sa.Column("statutory_minutes", sa.Integer(), nullable=True))
    op.execute(BACKFILL)
    dialect = op.get_bind().dialect.name
    statements = _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers()
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_signatures_frozen ON signatures")
        op.execute("DROP TRIGGER IF EXISTS trg_revisions_signed_frozen ON revisions")
        op.execute("DROP FUNCTION IF EXISTS signatures_frozen()")
        op.execute("DROP FUNCTION IF EXISTS revisions_signed_frozen()")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_signatures_frozen")
        op.execute("DROP TRIGGER IF EXISTS trg_revisions_signed_frozen")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_column("statutory_minutes")
        batch_op.drop_column("procedure_title")
        batch_op.drop_column("procedure_code")
