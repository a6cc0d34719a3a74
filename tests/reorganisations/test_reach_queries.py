"""A supervisor's reach (accounts/tree.readable_org_ids), their pages and the roll-up run a fixed
number of queries whether 1 or 20 organisations below were merged, dated or not, before and after
the change comes into force (issue 15, "Bad input and speed")."""

from datetime import date, datetime

import pytest

from iso_qms.accounts.models import OrgLevel, User
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due, readable_org_ids
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from iso_qms.reports.compliance import make_period
from iso_qms.reports.rollup import rollup
from tests.fixtures.factories import create_org, create_user
from tests.query_counter import count_queries

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
JULY = date(2027, 7, 1)
SIZES = (1, 20)
#: 20 communes merge in 4 groups of 5; 1 commune alone becomes a new one.
GROUP = 5


@pytest.fixture
def districts(app_ctx):
    """Two districts of one province: one with 1 commune, one with 20, each with a supervisor."""
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    province = create_org("P", "province")
    admin = create_user(province, "padmin", "staff", "admin")
    out = {"admin": admin, "province": province}
    for size in SIZES:
        district = create_org(f"D{size}", "district", province)
        communes = [create_org(f"C{size}-{n:02d}", "commune", district) for n in range(size)]
        create_user(communes[0], f"staff{size}", "staff")
        out[size] = (district, communes, create_user(district, f"sup{size}", "supervisor"))
    db.session.commit()
    yield out
    set_clock(None)


def _merge_and_apply(districts) -> None:
    """Register the merges for 01/07/2027, then bring them into force on 02/07/2027."""
    for size in SIZES:
        district, communes, _sup = districts[size]
        groups = [communes[i : i + GROUP] for i in range(0, len(communes), GROUP)]
        for n, group in enumerate(groups):
            target = NewOrganisation(
                f"N{size}-{n}", f"UBND xã mới {size}-{n}", OrgLevel.commune, district.id
            )
            reorganise(
                ReorgKind.merge_new, JULY, BASIS, group, target, districts["admin"], "checklist"
            )
    db.session.commit()
    set_clock(datetime(2027, 7, 2, 9, tzinfo=LOCAL_TZ))
    apply_due()
    db.session.commit()


def _reach(user, on) -> tuple[int, int]:
    user = db.session.get(User, user.id)
    assert user.roles  # loaded before counting, as with the user of a request
    with count_queries() as counter:
        ids = readable_org_ids(user, on)
    return counter.count, len(ids)


def _assert_fixed(counts: dict) -> None:
    """Same number of queries for both districts, and the larger one does read more."""
    (small, small_size), (big, big_size) = counts[1], counts[20]
    assert small == big, counts
    assert big_size > small_size, counts


def _reach_counts(districts, on) -> dict:
    return {size: _reach(districts[size][2], on) for size in SIZES}


def _rollup_counts(districts, period) -> dict:
    out = {}
    for size in SIZES:
        district = districts[size][0]
        with count_queries() as counter:
            rows = rollup(district, period)["rows"]
        out[size] = (counter.count, len(rows))
    return out


def test_reach_has_a_fixed_query_count_before_and_after_a_merge(districts):
    for on in (None, date(2020, 9, 14), JULY):
        _assert_fixed(_reach_counts(districts, on))
    _merge_and_apply(districts)
    for on in (None, date(2020, 9, 14), date(2027, 6, 30), JULY):
        _assert_fixed(_reach_counts(districts, on))
    # undated: the communes below today and the archives that were below on their last day
    sup = db.session.get(User, districts[20][2].id)
    assert len(readable_org_ids(sup)) == 1 + 4 + 20
    assert len(readable_org_ids(sup, date(2027, 6, 30))) == 1 + 20
    assert len(readable_org_ids(sup, JULY)) == 1 + 4


def test_the_rollup_has_a_fixed_query_count_before_and_after_a_merge(districts):
    year_2020 = make_period(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31))
    _assert_fixed(_rollup_counts(districts, year_2020))
    _merge_and_apply(districts)
    spanning = make_period(date(2027, 1, 1), date(2027, 7, 2), date(2027, 7, 2))
    for period in (year_2020, spanning, make_period(JULY, JULY, JULY)):
        _assert_fixed(_rollup_counts(districts, period))


@pytest.mark.parametrize(
    "url",
    ["/procedures/", "/audits/findings", "/reports/rollup?from=01/01/2027&to=02/07/2027"],
)
def test_a_supervisors_pages_have_a_fixed_query_count_after_a_merge(districts, login, url):
    _merge_and_apply(districts)
    counts = {}
    for size in SIZES:
        client = login(f"sup{size}")
        assert client.get(url).status_code == 200  # warm-up: the first request of the session
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, response.data[:300]
        counts[size] = counter.count
    assert counts[1] == counts[20], counts
