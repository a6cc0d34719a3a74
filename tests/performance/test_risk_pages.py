"""The register's pages: filters, the heat map, the form with its bad input, an entry with its
actions, the thresholds; who sees what; another organisation's ids; queries per page."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.performance import risks
from iso_qms.performance.risk_models import Risk, RiskSettings
from tests.fixtures.factories import create_procedure, create_user
from tests.performance.risk_builders import make_risk, make_risk_action
from tests.query_counter import count_queries


def _form(**extra) -> dict:
    return {
        "kind": "risk",
        "procedure_id": "",
        "process_name": "Lưu trữ hồ sơ",
        "description": "Mất mát hồ sơ giấy",
        "cause": "Kho lưu trữ ẩm",
        "consequence": "Không truy xuất được hồ sơ",
        "likelihood": "2",
        "impact": "5",
        "treatment": "reduce",
        "review_date": "31/12/2020",
        **extra,
    }


def test_the_register_lists_filters_and_maps_the_entries(world, login):
    procedure = create_procedure(world)
    make_risk(world, likelihood=1, impact=2)  # 2: low
    make_risk(world, likelihood=3, impact=4, procedure_id=procedure.id)  # 12: medium
    make_risk(world, kind="opportunity", treatment="exploit", likelihood=4, impact=4)  # 16: high
    db.session.commit()
    client = login("staff")
    page = client.get("/risks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('data-testid="risk-row"') == 3
    assert 'data-likelihood="3" data-impact="4" data-count="1"' in html
    assert 'data-likelihood="1" data-impact="2" data-count="1"' in html
    assert html.count('data-testid="heat-cell"') == 25
    high = client.get("/risks?level=high").get_data(as_text=True)
    assert high.count('data-testid="risk-row"') == 1 and "CH-01" in high
    kind = client.get("/risks?kind=risk").get_data(as_text=True)
    assert kind.count('data-testid="risk-row"') == 2
    by_procedure = client.get(f"/risks?procedure={procedure.id}").get_data(as_text=True)
    assert by_procedure.count('data-testid="risk-row"') == 1
    cell = client.get("/risks?likelihood=1&impact=2").get_data(as_text=True)
    assert cell.count('data-testid="risk-row"') == 1
    assert (
        client.get("/risks?status=closed").get_data(as_text=True).count('data-testid="risk-row"')
        == 0
    )
    assert "Record a risk" not in html and "Ghi nhận rủi ro" not in html  # staff keep nothing


@pytest.mark.parametrize("query", ["likelihood=6", "impact=0", "page=0", "procedure=99999999999"])
def test_bad_filters_are_refused_without_a_500(world, login, query):
    response = login("staff").get(f"/risks?{query}")
    assert response.status_code in (404, 422)


def test_the_register_paginates(world, login, app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "PER_PAGE", 2)
    for i in range(5):
        make_risk(world, description=f"Rủi ro {i}")
    db.session.commit()
    client = login("qmr")
    first = client.get("/risks").get_data(as_text=True)
    third = client.get("/risks?page=3").get_data(as_text=True)
    assert first.count('data-testid="risk-row"') == 2 and third.count('data-testid="risk-row"') == 1


def test_a_keeper_records_an_entry_through_the_form(world, login):
    client = login("iso_secretary")
    response = client.post("/risks/new", data=_form())
    assert response.status_code == 302
    risk = db.session.scalar(sa.select(Risk))
    assert risk.reference == "RR-01" and risk.review_date.day == 31 and risk.score == 10
    detail = client.get(response.location).get_data(as_text=True)
    assert "RR-01" in detail and 'data-testid="risk-level"' in detail


@pytest.mark.parametrize(
    "change",
    [
        {"likelihood": "0"},
        {"likelihood": "6"},
        {"impact": "abc"},
        {"description": ""},
        {"description": "x" * 2001},
        {"treatment": "exploit"},
        {"process_name": "", "procedure_id": ""},
        {"review_date": "31/02/2020"},
        {"procedure_id": "99999999999"},
    ],
)
def test_bad_form_input_shows_the_form_again_and_writes_nothing(world, login, change):
    response = login("qmr").post("/risks/new", data=_form(**change))
    assert response.status_code == 422
    assert 'data-testid="risk-form"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Risk.id))) == 0


def test_another_organisations_procedure_in_the_form_writes_nothing(world, login):
    from iso_qms.procedures import operations as proc_ops

    editor = create_user(world.other_org, "b_editor", "staff", "iso_secretary")
    theirs = proc_ops.create_procedure(
        world.other_org.id, editor, {"code": "QT-B-01", "title": "Của xã khác", "kind": "system"}
    )
    db.session.commit()
    response = login("qmr").post("/risks/new", data=_form(procedure_id=str(theirs.id)))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Risk.id))) == 0


def test_editing_an_entry_and_a_stale_version(world, login):
    risk = make_risk(world)
    db.session.commit()
    client = login("head")
    form = _form(status="treated", lock_version="1")
    assert client.post(f"/risks/{risk.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Risk, risk.id).status.value == "treated"
    assert client.post(f"/risks/{risk.id}/edit", data=form).status_code == 409


def test_planning_an_action_on_an_entry(world, login):
    risk = make_risk(world)
    db.session.commit()
    client = login("qmr")
    due = (today() + timedelta(days=20)).strftime("%d/%m/%Y")
    data = {
        "action": "Phân công dự phòng",
        "owner_id": str(world.users["staff"].id),
        "due_date": due,
    }
    response = client.post(f"/risks/{risk.id}/actions", data=data)
    assert response.status_code == 302
    detail = client.get(f"/risks/{risk.id}").get_data(as_text=True)
    assert "RR-01.1" in detail and "Phân công dự phòng" in detail
    action_page = client.get(f"/audits/actions/{risk.actions[0].id}")
    assert action_page.status_code == 200 and "RR-01" in action_page.get_data(as_text=True)
    listing = client.get("/audits/actions?scope=all")
    assert listing.status_code == 200 and "RR-01.1" in listing.get_data(as_text=True)
    assert client.get(f"/audits/actions/{risk.actions[0].id}/print").status_code == 200
    assert client.get(f"/audits/actions/{risk.actions[0].id}/car.docx").status_code == 200
    bad = client.post(f"/risks/{risk.id}/actions", data={**data, "owner_id": "", "due_date": ""})
    assert bad.status_code == 422


def test_the_thresholds_page_saves_and_refuses_bad_values(world, login):
    client = login("admin")
    assert client.get("/risks/settings").status_code == 200
    assert (
        client.post("/risks/settings", data={"low_max": "6", "medium_max": "6"}).status_code == 422
    )
    assert (
        client.post("/risks/settings", data={"low_max": "30", "medium_max": "6"}).status_code == 422
    )
    assert db.session.scalar(sa.select(sa.func.count(RiskSettings.id))) == 0
    assert (
        client.post("/risks/settings", data={"low_max": "6", "medium_max": "15"}).status_code == 302
    )
    assert risks.thresholds(world.org.id) == (6, 15)
    page = client.get("/risks").get_data(as_text=True)
    assert 'data-testid="thresholds"' in page and "15" in page


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("staff", "/risks/new", 403),
        ("inspector", "/risks/new", 403),
        ("supervisor", "/risks/new", 403),
        ("iso_secretary", "/risks/settings", 403),
        ("head", "/risks/settings", 403),
        ("qmr", "/risks/settings", 200),
        ("head", "/risks/new", 200),
    ],
)
def test_roles_of_the_pages(world, login, role, path, status):
    assert login(role).get(path).status_code == status


def test_another_organisations_entry_is_not_found(world, login):
    from tests.fixtures.factories import World

    theirs_world = World(world.province, world.district, world.other_org, world.org, {})
    theirs_world.users["qmr"] = create_user(world.other_org, "b_qmr", "staff", "qmr")
    theirs = make_risk(theirs_world)
    db.session.commit()
    client = login("qmr")
    assert client.get(f"/risks/{theirs.id}").status_code == 404
    assert client.get(f"/risks/{theirs.id}/edit").status_code == 404
    assert client.post(f"/risks/{theirs.id}/actions", data={}).status_code == 404
    assert "RR-01" not in client.get("/risks").get_data(as_text=True)
    supervisor = login("supervisor")
    assert supervisor.get(f"/risks/{theirs.id}").status_code == 200  # a commune below
    assert "RR-01" in supervisor.get(f"/risks?org={world.other_org.id}").get_data(as_text=True)


def _grow(world, n: int, start: int) -> None:
    procedure = create_procedure(world, code=f"QT-G-{start:02d}")
    for i in range(start, start + n):
        risk = make_risk(
            world, description=f"Rủi ro {i}", procedure_id=procedure.id, likelihood=1 + i % 5
        )
        make_risk_action(world, risk, action=f"Hành động {i}")
    db.session.commit()


def test_the_register_and_an_entry_cost_the_same_queries_for_few_and_many(world, login):
    _grow(world, 2, 0)
    client = login("qmr")
    risk_id = db.session.scalar(sa.select(Risk.id).order_by(Risk.id))

    def counted(path):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    few = (counted("/risks"), counted(f"/risks/{risk_id}"))
    _grow(world, 12, 2)
    for i in range(3):
        make_risk_action(world, db.session.get(Risk, risk_id), action=f"Thêm {i}")
    db.session.commit()
    assert (counted("/risks"), counted(f"/risks/{risk_id}")) == few
