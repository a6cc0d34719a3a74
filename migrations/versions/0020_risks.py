"""risks and opportunities (6.1): the register, the level thresholds, checklist citations; actions
of a risk

Revision ID: 0020_risks
Revises: 0019_objectives
Create Date: 2026-12-02 07:00:00

Issue 14, item 5. risks: a risk or opportunity (kind) of a process (text) and/or a procedure,
numbered within its organisation and kind (RR-03, CH-01): description, cause, consequence,
likelihood and impact 1–5 (CHECKs), treatment (accept, reduce, avoid, transfer for a risk;
exploit, enhance for an opportunity: a CHECK by kind), review date, status (open, treated,
closed), lock_version. The level is not stored: likelihood × impact against the organisation's
thresholds in risk_settings (one row per organisation, made when first changed; defaults 4 and
12). risk_citations: a checklist line (clause 6.1) citing a risk; removed with its line.

audit_actions: `risk_id`, the risk or opportunity an action treats; the one_source check gains
its term (exactly one of finding, review, objective, risk).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020_risks"
down_revision = "0019_objectives"
branch_labels = None
depends_on = None

SOURCES = ("finding_id", "review_id", "objective_id")
BEFORE = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in SOURCES) + " = 1"
AFTER = (
    " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in (*SOURCES, "risk_id")) + " = 1"
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _fk(table: str, column: str, target: str, **kwargs):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), **kwargs
    )


def _settings() -> None:
    op.create_table(
        "risk_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("low_max", sa.Integer(), nullable=False),
        sa.Column("medium_max", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "low_max >= 1 AND medium_max > low_max AND medium_max < 25",
            name=op.f("ck_risk_settings_ordered"),
        ),
        _fk("risk_settings", "organisation_id", "organisations"),
        _fk("risk_settings", "updated_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_settings")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_risk_settings_organisation_id")),
    )


def _risks() -> None:
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("risk_kind", "risk", "opportunity"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("process", sa.String(length=200), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("consequence", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column(
            "treatment",
            _enum("risk_treatment", "accept", "reduce", "avoid", "transfer", "exploit", "enhance"),
            nullable=False,
        ),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("status", _enum("risk_status", "open", "treated", "closed"), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("likelihood BETWEEN 1 AND 5", name=op.f("ck_risks_likelihood_1_5")),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name=op.f("ck_risks_impact_1_5")),
        sa.CheckConstraint(
            "process <> '' OR procedure_id IS NOT NULL", name=op.f("ck_risks_has_process")
        ),
        sa.CheckConstraint(
            "(kind = 'risk' AND treatment IN ('accept', 'reduce', 'avoid', 'transfer'))"
            " OR (kind = 'opportunity' AND treatment IN ('exploit', 'enhance'))",
            name=op.f("ck_risks_treatment_of_kind"),
        ),
        _fk("risks", "organisation_id", "organisations"),
        _fk("risks", "procedure_id", "procedures"),
        _fk("risks", "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
        sa.UniqueConstraint(
            "organisation_id", "kind", "number", name=op.f("uq_risks_organisation_id_kind_number")
        ),
    )
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risks_organisation_id"), ["organisation_id"])
        batch_op.create_index(batch_op.f("ix_risks_procedure_id"), ["procedure_id"])
        batch_op.create_index("ix_risks_org_status", ["organisation_id", "status"])


def _citations() -> None:
    op.create_table(
        "risk_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("cited_by_id", sa.Integer(), nullable=True),
        sa.Column("cited_at", sa.DateTime(timezone=True), nullable=False),
        _fk("risk_citations", "organisation_id", "organisations"),
        _fk("risk_citations", "line_id", "audit_checklist_lines", ondelete="CASCADE"),
        _fk("risk_citations", "risk_id", "risks"),
        _fk("risk_citations", "cited_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_citations")),
        sa.UniqueConstraint("line_id", "risk_id", name=op.f("uq_risk_citations_line_id_risk_id")),
    )
    with op.batch_alter_table("risk_citations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_citations_organisation_id"), ["organisation_id"])
        batch_op.create_index(batch_op.f("ix_risk_citations_line_id"), ["line_id"])
        batch_op.create_index(batch_op.f("ix_risk_citations_risk_id"), ["risk_id"])


def upgrade():
    _settings()
    _risks()
    _citations()
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("risk_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_actions_risk_id_risks"), "risks", ["risk_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_audit_actions_risk_id"), ["risk_id"])
        batch_op.drop_constraint(batch_op.f("ck_audit_actions_one_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_audit_actions_one_source"), AFTER)


def downgrade():
    # A risk's actions have no other source: they go with the risks (their verifications,
    # postponements and evidence rows first).
    gone = "SELECT id FROM audit_actions WHERE risk_id IS NOT NULL"
    for table in ("audit_action_verifications", "audit_postponements", "audit_evidence_files"):
        op.execute(f"DELETE FROM {table} WHERE action_id IN ({gone})")
    op.execute(f"DELETE FROM audit_actions WHERE id IN ({gone})")
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_audit_actions_one_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_audit_actions_one_source"), BEFORE)
        batch_op.drop_index(batch_op.f("ix_audit_actions_risk_id"))
        batch_op.drop_constraint(batch_op.f("fk_audit_actions_risk_id_risks"), type_="foreignkey")
        batch_op.drop_column("risk_id")
    op.drop_table("risk_citations")
    op.drop_table("risks")
    op.drop_table("risk_settings")
