"""The organisation pickers over time (issue 15, item 2): the organisations the user reads, the
current ones first, then the archives (past their last day) labelled "… (archive, until
dd/mm/yyyy)"; one query for the names whatever their number."""

import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask_login import login_user

from iso_qms.accounts.models import Organisation, OrgLevel, User
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due
from iso_qms.core.org_picker import archive_label, picker, readable_organisations
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from tests.fixtures.factories import create_org, create_user
from tests.query_counter import count_queries

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
JULY = date(2027, 7, 1)
NEW_NAME = "UBND xã Quảng Điền"


def _merge(sources, parent, admin, code="X-NEW", name=NEW_NAME) -> None:
    target = NewOrganisation(code, name, OrgLevel.commune, parent.id)
    reorganise(ReorgKind.merge_new, JULY, BASIS, sources, target, admin, "checklist")


def _in_force() -> None:
    db.session.commit()
    set_clock(datetime(2027, 7, 2, 9, tzinfo=LOCAL_TZ))
    apply_due()
    db.session.commit()


@pytest.fixture
def merged(world):
    """Quảng An (A) and Quảng Thành (B) merged into xã Quảng Điền on 01/07/2027; a commune C of
    another district that nobody here reads; everyone reads English."""
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    admin = create_user(world.province, "padmin", "staff", "admin")
    elsewhere = create_org("D2", "district", world.province)
    world.outsider = create_org("C", "commune", elsewhere, name="UBND xã Khác")
    db.session.execute(sa.update(User).values(locale="en"))
    _merge([world.org, world.other_org], world.district, admin)
    _in_force()
    yield world
    set_clock(None)


def _options(html: str) -> list[str]:
    select = re.search(r'<select[^>]*data-testid="org-picker".*?</select>', html, re.S)
    assert select, "no organisation picker on the page"
    return [m.strip() for m in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))]


def test_the_picker_lists_current_organisations_then_the_archives_labelled(merged, login):
    html = login("supervisor").get("/procedures/").get_data(as_text=True)
    assert _options(html) == [
        "UBND D",
        NEW_NAME,
        "UBND xã Quảng An (archive, until 30/06/2027)",
        "UBND xã Quảng Thành (archive, until 30/06/2027)",
    ]


def test_a_carried_over_person_picks_their_successor_or_its_predecessors_archives(merged, login):
    staff = db.session.get(User, merged.users["staff"].id)
    assert staff.organisation.name == NEW_NAME  # carried over on 01/07/2027
    html = login("staff").get("/procedures/").get_data(as_text=True)
    assert _options(html) == [
        NEW_NAME,
        "UBND xã Quảng An (archive, until 30/06/2027)",
        "UBND xã Quảng Thành (archive, until 30/06/2027)",
    ]


def test_an_archive_picked_shows_its_records_and_another_organisation_is_404(merged, login):
    client = login("supervisor")
    response = client.get(f"/procedures/?org={merged.org.id}")
    assert response.status_code == 200
    assert "selected>UBND xã Quảng An (archive, until 30/06/2027)" in response.get_data(
        as_text=True
    )
    assert client.get(f"/procedures/?org={merged.outsider.id}").status_code == 404
    assert client.get("/procedures/?org=abc").status_code == 404


def test_the_report_pages_organisation_choice_labels_the_archives(merged, login):
    html = login("supervisor").get("/reports/").get_data(as_text=True)
    assert "UBND xã Quảng An (archive, until 30/06/2027)</option>" in html


def test_before_the_end_an_organisation_is_not_an_archive(world, app_ctx):
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    try:
        admin = create_user(world.province, "padmin", "staff", "admin")
        _merge([world.org, world.other_org], world.district, admin)  # registered, not yet due
        db.session.commit()
        supervisor = db.session.get(User, world.users["supervisor"].id)
        choices = readable_organisations(supervisor)
        assert [(c.name, c.archive) for c in choices] == [
            ("UBND D", False),
            ("UBND xã Quảng An", False),
            ("UBND xã Quảng Thành", False),
        ]
        assert [c.label for c in choices] == [c.name for c in choices]
    finally:
        set_clock(None)


def test_archive_label_says_name_and_last_day(app_ctx):
    with app_ctx.test_request_context():
        label = archive_label("UBND xã Quảng An", date(2025, 6, 30))
    assert "UBND xã Quảng An" in label and "30/06/2025" in label


def _picker_queries(app, supervisor_id: int) -> tuple[int, list]:
    with app.test_request_context("/procedures/"):
        user = db.session.get(User, supervisor_id)
        assert user.roles
        login_user(user)
        with count_queries() as counter:
            choices = picker(user)["orgs"]
    return counter.count, choices


def test_the_picker_runs_the_same_queries_for_1_and_for_20_archives(app_ctx):
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    try:
        province = create_org("P", "province")
        admin = create_user(province, "padmin", "staff", "admin")
        supervisors = {}
        for size in (1, 20):
            district = create_org(f"D{size}", "district", province)
            communes = [create_org(f"C{size}-{n:02d}", "commune", district) for n in range(size)]
            supervisors[size] = create_user(district, f"sup{size}", "supervisor").id
            _merge(communes, district, admin, f"N{size}", f"UBND xã mới {size}")
        _in_force()
        (small, few), (large, many) = (_picker_queries(app_ctx, supervisors[n]) for n in (1, 20))
        assert [c.archive for c in few] == [False, False, True]
        assert len(many) == 22 and sum(c.archive for c in many) == 20
        assert large == small, (small, large)
        names = db.session.scalars(sa.select(Organisation.name).where(Organisation.code == "N20"))
        assert many[1].name == names.one()  # the successor, before the archives
    finally:
        set_clock(None)
