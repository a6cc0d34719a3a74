"""The objectives' pages and API: the year's list with status badges, the form, the detail with
versions and signature, the QMR's approval with the password (Post/Redirect/Get), the one-step
'Mở phát hiện'; GET/POST /api/v1/objectives and /objectives/{id}/status; wrong roles and another
organisation's ids."""

from datetime import date

import sqlalchemy as sa

from iso_qms.audits.models import Finding
from iso_qms.extensions import db
from iso_qms.performance.objective_models import ObjectiveStatus, QualityObjective
from tests.fixtures.factories import PASSWORD, create_procedure
from tests.performance.dossier_rows import at, dossier, insert
from tests.performance.test_objectives import make_objective, objective_data
from tests.query_counter import count_queries


def _form(world, **extra) -> dict:
    return {
        "year": "2020",
        "text": "100% hồ sơ giải quyết đúng hạn",
        "indicator": "Tỷ lệ hồ sơ đúng hạn",
        "target_op": "ge",
        "target_value": "100",
        "target_unit": "%",
        "metric": "on_time_rate",
        "frequency": "month",
        "owner_id": str(world.users["iso_secretary"].id),
        **extra,
    }


def test_the_secretary_drafts_an_objective_through_the_form(world, login):
    web = login("iso_secretary")
    response = web.post("/objectives/new", data=_form(world))
    assert response.status_code == 302
    objective = db.session.scalar(sa.select(QualityObjective))
    assert objective.reference == "MTCL-01/2020"
    page = web.get(f"/objectives/{objective.id}").get_data(as_text=True)
    assert "MTCL-01/2020" in page and "objective-versions" in page


def test_a_bad_target_comes_back_on_the_form_and_nothing_is_saved(world, login):
    response = login("iso_secretary").post(
        "/objectives/new", data=_form(world, target_value="nhiều")
    )
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(QualityObjective.id))) == 0


def test_the_list_shows_a_badge_per_objective_in_a_fixed_number_of_queries(world, login):
    for n in range(3):
        make_objective(world, text=f"Mục tiêu {n}")
    db.session.commit()
    web = login("staff")
    web.get("/objectives?year=2020")
    with count_queries() as few:
        web.get("/objectives?year=2020")
    for n in range(3, 8):
        make_objective(world, text=f"Mục tiêu {n}")
    db.session.commit()
    with count_queries() as many:
        page = web.get("/objectives?year=2020").get_data(as_text=True)
    assert page.count('data-testid="objective-status"') == 8
    assert many.count == few.count, many.statements[few.count :]


def test_a_bad_year_is_a_clear_422(world, login):
    assert login("staff").get("/objectives?year=99999").status_code == 422


def test_approval_is_post_redirect_get_and_a_wrong_password_comes_back_to_the_form(world, login):
    objective = make_objective(world, approve=False)
    db.session.commit()
    web = login("qmr")
    assert web.get(f"/objectives/{objective.id}/approve").status_code == 200
    wrong = web.post(f"/objectives/{objective.id}/approve", data={"password": "sai"})
    assert wrong.status_code == 303 and wrong.location.endswith(
        f"/objectives/{objective.id}/approve"
    )
    again = web.get(f"/objectives/{objective.id}/approve").get_data(as_text=True)
    assert "invalid-feedback" in again
    right = web.post(f"/objectives/{objective.id}/approve", data={"password": PASSWORD})
    assert right.status_code == 303 and right.location.endswith(f"/objectives/{objective.id}")
    db.session.expire_all()
    assert db.session.get(QualityObjective, objective.id).latest.status is ObjectiveStatus.approved
    second = web.get(f"/objectives/{objective.id}/approve")
    assert second.status_code == 200 and "already-signed" in second.get_data(as_text=True)


def test_only_the_qmr_reaches_the_approval_page(world, login):
    objective = make_objective(world, approve=False)
    db.session.commit()
    assert login("iso_secretary").get(f"/objectives/{objective.id}/approve").status_code == 403


def test_another_organisations_objective_is_404_on_every_page(world, login):
    from tests.fixtures.factories import create_user

    create_user(world.other_org, "other_qmr", "staff", "qmr", "iso_secretary")
    db.session.commit()
    objective = make_objective(world)
    db.session.commit()
    web = login("other_qmr")
    for url in ("", "/edit", "/approve"):
        assert web.get(f"/objectives/{objective.id}{url}").status_code == 404
    assert web.post(f"/objectives/{objective.id}/values", data={}).status_code == 404
    assert web.post(f"/objectives/{objective.id}/actions", data={}).status_code == 404


def test_the_qmr_opens_the_finding_from_the_list_in_one_step(world, login):
    procedure = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    insert(
        [
            dossier(
                world.org.id,
                "A",
                at(2020, 3, 2),
                at(2020, 3, 5, 17),
                returned=at(2020, 3, 4),
                procedure_id=procedure.id,
            ),
            dossier(
                world.org.id,
                "B",
                at(2020, 3, 2),
                at(2020, 3, 5, 17),
                returned=at(2020, 3, 9),
                procedure_id=procedure.id,
            ),
        ]
    )
    make_objective(world)
    db.session.commit()
    web = login("qmr")
    page = web.get("/objectives?year=2020").get_data(as_text=True)
    assert 'data-testid="flagged-procedures"' in page and 'data-testid="open-finding"' in page
    opened = web.post(f"/objectives/procedures/{procedure.id}/finding", data={"year": "2020"})
    assert opened.status_code == 302
    finding = db.session.scalar(sa.select(Finding))
    assert opened.location.endswith(f"/findings/{finding.id}")
    detail = web.get(f"/audits/findings/{finding.id}").get_data(as_text=True)
    assert "TDĐL-01/2020" in detail
    listing = web.get("/audits/actions?scope=all")
    assert listing.status_code == 200, listing.get_data(as_text=True)[-3000:]
    assert "TDĐL-01/2020.1" in listing.get_data(as_text=True)
    assert (
        login("iso_secretary")
        .post(f"/objectives/procedures/{procedure.id}/finding", data={"year": "2020"})
        .status_code
        == 403
    )


# --- API ---------------------------------------------------------------------------------


def test_api_creates_lists_and_answers_the_status(world, token_for):
    from flask import current_app

    api = current_app.test_client()
    headers = token_for("iso_secretary")
    body = {k: v for k, v in objective_data(world).items()}
    created = api.post("/api/v1/objectives", json=body, headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["reference"] == "MTCL-01/2020" and created.json["target"]["op"] == "≥"
    listed = api.get("/api/v1/objectives?year=2020", headers=headers).json
    assert [o["reference"] for o in listed["items"]] == ["MTCL-01/2020"]
    status = api.get(
        f"/api/v1/objectives/{created.json['id']}/status?as_of=2020-09-14", headers=headers
    )
    assert status.status_code == 200
    assert status.json["value"] is None and status.json["achieved"] is None
    assert status.json["target"] == {"op": "≥", "value": 100.0, "unit": "%"}


def test_api_refuses_bad_bodies_wrong_roles_and_other_organisations(world, token_for):
    from flask import current_app

    api = current_app.test_client()
    body = objective_data(world)
    bad = api.post(
        "/api/v1/objectives",
        json={**body, "target": {"op": "≥≥", "value": 1}},
        headers=token_for("qmr"),
    )
    assert bad.status_code == 422
    assert (
        api.post(
            "/api/v1/objectives", json={**body, "year": 20200}, headers=token_for("qmr")
        ).status_code
        == 422
    )
    assert api.post("/api/v1/objectives", json=body, headers=token_for("staff")).status_code == 403
    objective = make_objective(world)
    db.session.commit()
    future = api.get(
        f"/api/v1/objectives/{objective.id}/status?as_of=2999-01-01", headers=token_for("qmr")
    )
    assert future.status_code == 422
    from tests.fixtures.factories import create_user

    create_user(world.other_org, "other_staff", "staff")
    db.session.commit()
    other = api.get(f"/api/v1/objectives/{objective.id}/status", headers=token_for("other_staff"))
    assert other.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(QualityObjective.id))) == 1


def test_api_status_of_a_met_objective(world, token_for):
    from flask import current_app

    procedure = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    insert(
        [
            dossier(
                world.org.id,
                "A",
                at(2020, 3, 2),
                at(2020, 3, 5, 17),
                returned=at(2020, 3, 4),
                procedure_id=procedure.id,
            )
        ]
    )
    objective = make_objective(world)
    db.session.commit()
    status = (
        current_app.test_client()
        .get(
            f"/api/v1/objectives/{objective.id}/status?as_of=2020-09-14", headers=token_for("staff")
        )
        .json
    )
    assert (status["value"], status["achieved"], status["state"]) == (100.0, True, "achieved")
    assert date.fromisoformat(status["as_of"]) == date(2020, 9, 14)


def test_the_review_page_shows_the_measurement_inputs_in_vietnamese(world, login):
    from iso_qms.audits import operations as audit_ops

    make_objective(world)
    review = audit_ops.create_review(
        world.org.id, world.users["qmr"], {"title": "Xem xét 2020", "held_on": date(2020, 12, 28)}
    )
    db.session.commit()
    page = login("staff").get(f"/audits/reviews/{review.id}").get_data(as_text=True)
    assert 'data-testid="pack-objectives"' in page and "MTCL-01/2020" in page
    assert "Kết quả thực hiện các quá trình" in page and "chưa có dữ liệu" in page
    assert 'data-testid="pack-risks"' in page
