"""The roll-up for the level above, the report routes and API, and who may see what."""

import io
import json
from datetime import date

from docx import Document
from openpyxl import load_workbook

from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure, create_revision
from tests.query_counter import count_queries

Q = "from=2020-01-01&to=2020-09-30&as_of=2020-09-05"


def _commune_with_data(world):
    """Records made in January 2020, so a report as of September 2020 knows them."""
    from datetime import UTC, datetime

    from iso_qms.core.timeutil import set_clock

    set_clock(datetime(2020, 1, 2, 3, tzinfo=UTC))
    try:
        procedure = create_procedure(world)
        create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
        db.session.commit()
    finally:
        set_clock(None)


def test_supervisor_rolls_up_the_communes_below(world, client, token_for):
    _commune_with_data(world)
    body = client.get(
        f"/api/v1/reports/rollup?org=D&{Q}", headers=token_for("supervisor")
    ).get_json()
    rows = {row["code"]: row for row in body["rows"]}
    assert set(rows) == {"A", "B"}
    assert rows["A"]["has_data"] and rows["A"]["c342"] == {
        "compliant": 1,
        "total": 1,
        "percent": 100.0,
    }
    assert (
        rows["B"]["has_data"] is False and rows["B"]["c342"] is None
    )  # no data, not zero compliance
    assert body["totals"]["organisations"] == 2 and body["totals"]["organisations_with_data"] == 1


def test_a_commune_user_cannot_roll_up_the_district(world, client, token_for, login):
    assert (
        client.get(f"/api/v1/reports/rollup?org=D&{Q}", headers=token_for("qmr")).status_code == 403
    )
    assert (
        client.get(f"/api/v1/reports/compliance?org=D&{Q}", headers=token_for("qmr")).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/reports/compliance?org=B&{Q}", headers=token_for("qmr")).status_code
        == 404
    )
    assert login("qmr").get(f"/reports/rollup?{Q}").status_code == 403


def test_supervisor_opens_a_communes_full_report_read_only(world, client, token_for, login):
    _commune_with_data(world)
    body = client.get(
        f"/api/v1/reports/compliance?org=A&{Q}", headers=token_for("supervisor")
    ).get_json()
    assert body["organisation"]["code"] == "A" and body["criterion_3_4_2"]["total"] == 1
    page = login("supervisor").get(f"/reports/?org={world.org.id}&{Q}").get_data(as_text=True)
    assert "chỉ xem" in page or "read-only" in page
    assert 'name="note-' not in page


def test_api_json_is_byte_stable_and_files_download(world, client, token_for):
    _commune_with_data(world)
    headers = token_for("qmr")
    first = client.get(f"/api/v1/reports/compliance?{Q}", headers=headers).data
    assert first == client.get(f"/api/v1/reports/compliance?{Q}", headers=headers).data
    assert json.loads(first)["paragraphs"]["II.6"]
    docx = client.get(f"/api/v1/reports/compliance.docx?{Q}", headers=headers)
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "BÁO CÁO" in text
    xlsx = client.get(f"/api/v1/reports/compliance.xlsx?{Q}", headers=headers)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert any(c.value == "3.4.2" for row in sheet.iter_rows() for c in row)


def test_bad_periods_get_422_with_fields(world, client, token_for):
    headers = token_for("qmr")
    backwards = client.get(
        "/api/v1/reports/compliance?from=2020-09-01&to=2020-01-01", headers=headers
    )
    assert backwards.status_code == 422 and "to" in backwards.get_json()["error"]["fields"]
    future = client.get(
        "/api/v1/reports/compliance?from=2020-01-01&to=2020-09-01&as_of=2999-01-01", headers=headers
    )
    assert future.status_code == 422 and "as_of" in future.get_json()["error"]["fields"]
    garbled = client.get("/api/v1/reports/compliance?from=hôm-qua", headers=headers)
    assert garbled.status_code == 422


def test_report_page_shows_figures_and_saves_notes(world, login):
    _commune_with_data(world)
    client = login("qmr")
    page = client.get("/reports/?from=01/01/2020&to=30/09/2020&as_of=05/09/2020")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert (
        'data-testid="figure-342"' in text and "1/1" in text and 'data-testid="para-II.6"' in text
    )
    criterion_id = text.split('name="note-')[1].split('"')[0]
    saved = client.post(
        "/reports/notes",
        data={
            "from": "01/01/2020",
            "to": "30/09/2020",
            f"note-{criterion_id}": "Kế hoạch số 452/KH-UBND",
        },
    )
    assert saved.status_code == 302
    assert "Kế hoạch số 452/KH-UBND" in client.get(
        "/reports/?from=01/01/2020&to=30/09/2020"
    ).get_data(as_text=True)
    bad = client.get("/reports/?from=30/09/2020&to=01/01/2020")
    assert bad.status_code == 422


def test_rollup_over_communes_uses_queries_per_organisation_not_per_record(
    world, client, token_for
):
    _commune_with_data(world)
    headers = token_for("supervisor")
    with count_queries() as few:
        client.get(f"/api/v1/reports/rollup?org=D&{Q}", headers=headers)
    from datetime import UTC, datetime

    from iso_qms.core.timeutil import set_clock

    set_clock(datetime(2020, 1, 2, 3, tzinfo=UTC))
    for i in range(6):
        procedure = create_procedure(world, code=f"QT-{i}")
        create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    db.session.commit()
    set_clock(None)
    with count_queries() as many:
        client.get(f"/api/v1/reports/rollup?org=D&{Q}", headers=headers)
    assert many.count == few.count


def test_admin_edits_a_criterion_and_others_cannot(world, login):
    from iso_qms.reports import appendix, criteria_sets
    from iso_qms.reports.models import ParCriterion

    appendix.ensure_default_criteria(world.org.id)
    published = appendix.criteria_of(world.org.id)[0]
    # a published set is frozen (issue 12, case 5): the edit goes into a new draft version
    draft = criteria_sets.new_version(published.criteria_set, world.users["admin"])
    db.session.commit()
    criterion = criteria_sets.criteria_in(draft)[0]
    client = login("admin")
    data = {
        "code": criterion.code,
        "group": criterion.group,
        "text": "Ban hành kế hoạch CCHC năm 2021",
        "expected_output": "",
        "reporting_body": "Phòng Nội vụ",
        "metric": "",
        "position": "1",
        "active": "y",
        "lock_version": str(criterion.lock_version),
    }
    assert client.post(f"/reports/criteria/{criterion.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(ParCriterion, criterion.id).text == "Ban hành kế hoạch CCHC năm 2021"
    stale = client.post(f"/reports/criteria/{criterion.id}", data={**data, "text": "X"})
    assert stale.status_code == 422
    assert login("qmr").get(f"/reports/criteria/{criterion.id}").status_code == 403
