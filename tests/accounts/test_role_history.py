"""Role history (migration 0026): a person keeps the roles they held on past dates, so a report
as of a past date is signed by that date's head even after the head role has moved on."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import Role
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_user
from tests.fixtures.scratch_db import add_organisation, scratch_app
from tests.reports.test_signer_then import _signed_by


@pytest.fixture
def head_role_moved(world):
    """Lê Văn Hải is head until 01/06/2027, when the role passes to Nguyễn Văn Mới, who has been a
    member of staff since January; both stay in the organisation."""
    set_clock(datetime(2027, 1, 10, 9, tzinfo=LOCAL_TZ))
    old = world.users["head"]
    old.full_name = "Lê Văn Hải"
    new = create_user(world.org, "newhead", "staff", full_name="Nguyễn Văn Mới")
    db.session.commit()
    set_clock(datetime(2027, 6, 1, 9, tzinfo=LOCAL_TZ))
    admin = world.users["admin"]
    account_ops.update_user(old, {"roles": {Role.staff}}, actor=admin)
    account_ops.update_user(new, {"roles": {Role.staff, Role.head}}, actor=admin)
    db.session.commit()
    set_clock(datetime(2027, 10, 5, 9, tzinfo=LOCAL_TZ))
    yield world
    set_clock(None)


def test_a_head_whose_role_was_taken_away_still_signs_the_older_report(head_role_moved, login):
    client = login("qmr")
    first = _signed_by(client, "2027-03-31", "from=2027-01-01&to=2027-03-31")
    assert "Lê Văn Hải" in first and "Nguyễn Văn Mới" not in first
    third = _signed_by(client, "2027-09-30", "from=2027-07-01&to=2027-09-30")
    assert "Nguyễn Văn Mới" in third and "Lê Văn Hải" not in third


def test_the_history_lists_each_period_and_the_account_page_shows_it(head_role_moved, login):
    old = head_role_moved.users["head"]
    periods = {(p.role, p.ended_on) for p in account_ops.role_history(old)}
    assert (Role.head, date(2027, 6, 1)) in periods
    assert (Role.staff, None) in periods
    page = login("admin").get(f"/admin/users/{old.id}").get_data(as_text=True)
    assert "Lịch sử vai trò" in page and "01/06/2027" in page


def test_giving_and_taking_a_role_keeps_one_open_period_per_role(world):
    person = create_user(world.org, "twice", "staff")
    admin = world.users["admin"]
    for roles in ({Role.staff, Role.inspector}, {Role.staff}, {Role.staff, Role.inspector}):
        account_ops.update_user(person, {"roles": roles}, actor=admin)
        db.session.flush()
    rows = [(p.role, p.ended_on is None) for p in account_ops.role_history(person)]
    assert rows.count((Role.inspector, True)) == 1
    assert rows.count((Role.inspector, False)) == 1
    assert rows.count((Role.staff, True)) == 1


def test_saving_a_name_and_roles_together_is_one_version_step(world):
    person = create_user(world.org, "both", "staff")
    db.session.commit()
    version = person.lock_version
    account_ops.update_user(person, {"full_name": "Trần Thị Hai", "roles": {Role.staff,
                            Role.inspector}}, actor=world.users["admin"])  # fmt: skip
    db.session.commit()
    assert person.lock_version == version + 1


USER = (
    "INSERT INTO users (id, organisation_id, username, full_name, position, unit, email, active, "
    "password_hash, failed_logins, auth_nonce, lock_version, search_key, created_at, updated_at) "
    "VALUES (:i, 1, :u, :u, '', '', '', 1, 'x', 0, 'n', 1, '', :t, :t)"
)


def test_the_migration_gives_every_role_held_an_open_period_from_before_the_history():
    with scratch_app("iso_qms_m26_"):
        upgrade(revision="0025_signed_statutory_time")
        t = "2019-01-01 00:00:00"
        add_organisation(1, "A", t)
        for i, username in ((1, "chairman"), (2, "clerk")):
            db.session.execute(sa.text(USER), {"i": i, "u": username, "t": t})
        db.session.execute(
            sa.text(
                "INSERT INTO user_roles (user_id, role) VALUES "
                "(1, 'head'), (1, 'staff'), (2, 'staff')"
            )
        )
        db.session.commit()
        upgrade(revision="0026_role_history")
        found = db.session.execute(
            sa.text(
                "SELECT user_id, role, started_on, ended_on FROM role_periods "
                "ORDER BY user_id, role"
            )
        ).all()
        assert [tuple(r) for r in found] == [
            (1, "head", None, None),
            (1, "staff", None, None),
            (2, "staff", None, None),
        ]
        with pytest.raises(sa.exc.IntegrityError):  # one open period per person and role
            db.session.execute(
                sa.text("INSERT INTO role_periods (user_id, role) VALUES (1, 'head')")
            )
        db.session.rollback()
        downgrade(revision="0025_signed_statutory_time")
        assert "role_periods" not in sa.inspect(db.engine).get_table_names()
