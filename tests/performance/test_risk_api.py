"""GET/POST /api/v1/risks: 201 with the level, bad input 422 with nothing written, roles, another
organisation's ids, the list paginated and filtered with a fixed number of queries."""

import pytest
import sqlalchemy as sa

from iso_qms.extensions import db
from iso_qms.performance import risks
from iso_qms.performance.risk_models import Risk
from tests.fixtures.factories import World, create_procedure, create_user
from tests.performance.risk_builders import make_risk, make_risk_action
from tests.query_counter import count_queries


def _body(**extra) -> dict:
    return {
        "process": "Tiếp nhận và trả kết quả",
        "description": "Lỗi phần mềm một cửa",
        "cause": "Mất kết nối",
        "likelihood": 3,
        "impact": 3,
        "treatment": "reduce",
        "kind": "risk",
        **extra,
    }


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Risk.id)))


def test_post_answers_201_with_the_level(world, client, token_for):
    procedure = create_procedure(world)
    db.session.commit()
    headers = token_for("qmr")
    response = client.post(
        "/api/v1/risks", json=_body(procedure_id=procedure.id, impact=5), headers=headers
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["level"] == "high" and body["score"] == 15 and body["reference"] == "RR-01"
    assert body["procedure"]["code"] == procedure.code and body["lock_version"] == 1
    low = client.post("/api/v1/risks", json=_body(likelihood=2, impact=2), headers=headers)
    assert low.json["level"] == "low"
    opportunity = client.post(
        "/api/v1/risks",
        json=_body(kind="opportunity", treatment="exploit", description="Mức độ 4"),
        headers=headers,
    )
    assert opportunity.status_code == 201 and opportunity.json["reference"] == "CH-01"
    assert opportunity.json["level"] == "medium"


def test_the_level_follows_the_organisations_thresholds(world, client, token_for):
    risks.set_thresholds(world.org.id, world.users["qmr"], {"low_max": 9, "medium_max": 16})
    db.session.commit()
    response = client.post("/api/v1/risks", json=_body(), headers=token_for("qmr"))
    assert response.json["level"] == "low"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": -1}, "impact"),
        ({"description": "x" * 2001}, "description"),
        ({"process": "x" * 201}, "process"),
        ({"consequence": "x" * 2001}, "consequence"),
        ({"treatment": "exploit"}, "treatment"),
        ({"treatment": "pray"}, "treatment"),
        ({"kind": "threat"}, "kind"),
        ({"process": "", "procedure_id": None}, "process"),
        ({"procedure_id": 2**31 - 1}, "procedure_id"),
        ({"procedure_id": 2**40}, "procedure_id"),
        ({"review_date": "31/02/2020"}, "review_date"),
    ],
)
def test_bad_input_answers_422_and_writes_nothing(world, client, token_for, change, field):
    response = client.post("/api/v1/risks", json=_body(**change), headers=token_for("qmr"))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert response.json["error"]["message"]
    assert _count() == 0


def test_a_required_field_missing_answers_422(world, client, token_for):
    body = _body()
    del body["likelihood"]
    response = client.post("/api/v1/risks", json=body, headers=token_for("qmr"))
    assert response.status_code == 422 and "likelihood" in response.json["error"]["fields"]


def test_another_organisations_procedure_answers_422(world, client, token_for):
    from iso_qms.procedures import operations as proc_ops

    editor = create_user(world.other_org, "b_editor", "staff", "iso_secretary")
    theirs = proc_ops.create_procedure(
        world.other_org.id, editor, {"code": "QT-B-01", "title": "Của xã khác", "kind": "system"}
    )
    db.session.commit()
    response = client.post(
        "/api/v1/risks", json=_body(procedure_id=theirs.id), headers=token_for("qmr")
    )
    assert response.status_code == 422 and "procedure_id" in response.json["error"]["fields"]
    assert _count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 403), ("inspector", 403), ("admin", 403), ("supervisor", 403), ("head", 201)],
)
def test_who_may_record(world, client, token_for, role, status):
    response = client.post("/api/v1/risks", json=_body(), headers=token_for(role))
    assert response.status_code == status
    assert _count() == (1 if status == 201 else 0)


def test_no_token_answers_401(world, client):
    assert client.get("/api/v1/risks").status_code == 401
    assert client.post("/api/v1/risks", json=_body()).status_code == 401


def _theirs(world):
    other = World(world.province, world.district, world.other_org, world.org, {})
    other.users["qmr"] = create_user(world.other_org, "b_qmr", "staff", "qmr")
    risk = make_risk(other)
    db.session.commit()
    return risk


def test_the_list_is_paginated_filtered_and_own(world, client, token_for):
    for i in range(3):
        make_risk(world, description=f"Rủi ro {i}", likelihood=1 + i)
    make_risk(world, kind="opportunity", treatment="enhance", likelihood=5, impact=5)
    theirs = _theirs(world)
    headers = token_for("staff")
    page = client.get("/api/v1/risks?per_page=2", headers=headers).json
    assert page["total"] == 4 and len(page["items"]) == 2 and page["page"] == 1
    assert page["items"][0]["reference"] == "CH-01" and page["items"][0]["level"] == "high"
    second = client.get("/api/v1/risks?per_page=2&page=2", headers=headers).json
    assert [i["reference"] for i in second["items"]] == ["RR-02", "RR-01"]
    assert client.get("/api/v1/risks?kind=risk", headers=headers).json["total"] == 3
    assert client.get("/api/v1/risks?level=low", headers=headers).json["total"] == 1
    assert client.get("/api/v1/risks?status=closed", headers=headers).json["total"] == 0
    assert client.get("/api/v1/risks?level=extreme", headers=headers).status_code == 422
    assert client.get("/api/v1/risks?per_page=101", headers=headers).status_code == 422
    assert client.get(f"/api/v1/risks/{theirs.id}", headers=headers).status_code == 404
    org = client.get(f"/api/v1/risks?org={world.other_org.id}", headers=headers)
    assert org.status_code == 404
    supervisor = client.get(
        f"/api/v1/risks?org={world.other_org.id}", headers=token_for("supervisor")
    )
    assert supervisor.status_code == 200 and supervisor.json["total"] == 1


def test_one_entry_with_its_actions(world, client, token_for):
    risk = make_risk(world)
    make_risk_action(world, risk)
    db.session.commit()
    body = client.get(f"/api/v1/risks/{risk.id}", headers=token_for("staff")).json
    assert body["reference"] == "RR-01" and body["level"] == "medium"
    assert [a["reference"] for a in body["actions"]] == ["RR-01.1"]
    assert body["actions"][0]["status"] == "planned"


def test_the_list_costs_the_same_queries_for_few_and_many(world, client, token_for):
    headers = token_for("qmr")
    procedure = create_procedure(world)
    make_risk(world, procedure_id=procedure.id)
    db.session.commit()

    def counted() -> int:
        with count_queries() as counter:
            assert client.get("/api/v1/risks", headers=headers).status_code == 200
        return counter.count

    few = counted()
    for i in range(15):
        make_risk(world, description=f"Rủi ro {i}", procedure_id=procedure.id)
    db.session.commit()
    assert counted() == few
