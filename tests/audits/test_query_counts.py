"""Every audits GET page and endpoint runs as many queries for one round, finding, action, person
or review as for many: nothing is loaded or counted once per row, whatever the data."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from iso_qms.audits import operations as ops
from iso_qms.audits.models import Finding, LineResult, ManagementReview, Round
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from tests.audits.builders import (
    answer_all,
    lines_of,
    make_action,
    make_finding,
    reported_round,
    started_round,
)
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision, create_user
from tests.query_counter import count_queries


@dataclass
class Scene:
    """A round in progress with a finding and its action, an accepted round, a held review with
    a decision and a planned one; grow() adds people, findings, actions, lines, rounds, decisions.
    """

    world: object
    procedure: object
    round_id: int = 0
    line_id: int = 0
    finding_id: int = 0
    action_id: int = 0
    accepted_id: int = 0
    held_id: int = 0
    planned_id: int = 0
    grown: int = 0

    def grow(self, n: int) -> None:
        world, qmr = self.world, self.world.users["qmr"]
        round_ = db.session.get(Round, self.round_id)
        finding = db.session.get(Finding, self.finding_id)
        held = db.session.get(ManagementReview, self.held_id)
        for i in range(self.grown, self.grown + n):
            person = create_user(world.org, f"person{i}", "staff", unit="Tài chính")
            world.users[person.username] = person
            new_finding = make_finding(world, round_, description=f"Phát hiện {i}")
            make_action(world, new_finding, owner=person.username)
            make_action(world, finding, owner="qmr", action=f"Hành động {i}")
            ops.add_checklist_line(
                round_,
                world.users["iso_secretary"],
                {"question": f"Câu hỏi {i}", "clause": "7.5", "procedure_id": self.procedure.id},
            )
            due = today() + timedelta(days=30)
            decision = {"action": f"Quyết định {i}", "owner_id": person.id, "due_date": due}
            ops.add_review_decision(held, qmr, decision)
            _accepted_round(world)
        self.accepted_id = _accepted_round(world, findings=n).id
        self.grown += n
        db.session.commit()


def _accepted_round(world, findings: int = 0):
    round_ = reported_round(world)
    for i in range(findings):
        make_action(world, make_finding(world, round_, "observation", description=f"Lưu ý {i}"))
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    return round_


@pytest.fixture
def scene(world) -> Scene:
    procedure = create_procedure(world, owner_unit="Văn hóa - Xã hội")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    round_ = started_round(world, procedures=[procedure])
    answer_all(round_, world.users["inspector"], LineResult.observation)
    finding = make_finding(world, round_)
    action = make_action(world, finding)
    qmr = world.users["qmr"]
    held = ops.create_review(
        world.org.id,
        qmr,
        {"title": "Xem xét 2020", "held_on": date(2020, 1, 1), "chair_id": qmr.id,
         "participant_ids": [qmr.id, world.users["staff"].id]},
    )  # fmt: skip
    ops.hold_review(held, qmr, "HTQLCL phù hợp.")
    ops.add_review_decision(
        held,
        qmr,
        {"action": "Số hóa sổ", "owner_id": world.users["staff"].id, "due_date": today()},
    )
    planned = ops.create_review(
        world.org.id,
        qmr,
        {"title": "Xem xét năm nay", "held_on": today() + timedelta(days=10), "chair_id": qmr.id},
    )
    result = Scene(
        world,
        procedure,
        round_id=round_.id,
        line_id=lines_of(round_)[0].id,
        finding_id=finding.id,
        action_id=action.id,
        accepted_id=_accepted_round(world).id,
        held_id=held.id,
        planned_id=planned.id,
    )
    db.session.commit()
    return result


HTML = {
    "rounds": "/audits/rounds?year=2020",
    "rounds home": "/audits/",
    "round": "/audits/rounds/{s.round_id}",
    "accepted round": "/audits/rounds/{s.accepted_id}",
    "checklist": "/audits/rounds/{s.round_id}/checklist",
    "accept": "/audits/rounds/{s.round_id}/accept",
    "print": "/audits/rounds/{s.accepted_id}/print",
    "report.docx": "/audits/rounds/{s.accepted_id}/report.docx",
    "round edit": "/audits/rounds/{s.round_id}/edit",
    "round new": "/audits/rounds/new",
    "round clone": "/audits/rounds/{s.round_id}/clone",
    "finding new": "/audits/rounds/{s.round_id}/findings/new",
    "line": "/audits/lines/{s.line_id}",
    "findings": "/audits/findings",
    "all findings": "/audits/findings?status=all",
    "finding": "/audits/findings/{s.finding_id}",
    "action new": "/audits/findings/{s.finding_id}/actions/new",
    "actions": "/audits/actions?scope=all",
    "my actions": "/audits/actions?scope=mine",
    "action": "/audits/actions/{s.action_id}",
    "action edit": "/audits/actions/{s.action_id}/edit",
    "action print": "/audits/actions/{s.action_id}/print",
    "car.docx": "/audits/actions/{s.action_id}/car.docx",
    "reviews": "/audits/reviews",
    "held review": "/audits/reviews/{s.held_id}",
    "planned review": "/audits/reviews/{s.planned_id}",
    "review edit": "/audits/reviews/{s.planned_id}/edit",
    "review new": "/audits/reviews/new",
}

API = {
    "rounds": "/api/v1/rounds",
    "round": "/api/v1/rounds/{s.accepted_id}",
    "checklist": "/api/v1/rounds/{s.round_id}/checklist",
    "findings": "/api/v1/findings",
    "finding": "/api/v1/findings/{s.finding_id}",
    "actions": "/api/v1/actions?scope=all",
    "my actions": "/api/v1/me/actions",
    "action": "/api/v1/actions/{s.action_id}",
    "reviews": "/api/v1/management-reviews",
    "held review": "/api/v1/management-reviews/{s.held_id}",
    "planned review": "/api/v1/management-reviews/{s.planned_id}",
    "annual duties": "/api/v1/annual-duties",
}


def _counts(client, scene: Scene, urls: dict, headers: dict) -> dict:
    counts = {}
    for name, url in urls.items():
        url = url.format(s=scene)
        client.get(url, headers=headers)  # warm-up: templates compiled
        with count_queries() as counter:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = counter.count
    return counts


@pytest.mark.parametrize("urls", [HTML, API], ids=["html", "api"])
def test_audit_pages_run_the_same_queries_for_one_row_as_for_many(scene, login, token_for, urls):
    client = login("qmr")
    headers = token_for("qmr") if urls is API else {}
    scene.grow(1)
    few = _counts(client, scene, urls, headers)
    scene.grow(3)
    many = _counts(client, scene, urls, headers)
    assert many == few
