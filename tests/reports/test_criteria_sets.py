"""PAR criteria sets by publisher and year (issue 12, case 5): a report uses the set of its
period's year from the nearest organisation up the tree, a published set is frozen, and
importing or editing another year's set, or a later version, never changes a past report."""

import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from iso_qms.core.errors import InvalidState, ValidationFailed
from iso_qms.core.timeutil import set_clock, today
from iso_qms.extensions import db
from iso_qms.reports import appendix
from iso_qms.reports import criteria_sets as sets
from iso_qms.reports.compliance import make_period
from iso_qms.reports.models import CriteriaSetStatus, ParCriteriaSet
from iso_qms.reports.report import build_report, report_json
from tests.fixtures.factories import create_procedure, create_revision, create_user

NINE_MONTHS_2020 = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 14))
YEAR_2021 = make_period(date(2021, 1, 1), date(2021, 12, 31), date(2021, 12, 31))


def _at(day: date) -> None:
    set_clock(datetime(day.year, day.month, day.day, 3, tzinfo=UTC))


def workbook(*rows) -> bytes:
    book = Workbook()
    book.active.append(
        ["TT", "Nhóm", "Tiêu chí", "Sản phẩm đầu ra", "Cơ quan báo cáo", "Cách tính"]
    )
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SET_2021 = workbook(
    ("3.4.2", "TTHC", "Quy trình đúng thời gian", "Danh sách", "UBND xã", "criterion_3_4_2"),
    ("8.1", "Khác", "Tiêu chí mới năm 2021", "Báo cáo", "UBND xã", ""),
)


@pytest.fixture
def commune(world):
    """Commune A with one procedure in force since January 2020 and the shipped 2020 set."""
    _at(date(2020, 1, 2))
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    appendix.ensure_default_criteria(world.org.id)
    db.session.commit()
    set_clock(None)
    return world.org


def _codes(report: dict) -> list[str]:
    return [row["tt"] for row in report["appendix_rows"]]


def test_importing_a_2021_set_leaves_the_2020_report_byte_identical(world, commune):
    before = report_json(build_report(commune, NINE_MONTHS_2020))
    result = appendix.import_criteria(
        commune.id, "Thừa Thiên Huế 2021", SET_2021, world.users["admin"]
    )
    db.session.commit()
    assert result.criteria_set.year == 2021 and result.criteria_set.published
    assert report_json(build_report(commune, NINE_MONTHS_2020)) == before
    assert "1.1.1" in _codes(build_report(commune, NINE_MONTHS_2020))
    later = build_report(commune, YEAR_2021)
    assert _codes(later) == ["3.4.2", "8.1"]
    assert (later["criteria_set"]["year"], later["criteria_set"]["version"]) == (2021, 1)


def test_a_year_without_a_set_says_so_and_borrows_no_other_year(world, commune):
    report = build_report(commune, YEAR_2021)
    assert report["appendix_rows"] == []
    assert report["criteria_set"]["id"] is None and report["criteria_set"]["year"] == 2021


def test_the_nearest_publisher_up_the_tree_is_used(world):
    """The district's set serves both communes; a province set of the same year does not
    override it; a commune's own set wins for that commune only."""
    district_admin = create_user(world.district, "d_admin", "staff", "admin")
    province_admin = create_user(world.province, "p_admin", "staff", "admin")
    appendix.import_criteria(world.district.id, "Huyện 2021", SET_2021, district_admin, year=2021)
    appendix.import_criteria(
        world.province.id,
        "Tỉnh 2021",
        workbook(("9.9", "", "Tỉnh", "", "", "")),
        province_admin,
        year=2021,
    )
    db.session.commit()
    for org in (world.org, world.other_org):
        used = build_report(org, YEAR_2021)["criteria_set"]
        assert used["publisher"]["id"] == world.district.id and used["name"] == "Huyện 2021"
    appendix.import_criteria(
        world.org.id,
        "Xã 2021",
        workbook(("1.1", "", "Riêng", "", "", "")),
        world.users["admin"],
        year=2021,
    )
    db.session.commit()
    assert _codes(build_report(world.org, YEAR_2021)) == ["1.1"]
    assert _codes(build_report(world.other_org, YEAR_2021)) == ["3.4.2", "8.1"]


def test_a_published_set_is_frozen_and_a_new_version_serves_later_as_of_dates(world, commune):
    admin = world.users["admin"]
    v1 = appendix.criteria_of(commune.id, 2020)[0].criteria_set
    first = appendix.criteria_of(commune.id, 2020)[0]
    with pytest.raises(InvalidState):
        appendix.update_criterion(first, admin, {"text": "Đổi"}, first.lock_version)
    db.session.rollback()
    past = report_json(build_report(commune, NINE_MONTHS_2020))
    draft = sets.new_version(v1, admin)
    assert (draft.version, draft.status) == (2, CriteriaSetStatus.draft)
    assert sets.new_version(v1, admin).id == draft.id  # one draft at a time
    copy = next(c for c in sets.criteria_in(draft) if c.code == first.code)
    appendix.update_criterion(copy, admin, {"text": "Ban hành kế hoạch CCHC (sửa)"}, None)
    db.session.commit()
    assert report_json(build_report(commune, NINE_MONTHS_2020)) == past  # a draft is not used
    _at(date(2020, 10, 5))
    sets.publish_set(draft, admin)
    db.session.commit()
    set_clock(None)
    assert report_json(build_report(commune, NINE_MONTHS_2020)) == past  # as of 14/09: v1
    later = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 10, 6))
    report = build_report(commune, later)
    assert report["criteria_set"]["version"] == 2
    assert report["appendix_rows"][0]["criterion"] == "Ban hành kế hoạch CCHC (sửa)"
    assert db.session.get(type(first), first.id).text == "Ban hành kế hoạch CCHC"


def test_a_note_follows_its_criterion_into_the_next_version(world, commune):
    admin, qmr = world.users["admin"], world.users["qmr"]
    period = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 12, 1))
    criterion = next(c for c in appendix.criteria_of(commune.id, 2020) if c.code == "1.4.2")
    _at(date(2020, 9, 20))
    appendix.save_note(commune.id, criterion, period, "218 tin, bài.", qmr)
    draft = sets.new_version(criterion.criteria_set, admin)
    sets.publish_set(draft, admin)
    db.session.commit()
    set_clock(None)
    report = build_report(commune, period)
    assert report["criteria_set"]["version"] == 2
    assert {r["tt"]: r["note"] for r in report["appendix_rows"]}["1.4.2"] == "218 tin, bài."


def test_an_import_goes_into_a_new_version_and_the_same_file_twice_makes_none(world, commune):
    admin = world.users["admin"]
    first = appendix.import_criteria(commune.id, "A 2021", SET_2021, admin, year=2021)
    again = appendix.import_criteria(commune.id, "A 2021", SET_2021, admin, year=2021)
    assert again.unchanged and again.criteria_set.id == first.criteria_set.id
    changed = workbook(("3.4.2", "TTHC", "Khác đi", "Danh sách", "UBND xã", "criterion_3_4_2"))
    draft = appendix.import_criteria(commune.id, "A 2021", changed, admin, year=2021, publish=False)
    assert (draft.criteria_set.version, draft.criteria_set.published) == (2, False)
    assert (draft.created, draft.updated, draft.removed) == (0, 1, 1)
    db.session.commit()
    assert _codes(build_report(commune, YEAR_2021)) == ["3.4.2", "8.1"]  # still version 1
    sets.publish_set(draft.criteria_set, admin)
    db.session.commit()
    assert _codes(build_report(commune, YEAR_2021)) == ["3.4.2", "8.1"]  # as of 31/12/2021: v1
    now = make_period(date(2021, 1, 1), date(2021, 12, 31), today())
    assert _codes(build_report(commune, now)) == ["3.4.2"]
    assert [c.code for c in sets.criteria_in(first.criteria_set)] == ["3.4.2", "8.1"]


@pytest.mark.parametrize(
    "name, year, data, field",
    [
        ("X", 1999, SET_2021, "year"),
        (
            "X 2021",
            None,
            workbook(("8.1", "", "A", "", "", ""), ("8.1", "", "B", "", "", "")),
            None,
        ),
        ("X 2021", None, workbook(), "file"),
    ],
    # fixed ids: a workbook's bytes carry its creation time, and xdist workers must agree
    ids=["year-out-of-range", "criterion-twice", "no-criteria"],
)
def test_a_bad_import_changes_nothing(world, commune, name, year, data, field):
    count = db.session.scalar(sa.select(sa.func.count(ParCriteriaSet.id)))
    with pytest.raises(ValidationFailed) as refused:
        appendix.import_criteria(commune.id, name, data, world.users["admin"], year=year)
    assert field is None or field in refused.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(ParCriteriaSet.id))) == count


def test_a_set_without_criteria_cannot_be_published(world, commune):
    draft = sets.new_version(
        appendix.criteria_of(commune.id, 2020)[0].criteria_set, world.users["admin"]
    )
    for criterion in sets.criteria_in(draft):
        criterion.active = False
    with pytest.raises(ValidationFailed):
        sets.publish_set(draft, world.users["admin"])


# --- pages and API ------------------------------------------------------------------------


def test_the_criteria_page_lists_sets_by_year_and_import_asks_for_the_year(world, commune, login):
    client = login("admin")
    appendix.import_criteria(commune.id, "Xã 2021", SET_2021, world.users["admin"], year=2021)
    db.session.commit()
    page = client.get("/reports/criteria?year=2020").get_data(as_text=True)
    assert 'data-testid="year-picker"' in page and "2021" in page and "Thừa Thiên Huế 2020" in page
    assert "Xã 2021" not in page
    assert "Xã 2021" in client.get("/reports/criteria?year=2021").get_data(as_text=True)
    no_year = client.post(
        "/reports/criteria",
        data={"name": "Y", "file": (io.BytesIO(SET_2021), "bo.xlsx")},
        content_type="multipart/form-data",
    )
    assert no_year.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(ParCriteriaSet.id))) == 2
    done = client.post(
        "/reports/criteria",
        data={"year": "2022", "publish": "y", "file": (io.BytesIO(SET_2021), "bo.xlsx")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302 and "year=2022" in done.location


def test_publish_and_new_version_by_form(world, commune, login):
    client = login("admin")
    v1 = appendix.criteria_of(commune.id, 2020)[0].criteria_set
    assert client.post(f"/reports/criteria/sets/{v1.id}/new-version").status_code == 302
    draft = sets.draft_of(commune.id, 2020)
    criterion = sets.criteria_in(draft)[0]
    frozen = client.get(f"/reports/criteria/{appendix.criteria_of(commune.id, 2020)[0].id}")
    assert 'data-testid="frozen"' in frozen.get_data(as_text=True)
    edit = {
        "code": criterion.code,
        "group": "",
        "text": "Sửa",
        "expected_output": "",
        "reporting_body": "",
        "metric": "",
        "position": "1",
        "active": "y",
        "lock_version": str(criterion.lock_version),
    }
    assert client.post(f"/reports/criteria/{criterion.id}", data=edit).status_code == 302
    published = client.post(
        f"/reports/criteria/sets/{draft.id}/publish", data={"lock_version": str(draft.lock_version)}
    )
    assert published.status_code == 302
    db.session.expire_all()
    assert db.session.get(ParCriteriaSet, draft.id).published
    refused = client.post(f"/reports/criteria/{criterion.id}", data={**edit, "text": "Lại"})
    assert refused.status_code == 422
    db.session.expire_all()
    assert sets.criteria_in(db.session.get(ParCriteriaSet, draft.id))[0].text == "Sửa"


def test_set_routes_refuse_other_roles_and_other_organisations(world, commune, login, token_for):
    other_admin = world.users["other_admin"]
    appendix.ensure_default_criteria(world.other_org.id)
    db.session.commit()
    theirs = appendix.criteria_of(world.other_org.id, 2020)[0].criteria_set
    mine = appendix.criteria_of(commune.id, 2020)[0].criteria_set
    assert other_admin and theirs.id != mine.id
    qmr = login("qmr")
    assert qmr.get("/reports/criteria").status_code == 403
    assert qmr.post(f"/reports/criteria/sets/{mine.id}/new-version").status_code == 403
    admin = login("admin")
    for url in (
        f"/reports/criteria/sets/{theirs.id}/new-version",
        f"/reports/criteria/sets/{theirs.id}/publish",
    ):
        assert admin.post(url).status_code == 404
    assert admin.get(f"/reports/criteria?set={theirs.id}").status_code == 404
    headers = token_for("admin")
    assert admin.get(f"/api/v1/criteria-sets/{theirs.id}", headers=headers).status_code == 404
    staff = token_for("staff")
    assert admin.get("/api/v1/criteria-sets", headers=staff).status_code == 403


def test_a_district_set_is_read_only_below_it(world, login):
    district_admin = create_user(world.district, "d_admin", "staff", "admin")
    result = appendix.import_criteria(
        world.district.id, "Huyện 2021", SET_2021, district_admin, year=2021
    )
    db.session.commit()
    admin = login("admin")
    page = admin.get(f"/reports/criteria?year=2021&set={result.criteria_set.id}")
    assert page.status_code == 200 and "Huyện 2021" in page.get_data(as_text=True)
    assert (
        admin.post(f"/reports/criteria/sets/{result.criteria_set.id}/new-version").status_code
        == 404
    )


def test_the_api_lists_imports_and_publishes_sets(world, commune, client, token_for):
    headers = token_for("admin")
    answer = client.post(
        "/api/v1/criteria-sets/import",
        data={
            "year": "2021",
            "name": "Xã 2021",
            "publish": "false",
            "file": (io.BytesIO(SET_2021), "b.xlsx"),
        },
        headers=headers,
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert (body["year"], body["version"], body["status"], body["created"]) == (2021, 1, "draft", 2)
    listed = client.get("/api/v1/criteria-sets?year=2021", headers=headers).get_json()
    assert [s["id"] for s in listed["items"]] == [body["id"]] and not listed["items"][0]["in_use"]
    done = client.post(
        f"/api/v1/criteria-sets/{body['id']}/publish",
        json={"lock_version": body["lock_version"]},
        headers=headers,
    )
    assert done.status_code == 200 and done.get_json()["in_use"]
    detail = client.get(f"/api/v1/criteria-sets/{body['id']}", headers=headers).get_json()
    assert [c["tt"] for c in detail["criteria"]] == ["3.4.2", "8.1"]
    again = client.post(f"/api/v1/criteria-sets/{body['id']}/publish", json={}, headers=headers)
    assert again.status_code == 409
    no_year = client.post(
        "/api/v1/criteria-sets/import",
        data={"file": (io.BytesIO(SET_2021), "b.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert no_year.status_code == 422
    report = client.get(
        "/api/v1/reports/compliance?from=2021-01-01&to=2021-06-30&as_of=2021-06-30", headers=headers
    ).get_json()
    assert report["criteria_set"]["name"] == "Xã 2021" and report["criteria_set"]["version"] == 1


def test_the_report_page_shows_the_set_it_used(world, commune, login):
    page = login("qmr").get("/reports/?from=01/01/2020&to=30/09/2020&as_of=14/09/2020")
    text = page.get_data(as_text=True)
    assert 'data-testid="criteria-set"' in text and "Thừa Thiên Huế 2020" in text
    empty = login("qmr").get("/reports/?from=01/01/2021&to=30/06/2021&as_of=30/06/2021")
    assert (
        "text-danger" in empty.get_data(as_text=True).split('data-testid="criteria-set"')[1][:200]
    )
