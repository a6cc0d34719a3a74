"""Rate limits by client (Flask-Limiter): login posts per address, the API per token or address.
The shared test app has them off (TESTING); these tests build their own app with tiny limits."""

import pytest
import sqlalchemy as sa

from iso_qms import create_app
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db


@pytest.fixture
def limited_app(app, database_url):
    """An app on the same test database with the limiter on: 3 login posts, 4 API calls a minute."""
    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SERVER_NAME": None,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_LOGIN": "3/minute",
            "RATELIMIT_API": "4/minute",
        }
    )
    yield limited
    with limited.app_context():
        db.engine.dispose()


def _wrong_login(client, address="10.0.0.1"):
    return client.post(
        "/login",
        data={"username": "staff", "password": "wrong-password"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_limiter_is_off_in_the_shared_test_app(world, client):
    statuses = {
        client.post("/login", data={"username": "nobody", "password": "x"}).status_code
        for _ in range(15)
    }
    assert statuses == {200}


def test_login_posts_past_the_limit_get_429_with_a_vietnamese_page(world, limited_app):
    client = limited_app.test_client()
    assert [_wrong_login(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = _wrong_login(client)
    assert refused.status_code == 429
    assert "Có quá nhiều yêu cầu" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0


def test_the_login_limit_counts_posts_only_and_per_client_address(world, limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        _wrong_login(client)
    assert _wrong_login(client).status_code == 429
    assert client.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200
    assert _wrong_login(client, address="10.0.0.2").status_code == 200


def test_a_refused_login_post_is_not_counted_toward_the_account_lock(world, limited_app):
    client = limited_app.test_client()
    for _ in range(6):
        _wrong_login(client)
    failed = sa.select(sa.func.count()).where(AuditEntry.action == "user.login_failed")
    assert db.session.scalar(failed) == 3


def test_the_api_answers_429_in_the_api_error_shape(world, limited_app, token_for):
    client = limited_app.test_client()
    headers = token_for("staff")
    assert [client.get("/api/v1/me", headers=headers).status_code for _ in range(4)] == [200] * 4
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "too_many_requests"
    assert error["message"] == "Có quá nhiều yêu cầu. Vui lòng thử lại sau."
    assert error["fields"] == {}


def test_the_api_limit_is_shared_by_all_endpoints_and_kept_per_token(world, limited_app, token_for):
    client = limited_app.test_client()
    first, second = token_for("staff"), token_for("qmr")
    for path in ("/api/v1/me", "/api/v1/procedures", "/api/v1/me", "/api/v1/organisations"):
        assert client.get(path, headers=first).status_code == 200
    assert client.get("/api/v1/procedures", headers=first).status_code == 429
    assert client.get("/api/v1/me", headers=second).status_code == 200


def test_requests_without_a_valid_token_are_limited_by_address(world, limited_app):
    client = limited_app.test_client()
    bogus = [{"Authorization": f"Bearer qms_made-up-{n}"} for n in range(5)]
    statuses = [client.get("/api/v1/me", headers=h).status_code for h in bogus]
    assert statuses == [401, 401, 401, 401, 429]


def test_the_api_and_the_login_limits_do_not_touch_other_pages(world, limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        _wrong_login(client)
    assert _wrong_login(client).status_code == 429
    assert client.get("/healthz").status_code == 200
