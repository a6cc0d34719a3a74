"""PAR criteria sets versioned by publisher and year; criteria belong to a set

Revision ID: 0012_criteria_sets
Revises: 0011_signing_chain
Create Date: 2026-12-02 06:00:00

A criteria set (bộ tiêu chí chỉ số CCHC) is published by one organisation for itself and all
below it, for one year, in numbered versions; a published version is frozen (issue 12, case 5).

Existing rows are migrated into one published set per organisation and former set name: the
year is the one written in the name ("Thừa Thiên Huế 2020"), else the year the rows were made;
two names of the same organisation and year become versions 1, 2 … in the order they were made;
the set counts as published when its first row was made. The old import took every other set
of the organisation out of use: a set whose rows are all out of use while the organisation has
another set is put back in use, since a set now only serves the reports of its own year.
"""

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_criteria_sets"
down_revision = "0011_signing_chain"
branch_labels = None
depends_on = None

SHIPPED = {"Thừa Thiên Huế 2020": "Công văn 1301/UBND ngày 07/9/2020"}


def _as_datetime(value) -> datetime:
    if isinstance(value, str):  # SQLite hands back text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _year(name: str, made: datetime) -> int:
    found = re.search(r"\b(20\d\d)\b", name or "")
    return int(found.group(1)) if found else made.year


def _migrate_rows() -> None:
    bind = op.get_bind()
    groups = bind.execute(
        sa.text(
            "SELECT organisation_id, criteria_set, MIN(created_at) AS made, "
            "MAX(CASE WHEN active THEN 1 ELSE 0 END) AS in_use "
            "FROM par_criteria GROUP BY organisation_id, criteria_set"
        )
    ).all()
    groups = sorted(groups, key=lambda g: (g.organisation_id, _as_datetime(g.made), g.criteria_set))
    sets = sa.table(
        "par_criteria_sets",
        *(
            sa.column(name)
            for name in (
                "organisation_id",
                "year",
                "version",
                "name",
                "basis",
                "status",
                "published_at",
                "lock_version",
                "created_at",
                "updated_at",
            )
        ),
    )
    versions: dict[tuple[int, int], int] = {}
    counts: dict[int, int] = {}
    for group in groups:
        counts[group.organisation_id] = counts.get(group.organisation_id, 0) + 1
    several = {org for org, n in counts.items() if n > 1}  # organisations with another set
    for group in groups:
        made = _as_datetime(group.made)
        year = _year(group.criteria_set, made)
        key = (group.organisation_id, year)
        versions[key] = versions.get(key, 0) + 1
        bind.execute(
            sa.insert(sets).values(
                organisation_id=group.organisation_id,
                year=year,
                version=versions[key],
                name=(group.criteria_set or str(year))[:100],
                basis=SHIPPED.get(group.criteria_set, ""),
                status="published",
                published_at=made,
                lock_version=1,
                created_at=made,
                updated_at=made,
            )
        )
        set_id = bind.execute(
            sa.text(
                "SELECT id FROM par_criteria_sets WHERE organisation_id = :o AND year = :y "
                "AND version = :v"
            ),
            {"o": group.organisation_id, "y": year, "v": versions[key]},
        ).scalar_one()
        params = {"s": set_id, "o": group.organisation_id, "n": group.criteria_set}
        bind.execute(
            sa.text(
                "UPDATE par_criteria SET set_id = :s "
                "WHERE organisation_id = :o AND criteria_set = :n"
            ),
            params,
        )
        if not group.in_use and group.organisation_id in several:
            bind.execute(
                sa.text("UPDATE par_criteria SET active = :t WHERE set_id = :s"),
                {"t": True, "s": set_id},
            )


def upgrade():
    op.create_table(
        "par_criteria_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("basis", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                name="criteria_set_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'published' AND published_at IS NOT NULL) "
            "OR (status = 'draft' AND published_at IS NULL)",
            name=op.f("ck_par_criteria_sets_published_has_date"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_par_criteria_sets_version_positive")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_par_criteria_sets_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_par_criteria_sets_published_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_par_criteria_sets_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_par_criteria_sets")),
        sa.UniqueConstraint(
            "organisation_id",
            "year",
            "version",
            name=op.f("uq_par_criteria_sets_organisation_id_year_version"),
        ),
    )
    with op.batch_alter_table("par_criteria_sets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_par_criteria_sets_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            "uq_par_criteria_sets_one_draft",
            ["organisation_id", "year"],
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        )
    op.add_column("par_criteria", sa.Column("set_id", sa.Integer(), nullable=True))
    _migrate_rows()
    with op.batch_alter_table("par_criteria", schema=None) as batch_op:
        batch_op.alter_column("set_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(
            "uq_par_criteria_organisation_id_criteria_set_code", type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_par_criteria_set_id_code"), ["set_id", "code"]
        )
        batch_op.create_index(batch_op.f("ix_par_criteria_set_id"), ["set_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_par_criteria_set_id_par_criteria_sets"),
            "par_criteria_sets",
            ["set_id"],
            ["id"],
        )
        batch_op.drop_column("criteria_set")


def downgrade():
    # Each set's name comes back as the row's set name; versions of one name are told apart.
    op.add_column("par_criteria", sa.Column("criteria_set", sa.String(length=100), nullable=True))
    op.execute(
        "UPDATE par_criteria SET criteria_set = (SELECT CASE WHEN s.version = 1 THEN s.name "
        "ELSE s.name || ' v' || s.version END FROM par_criteria_sets s "
        "WHERE s.id = par_criteria.set_id)"
    )
    with op.batch_alter_table("par_criteria", schema=None) as batch_op:
        batch_op.alter_column("criteria_set", existing_type=sa.String(length=100), nullable=False)
        batch_op.drop_constraint(
            batch_op.f("fk_par_criteria_set_id_par_criteria_sets"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_par_criteria_set_id"))
        batch_op.drop_constraint(batch_op.f("uq_par_criteria_set_id_code"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_par_criteria_organisation_id_criteria_set_code",
            ["organisation_id", "criteria_set", "code"],
        )
        batch_op.drop_column("set_id")
    with op.batch_alter_table("par_criteria_sets", schema=None) as batch_op:
        batch_op.drop_index("uq_par_criteria_sets_one_draft")
        batch_op.drop_index(batch_op.f("ix_par_criteria_sets_organisation_id"))
    op.drop_table("par_criteria_sets")
