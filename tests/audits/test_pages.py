"""The audit pages through HTTP: forms, refusals with messages, and a fixed number of queries."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import render_template_string

from iso_qms.audits import operations as ops
from iso_qms.audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    LineResult,
    Round,
    RoundStatus,
)
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from tests.audits.builders import (
    action_in,
    answer_all,
    lines_of,
    make_action,
    make_finding,
    make_round,
    reported_round,
    started_round,
)
from tests.fixtures.factories import create_procedure, create_revision, create_user
from tests.query_counter import count_queries


def _round_form(world, **extra) -> dict:
    return {
        "kind": "self_inspection",
        "title": "Tự kiểm tra CCHC 2020",
        "plan_ref": "Kế hoạch số 482/KH-UBND ngày 19/12/2019",
        "start_date": "17/08/2020",
        "end_date": "17/08/2020",
        "areas": ["CCHC", "ISO"],
        "leader_id": str(world.users["inspector"].id),
        "member_ids": [str(world.users["qmr"].id)],
        **extra,
    }


def test_a_round_is_planned_through_the_form(world, login):
    client = login("iso_secretary")
    response = client.post("/audits/rounds/new", data=_round_form(world))
    assert response.status_code == 302
    round_ = db.session.scalar(sa.select(Round))
    assert round_.areas == ["CCHC", "ISO"] and round_.leader.username == "inspector"
    page = client.get(f"/audits/rounds/{round_.id}").get_data(as_text=True)
    assert 'data-testid="impartiality-rule"' in page and 'data-testid="impartial"' in page


def test_an_impartiality_refusal_shows_the_reason_and_writes_nothing(world, login):
    procedure = create_procedure(world, owner_unit="Văn phòng")  # the inspector's own unit
    db.session.commit()
    client = login("iso_secretary")
    response = client.post(
        "/audits/rounds/new", data=_round_form(world, procedure_ids=[str(procedure.id)])
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "QT-HT-01" in page and "Inspector" in page
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0


def test_bad_dates_are_refused_with_a_message(world, login):
    response = login("iso_secretary").post(
        "/audits/rounds/new", data=_round_form(world, start_date="32/13/2020")
    )
    assert response.status_code == 422 and "dd/mm/yyyy" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0


def test_staff_cannot_plan_rounds(world, login):
    assert login("staff").get("/audits/rounds/new").status_code == 403


def test_checklist_answered_and_a_finding_raised_through_the_pages(world, login):
    round_ = started_round(world)
    line = lines_of(round_)[0]
    db.session.commit()
    client = login("inspector")
    prefix = f"l{line.id}"
    response = client.post(
        f"/audits/lines/{line.id}/result",
        data={
            f"{prefix}-result": "nonconform",
            f"{prefix}-note": "Chưa đăng tải kế hoạch",
            f"{prefix}-lock_version": str(line.lock_version),
        },
    )
    assert response.status_code == 302
    response = client.post(f"/audits/lines/{line.id}/finding", data={"type": "nc_minor"})
    assert response.status_code == 302 and "/audits/findings/" in response.location
    finding = db.session.scalar(sa.select(Finding))
    assert finding.description == "Chưa đăng tải kế hoạch"
    page = client.get(f"/audits/rounds/{round_.id}/checklist").get_data(as_text=True)
    assert "Finding TKT-01/2020-01" in page or "Phát hiện TKT-01/2020-01" in page


def test_the_accept_page_refuses_a_wrong_password_with_403(world, login):
    round_ = reported_round(world)
    db.session.commit()
    client = login("qmr")
    assert (
        client.post(f"/audits/rounds/{round_.id}/accept", data={"password": "sai"}).status_code
        == 403
    )
    assert (
        client.post(
            f"/audits/rounds/{round_.id}/accept", data={"password": "Password-123"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Round, round_.id).is_accepted


def test_out_of_order_step_answers_409(world, login):
    round_ = make_round(world)
    db.session.commit()
    assert login("qmr").post(f"/audits/rounds/{round_.id}/close").status_code == 409


def test_the_owner_reports_done_and_another_verifies_through_the_pages(world, login):
    action = action_in(world, "in_progress")
    db.session.commit()
    owner = login("staff")
    assert (
        owner.post(f"/audits/actions/{action.id}/complete", data={"evidence": ""}).status_code
        == 302
    )
    db.session.expire_all()
    assert (
        db.session.get(CorrectiveAction, action.id).status is ActionStatus.in_progress
    )  # evidence needed
    assert (
        owner.post(f"/audits/actions/{action.id}/complete", data={"evidence": "Đã làm"}).status_code
        == 302
    )
    assert (
        owner.post(f"/audits/actions/{action.id}/verify", data={"effective": "yes"}).status_code
        == 403
    )
    assert (
        login("inspector")
        .post(f"/audits/actions/{action.id}/verify", data={"effective": "yes", "note": "Đạt"})
        .status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(CorrectiveAction, action.id).status is ActionStatus.closed


def test_the_car_form_prints_the_finding_and_the_5_whys(world, login):
    action = action_in(world, "done")
    db.session.commit()
    page = login("staff").get(f"/audits/actions/{action.id}/print").get_data(as_text=True)
    assert 'data-testid="car-header"' in page and "Sổ theo dõi chưa ghi đủ." in page
    assert "Chưa giao người phụ trách." in page and "Đã cập nhật sổ." in page


def test_the_car_form_downloads_as_a_word_file_and_only_for_its_organisation(world, login):
    from io import BytesIO

    from docx import Document

    action = action_in(world, "done")
    db.session.commit()
    response = login("staff").get(f"/audits/actions/{action.id}/car.docx")
    assert response.status_code == 200
    assert "phieu-yeu-cau-khac-phuc-" in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(BytesIO(response.data)).paragraphs)
    assert "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC" in text and "Đã cập nhật sổ." in text
    assert login("other_admin").get(f"/audits/actions/{action.id}/car.docx").status_code == 404


def test_home_panel_shows_this_years_duties_and_my_overdue_actions(world, login):
    action = action_in(world, "in_progress")
    action.due_date = today() - timedelta(days=3)
    db.session.commit()
    page = login("staff").get("/").get_data(as_text=True)
    assert 'data-testid="panel-audits"' in page and 'data-testid="duties-missing"' in page
    assert 'data-testid="my-overdue"' in page


def test_the_panel_can_also_be_included_on_its_own(world, app_ctx):
    with app_ctx.test_request_context("/"):
        from flask_login import login_user

        login_user(world.users["qmr"])
        html = render_template_string('{% include "audits/_home_panel.html" %}')
    assert 'data-testid="panel-audits"' in html


# --- fixed number of queries ---------------------------------------------------------------


def _many_rounds(world, n: int) -> None:
    for i in range(n):
        round_ = started_round(world, title=f"Đợt {i}")
        answer_all(round_, world.users["inspector"], LineResult.observation)
        finding = make_finding(world, round_)
        make_action(world, finding)
    db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/audits/rounds?year=2020",
        "/audits/findings",
        "/audits/actions?scope=open",
        "/audits/actions?scope=mine",
    ],
)
def test_lists_run_a_fixed_number_of_queries(world, login, url):
    client = login("staff")
    _many_rounds(world, 2)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _many_rounds(world, 6)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count, (few.statements, many.statements)


def test_checklist_and_round_pages_run_a_fixed_number_of_queries(world, login):
    procedure = create_procedure(world, owner_unit="Văn hóa - Xã hội")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    small = started_round(world, procedures=[procedure], areas=("CCHC",))
    big = started_round(
        world, procedures=[procedure], areas=("CCHC", "KSTTHC", "ISO", "KLKC", "YKCD")
    )
    for round_ in (small, big):
        answer_all(round_, world.users["inspector"], LineResult.observation)
        for line in lines_of(round_)[:2]:
            ops.raise_finding_from_line(line, world.users["inspector"])
    db.session.commit()
    client = login("staff")
    for path in ("/audits/rounds/{}/checklist", "/audits/rounds/{}"):
        counts = []
        for round_ in (small, big):
            client.get(path.format(round_.id))
            with count_queries() as counter:
                assert client.get(path.format(round_.id)).status_code == 200
            counts.append(counter.count)
        assert counts[0] == counts[1], path


def test_supervisor_reads_a_communes_round_but_cannot_change_it(world, login):
    round_ = make_round(world)
    db.session.commit()
    client = login("supervisor")
    assert client.get(f"/audits/rounds/{round_.id}").status_code == 200
    assert client.post(f"/audits/rounds/{round_.id}/start").status_code == 403
    assert db.session.get(Round, round_.id).status is RoundStatus.planned


def test_other_organisations_rounds_are_not_listed(world, login):
    make_round(world)
    other_qmr = create_user(world.other_org, "b_qmr", "staff", "qmr", "inspector")
    db.session.commit()
    page = login("b_qmr").get("/audits/rounds?year=2020").get_data(as_text=True)
    assert "Đợt self_inspection 2020" not in page
    assert other_qmr.organisation_id != world.org.id
