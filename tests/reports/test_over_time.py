"""The report and the roll-up as the tree stood on the as-of date (issue 15, items 2 and 6): the
children and names then, a period spanning a merge with the predecessors' rows up to the change,
the header's names then, and "not yet announced" for an organisation made by a reorganisation.
A clock in 2027, as in tests/reorganisations/test_changes.py (test-world users are made "now")."""

import io
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from iso_qms.accounts.models import OrgLevel
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.procedures.models import Announcement, AnnouncementReason
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from iso_qms.reports.compliance import Period
from iso_qms.reports.report import build_report, parent_name_on
from iso_qms.reports.rollup import rollup
from tests.fixtures.factories import create_org, create_procedure, create_revision, create_user
from tests.query_counter import count_queries

JULY = date(2027, 7, 1)
EVE = date(2027, 6, 30)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
BEFORE = Period(date(2027, 1, 1), EVE, EVE)
AFTER = Period(JULY, date(2027, 8, 10), date(2027, 8, 10))
SPANNING = Period(date(2027, 1, 1), date(2027, 8, 31), date(2027, 8, 31))


def _at(day: date, hour: int = 9) -> None:
    set_clock(datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ))


def _announce(org, day: date, number: str) -> None:
    db.session.add(
        Announcement(
            organisation_id=org.id,
            ordinal=1,
            decision_no=number,
            decision_date=day,
            signer="Lê Văn Hải",
            reason=AnnouncementReason.first,
        )
    )


def _merge(admin, sources, code: str, name: str, parent):
    new = NewOrganisation(code=code, name=name, level=OrgLevel.commune, parent_id=parent.id)
    return reorganise(ReorgKind.merge_new, JULY, BASIS, sources, new, admin, "checklist")


@pytest.fixture
def merged(world):
    """A and B (Quảng An with a procedure and its lần 01 announcement of 01/03/2027, Quảng Thành)
    merge into xã Quảng Điền on 01/07/2027; the district is renamed the same day; Quảng Điền
    announces its own lần 01 on 15/08/2027; the clock is then 01/09/2027."""
    _at(date(2027, 6, 20))
    admin = create_user(world.province, "padmin", "staff", "admin")
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2027, 1, 6))
    _announce(world.org, date(2027, 3, 1), "12/QĐ-UBND")
    db.session.commit()
    _merge(admin, [world.org, world.other_org], "X-NEW", "UBND xã Quảng Điền", world.district)
    reorganise(ReorgKind.rename, JULY, BASIS, [world.district], "UBND huyện Mới", admin)
    db.session.commit()
    _at(date(2027, 7, 2))
    apply_due()
    db.session.commit()
    world.new = next(o for o, *_ in _children(world.district) if o.code == "X-NEW")
    world.admin = admin
    _at(date(2027, 8, 15), 10)
    _announce(world.new, date(2027, 8, 15), "215/QĐ-UBND")
    db.session.commit()
    _at(date(2027, 9, 1))
    yield world
    set_clock(None)


def _children(org):
    from iso_qms.accounts.tree import children_on

    return children_on(org.id, JULY)


def _rows(result) -> list[tuple]:
    return [(r["code"], r["name"], r.get("until")) for r in result["rows"]]


def test_a_rollup_before_the_merge_shows_the_old_communes_with_their_names(merged):
    result = rollup(merged.district, BEFORE)
    assert _rows(result) == [
        ("A", "UBND xã Quảng An", None),
        ("B", "UBND xã Quảng Thành", None),
    ]
    assert result["organisation"]["name"] == "UBND D"
    assert not any("not_yet_announced" in row for row in result["rows"])
    assert result["rows"][0]["announcement"]["decision_no"] == "12/QĐ-UBND"


def test_a_rollup_after_the_merge_shows_the_successor_not_yet_announced(merged):
    result = rollup(merged.district, AFTER)
    assert _rows(result) == [("X-NEW", "UBND xã Quảng Điền", None)]
    assert result["organisation"]["name"] == "UBND huyện Mới"
    # Quảng An's announcement stays Quảng An's: the successor has none of its own yet
    row = result["rows"][0]
    assert row["announcement"] is None and row["not_yet_announced"] is True
    later = rollup(merged.district, Period(JULY, date(2027, 8, 31), date(2027, 8, 31)))
    assert later["rows"][0]["not_yet_announced"] is False
    assert later["rows"][0]["announcement"]["decision_no"] == "215/QĐ-UBND"


def test_a_period_spanning_the_merge_shows_the_successor_and_the_predecessors_until_it(
    merged, login
):
    result = rollup(merged.district, SPANNING)
    assert _rows(result) == [
        ("X-NEW", "UBND xã Quảng Điền", None),
        ("A", "UBND xã Quảng An", "2027-06-30"),
        ("B", "UBND xã Quảng Thành", "2027-06-30"),
    ]
    totals = result["totals"]
    assert totals["organisations"] == 3
    assert totals["c342"]["total"] == sum(r["c342"]["total"] for r in result["rows"] if r["c342"])
    page = login("supervisor").get("/reports/rollup?from=01/01/2027&to=31/08/2027&as_of=31/08/2027")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and text.count('data-testid="until-row"') == 2
    assert "30/06/2027" in text and "UBND huyện Mới" in text
    xlsx = login("supervisor").get(
        "/reports/rollup?from=01/01/2027&to=31/08/2027&as_of=31/08/2027&format=xlsx"
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    notes = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert notes.count("Đến ngày 30/06/2027") == 2


def test_the_report_header_uses_the_names_as_of_the_date(merged, login):
    assert build_report(merged.district, BEFORE)["organisation"]["name"] == "UBND D"
    assert build_report(merged.district, SPANNING)["organisation"]["name"] == "UBND huyện Mới"
    assert parent_name_on(merged.org, BEFORE) == "UBND D"
    assert parent_name_on(merged.new, SPANNING) == "UBND huyện Mới"
    page = login("supervisor").get(
        f"/reports/?org={merged.district.id}&from=01/01/2027&to=30/06/2027&as_of=30/06/2027"
    )
    assert page.status_code == 200
    assert "— UBND D</h1>" in page.get_data(as_text=True)
    docx = login("supervisor").get(
        f"/reports/compliance.docx?org={merged.org.id}&from=01/01/2027&to=30/06/2027"
        "&as_of=30/06/2027"
    )
    assert docx.status_code == 200
    # Quảng An's people have moved on: its head then signs (not nobody)
    document = Document(io.BytesIO(docx.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(merged.users["head"].full_name in text for text in cells)


def test_the_successor_is_not_yet_announced_until_its_own_announcement(merged, login):
    before = build_report(merged.new, AFTER)
    assert before["not_yet_announced"] is True and before["announcement"] is None
    after = build_report(merged.new, Period(JULY, date(2027, 8, 31), date(2027, 8, 31)))
    assert after["not_yet_announced"] is False and after["announcement"]["ordinal"] == 1
    # the predecessor keeps its own announcement, and no flag: it was not made by a change
    old = build_report(merged.org, BEFORE)
    assert "not_yet_announced" not in old and old["announcement"]["decision_no"] == "12/QĐ-UBND"
    client = login("qmr")  # carried over to xã Quảng Điền
    text = client.get("/reports/?from=01/07/2027&to=10/08/2027&as_of=10/08/2027").get_data(
        as_text=True
    )
    assert 'data-testid="not-yet-announced"' in text and "UBND xã Quảng Điền" in text
    text = client.get("/reports/?from=01/07/2027&to=31/08/2027&as_of=31/08/2027").get_data(
        as_text=True
    )
    assert 'data-testid="not-yet-announced"' not in text


def test_the_home_panel_says_the_successor_is_not_yet_announced(merged, login):
    _at(date(2027, 8, 10))
    home = login("qmr").get("/").get_data(as_text=True)
    assert 'data-testid="panel-status"' in home and 'data-testid="not-yet-announced"' in home
    _at(date(2027, 9, 1))
    home = login("qmr").get("/").get_data(as_text=True)
    assert 'data-testid="not-yet-announced"' not in home and "215/QĐ-UBND" in home


def test_a_rollup_with_merges_runs_the_same_queries_for_any_number_of_rows(world):
    """Five communes merged into two: the roll-up before (5 rows), after (2) and spanning (7)."""
    _at(date(2027, 6, 20))
    admin = create_user(world.province, "padmin", "staff", "admin")
    extra = [create_org(f"C{n}", "commune", world.district) for n in range(3)]
    db.session.commit()
    _merge(admin, [world.org, world.other_org], "X-NEW", "UBND xã Quảng Điền", world.district)
    _merge(admin, extra, "X-NEW2", "UBND xã Quảng Lợi", world.district)
    db.session.commit()
    _at(date(2027, 9, 1))
    try:
        counts = []
        assert world.district.id  # loaded before counting (the commit expired it)
        for period, rows in ((BEFORE, 5), (AFTER, 2), (SPANNING, 7)):
            with count_queries() as counter:
                assert len(rollup(world.district, period)["rows"]) == rows
            counts.append(counter.count)
        assert counts[0] == counts[1] == counts[2] <= 8
    finally:
        set_clock(None)


def test_section_ii6_says_how_the_successor_was_made_and_that_it_is_not_yet_announced(merged):
    before = build_report(merged.new, AFTER)
    ii6 = before["paragraphs"]["II.6"]
    assert ii6.startswith(
        f"Thực hiện {BASIS}, từ ngày 01/07/2027, xã Quảng An và xã Quảng Thành được sắp xếp "
        "thành xã Quảng Điền. UBND xã Quảng Điền chưa công bố hệ thống quản lý chất lượng"
    ), ii6
    assert [c["from"] for c in before["formed_by"]] == [["UBND xã Quảng An", "UBND xã Quảng Thành"]]
    after = build_report(merged.new, Period(JULY, date(2027, 8, 31), date(2027, 8, 31)))
    text = after["paragraphs"]["II.6"]
    assert "được sắp xếp thành xã Quảng Điền." in text and "Quyết định số 215/QĐ-UBND" in text
    assert "chưa công bố" not in text
    # the predecessor's report of before the change says nothing of it (and has no key)
    old = build_report(merged.org, BEFORE)
    assert "formed_by" not in old and "sắp xếp" not in old["paragraphs"]["II.6"]


def test_the_sentences_name_a_ward_or_a_town_by_its_level(world):
    from iso_qms.reports.sentences import _level, _place

    def status(name, place):
        return {"organisation": {"name": name, "place_name": place}}

    assert _place(status("UBND xã Quảng An", "Quảng An")) == "xã Quảng An"
    assert _place(status("UBND phường Hương Phong", "Hương Phong")) == "phường Hương Phong"
    assert _place(status("UBND thị trấn Sịa", "")) == "thị trấn Sịa"
    assert _place(status("Xã Lạ", "Lạ")) == "xã Lạ"  # a name without "UBND": as before
    assert _level("thị trấn Sịa") == "thị trấn" and _level("phường Hương Phong") == "phường"
