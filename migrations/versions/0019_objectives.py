"""quality objectives (6.2) with their versions and typed values; round-less findings from
monitoring and measurement; actions of an objective's plan

Revision ID: 0019_objectives
Revises: 0018_dossiers
Create Date: 2026-12-02 07:00:00

Issue 14, item 4 and 3. quality_objectives (one per objective and year, MTCL-01/2020) carry their
versions (objective_versions: text, indicator, target op/value/unit, metric, owner; draft or
approved with the QMR's e-signature — signer, time, SHA-256 of the content — at most one draft
per objective) and the values typed per period for manual ones (objective_values, append-only).

audit_findings: a finding from monitoring and measurement (theo dõi, đo lường) has no round:
round_id becomes nullable, `source` says where a finding comes from (existing rows: audit) and
a round-less one is numbered within its organisation and `ref_year` (a partial unique index).
audit_actions: `objective_id`, the objective whose plan the action belongs to; the one_source
check counts the sources (exactly one of finding, review, objective).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019_objectives"
down_revision = "0018_dossiers"
branch_labels = None
depends_on = None

ONE_SOURCE = (
    "(CASE WHEN finding_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN review_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN objective_id IS NULL THEN 0 ELSE 1 END) = 1"
)
OLD_ONE_SOURCE = (
    "(finding_id IS NULL AND review_id IS NOT NULL) OR (finding_id IS NOT NULL AND review_id IS NULL)"
)
SOURCE_HAS_ROUND = (
    "(source = 'audit' AND round_id IS NOT NULL)"
    " OR (source <> 'audit' AND round_id IS NULL AND ref_year IS NOT NULL)"
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _fk(table: str, column: str, target: str):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _objectives() -> None:
    op.create_table(
        "quality_objectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("quality_objectives", "organisation_id", "organisations"),
        _fk("quality_objectives", "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_objectives")),
        sa.UniqueConstraint(
            "organisation_id",
            "year",
            "number",
            name=op.f("uq_quality_objectives_organisation_id_year_number"),
        ),
    )
    op.create_index(
        op.f("ix_quality_objectives_organisation_id"), "quality_objectives", ["organisation_id"]
    )


def _versions() -> None:
    t = "objective_versions"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("indicator", sa.String(length=300), nullable=False),
        sa.Column("target_op", _enum("objective_target_op", "ge", "le", "eq"), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("target_unit", sa.String(length=20), nullable=False),
        sa.Column("metric", sa.String(length=60), nullable=False),
        sa.Column(
            "frequency", _enum("objective_frequency", "month", "quarter"), nullable=False
        ),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("status", _enum("objective_status", "draft", "approved"), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_position", sa.String(length=200), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("password_confirmed", sa.Boolean(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'approved' OR (approved_by_id IS NOT NULL AND approved_at IS NOT NULL"
            " AND content_sha256 IS NOT NULL)",
            name=op.f("ck_objective_versions_approved_is_signed"),
        ),
        _fk(t, "organisation_id", "organisations"),
        _fk(t, "objective_id", "quality_objectives"),
        _fk(t, "owner_id", "users"),
        _fk(t, "created_by_id", "users"),
        _fk(t, "approved_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_versions")),
        sa.UniqueConstraint(
            "objective_id", "version", name=op.f("uq_objective_versions_objective_id_version")
        ),
    )
    for column in ("organisation_id", "objective_id", "owner_id"):
        op.create_index(op.f(f"ix_{t}_{column}"), t, [column])
    op.create_index(
        "uq_objective_versions_one_draft",
        t,
        ["objective_id"],
        unique=True,
        sqlite_where=sa.text("status = 'draft'"),
        postgresql_where=sa.text("status = 'draft'"),
    )


def _values() -> None:
    t = "objective_values"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_objective_values_period_in_order")
        ),
        _fk(t, "organisation_id", "organisations"),
        _fk(t, "objective_id", "quality_objectives"),
        _fk(t, "attachment_id", "attachments"),
        _fk(t, "recorded_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_values")),
    )
    op.create_index(op.f("ix_objective_values_organisation_id"), t, ["organisation_id"])
    op.create_index("ix_objective_values_objective_period", t, ["objective_id", "period_start"])


def _findings() -> None:
    with op.batch_alter_table("audit_findings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source",
                _enum("finding_source", "audit", "monitoring"),
                nullable=False,
                server_default="audit",
            )
        )
        batch_op.add_column(sa.Column("ref_year", sa.Integer(), nullable=True))
        batch_op.alter_column("round_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_audit_findings_source_has_round"), SOURCE_HAS_ROUND
        )
        batch_op.create_index(
            "uq_audit_findings_roundless_number",
            ["organisation_id", "ref_year", "number"],
            unique=True,
            sqlite_where=sa.text("round_id IS NULL"),
            postgresql_where=sa.text("round_id IS NULL"),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("audit_findings", "source", server_default=None)


def _actions() -> None:
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("objective_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_actions_objective_id_quality_objectives"),
            "quality_objectives",
            ["objective_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_audit_actions_objective_id"), ["objective_id"])
        batch_op.drop_constraint(op.f("ck_audit_actions_one_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_audit_actions_one_source"), ONE_SOURCE)


def upgrade():
    _objectives()
    _versions()
    _values()
    _findings()
    _actions()


ACTIONS_GONE = (
    "SELECT id FROM audit_actions WHERE objective_id IS NOT NULL OR finding_id IN "
    "(SELECT id FROM audit_findings WHERE round_id IS NULL)"
)


def downgrade():
    # What only this step could hold goes: round-less findings, objectives' plan actions.
    for table in ("audit_action_verifications", "audit_postponements"):
        op.execute(f"DELETE FROM {table} WHERE action_id IN ({ACTIONS_GONE})")
    op.execute(
        f"DELETE FROM audit_evidence_files WHERE action_id IN ({ACTIONS_GONE}) OR finding_id IN "
        "(SELECT id FROM audit_findings WHERE round_id IS NULL)"
    )
    op.execute(f"DELETE FROM audit_actions WHERE id IN ({ACTIONS_GONE})")
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_actions_one_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_audit_actions_one_source"), OLD_ONE_SOURCE)
        batch_op.drop_index(batch_op.f("ix_audit_actions_objective_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_audit_actions_objective_id_quality_objectives"), type_="foreignkey"
        )
        batch_op.drop_column("objective_id")
    op.execute("DELETE FROM audit_findings WHERE round_id IS NULL")
    with op.batch_alter_table("audit_findings", schema=None) as batch_op:
        batch_op.drop_index("uq_audit_findings_roundless_number")
        batch_op.drop_constraint(op.f("ck_audit_findings_source_has_round"), type_="check")
        batch_op.drop_constraint(op.f("ck_audit_findings_finding_source"), type_="check")
        batch_op.alter_column("round_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("ref_year")
        batch_op.drop_column("source")
    op.drop_table("objective_values")
    op.drop_table("objective_versions")
    op.drop_table("quality_objectives")
