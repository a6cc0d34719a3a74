"""The schema comes from migrations only; the models and the migrations must not drift apart."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from iso_qms.extensions import db


def test_models_and_migrations_do_not_drift(app_ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_states_are_enforced_by_check_constraints(world):
    import pytest
    import sqlalchemy as sa

    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text("INSERT INTO user_roles (user_id, role) VALUES (:u, 'king')"),
            {"u": world.users["staff"].id},
        )
        db.session.flush()
    db.session.rollback()
