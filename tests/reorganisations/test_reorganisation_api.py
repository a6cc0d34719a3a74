"""POST /api/v1/reorganisations and GET /api/v1/organisations?as_of= (issue 15, item 8): 201 with
the organisations' state, 422 with the reason per field and nothing changed, 403 for other roles."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.accounts.org_history import OrganisationPeriod, Reorganisation
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_user

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"


@pytest.fixture
def api(world, client):
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    create_user(world.province, "padmin", "supervisor", "admin")
    db.session.commit()
    yield world
    set_clock(None)


def _counts() -> tuple:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Organisation, OrganisationPeriod, Reorganisation)
    )


def _post(client, token_for, body, user="padmin"):
    return client.post("/api/v1/reorganisations", json=body, headers=token_for(user))


def test_a_merge_is_registered_and_the_tree_is_read_as_of_any_date(api, client, token_for):
    body = {"kind": "merge_new", "effective_date": "2027-07-01", "legal_basis": BASIS,
            "sources": [api.org.id, api.other_org.id], "open_work": "close",
            "target": {"code": "X-QD", "name": "UBND xã Quảng Điền", "level": "commune",
                       "parent_id": api.district.id, "place_name": "Quảng Điền"}}  # fmt: skip
    answer = _post(client, token_for, body)
    assert answer.status_code == 201, answer.get_json()
    state = answer.get_json()
    new = next(o for o in state["organisations"] if o["code"] == "X-QD")
    assert new["valid_from"] == "2027-07-01"
    assert sorted(new["predecessor_ids"]) == sorted([api.org.id, api.other_org.id])
    old = next(o for o in state["organisations"] if o["id"] == api.org.id)
    assert old["valid_to"] == "2027-06-30" and old["successor_ids"] == [new["id"]]

    headers = token_for("padmin")

    def tree(as_of):
        page = client.get(f"/api/v1/organisations?as_of={as_of}&per_page=100", headers=headers)
        assert page.status_code == 200
        return {o["code"]: o["parent_id"] for o in page.get_json()["items"]}

    before, after = tree("2027-06-30"), tree("2027-07-01")
    assert {"A", "B"} <= set(before) and "X-QD" not in before
    assert "X-QD" in after and "A" not in after and after["X-QD"] == api.district.id
    page = client.get("/api/v1/organisations?as_of=2027-07-01&per_page=100", headers=headers)
    listed = {o["code"]: o for o in page.get_json()["items"]}["X-QD"]
    assert listed["valid_from"] == "2027-07-01" and listed["valid_to"] is None
    assert sorted(listed["predecessor_ids"]) == sorted([api.org.id, api.other_org.id])
    assert listed["successor_ids"] == []
    page = client.get("/api/v1/organisations?as_of=2027-06-30&per_page=100", headers=headers)
    old_listed = {o["code"]: o for o in page.get_json()["items"]}["A"]
    assert old_listed["valid_to"] == "2027-06-30" and old_listed["successor_ids"] == [new["id"]]
    assert client.get("/api/v1/organisations?as_of=31/02/2027", headers=headers).status_code == 422


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "move", "sources": ["D"], "target": "A"}, "target"),  # a circle
        ({"kind": "move", "sources": [2_000_000_000], "target": "D"}, "sources"),
        ({"kind": "merge_into", "sources": ["A"], "target": None}, "target"),
        ({"kind": "merge_new", "sources": ["A", "B"], "target": 7}, "target"),
        ({"kind": "rename", "sources": ["A"], "target": {"code": "x"}}, "target"),
        ({"kind": "split", "sources": ["A"], "target": "D"}, "kind"),
        (
            {"kind": "move", "sources": ["A"], "target": "D", "effective_date": "2027-02-31"},
            "effective_date",
        ),  # fmt: skip
        ({"kind": "move", "sources": ["A"], "target": "D", "legal_basis": ""}, "legal_basis"),
        ({"kind": "merge_into", "sources": ["A", "A"], "target": "B"}, "sources"),
    ],
)
def test_refused_changes_are_422_with_the_field_and_change_nothing(
    api, client, token_for, body, field
):
    ids = {"A": api.org.id, "B": api.other_org.id, "D": api.district.id}
    data = {"effective_date": "2027-07-01", "legal_basis": BASIS, **body}
    data["sources"] = [ids.get(s, s) for s in data["sources"]]
    if isinstance(data["target"], str) and data["target"] in ids:
        data["target"] = ids[data["target"]]
    before = _counts()
    answer = _post(client, token_for, data)
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"], answer.get_json()
    assert _counts() == before


@pytest.mark.parametrize("user, status", [("qmr", 403), ("supervisor", 403), ("admin", 422)])
def test_only_an_admin_of_the_level_above_registers(api, client, token_for, user, status):
    """The commune's own admin may not merge it away (the level above decides)."""
    body = {"kind": "merge_into", "effective_date": "2027-07-01", "legal_basis": BASIS,
            "sources": [api.org.id], "target": api.other_org.id, "open_work": "close"}  # fmt: skip
    before = _counts()
    assert _post(client, token_for, body, user).status_code == status
    assert _counts() == before
