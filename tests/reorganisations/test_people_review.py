"""The people carried over to a successor (issue 15, item 4): its administrator sees those whose
roles are to be reviewed, with their former organisation and unit, and confirms or changes the
roles through the accounts operation (audited); refusals change nothing; the inbox item."""

import json
from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import EmploymentPeriod, EmploymentReason, Role, User
from iso_qms.core.audit import AuditEntry
from iso_qms.core.errors import NotFound, PermissionDenied
from iso_qms.core.inbox import inbox_for
from iso_qms.extensions import db
from iso_qms.reorganisations.people import review_roles
from tests.fixtures.factories import create_user
from tests.query_counter import count_queries
from tests.reorganisations.test_open_work import JULY, _come_into_force, _merge, work  # noqa: F401

PAGE = "/carry-over/people"
#: Commune A's people in the test world, all carried over to the successor.
CARRIED = ("staff", "iso_secretary", "qmr", "head", "inspector", "admin")


@pytest.fixture
def login(login):
    """Logged in, the pages in English (the messages asserted are the msgids)."""

    def _login(username: str):
        client = login(username)
        with client.session_transaction() as session:
            session["lang"] = "en"
        return client

    return _login


@pytest.fixture
def merged(work):  # noqa: F811
    successor = _merge(work, "checklist")
    _come_into_force()
    return work, successor


def _user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username == username))


def _post(client, person: User, roles, lock_version=None, **extra):
    prefix = f"person-{person.id}-"
    data = {f"{prefix}roles": list(roles), **extra}
    data[f"{prefix}lock_version"] = str(
        person.lock_version if lock_version is None else lock_version
    )
    return client.post(f"{PAGE}/{person.id}/review", data=data)


def _state() -> tuple:
    reviewed = tuple(
        db.session.execute(
            sa.select(User.id, User.roles_to_review, User.lock_version).order_by(User.id)
        ).all()
    )
    entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    return reviewed, entries


def _entries(action: str, user: User) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == action, AuditEntry.object_id == str(user.id)
            )
        )
    )


def test_the_admin_sees_the_people_carried_over_with_their_former_organisation(merged, login):
    world, successor = merged
    response = login("admin").get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for username in CARRIED:
        assert f'data-testid="person-{world.users[username].id}"' in html
    assert f'data-testid="person-{world.users["other_admin"].id}"' in html  # B's admin too
    assert world.org.name in html and world.other_org.name in html
    assert "Văn phòng" in html and "01/07/2027" in html
    assert "Quality management representative (QMR)" in html


@pytest.mark.parametrize("username", ["staff", "qmr", "iso_secretary", "supervisor"])
def test_other_roles_may_not_open_or_post(merged, login, username):
    world, _successor = merged
    client = login(username)
    assert client.get(PAGE).status_code == 403
    before = _state()
    assert _post(client, world.users["staff"], ["staff"]).status_code == 403
    assert _state() == before


def test_confirming_the_roles_clears_the_mark_and_is_audited(merged, login):
    world, _successor = merged
    client = login("admin")
    person = _user("qmr")
    assert person.roles_to_review
    response = _post(client, person, ["staff", "qmr"], page="1")
    assert response.status_code == 302 and response.location.endswith(f"{PAGE}?page=1")
    person = _user("qmr")
    assert not person.roles_to_review and person.roles == {Role.staff, Role.qmr}
    [entry] = _entries("user.roles_reviewed", person)
    assert entry.actor_id == world.users["admin"].id
    assert _entries("user.update", person) == []  # nothing changed, only confirmed
    html = client.get(PAGE).get_data(as_text=True)
    assert "were reviewed" in html and f'data-testid="person-{person.id}"' not in html


def test_changing_the_roles_goes_through_the_accounts_operation(merged, login):
    client = login("admin")
    person = _user("staff")
    assert _post(client, person, ["staff", "iso_secretary"]).status_code == 302
    person = _user("staff")
    assert person.roles == {Role.staff, Role.iso_secretary} and not person.roles_to_review
    [update] = _entries("user.update", person)
    assert set(json.loads(update.new_values)["roles"]) == {"iso_secretary", "staff"}
    assert len(_entries("user.roles_reviewed", person)) == 1


@pytest.mark.parametrize(
    "roles, message",
    [
        (["superuser"], "Choose the roles from the list."),
        ([], "Choose at least one role."),
    ],
)
def test_bad_roles_are_a_clear_message_and_change_nothing(merged, login, roles, message):
    client = login("admin")
    person = _user("staff")
    before = _state()
    assert _post(client, person, roles).status_code == 302
    assert _state() == before and _user("staff").roles_to_review
    assert message in client.get(PAGE).get_data(as_text=True)


def test_a_stale_form_or_a_second_review_is_refused(merged, login):
    client = login("admin")
    person = _user("head")
    before = _state()
    assert _post(client, person, ["staff"], lock_version=person.lock_version - 1).status_code == 302
    assert _state() == before
    assert "changed by someone else" in client.get(PAGE).get_data(as_text=True)
    _post(client, person, ["staff", "head"])
    person = _user("head")
    before = _state()
    assert _post(client, person, ["staff"]).status_code == 302
    assert _state() == before and _user("head").roles == {Role.staff, Role.head}
    assert "already reviewed" in client.get(PAGE).get_data(as_text=True)


def test_the_admin_cannot_drop_their_own_admin_role(merged, login):
    client = login("admin")
    person = _user("admin")
    before = _state()
    _post(client, person, ["staff"])
    assert _state() == before
    assert "own administrator role" in client.get(PAGE).get_data(as_text=True)


def test_another_organisations_person_is_404_and_nothing_changes(merged, login):
    world, _successor = merged
    client = login("admin")
    before = _state()
    for person in (world.users["province_admin"], world.users["supervisor"]):
        assert _post(client, person, ["staff"]).status_code == 404
    assert client.post(f"{PAGE}/99999999/review", data={}).status_code == 404
    assert _state() == before


def test_the_operation_checks_the_reviewer(merged):
    world, _successor = merged
    with pytest.raises(PermissionDenied):
        review_roles(_user("staff"), {Role.staff}, actor=_user("qmr"))
    with pytest.raises(NotFound):
        review_roles(world.users["province_admin"], {Role.staff}, actor=_user("admin"))


def test_the_admins_inbox_says_how_many_to_review_until_all_are_done(merged, login):
    world, _successor = merged
    admin = _user("admin")
    [group] = [g for g in inbox_for(admin).groups if g.kind == "review_roles"]
    assert group.items[0].title == "7 người được chuyển sang: hãy rà soát vai trò"
    assert group.items[0].url == PAGE
    assert not [g for g in inbox_for(_user("qmr")).groups if g.kind == "review_roles"]
    home = login("admin").get("/").get_data(as_text=True)
    assert "7 people carried over: review their roles" in home  # the session is in English
    db.session.execute(sa.update(User).values(roles_to_review=False))
    db.session.commit()
    assert not [g for g in inbox_for(_user("admin")).groups if g.kind == "review_roles"]


def test_the_carry_over_checklist_links_the_review_for_the_admin(merged, login):
    html = login("admin").get("/carry-over").get_data(as_text=True)
    assert "whose roles are to be reviewed: 7" in html and f'href="{PAGE}"' in html
    assert 'data-testid="roles-to-review"' not in login("qmr").get("/carry-over").get_data(
        as_text=True
    )


def test_the_page_runs_the_same_queries_for_few_and_many_people(merged, login):
    world, successor = merged
    client = login("admin")
    client.get(PAGE)
    with count_queries() as few:
        assert client.get(PAGE).status_code == 200
    for number in range(15):
        person = create_user(successor, f"nguoi.{number}", "staff", unit=f"Bộ phận {number}")
        person.roles_to_review = True
        db.session.add(
            EmploymentPeriod(
                user_id=person.id,
                organisation_id=world.other_org.id,
                unit="Địa chính",
                started_on=date(2020, 1, 1),
                ended_on=JULY,
                reason=EmploymentReason.joined,
            )  # fmt: skip
        )
    db.session.commit()
    with count_queries() as many:
        response = client.get(PAGE)
    assert response.status_code == 200 and "nguoi.14" in response.get_data(as_text=True)
    assert many.count == few.count, many.statements
