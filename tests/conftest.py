"""Test fixtures: every test that uses the database runs on SQLite and on a real PostgreSQL 15."""

import os
import tempfile
from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from iso_qms import create_app
from iso_qms.core import timeutil
from iso_qms.extensions import db
from tests import pgcluster
from tests.fixtures.demo_snapshot import load_demo
from tests.fixtures.factories import World, build_world

BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test of many requests (deselect: -m 'not slow')")


def pytest_make_parametrize_id(config, val, argname):
    """Generated files get one plain id (pytest numbers repeats): their bytes — even their size —
    carry the time they were zipped, and every xdist worker must collect the same ids."""
    if isinstance(val, bytes | bytearray):
        return f"{argname}-bytes"
    return None


def pytest_report_header(config):
    return f"database backends: {', '.join(BACKENDS)}"


@pytest.fixture(scope="session")
def _stack():
    with ExitStack() as stack:
        yield stack


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, _stack):
    if request.param == "sqlite":
        folder = _stack.enter_context(tempfile.TemporaryDirectory(prefix="iso_qms_sqlite_"))
        return f"sqlite:///{folder}/test.sqlite3"
    if not pgcluster.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL 15 binaries are required in CI")
        pytest.skip("PostgreSQL 15 is not installed here")
    return _stack.enter_context(pgcluster.postgres_cluster())


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (own `g`, own database session), as in production,
    instead of sharing the test's context."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, _stack):
    instance = _stack.enter_context(tempfile.TemporaryDirectory(prefix="iso_qms_instance_"))
    os.environ["ISO_QMS_INSTANCE"] = instance
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SERVER_NAME": None,
        }
    )
    application.test_client_class = FreshContextClient
    with application.app_context():
        upgrade()
        db.session.remove()
    return application


def _wipe() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.execute(
        sa.text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, :h)"),
        {"h": "0" * 64},
    )
    db.session.commit()


@pytest.fixture
def app_ctx(app):
    """An application context on a clean database, wiped again afterwards; the configuration a
    test changed is put back (the app lives for the whole session: a leaked PER_PAGE once made
    later tests on the same worker see a page of two)."""
    config = dict(app.config)
    with app.app_context():
        _wipe()
        yield app
        db.session.rollback()
        db.session.remove()
        timeutil.set_clock(None)
        app.config.clear()
        app.config.update(config)
        _wipe()
        db.session.remove()


@pytest.fixture
def postgres_only(app_ctx):
    """Row locks and truly concurrent transactions are exercised on PostgreSQL only."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent transactions on one row are exercised on PostgreSQL")


@pytest.fixture
def world(app_ctx) -> World:
    """Two communes under a district under a province, with one user per role in commune A."""
    result = build_world()
    db.session.commit()
    return result


@pytest.fixture
def client(app_ctx):
    return app_ctx.test_client()


@pytest.fixture
def login(app_ctx):
    """login(username) -> a test client logged in as that user."""

    def _login(username: str, password: str = "Password-123"):
        test_client = app_ctx.test_client()
        response = test_client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.data[:500]
        return test_client

    return _login


@pytest.fixture
def token_for(app_ctx):
    """token_for(username) -> headers with a fresh API token of that user."""
    from iso_qms.accounts import operations as ops
    from iso_qms.accounts.models import User

    def _token(username: str) -> dict:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        token = ops.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return _token


def demo_reform(request) -> bool:
    """Which demo a module reads: the default one, with the 2025 reform, unless the module says
    `DEMO_REFORM = False` (Quảng An's story on the 2020 map to today, `--no-reform-2025`)."""
    return getattr(request.module, "DEMO_REFORM", True)


@pytest.fixture(scope="module")
def _seeded(app, request):
    """The demo, seeded once for the module that asks (a snapshot copied back); the module's
    tests read it (or roll back what they change) and it is wiped afterwards."""

    with app.app_context():
        load_demo(demo_reform(request))
    yield
    with app.app_context():
        _wipe()
        db.session.remove()
