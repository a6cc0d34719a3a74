"""A session lives only in the signed cookie, so ending it means changing what the cookie must
match on the server (the account's auth_nonce): a cookie copied before logout, a password change,
a reset or a deactivation must not work afterwards."""

import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db


def _copy_of(client):
    """A second browser holding the same session cookie as `client` (a stolen or copied jar)."""
    thief = client.application.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain or "localhost")
    return thief


def _lock_version(username: str) -> int:
    return db.session.scalar(sa.select(User.lock_version).where(User.username == username))


def test_a_cookie_copied_before_logout_is_refused_after_logout(world, login):
    client = login("staff")
    copy = _copy_of(client)
    assert copy.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    response = copy.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_logout_ends_the_other_sessions_of_the_account_too(world, login):
    first, second = login("staff"), login("staff")
    assert first.post("/logout").status_code == 302
    assert second.get("/").status_code == 302


def test_logout_does_not_touch_other_accounts(world, login):
    staff, qmr = login("staff"), login("qmr")
    staff.post("/logout")
    assert qmr.get("/").status_code == 200


def test_logout_is_recorded_and_leaves_the_edit_version_alone(world, login):
    client = login("staff")
    before = _lock_version("staff")
    client.post("/logout")
    db.session.expire_all()
    assert _lock_version("staff") == before  # an admin's open edit form does not turn stale
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "user.logout" in actions


def test_a_copied_cookie_does_not_open_the_api(world, login):
    copy = _copy_of(login("staff"))
    response = copy.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_changing_the_password_ends_the_other_sessions_but_keeps_this_one(world, login):
    client = login("staff")
    other = login("staff")
    copy = _copy_of(client)
    response = client.post(
        "/profile",
        data={
            "action": "password",
            "pw-current_password": "Password-123",
            "pw-new_password": "Another-pass-1",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert copy.get("/").status_code == 302


def test_a_password_reset_by_an_admin_ends_every_session_of_the_account(world, login):
    staff = login("staff")
    copy = _copy_of(staff)
    admin = login("admin")
    user_id = world.users["staff"].id
    response = admin.post(
        f"/admin/users/{user_id}/password", data={"reset-password": "Reset-pass-9"}
    )
    assert response.status_code == 302
    assert staff.get("/").status_code == 302
    assert copy.get("/").status_code == 302
    assert admin.get("/").status_code == 200


def test_deactivation_ends_every_session_of_the_account(world, login):
    staff = login("staff")
    admin = login("admin")
    user = world.users["staff"]
    response = admin.post(
        f"/admin/users/{user.id}",
        data={
            "full_name": user.full_name,
            "unit": user.unit,
            "position": user.position,
            "roles": ["staff"],
            "lock_version": str(user.lock_version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert staff.get("/").status_code == 302


def test_login_starts_a_new_session_without_the_data_planted_before_it(world, client):
    client.get("/login")
    with client.session_transaction() as planted:
        planted["csrf_token"] = "known-to-the-attacker"
        planted["planted"] = "x"
        planted["lang"] = "en"
    response = client.post("/login", data={"username": "staff", "password": "Password-123"})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "known-to-the-attacker"
        assert session.get("_user_id", "").startswith(f"{world.users['staff'].id}:")


def test_a_session_fixed_before_login_is_not_logged_in_by_the_victims_login(world, client):
    """The attacker keeps the anonymous cookie they planted; the victim's login must not make it
    a logged-in one."""
    with client.session_transaction() as anonymous:
        anonymous["lang"] = "vi"
    planted = _copy_of(client)
    client.post("/login", data={"username": "staff", "password": "Password-123"})
    assert client.get("/").status_code == 200
    assert planted.get("/").status_code == 302
