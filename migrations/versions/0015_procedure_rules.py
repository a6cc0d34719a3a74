"""procedure codes unique whatever their letter case; withdrawn procedures have no review due

Revision ID: 0015_procedure_rules
Revises: 0014_audit_rules
Create Date: 2026-12-02 06:00:00

Issue 12, case 9. "QT-UI-01" and "qt-ui-01" were two codes: `procedures.code_key` holds the code
as compared (NFC, case-folded in Python, so "Đ" and "đ" fold alike on SQLite as on PostgreSQL,
whose lower() depends on the collation) and a unique constraint per organisation enforces it. The
code itself keeps the form it was typed in. Existing rows are filled from their code; should two
codes of one organisation already differ only by case, the later one's key gets "#<id>" so the
constraint can be created, and it is named in the migration's output to be renamed.

A withdrawn procedure is never reviewed again: its review due date is cleared.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_procedure_rules"
down_revision = "0014_audit_rules"
branch_labels = None
depends_on = None


def _key(code: str | None) -> str:
    # iso_qms.procedures.models.code_key, copied: a migration never imports the application.
    return unicodedata.normalize("NFC", (code or "").replace("\x00", "")).strip().casefold()


def _backfill(connection) -> None:
    procedures = sa.table(
        "procedures",
        sa.column("id", sa.Integer),
        sa.column("organisation_id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("code_key", sa.String),
    )
    seen: set[tuple[int, str]] = set()
    rows = connection.execute(
        sa.select(procedures.c.id, procedures.c.organisation_id, procedures.c.code).order_by(
            procedures.c.id
        )
    ).all()
    for pid, org_id, code in rows:
        key = _key(code)
        if (org_id, key) in seen:
            print(
                f"procedure {pid} ({code}): its code differs only by case from another; rename it"
            )
            key = f"{key}#{pid}"
        seen.add((org_id, key))
        connection.execute(sa.update(procedures).where(procedures.c.id == pid).values(code_key=key))


def upgrade():
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_key", sa.String(length=80), nullable=True))
    connection = op.get_bind()
    _backfill(connection)
    connection.execute(
        sa.text("UPDATE procedures SET review_due_on = NULL WHERE withdrawn_on IS NOT NULL")
    )
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.alter_column("code_key", existing_type=sa.String(length=80), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_procedures_organisation_id_code_key"), ["organisation_id", "code_key"]
        )


def downgrade():
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_procedures_organisation_id_code_key"), type_="unique"
        )
        batch_op.drop_column("code_key")
