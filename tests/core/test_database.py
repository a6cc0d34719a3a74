"""SQLite set up for real use on the office PC: WAL, busy timeout, foreign keys, NORMAL sync."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from iso_qms.accounts.models import Organisation, User
from iso_qms.extensions import db


@pytest.fixture
def sqlite_only(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings")
    return app_ctx


def test_every_sqlite_connection_gets_the_production_settings(sqlite_only):
    with db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("synchronous") == 1  # NORMAL


def test_a_row_pointing_at_nothing_is_refused(app_ctx):
    db.session.add(
        User(organisation_id=987654, username="mo.coi", full_name="Mồ Côi", password_hash="x")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_a_parent_still_referenced_cannot_be_deleted(world):
    org = db.session.get(Organisation, world.org.id)
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(Organisation).where(Organisation.id == org.id))
        db.session.flush()
    db.session.rollback()
