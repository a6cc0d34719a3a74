"""One rule of "held" (đã thực hiện) for a round: the annual duties on the home page and the report
read it from the same place, so the home page never says of this year's internal audit both
"đã thực hiện" and "chưa thực hiện" (issue 12, case 8). Rounds cannot be cancelled (a planned one is
edited or left planned), so there is no cancelled state to compare."""

import re
from datetime import date, timedelta

import pytest

from iso_qms.audits import operations as ops
from iso_qms.audits.queries import annual_duties
from iso_qms.core.errors import InvalidState
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.reports.compliance import compliance_status, make_period
from tests.audits.builders import PASSWORD, answer_all, make_round

STATES = ["planned", "started", "reported", "accepted", "closed"]
HELD = {"planned": False, "started": True, "reported": True, "accepted": True, "closed": True}


def _audit(world, start: date | None = None):
    day = start or today()
    return make_round(world, kind="internal_audit", areas=(), clauses=("9",), start=day)


def _round_in(world, state: str):
    """This year's internal audit, taken through the real operations up to `state`."""
    round_ = _audit(world)
    if state == "planned":
        return round_
    ops.generate_checklist(round_, world.users["iso_secretary"])
    ops.start_round(round_, world.users["iso_secretary"])
    if state == "started":
        return round_
    answer_all(round_, world.users["inspector"])
    ops.report_round(round_, world.users["iso_secretary"], "Tóm tắt kết quả đánh giá.")
    if state == "reported":
        return round_
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    if state == "closed":
        ops.close_round(round_, world.users["qmr"])
    return round_


def _report(world) -> dict:
    """The status the home page's report panel shows: this year, as of today."""
    on = today()
    return compliance_status(world.org, make_period(date(on.year, 1, 1), on, on))


def _verdict(line: str) -> set[str]:
    """What one line says of a duty: "held", "not held", or (a contradiction) both."""
    text = line.lower()
    said = set()
    if "đã thực hiện" in text or "đã tổ chức" in text:
        said.add("held")
    if "chưa" in text:
        said.add("not held")
    return said


def _home_lines(page: str) -> dict[str, list[str]]:
    """Per duty, the lines of the home page that speak of it (audits panel, status panel)."""
    duties = re.search(r'data-testid="annual-duties">(.*?)</ul>', page, re.S).group(1)
    status = re.search(r'data-testid="panel-status">(.*?)</ul>', page, re.S).group(1)
    audit_li, review_li = re.findall(r"<li>(.*?)</li>", duties, re.S)
    status_li = next(li for li in re.findall(r"<li[^>]*>(.*?)</li>", status, re.S) if "·" in li)
    audit_said, review_said = status_li.split("·")
    return {"internal_audit": [audit_li, audit_said], "management_review": [review_li, review_said]}


def test_a_round_scheduled_later_cannot_be_started_today(world):
    round_ = _audit(world, start=today() + timedelta(days=1))
    ops.generate_checklist(round_, world.users["iso_secretary"])
    with pytest.raises(InvalidState):
        ops.start_round(round_, world.users["iso_secretary"])
    assert round_.started_at is None
    assert annual_duties(world.org.id, round_.start_date.year)["internal_audit"]["held"] is False


@pytest.mark.parametrize("state", STATES)
def test_the_home_page_never_says_a_duty_is_both_held_and_not_held(world, login, state):
    _round_in(world, state)
    db.session.commit()
    page = login("qmr").get("/").get_data(as_text=True)
    for duty, lines in _home_lines(page).items():
        said = [_verdict(line) for line in lines]
        assert all(len(s) == 1 for s in said) and said[0] == said[1], (duty, lines)
    expected = "held" if HELD[state] else "not held"
    assert [_verdict(line) for line in _home_lines(page)["internal_audit"]] == [{expected}] * 2


@pytest.mark.parametrize("state", STATES)
def test_the_annual_duties_and_the_report_agree_on_held(world, state):
    round_ = _round_in(world, state)
    duties = annual_duties(world.org.id, today().year)["internal_audit"]
    report = _report(world)
    in_report = next(r for r in report["rounds"] if r["id"] == round_.id)
    assert duties["held"] is report["annual_duties"]["internal_audit_held"] is HELD[state]
    assert in_report["held"] is HELD[state]
    assert duties["planned"] is not HELD[state]
