"""reports

Revision ID: 0006_reports
Revises: 0005_audits
Create Date: 2026-11-27 11:11:06.151211

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_reports'
down_revision = '0005_audits'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('par_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('criteria_set', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('group', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('expected_output', sa.Text(), nullable=False),
    sa.Column('reporting_body', sa.Text(), nullable=False),
    sa.Column('note_source', sa.Enum('metric', 'manual', name='note_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('metric', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_par_criteria_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_par_criteria')),
    sa.UniqueConstraint('organisation_id', 'criteria_set', 'code', name=op.f('uq_par_criteria_organisation_id_criteria_set_code'))
    )
    with op.batch_alter_table('par_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_par_criteria_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('par_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['par_criteria.id'], name=op.f('fk_par_notes_criterion_id_par_criteria')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_par_notes_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_par_notes_written_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_par_notes'))
    )
    with op.batch_alter_table('par_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_par_notes_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index('ix_par_notes_lookup', ['organisation_id', 'period_start', 'period_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_par_notes_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('statutory_times',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_statutory_times_procedure_id_procedures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statutory_times'))
    )
    with op.batch_alter_table('statutory_times', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statutory_times_procedure_id'), ['procedure_id'], unique=False)
    # Existing procedures start their statutory-time history with the time they have now.
    op.execute("INSERT INTO statutory_times (procedure_id, minutes, recorded_at) "
               "SELECT id, statutory_minutes, created_at FROM procedures")


def downgrade():
    with op.batch_alter_table('statutory_times', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statutory_times_procedure_id'))

    op.drop_table('statutory_times')
    with op.batch_alter_table('par_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_par_notes_organisation_id'))
        batch_op.drop_index('ix_par_notes_lookup')
        batch_op.drop_index(batch_op.f('ix_par_notes_criterion_id'))

    op.drop_table('par_notes')
    with op.batch_alter_table('par_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_par_criteria_organisation_id'))

    op.drop_table('par_criteria')
