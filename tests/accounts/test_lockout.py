"""The lock-out counter (LOGIN_MAX_FAILURES wrong passwords lock the account for LOGIN_LOCK_MINUTES):
logins and e-signature passwords count toward the same lock, a lock holds even against a request
that loaded the account before it was set, and parallel guesses on a real PostgreSQL get exactly
the limit counted, the rest refused as locked."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import User
from iso_qms.core import timeutil
from iso_qms.core.audit import AuditEntry
from iso_qms.core.errors import PermissionDenied
from iso_qms.extensions import db
from iso_qms.procedures import operations as procedure_ops
from tests.fixtures.concurrency import at_once
from tests.fixtures.factories import create_procedure, create_revision

LOCKED_TEXT = "tạm khóa"
WRONG_TEXT = "Tên đăng nhập hoặc mật khẩu không đúng"


def _post_login(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def _fresh(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username == username))


def _entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
    ).all()


def _lock_behind_the_sessions_back(user: User, until) -> None:
    """Another request locks the account after this one loaded it (its copy still says unlocked)."""
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(locked_until=until),
        execution_options={"synchronize_session": False},
    )
    assert user.locked_until is None


def test_wrong_signature_passwords_and_logins_count_toward_the_same_lock(world, client):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    for _ in range(3):
        _post_login(client, "qmr", "wrong-password")
    qmr = _fresh("qmr")
    for _ in range(2):
        with pytest.raises(procedure_ops.WrongPassword):
            procedure_ops.approve_revision(revision, qmr, "sai-mat-khau", None)
        db.session.commit()
    assert _fresh("qmr").locked_until is not None
    assert LOCKED_TEXT in _post_login(client, "qmr", "Password-123").get_data(as_text=True)
    with pytest.raises(PermissionDenied):
        procedure_ops.approve_revision(revision, _fresh("qmr"), "Password-123", None)
    assert [e.new["failed_logins"] for e in _entries("user.login_failed")] == [1, 2, 3, 4, 5]
    assert len(_entries("user.locked")) == 1


def test_a_lock_set_after_the_account_was_loaded_still_refuses_a_signature(world):
    revision = create_revision(create_procedure(world), world, status="in_review")
    qmr = world.users["qmr"]
    _lock_behind_the_sessions_back(qmr, timeutil.utcnow() + timedelta(minutes=10))
    with pytest.raises(PermissionDenied) as refused:
        procedure_ops.approve_revision(revision, qmr, "Password-123", None)
    assert not isinstance(refused.value, procedure_ops.WrongPassword)
    assert revision.status.value == "in_review"


def test_a_locked_account_is_refused_before_the_password_hash_is_checked(world, monkeypatch):
    qmr = world.users["qmr"]
    _lock_behind_the_sessions_back(qmr, timeutil.utcnow() + timedelta(minutes=10))
    checked = []
    monkeypatch.setattr(User, "check_password", lambda self, password: checked.append(1))
    with pytest.raises(PermissionDenied):
        account_ops.authenticate("qmr", "Password-123")
    assert checked == []
    assert _entries("user.login_failed") == []


def test_a_wrong_password_while_locked_is_not_counted(world, client):
    for _ in range(5):
        _post_login(client, "staff", "wrong-password")
    for _ in range(3):
        assert LOCKED_TEXT in _post_login(client, "staff", "wrong").get_data(as_text=True)
    assert _fresh("staff").failed_logins == 5
    assert len(_entries("user.login_failed")) == 5


def test_after_the_lock_runs_out_the_count_starts_again(world, client):
    start = timeutil.utcnow()
    timeutil.set_clock(start)
    for _ in range(5):
        _post_login(client, "staff", "wrong-password")
    timeutil.set_clock(start + timedelta(minutes=16))
    assert WRONG_TEXT in _post_login(client, "staff", "wrong").get_data(as_text=True)
    user = _fresh("staff")
    assert user.failed_logins == 1 and user.locked_until is None
    assert _post_login(client, "staff", "Password-123").status_code == 302
    assert _fresh("staff").failed_logins == 0


def test_an_admin_password_reset_lifts_the_lock(world, client):
    for _ in range(5):
        _post_login(client, "staff", "wrong-password")
    account_ops.reset_password(_fresh("staff"), "Reset-pass-9", actor=world.users["admin"])
    db.session.commit()
    assert _post_login(client, "staff", "Reset-pass-9").status_code == 302


# --- real parallelism, PostgreSQL only -------------------------------------------------------


def _assert_exactly_the_limit_was_counted(username: str) -> None:
    failed = _entries("user.login_failed")
    assert sorted(e.new["failed_logins"] for e in failed) == [1, 2, 3, 4, 5]
    locked = _entries("user.locked")
    assert len(locked) == 1
    assert locked[0].seq > max(e.seq for e in failed)  # the lock follows the fifth failure
    user = _fresh(username)
    assert user.failed_logins == 5 and user.locked_until is not None


def test_twelve_parallel_wrong_logins_count_five_and_the_rest_are_refused_as_locked(
    world, postgres_only, app_ctx
):
    clients = [app_ctx.test_client() for _ in range(12)]
    responses = at_once(*[(lambda c=c: _post_login(c, "staff", "wrong-password")) for c in clients])
    pages = [r.get_data(as_text=True) for r in responses]
    assert [r.status_code for r in responses] == [200] * 12
    assert sum(WRONG_TEXT in page for page in pages) == 5
    assert sum(LOCKED_TEXT in page for page in pages) == 7
    _assert_exactly_the_limit_was_counted("staff")


def test_parallel_wrong_logins_and_signatures_share_one_atomic_counter(
    world, postgres_only, app_ctx, token_for
):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    headers = token_for("qmr")
    url = f"/api/v1/revisions/{revision.id}/approve"
    body = {"password": "sai-mat-khau", "effective_date": "2020-09-01"}

    def wrong_login(client):
        return lambda: _post_login(client, "qmr", "wrong-password")

    def wrong_signature(client):
        return lambda: client.post(url, json=body, headers=headers)

    calls = []
    for _ in range(6):
        calls += [wrong_login(app_ctx.test_client()), wrong_signature(app_ctx.test_client())]
    responses = at_once(*calls)
    assert all(r.status_code in (200, 403) for r in responses), [r.status_code for r in responses]
    _assert_exactly_the_limit_was_counted("qmr")
    db.session.expire_all()
    assert db.session.get(type(revision), revision.id).status.value == "in_review"
