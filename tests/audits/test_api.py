"""The audits API: rounds, findings and corrective actions as API.md says."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from iso_qms.audits.models import Round
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision
from tests.query_counter import count_queries

API = "/api/v1"


def _round_body(world, **extra) -> dict:
    return {
        "kind": "self_inspection",
        "title": "Tự kiểm tra năm 2020",
        "plan_ref": "Kế hoạch số 482/KH-UBND",
        "start_date": "2020-08-17",
        "end_date": "2020-08-17",
        "areas": ["CCHC"],
        "team": [
            {"user_id": world.users["inspector"].id, "role": "leader"},
            {"user_id": world.users["qmr"].id, "role": "member"},
        ],
        **extra,
    }


def test_round_to_verified_action_through_the_api(world, client, token_for):
    secretary, inspector, staff, qmr = (
        token_for(n) for n in ("iso_secretary", "inspector", "staff", "qmr")
    )
    created = client.post(f"{API}/rounds", json=_round_body(world), headers=secretary)
    assert created.status_code == 201, created.json
    round_id = created.json["id"]
    assert created.json["status"] == "planned" and created.json["team"][0]["role"] == "leader"
    assert (
        client.post(f"{API}/rounds/{round_id}/report", json={}, headers=secretary).status_code
        == 409
    )
    assert (
        client.post(f"{API}/rounds/{round_id}/checklist/generate", headers=secretary).status_code
        == 201
    )
    assert (
        client.post(f"{API}/rounds/{round_id}/start", headers=secretary).json["status"]
        == "in_progress"
    )
    lines = client.get(f"{API}/rounds/{round_id}/checklist", headers=staff).json["items"]
    for line in lines:
        body = {"result": "conform", "lock_version": line["lock_version"]}
        assert (
            client.patch(
                f"{API}/checklist-lines/{line['id']}", json=body, headers=inspector
            ).status_code
            == 200
        )
    finding = client.post(
        f"{API}/rounds/{round_id}/findings",
        headers=inspector,
        json={
            "type": "nc_minor",
            "clause": "7.5.3",
            "description": "Bản quy trình cũ còn lưu hành",
            "evidence": "Bàn làm việc bộ phận một cửa",
            "auditee_unit": "Văn phòng",
        },
    )
    assert (
        finding.status_code == 201 and finding.json["number"] == 1 and finding.json["lacks_action"]
    )
    refused = client.post(
        f"{API}/rounds/{round_id}/report", json={"summary": "Tóm tắt"}, headers=secretary
    )
    assert refused.status_code == 422 and "findings" in refused.json["error"]["fields"]
    action = client.post(
        f"{API}/findings/{finding.json['id']}/actions",
        headers=inspector,
        json={
            "correction": "Thu hồi bản cũ",
            "whys": ["Chưa thu hồi", "Chưa giao người thu hồi"],
            "root_cause": "Thiếu phân công",
            "action": "Giao văn thư thu hồi tài liệu lỗi thời",
            "owner_id": world.users["staff"].id,
            "due_date": (today() + timedelta(days=10)).isoformat(),
        },
    )
    assert action.status_code == 201 and action.json["whys"] == [
        "Chưa thu hồi",
        "Chưa giao người thu hồi",
    ]
    action_id = action.json["id"]
    assert (
        client.post(
            f"{API}/rounds/{round_id}/report", json={"summary": "Tóm tắt"}, headers=secretary
        ).json["status"]
        == "reported"
    )
    assert (
        client.post(
            f"{API}/actions/{action_id}/complete", json={"evidence": "Đã thu hồi"}, headers=staff
        ).json["status"]
        == "done"
    )
    assert client.get(f"{API}/me/actions", headers=staff).json["total"] == 1
    verified = client.post(
        f"{API}/actions/{action_id}/verify",
        json={"effective": True, "note": "Đạt"},
        headers=inspector,
    )
    assert verified.status_code == 200 and verified.json["status"] == "closed"
    closed = client.post(f"{API}/findings/{finding.json['id']}/close", headers=qmr)
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    assert (
        client.post(f"{API}/rounds/{round_id}/close", headers=qmr).status_code == 409
    )  # not accepted
    wrong = client.post(f"{API}/rounds/{round_id}/accept", json={"password": "sai"}, headers=qmr)
    assert wrong.status_code == 403
    accepted = client.post(
        f"{API}/rounds/{round_id}/accept", json={"password": "Password-123"}, headers=qmr
    )
    assert (
        accepted.status_code == 200
        and accepted.json["accepted"]
        and len(accepted.json["report_sha256"]) == 64
    )
    assert client.post(f"{API}/rounds/{round_id}/close", headers=qmr).json["status"] == "closed"
    locked = client.patch(
        f"{API}/findings/{finding.json['id']}",
        headers=inspector,
        json={"description": "x", "lock_version": closed.json["lock_version"]},
    )
    assert locked.status_code == 409


def test_creating_a_partial_team_answers_422_with_the_reason(world, client, token_for):
    procedure = create_procedure(world, owner_unit="Văn phòng")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    db.session.commit()
    response = client.post(
        f"{API}/rounds",
        json=_round_body(world, procedure_ids=[procedure.id]),
        headers=token_for("iso_secretary"),
    )
    assert response.status_code == 422
    assert "QT-HT-01" in " ".join(response.json["error"]["fields"]["team"])
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0


def test_the_owner_verifying_answers_403(world, client, token_for):
    from iso_qms.audits import operations as ops
    from tests.audits.builders import make_action, make_finding, started_round

    finding = make_finding(world, started_round(world))
    action = make_action(world, finding, owner="inspector")
    ops.complete_action(action, world.users["inspector"], "Đã làm")
    db.session.commit()
    response = client.post(
        f"{API}/actions/{action.id}/verify",
        json={"effective": True},
        headers=token_for("inspector"),
    )
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


def test_findings_filter_by_status_and_overdue_in_fixed_queries(world, client, token_for):
    from tests.audits.builders import action_in, make_finding, started_round

    headers = token_for("staff")
    late = action_in(world, "in_progress")
    late.due_date = today() - timedelta(days=1)
    action_in(world, "closed")
    make_finding(world, started_round(world, title="Khác"), "ofi")
    db.session.commit()
    everything = client.get(f"{API}/findings", headers=headers).json
    assert everything["total"] == 3
    overdue = client.get(f"{API}/findings?status=open&overdue=true", headers=headers).json
    assert [f["id"] for f in overdue["items"]] == [late.finding_id]
    assert overdue["items"][0]["actions"][0]["overdue"] is True
    assert client.get(f"{API}/actions?scope=overdue", headers=headers).json["total"] == 1
    assert client.get(f"{API}/findings?status=nope", headers=headers).status_code == 422
    with count_queries() as few:
        client.get(f"{API}/findings", headers=headers)
    for _ in range(4):
        action_in(world, "done")
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"{API}/findings", headers=headers).json["total"] == 7
    assert many.count == few.count


def test_postponement_and_management_review_through_the_api(world, client, token_for):
    from tests.audits.builders import action_in

    action = action_in(world, "in_progress")
    db.session.commit()
    new_due = (action.due_date + timedelta(days=15)).isoformat()
    request = client.post(
        f"{API}/actions/{action.id}/postpone",
        json={"due_date": new_due, "reason": "Chờ"},
        headers=token_for("staff"),
    )
    assert request.status_code == 201 and request.json["status"] == "pending"
    decided = client.post(
        f"{API}/postponements/{request.json['id']}/decide",
        json={"approve": True},
        headers=token_for("qmr"),
    )
    assert decided.status_code == 200
    assert (
        client.get(f"{API}/actions/{action.id}", headers=token_for("staff")).json["due_date"]
        == new_due
    )
    qmr = token_for("qmr")
    review = client.post(
        f"{API}/management-reviews",
        headers=qmr,
        json={
            "title": "Xem xét của lãnh đạo",
            "held_on": today().isoformat(),
            "chair_id": world.users["head"].id,
        },
    )
    assert review.status_code == 201 and "audits" in review.json["input_pack"]
    held = client.post(
        f"{API}/management-reviews/{review.json['id']}/hold",
        json={"minutes": "Kết luận"},
        headers=qmr,
    )
    assert held.status_code == 200 and held.json["status"] == "held"
    decision = client.post(
        f"{API}/management-reviews/{review.json['id']}/decisions",
        headers=qmr,
        json={
            "action": "Số hóa sổ",
            "owner_id": world.users["staff"].id,
            "due_date": (today() + timedelta(days=30)).isoformat(),
        },
    )
    assert decision.status_code == 201 and decision.json["review_id"] == review.json["id"]
    duties = client.get(f"{API}/annual-duties?year={today().year}", headers=qmr).json
    assert duties["management_review"]["held"] is True and duties["missing"] == ["internal_audit"]
    assert duties["management_review"]["reviews"][0]["date"] == today().isoformat()


def test_another_organisations_round_answers_404(world, client, token_for):
    from tests.audits.builders import make_round

    round_ = make_round(world)
    from tests.fixtures.factories import create_user

    create_user(world.other_org, "b_secretary", "staff", "iso_secretary")
    db.session.commit()
    headers = token_for("b_secretary")
    assert client.get(f"{API}/rounds/{round_.id}", headers=headers).status_code == 404
    assert client.post(f"{API}/rounds/{round_.id}/start", headers=headers).status_code == 404
    assert client.get(f"{API}/rounds", headers=headers).json["total"] == 0


def test_a_round_cannot_be_started_or_reported_before_its_dates(world, client, token_for):
    from iso_qms.core.timeutil import LOCAL_TZ, set_clock

    secretary, inspector, qmr = (token_for(n) for n in ("iso_secretary", "inspector", "qmr"))

    def on(day: date) -> None:
        set_clock(datetime.combine(day, time(9), LOCAL_TZ))

    on(date(2026, 12, 2))
    body = _round_body(world, start_date="2026-12-03", end_date="2026-12-04")
    round_id = client.post(f"{API}/rounds", json=body, headers=secretary).json["id"]
    url = f"{API}/rounds/{round_id}"
    assert client.post(f"{url}/checklist/generate", headers=secretary).status_code == 201
    early = client.post(f"{url}/start", headers=secretary)
    assert early.status_code == 409 and "03/12/2026" in early.json["error"]["message"]
    assert "không thể bắt đầu trước" in early.json["error"]["message"]
    assert client.get(url, headers=secretary).json["status"] == "planned"
    on(date(2026, 12, 3))
    assert client.post(f"{url}/start", headers=secretary).json["status"] == "in_progress"
    for line in client.get(f"{url}/checklist", headers=secretary).json["items"]:
        patch = {"result": "conform", "lock_version": line["lock_version"]}
        client.patch(f"{API}/checklist-lines/{line['id']}", json=patch, headers=inspector)
    report = {"summary": "Tóm tắt"}
    early = client.post(f"{url}/report", json=report, headers=secretary)
    assert early.status_code == 409 and "04/12/2026" in early.json["error"]["message"]
    assert client.get(url, headers=secretary).json["status"] == "in_progress"
    on(date(2026, 12, 4))
    assert client.post(f"{url}/report", json=report, headers=secretary).status_code == 200
    accepted = client.post(f"{url}/accept", json={"password": PASSWORD}, headers=qmr)
    assert accepted.status_code == 200, accepted.json
    assert client.post(f"{url}/close", headers=qmr).json["status"] == "closed"


def test_a_round_cannot_be_closed_before_its_end_date(world):
    from iso_qms.audits import operations as ops
    from iso_qms.audits.models import RoundStatus
    from iso_qms.core.errors import InvalidState
    from tests.audits.builders import make_round
    from tests.fixtures.factories import clock_on

    round_ = make_round(world, start=date(2026, 12, 3))
    # as the code before issue 12 could leave it: reported and accepted ahead of its dates
    qmr, now = world.users["qmr"], datetime(2026, 12, 2, 2, tzinfo=UTC)
    round_.status, round_.reported_at, round_.reported_by_id = RoundStatus.reported, now, qmr.id
    round_.accepted_at, round_.accepted_by_id, round_.report_sha256 = now, qmr.id, "0" * 64
    db.session.flush()
    with clock_on(date(2026, 12, 2)), pytest.raises(InvalidState) as refused:
        ops.close_round(round_, qmr)
    assert "03/12/2026" in refused.value.message and round_.status is RoundStatus.reported
