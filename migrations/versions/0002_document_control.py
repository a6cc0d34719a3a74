"""document control

Revision ID: 0002_document_control
Revises: 0001_accounts_audit
Create Date: 2026-11-27 10:38:37.167655

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_document_control'
down_revision = '0001_accounts_audit'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_bases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('change_kind', sa.Enum('amended', 'replaced', name='legal_change', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('superseded_marked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('search_key', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_legal_bases_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['legal_bases.id'], name=op.f('fk_legal_bases_superseded_by_id_legal_bases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_bases')),
    sa.UniqueConstraint('organisation_id', 'number', name=op.f('uq_legal_bases_organisation_id_number'))
    )
    with op.batch_alter_table('legal_bases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_bases_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('procedures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.Enum('tthc', 'system', 'policy', 'objectives', 'other', name='procedure_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('field', sa.String(length=200), nullable=False),
    sa.Column('tthc_code', sa.String(length=40), nullable=False),
    sa.Column('statutory_minutes', sa.Integer(), nullable=True),
    sa.Column('statutory_unit', sa.Enum('working_days', 'working_hours', name='duration_unit', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('statutory_within_day', sa.Boolean(), nullable=False),
    sa.Column('owner_unit', sa.String(length=200), nullable=False),
    sa.Column('review_interval_months', sa.Integer(), nullable=False),
    sa.Column('review_due_on', sa.Date(), nullable=True),
    sa.Column('distribution_units', sa.JSON(), nullable=False),
    sa.Column('distribution_roles', sa.JSON(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('search_key', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_procedures_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedures')),
    sa.UniqueConstraint('organisation_id', 'code', name=op.f('uq_procedures_organisation_id_code'))
    )
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedures_field'), ['field'], unique=False)
        batch_op.create_index(batch_op.f('ix_procedures_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_procedures_review_due_on'), ['review_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_procedures_tthc_code'), ['tthc_code'], unique=False)

    op.create_table('announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('decision_no', sa.String(length=80), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('signer', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Enum('first', 'scope_widened', 'scope_narrowed', 'revision', name='announcement_reason', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_announcements_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_announcements_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements')),
    sa.UniqueConstraint('organisation_id', 'ordinal', name=op.f('uq_announcements_organisation_id_ordinal'))
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcements_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('procedure_legal_bases',
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('legal_basis_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['legal_basis_id'], ['legal_bases.id'], name=op.f('fk_procedure_legal_bases_legal_basis_id_legal_bases')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_procedure_legal_bases_procedure_id_procedures')),
    sa.PrimaryKeyConstraint('procedure_id', 'legal_basis_id', name=op.f('pk_procedure_legal_bases'))
    )
    with op.batch_alter_table('procedure_legal_bases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_legal_bases_legal_basis_id'), ['legal_basis_id'], unique=False)

    op.create_table('revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'in_review', 'approved', name='revision_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('steps_total_minutes', sa.Integer(), nullable=False),
    sa.Column('forms', sa.JSON(), nullable=False),
    sa.Column('records', sa.JSON(), nullable=False),
    sa.Column('change_summary', sa.Text(), nullable=False),
    sa.Column('change_location', sa.String(length=300), nullable=False),
    sa.Column('significant', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('return_comment', sa.Text(), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status <> 'approved' OR (approved_by_id IS NOT NULL AND approved_at IS NOT NULL AND effective_date IS NOT NULL AND content_sha256 IS NOT NULL)", name=op.f('ck_revisions_approved_is_signed')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_revisions_approved_by_id_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_revisions_author_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_revisions_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_revisions_procedure_id_procedures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisions')),
    sa.UniqueConstraint('procedure_id', 'number', name=op.f('uq_revisions_procedure_id_number'))
    )
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.create_index('ix_revisions_in_force', ['procedure_id', 'status', 'effective_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_revisions_one_open_per_procedure', ['procedure_id'], unique=True, sqlite_where=sa.text("status IN ('draft', 'in_review')"), postgresql_where=sa.text("status IN ('draft', 'in_review')"))

    op.create_table('announcement_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('procedure_code', sa.String(length=40), nullable=False),
    sa.Column('procedure_title', sa.String(length=500), nullable=False),
    sa.Column('procedure_kind', sa.Enum('tthc', 'system', 'policy', 'objectives', 'other', name='item_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('field', sa.String(length=200), nullable=False),
    sa.Column('revision_number', sa.Integer(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcements.id'], name=op.f('fk_announcement_items_announcement_id_announcements')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_announcement_items_procedure_id_procedures')),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_announcement_items_revision_id_revisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_items'))
    )
    with op.batch_alter_table('announcement_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_items_announcement_id'), ['announcement_id'], unique=False)

    op.create_table('procedure_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('keep', 'revise', 'withdraw', name='review_outcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_procedure_reviews_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_procedure_reviews_procedure_id_procedures')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_procedure_reviews_reviewer_id_users')),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_procedure_reviews_revision_id_revisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_reviews'))
    )
    with op.batch_alter_table('procedure_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_reviews_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_procedure_reviews_procedure_id'), ['procedure_id'], unique=False)

    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_position', sa.String(length=200), nullable=False),
    sa.Column('meaning', sa.Enum('authored', 'reviewed', 'approved', name='signature_meaning', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('password_confirmed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_signatures_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_signatures_revision_id_revisions')),
    sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_signatures_signer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatures_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signatures_revision_id'), ['revision_id'], unique=False)



def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatures_revision_id'))
        batch_op.drop_index(batch_op.f('ix_signatures_organisation_id'))

    op.drop_table('signatures')
    with op.batch_alter_table('procedure_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_reviews_procedure_id'))
        batch_op.drop_index(batch_op.f('ix_procedure_reviews_organisation_id'))

    op.drop_table('procedure_reviews')
    with op.batch_alter_table('announcement_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_items_announcement_id'))

    op.drop_table('announcement_items')
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_index('uq_revisions_one_open_per_procedure', sqlite_where=sa.text("status IN ('draft', 'in_review')"), postgresql_where=sa.text("status IN ('draft', 'in_review')"))
        batch_op.drop_index(batch_op.f('ix_revisions_organisation_id'))
        batch_op.drop_index('ix_revisions_in_force')

    op.drop_table('revisions')
    with op.batch_alter_table('procedure_legal_bases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_legal_bases_legal_basis_id'))

    op.drop_table('procedure_legal_bases')
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcements_organisation_id'))

    op.drop_table('announcements')
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedures_tthc_code'))
        batch_op.drop_index(batch_op.f('ix_procedures_review_due_on'))
        batch_op.drop_index(batch_op.f('ix_procedures_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_procedures_field'))

    op.drop_table('procedures')
    with op.batch_alter_table('legal_bases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_bases_organisation_id'))

    op.drop_table('legal_bases')
