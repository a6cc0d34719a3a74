"""The report's organisation is checked against the tree of its as-of date too (issue 15, item 2):
a district's supervisor reads the reports of a commune that moved away, for the dates it was
theirs, and not after."""

from datetime import date, datetime

import pytest

from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due, readable_org_ids
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import reorganise
from tests.fixtures.factories import create_org, create_user

JULY = date(2027, 7, 1)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
BEFORE = "from=2020-01-01&to=2020-09-30&as_of=2020-09-14"
AFTER = "from=2027-07-01&to=2027-09-30&as_of=2027-09-30"


@pytest.fixture
def moved(world):
    """Commune A moves from the district D to another district D2 on 01/07/2027."""
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    admin = create_user(world.province, "padmin", "staff", "admin")
    target = create_org("D2", "district", world.province)
    db.session.commit()
    reorganise(ReorgKind.move, JULY, BASIS, [world.org], target, admin)
    db.session.commit()
    set_clock(datetime(2027, 10, 2, 9, tzinfo=LOCAL_TZ))
    apply_due()
    db.session.commit()
    yield world
    set_clock(None)


def test_the_district_no_longer_reaches_the_commune_today(moved):
    supervisor = moved.users["supervisor"]
    assert moved.org.id not in readable_org_ids(supervisor)  # undated: the tree of today


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/compliance?org={org}&{q}",
        "/api/v1/reports/compliance.xlsx?org={org}&{q}",
        "/api/v1/performance?org={org}&{q}",
        "/reports/?org={org}&{q}",
    ],
)
def test_the_supervisor_reads_the_report_of_the_dates_it_was_below(
    moved, login, client, token_for, path
):
    if path.startswith("/api/"):
        headers = token_for("supervisor")

        def get(url):
            return client.get(url, headers=headers)
    else:
        get = login("supervisor").get
    before = get(path.format(org=moved.org.id, q=BEFORE))
    assert before.status_code == 200, before.get_data(as_text=True)[:300]
    after = get(path.format(org=moved.org.id, q=AFTER))
    assert after.status_code == 404


def test_a_code_or_an_id_out_of_reach_on_either_date_is_404(moved, client, token_for):
    headers = token_for("supervisor")
    other = create_org("Z", "commune", create_org("DZ", "district", moved.province))
    db.session.commit()
    for org in (other.id, other.code, "2000000000", "không-có"):
        url = f"/api/v1/reports/compliance?org={org}&{BEFORE}"
        assert client.get(url, headers=headers).status_code == 404


def test_the_report_pickers_options_follow_the_as_of_date(moved, login):
    client = login("supervisor")
    option = f'<option value="{moved.org.id}"'
    assert option in client.get(f"/reports/?{BEFORE}").get_data(as_text=True)
    assert option not in client.get(f"/reports/?{AFTER}").get_data(as_text=True)
