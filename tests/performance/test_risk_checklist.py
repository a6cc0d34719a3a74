"""Internal-audit checklists cite the register (6.1): a line on clause 6.1 or 6.1.x shows the
risks and opportunities of its procedure and cites entries by id; other lines do not; the rules
of the checklist (open round, the team) hold; another organisation's entries are refused."""

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as audit_ops
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.extensions import db
from iso_qms.performance import risk_citations
from iso_qms.performance.risk_models import RiskCitation
from tests.audits.builders import make_round
from tests.fixtures.factories import World, create_procedure, create_user
from tests.performance.risk_builders import make_risk
from tests.query_counter import count_queries


def _scene(world, clause: str = "6.1"):
    procedure = create_procedure(world)
    round_ = make_round(
        world, kind="internal_audit", areas=(), clauses=["6"], procedures=[procedure]
    )
    secretary = world.users["iso_secretary"]
    audit_ops.generate_checklist(round_, secretary)
    line = audit_ops.add_checklist_line(
        round_,
        secretary,
        {"question": "Rủi ro của quy trình?", "clause": clause, "procedure_id": procedure.id},
    )
    other_line = audit_ops.add_checklist_line(
        round_, secretary, {"question": "Hồ sơ?", "clause": "7.5", "procedure_id": procedure.id}
    )
    risk = make_risk(world, procedure_id=procedure.id, description="Hồ sơ trễ hạn")
    elsewhere = make_risk(world, description="Mất hồ sơ giấy")
    db.session.commit()
    return round_, line, other_line, risk, elsewhere


def _citations() -> int:
    return db.session.scalar(sa.select(sa.func.count(RiskCitation.id)))


@pytest.mark.parametrize(
    ("clause", "cites"),
    [("6.1", True), ("6.1.2", True), ("6.2", False), ("6.10", False), ("", False)],
)
def test_which_clauses_cite_the_register(clause, cites):
    assert risk_citations.is_risk_clause(clause) is cites


def test_a_61_line_shows_its_procedures_risks_and_cites_one(world, login):
    round_, line, other_line, risk, elsewhere = _scene(world)
    client = login("iso_secretary")
    page = client.get(f"/audits/rounds/{round_.id}/checklist").get_data(as_text=True)
    assert page.count('data-testid="line-risks"') == 2  # the generated 6.1 line and ours
    assert page.count('data-testid="procedure-risk"') == 1 and f"/risks/{risk.id}" in page
    response = client.post(f"/risks/lines/{line.id}/cite", data={"risk_id": str(elsewhere.id)})
    assert response.status_code == 302 and response.location.endswith(f"#line-{line.id}")
    client.post(f"/risks/lines/{line.id}/cite", data={"risk_id": str(elsewhere.id)})  # again
    assert _citations() == 1
    page = client.get(f"/audits/rounds/{round_.id}/checklist").get_data(as_text=True)
    assert page.count('data-testid="cited-risk"') == 1 and "RR-02" in page
    removed = client.post(f"/risks/lines/{line.id}/cite/{elsewhere.id}/remove", data={})
    assert removed.status_code == 302 and _citations() == 0


def test_a_line_on_another_clause_cites_nothing(world, login):
    round_, line, other_line, risk, elsewhere = _scene(world)
    with pytest.raises(ValidationFailed):
        risk_citations.cite_risk(other_line, world.users["iso_secretary"], risk.id)
    client = login("iso_secretary")
    client.post(f"/risks/lines/{other_line.id}/cite", data={"risk_id": str(risk.id)})
    assert _citations() == 0


def test_another_organisations_entry_is_refused(world, login):
    round_, line, other_line, risk, elsewhere = _scene(world)
    other = World(world.province, world.district, world.other_org, world.org, {})
    other.users["qmr"] = create_user(world.other_org, "b_qmr", "staff", "qmr")
    theirs = make_risk(other)
    db.session.commit()
    with pytest.raises(ValidationFailed):
        risk_citations.cite_risk(line, world.users["iso_secretary"], theirs.id)
    client = login("iso_secretary")
    response = client.post(f"/risks/lines/{line.id}/cite", data={"risk_id": str(theirs.id)})
    assert response.status_code == 302 and _citations() == 0
    assert client.post(f"/risks/lines/{line.id}/cite/{theirs.id}/remove").status_code == 404
    bad = client.post(f"/risks/lines/{line.id}/cite", data={"risk_id": "99999999999"})
    assert bad.status_code == 422 and _citations() == 0


def test_only_the_team_cites_and_only_while_the_round_is_open(world, login):
    round_, line, other_line, risk, elsewhere = _scene(world)
    with pytest.raises(PermissionDenied):
        risk_citations.cite_risk(line, world.users["staff"], risk.id)
    assert (
        login("staff")
        .post(f"/risks/lines/{line.id}/cite", data={"risk_id": str(risk.id)})
        .status_code
        == 403
    )
    risk_citations.cite_risk(line, world.users["inspector"], risk.id)  # the round's leader
    audit_ops.start_round(round_, world.users["iso_secretary"])
    for each in db.session.scalars(sa.select(type(line)).where(type(line).round_id == round_.id)):
        if each.result is None:
            audit_ops.record_line_result(each, world.users["inspector"], "conform", "")
    audit_ops.report_round(round_, world.users["inspector"], "Tóm tắt")
    with pytest.raises(InvalidState):
        risk_citations.cite_risk(line, world.users["inspector"], elsewhere.id)
    with pytest.raises(InvalidState):
        risk_citations.uncite_risk(line, world.users["inspector"], risk)
    assert _citations() == 1


def test_removing_a_line_or_regenerating_the_checklist_removes_its_citations(world):
    round_, line, other_line, risk, elsewhere = _scene(world)
    secretary = world.users["iso_secretary"]
    risk_citations.cite_risk(line, secretary, risk.id)
    audit_ops.remove_checklist_line(line, secretary)
    assert _citations() == 0
    generated = next(
        each
        for each in db.session.scalars(
            sa.select(type(line)).where(type(line).round_id == round_.id)
        )
        if each.clause == "6.1"
    )
    risk_citations.cite_risk(generated, secretary, risk.id)
    audit_ops.generate_checklist(round_, secretary)
    assert _citations() == 0


def test_the_checklist_costs_the_same_queries_with_many_citations(world, login):
    round_, line, other_line, risk, elsewhere = _scene(world)
    secretary = world.users["iso_secretary"]
    client = login("iso_secretary")

    def counted() -> int:
        with count_queries() as counter:
            assert client.get(f"/audits/rounds/{round_.id}/checklist").status_code == 200
        return counter.count

    risk_citations.cite_risk(line, secretary, risk.id)
    db.session.commit()
    few = counted()
    procedure = line.procedure
    for i in range(6):
        extra = make_risk(world, procedure_id=procedure.id, description=f"Rủi ro {i}")
        risk_citations.cite_risk(line, secretary, extra.id)
    db.session.commit()
    assert counted() == few
