"""Issue 12, case 9 (audits side): references that say which round and year they belong to, a
management review's decisions numbered under the review, the CAR print's title said once, an
external inspection entered under its own body and leader, and one clause rule for rounds and
findings."""

from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as ops
from iso_qms.audits.models import ChecklistLine, ManagementReview, Round
from iso_qms.audits.operations.rounds import report_content
from iso_qms.core.errors import ValidationFailed
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.audits.builders import make_action, make_finding, make_round, started_round, team

API = "/api/v1"


def _at(day: date, hour: int = 9) -> None:
    set_clock(datetime.combine(day, time(hour), LOCAL_TZ))


# --- references ----------------------------------------------------------------------------


def test_references_name_the_kind_the_round_and_the_year(world):
    _at(date(2020, 8, 17))
    first = started_round(world, start=date(2020, 8, 17))
    second = started_round(world, start=date(2020, 8, 17), title="Tự kiểm tra đợt 2")
    audit = started_round(
        world, kind="internal_audit", areas=(), clauses=("7",), start=date(2020, 8, 17)
    )
    _at(date(2021, 3, 1))
    next_year = started_round(world, start=date(2021, 3, 1))
    assert [r.reference for r in (first, second, audit, next_year)] == [
        "TKT-01/2020",
        "TKT-02/2020",
        "ĐGNB-01/2020",
        "TKT-01/2021",
    ]
    findings = [make_finding(world, r) for r in (first, second, next_year)]
    actions = [make_action(world, f) for f in findings]
    # Each round's first finding and first action: once "01" and "01.1" three times over.
    assert [f.reference for f in findings] == ["TKT-01/2020-01", "TKT-02/2020-01", "TKT-01/2021-01"]
    assert [a.reference for a in actions] == [
        "TKT-01/2020-01.1",
        "TKT-02/2020-01.1",
        "TKT-01/2021-01.1",
    ]
    assert len({a.reference for a in actions}) == 3


def test_a_planned_round_moved_to_another_year_takes_that_years_number(world):
    _at(date(2020, 11, 2))
    make_round(world, start=date(2021, 1, 10))
    moved = make_round(world, start=date(2020, 12, 20))
    assert moved.reference == "TKT-01/2020"
    ops.update_round(
        moved,
        world.users["iso_secretary"],
        {"start_date": date(2021, 1, 12), "end_date": date(2021, 1, 12)},
    )
    assert moved.reference == "TKT-02/2021"
    later = make_round(world, start=date(2020, 12, 21))
    assert later.reference == "TKT-01/2020"  # 2020 has none left but this one


def test_the_same_reference_cannot_be_stored_twice(world):
    _at(date(2020, 8, 1))
    round_ = make_round(world, start=date(2020, 8, 17))
    other = make_round(world, start=date(2020, 8, 18))
    other.ref_number = round_.ref_number
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_management_review_decisions_are_numbered_under_the_review(world):
    _at(date(2020, 12, 15))
    qmr = world.users["qmr"]
    first = ops.create_review(
        world.org.id, qmr, {"title": "Xem xét năm 2020", "held_on": date(2020, 12, 15)}
    )
    ops.hold_review(first, qmr, "Kết luận")
    due = date(2021, 1, 31)
    owner = world.users["staff"].id
    decisions = [
        ops.add_review_decision(first, qmr, {"action": text, "owner_id": owner, "due_date": due})
        for text in ("Bổ sung nguồn lực", "Sửa đổi mục tiêu chất lượng")
    ]
    assert first.reference == "XXLĐ-01/2020"
    assert [d.reference for d in decisions] == ["XXLĐ-01/2020-01", "XXLĐ-01/2020-02"]
    assert not any(d.reference.startswith("XX.") for d in decisions)
    _at(date(2021, 6, 30))
    second = ops.create_review(
        world.org.id, qmr, {"title": "Xem xét 2021", "held_on": date(2021, 6, 30)}
    )
    ops.hold_review(second, qmr, "Kết luận")
    decision = ops.add_review_decision(
        second, qmr, {"action": "Đào tạo", "owner_id": owner, "due_date": date(2021, 8, 1)}
    )
    assert decision.reference == "XXLĐ-01/2021-01"


def test_references_show_in_lists_detail_print_and_api(world, login, token_for):
    _at(date(2020, 8, 17))
    round_ = started_round(world, start=date(2020, 8, 17))
    action = make_action(world, make_finding(world, round_))
    db.session.commit()
    client = login("qmr")
    pages = {
        "rounds": client.get("/audits/rounds?year=2020"),
        "round": client.get(f"/audits/rounds/{round_.id}"),
        "report print": client.get(f"/audits/rounds/{round_.id}/print"),
        "findings": client.get("/audits/findings"),
        "action": client.get(f"/audits/actions/{action.id}"),
        "car print": client.get(f"/audits/actions/{action.id}/print"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert "TKT-01/2020" in response.get_data(as_text=True), name
    assert "TKT-01/2020-01.1" in pages["car print"].get_data(as_text=True)
    headers = token_for("qmr")
    assert (
        client.get(f"{API}/rounds/{round_.id}", headers=headers).json["reference"] == "TKT-01/2020"
    )
    finding = client.get(f"{API}/findings/{action.finding_id}", headers=headers).json
    assert finding["reference"] == "TKT-01/2020-01"
    assert finding["actions"][0]["reference"] == "TKT-01/2020-01.1"


def test_the_car_print_says_its_title_once(world, login):
    _at(date(2020, 8, 17))
    action = make_action(world, make_finding(world, started_round(world, start=date(2020, 8, 17))))
    db.session.commit()
    page = login("qmr").get(f"/audits/actions/{action.id}/print").get_data(as_text=True)
    body = page.split("<body", 1)[1]
    assert body.casefold().count("phiếu yêu cầu hành động khắc phục") == 1
    assert "(phiếu yêu cầu" not in body


# --- external inspections --------------------------------------------------------------------

SKHCN = "Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế"


def _external(world, **extra) -> dict:
    return {
        "kind": "external_inspection",
        "title": "Kiểm tra việc áp dụng HTQLCL năm 2020",
        "plan_ref": "Kế hoạch số 15/KH-SKHCN ngày 05/01/2020",
        "start_date": date(2020, 9, 20),
        "end_date": date(2020, 9, 20),
        "inspecting_body": SKHCN,
        "leader_name": "Ông Nguyễn Văn Minh, Phó Chi cục trưởng Chi cục TĐC",
        "team": [],
        **extra,
    }


def test_an_external_inspection_needs_no_commune_user_as_its_leader(world):
    _at(date(2020, 9, 1))
    round_ = ops.create_round(world.org.id, world.users["iso_secretary"], _external(world))
    assert round_.members == [] and round_.leader is None
    assert round_.inspecting_body == SKHCN
    assert round_.leader_label.startswith("Ông Nguyễn Văn Minh")
    assert round_.reference == "KTBN-01/2020"
    data = _external(world)
    del data["team"]  # the API may leave the team out altogether
    assert ops.create_round(world.org.id, world.users["iso_secretary"], data).members == []


def test_an_external_inspection_names_its_body(world):
    _at(date(2020, 9, 1))
    with pytest.raises(ValidationFailed) as refused:
        ops.create_round(
            world.org.id, world.users["iso_secretary"], _external(world, inspecting_body="")
        )
    assert set(refused.value.fields) == {"inspecting_body"}


def test_the_leader_is_named_once_and_own_rounds_keep_a_user_leader(world):
    _at(date(2020, 9, 1))
    both = _external(world, team=team((world.users["inspector"], "leader")))
    with pytest.raises(ValidationFailed) as refused:
        ops.create_round(world.org.id, world.users["iso_secretary"], both)
    assert set(refused.value.fields) == {"leader_name"}
    with pytest.raises(ValidationFailed) as refused:
        make_round(world, members=[(world.users["inspector"], "member")])
    assert "team" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        make_round(world, leader_name="Ông A")
    assert set(refused.value.fields) == {"leader_name"}


def test_an_external_inspection_is_entered_through_the_page_and_the_api(world, login, token_for):
    _at(date(2020, 9, 1))
    client = login("iso_secretary")
    form = {
        "kind": "external_inspection",
        "title": "Kiểm tra việc áp dụng HTQLCL năm 2020",
        "plan_ref": "Kế hoạch số 15/KH-SKHCN ngày 05/01/2020",
        "start_date": "20/09/2020",
        "end_date": "20/09/2020",
        "inspecting_body": SKHCN,
        "leader_name": "Ông Nguyễn Văn Minh",
        "leader_id": "",
    }
    response = client.post("/audits/rounds/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    round_ = db.session.scalar(sa.select(Round))
    assert (round_.inspecting_body, round_.leader_name, round_.members) == (
        SKHCN,
        "Ông Nguyễn Văn Minh",
        [],
    )
    page = client.get(f"/audits/rounds/{round_.id}").get_data(as_text=True)
    assert SKHCN in page and "Ông Nguyễn Văn Minh" in page
    refused = client.post("/audits/rounds/new", data={**form, "inspecting_body": ""})
    assert refused.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 1
    body = {
        **{k: v for k, v in _external(world).items() if k not in ("start_date", "end_date")},
        "start_date": "2020-09-21",
        "end_date": "2020-09-21",
    }
    created = client.post(f"{API}/rounds", json=body, headers=token_for("iso_secretary"))
    assert created.status_code == 201, created.json
    assert created.json["inspecting_body"] == SKHCN and created.json["team"] == []
    assert created.json["reference"] == "KTBN-02/2020"
    missing = client.post(
        f"{API}/rounds", json={**body, "inspecting_body": ""}, headers=token_for("iso_secretary")
    )
    assert missing.status_code == 422 and "inspecting_body" in str(missing.json)


def test_the_secretary_runs_an_external_inspection_without_a_commune_team(world):
    _at(date(2020, 9, 20))
    round_ = ops.create_round(
        world.org.id, world.users["iso_secretary"], _external(world, areas=["ISO"])
    )
    secretary = world.users["iso_secretary"]
    ops.start_round(round_, secretary)
    finding = ops.record_finding(
        round_, secretary, {"type": "nc_minor", "description": "Chưa cập nhật văn bản mới."}
    )
    assert finding.reference == "KTBN-01/2020-01"


def test_the_signed_report_names_the_inspecting_body(world):
    _at(date(2020, 9, 20))
    round_ = ops.create_round(world.org.id, world.users["iso_secretary"], _external(world))
    content = report_content(round_)
    assert content["inspecting_body"] == SKHCN and content["leader_name"].startswith("Ông")
    own = make_round(world, start=date(2020, 9, 20))
    assert "inspecting_body" not in report_content(own)  # reports signed before: unchanged


# --- one clause rule ------------------------------------------------------------------------


def test_round_scope_takes_the_sub_clauses_findings_take(world):
    _at(date(2020, 8, 17))
    round_ = make_round(
        world, kind="internal_audit", areas=(), clauses=("7.5.3", "8.5.1"), start=date(2020, 8, 17)
    )
    assert round_.clauses == ["7.5.3", "8.5.1"]
    ops.start_round(round_, world.users["iso_secretary"])
    assert make_finding(world, round_, clause="7.5.3").clause == "7.5.3"
    for bad in (["11"], ["7.x"], ["3"]):
        with pytest.raises(ValidationFailed) as refused:
            make_round(world, kind="internal_audit", areas=(), clauses=bad)
        assert set(refused.value.fields) == {"clauses"}
        with pytest.raises(ValidationFailed) as refused:
            make_finding(world, round_, clause=bad[0])
        assert set(refused.value.fields) == {"clause"}


def test_a_sub_clause_scope_checks_the_questions_of_that_sub_clause(world):
    _at(date(2020, 8, 17))
    round_ = make_round(world, kind="internal_audit", areas=(), clauses=("7.5.3",))
    ops.generate_checklist(round_, world.users["iso_secretary"])
    clauses = set(
        db.session.scalars(
            sa.select(ChecklistLine.clause).where(ChecklistLine.round_id == round_.id)
        )
    )
    assert clauses == {"7.5.3"}
    whole = make_round(world, kind="internal_audit", areas=(), clauses=("7", "7.5.3"))
    ops.generate_checklist(whole, world.users["iso_secretary"])
    lines = db.session.scalars(
        sa.select(ChecklistLine.question).where(ChecklistLine.round_id == whole.id)
    ).all()
    assert len(lines) == len(set(lines))  # 7 covers 7.5.3: its questions once


def test_the_round_form_takes_sub_clauses(world, login):
    _at(date(2020, 8, 1))
    client = login("iso_secretary")
    form = {
        "kind": "internal_audit",
        "title": "Đánh giá nội bộ",
        "start_date": "17/08/2020",
        "end_date": "17/08/2020",
        "clauses": ["8"],
        "sub_clauses": "7.5.3, 9.1.2",
        "leader_id": str(world.users["inspector"].id),
    }
    assert client.post("/audits/rounds/new", data=form).status_code == 302
    round_ = db.session.scalar(sa.select(Round))
    assert round_.clauses == ["8", "7.5.3", "9.1.2"]
    page = client.get(f"/audits/rounds/{round_.id}/edit").get_data(as_text=True)
    assert 'value="7.5.3, 9.1.2"' in page
    refused = client.post("/audits/rounds/new", data={**form, "sub_clauses": "7.5.3, 12"})
    assert refused.status_code == 422 and "12" in refused.get_data(as_text=True)


def test_reviews_moved_to_another_year_take_that_years_number(world):
    _at(date(2020, 11, 1))
    qmr = world.users["qmr"]
    review = ops.create_review(
        world.org.id, qmr, {"title": "Xem xét", "held_on": date(2020, 12, 28)}
    )
    ops.update_review(review, qmr, {"held_on": date(2021, 1, 5)})
    assert review.reference == "XXLĐ-01/2021"
    assert db.session.scalar(sa.select(sa.func.count(ManagementReview.id))) == 1
