from datetime import timedelta

import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.core import timeutil
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db


def _post_login(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_login_with_right_password_reaches_vietnamese_home(world, client):
    response = _post_login(client, "qmr", "Password-123")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "UBND xã Quảng An" in page
    assert "Trang chủ" in page and "Đăng xuất" in page


def test_wrong_password_is_refused_with_a_translated_message(world, client):
    response = _post_login(client, "qmr", "wrong-password")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sixth_attempt_is_refused_even_with_the_right_password_until_the_lock_ends(world, client):
    start = timeutil.utcnow()
    timeutil.set_clock(start)
    for _ in range(5):
        _post_login(client, "staff", "wrong-password")
    user = db.session.scalar(sa.select(User).where(User.username == "staff"))
    db.session.refresh(user)
    assert user.locked_until is not None
    response = _post_login(client, "staff", "Password-123")
    assert response.status_code == 200
    assert "tạm khóa" in response.get_data(as_text=True)
    timeutil.set_clock(start + timedelta(minutes=14))
    assert _post_login(client, "staff", "Password-123").status_code == 200
    timeutil.set_clock(start + timedelta(minutes=15, seconds=1))
    assert _post_login(client, "staff", "Password-123").status_code == 302


def test_lock_out_is_recorded_in_the_audit_trail(world, client):
    for _ in range(5):
        _post_login(client, "staff", "wrong-password")
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions.count("user.login_failed") == 5
    assert "user.locked" in actions


def test_inactive_user_cannot_log_in(world, client):
    world.users["staff"].active = False
    db.session.commit()
    assert _post_login(client, "staff", "Password-123").status_code == 200


def test_logout_ends_the_session(world, login):
    client = login("staff")
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_post_without_csrf_token_is_refused(world, app_ctx, client):
    app_ctx.config["WTF_CSRF_ENABLED"] = True
    response = _post_login(client, "staff", "Password-123")
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(world, client):
    response = _post_login(client, "staff", "Password-123")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_security_headers_are_set(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_password_change_needs_the_current_password_and_keeps_the_session(world, login):
    client = login("staff")
    bad = client.post(
        "/profile",
        data={
            "action": "password",
            "pw-current_password": "nope",
            "pw-new_password": "Another-pass-1",
        },
    )
    assert "Mật khẩu hiện tại không đúng" in bad.get_data(as_text=True)
    good = client.post(
        "/profile",
        data={
            "action": "password",
            "pw-current_password": "Password-123",
            "pw-new_password": "Another-pass-1",
        },
    )
    assert good.status_code == 302
    assert client.get("/").status_code == 200
    fresh = client.application.test_client()
    assert _post_login(fresh, "staff", "Another-pass-1").status_code == 302


def test_password_is_stored_hashed(world):
    user = world.users["staff"]
    assert "Password-123" not in user.password_hash


def test_english_is_selectable_and_remembered_per_user(world, login):
    client = login("staff")
    client.post("/language", data={"locale": "en", "next": "/"})
    assert "Log out" in client.get("/").get_data(as_text=True)
    again = client.application.test_client()
    _post_login(again, "staff", "Password-123")
    assert "Log out" in again.get("/").get_data(as_text=True)
