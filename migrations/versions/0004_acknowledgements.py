"""notifications and acknowledgements

Revision ID: 0004_acknowledgements
Revises: 0003_attachments
Create Date: 2026-11-27 11:01:07.969804

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_acknowledgements'
down_revision = '0003_attachments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_notifications_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'dedupe_key', name=op.f('uq_notifications_user_id_dedupe_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('acknowledgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'done', 'left', 'superseded', name='ack_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'done' OR acknowledged_at IS NOT NULL", name=op.f('ck_acknowledgements_done_has_time')),
    sa.ForeignKeyConstraint(['carried_from_id'], ['acknowledgements.id'], name=op.f('fk_acknowledgements_carried_from_id_acknowledgements')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_acknowledgements_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_acknowledgements_procedure_id_procedures')),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_acknowledgements_revision_id_revisions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_acknowledgements_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acknowledgements')),
    sa.UniqueConstraint('user_id', 'revision_id', name=op.f('uq_acknowledgements_user_id_revision_id'))
    )
    with op.batch_alter_table('acknowledgements', schema=None) as batch_op:
        batch_op.create_index('ix_acknowledgements_open', ['organisation_id', 'status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_acknowledgements_procedure_id'), ['procedure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acknowledgements_revision_id'), ['revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acknowledgements_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tasks_created_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_on', sa.Date(), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deactivated_on')

    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_column('tasks_created_at')

    with op.batch_alter_table('acknowledgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acknowledgements_user_id'))
        batch_op.drop_index(batch_op.f('ix_acknowledgements_revision_id'))
        batch_op.drop_index(batch_op.f('ix_acknowledgements_procedure_id'))
        batch_op.drop_index('ix_acknowledgements_open')

    op.drop_table('acknowledgements')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_organisation_id'))

    op.drop_table('notifications')
