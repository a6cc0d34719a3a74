"""In a real browser: a self-inspection from plan to a corrective action verified effective — the
secretary plans it, the inspector answers the checklist and raises a finding with its CAR, the owner
reports the action done, another person verifies it, and the QMR accepts the report."""

from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from iso_qms.audits.models import ActionStatus, CorrectiveAction, Finding, Round, RoundStatus
from iso_qms.core.timeutil import today
from iso_qms.extensions import db


def _log_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", "Password-123")
    page.click("[data-testid=login-submit]")
    expect(page.locator("[data-testid=logout]")).to_be_visible()


def _log_out(page):
    page.click("[data-testid=logout]")


def _round() -> Round:
    db.session.expire_all()
    return db.session.scalar(sa.select(Round))


def _plan(page, world) -> None:
    _log_in(page, "iso_secretary")
    page.goto("/audits/rounds")
    page.click("[data-testid=new-round]")
    page.select_option("#kind", "self_inspection")
    page.fill("#title", "Tự kiểm tra công tác CCHC năm 2020")
    page.fill("#plan_ref", "Kế hoạch số 482/KH-UBND ngày 19/12/2019")
    page.fill("#start_date", "17/08/2020")
    page.fill("#end_date", "17/08/2020")
    page.check("input[name=areas][value=CCHC]")
    page.select_option("#leader_id", str(world.users["inspector"].id))
    page.check(f"input[name=member_ids][value='{world.users['qmr'].id}']")
    page.click("[data-testid=save-round]")
    expect(page.locator("[data-testid=impartiality-rule]")).to_be_visible()
    expect(page.locator("[data-testid=team]")).to_contain_text("Inspector")
    page.click("[data-testid=open-checklist]")
    page.click("[data-testid=generate-checklist]")
    expect(page.locator("[data-testid=line]")).to_have_count(3)
    page.goto(f"/audits/rounds/{_round().id}")
    page.click("[data-testid=start-round]")
    expect(page.locator("[data-testid=report-round]")).to_be_visible()
    _log_out(page)


def _inspect(page, world) -> int:
    _log_in(page, "inspector")
    round_id = _round().id
    page.goto(f"/audits/rounds/{round_id}/checklist")
    for index in range(3):
        line = page.locator("[data-testid=line]").nth(index)
        if index == 0:
            line.locator("select").first.select_option("nonconform")
            line.locator("textarea").fill(
                "Trang thông tin điện tử chưa đăng tải Kế hoạch CCHC năm 2020"
            )
        else:
            line.locator("select").first.select_option("conform")
        line.locator("[data-testid=save-result]").click()
        expect(
            page.locator("[data-testid=line]").nth(index).locator("[data-testid=line-result]")
        ).to_be_visible()
    page.locator("[data-testid=raise-finding]").first.click()
    expect(page.locator("[data-testid=finding-description]")).to_contain_text(
        "Kế hoạch CCHC năm 2020"
    )
    page.click("[data-testid=new-action]")
    page.fill("#correction", "Đăng tải ngay kế hoạch")
    page.fill("#why_1", "Kế hoạch chưa được đăng tải")
    page.fill("#why_2", "Chưa ai được giao cập nhật trang thông tin")
    page.fill("#root_cause", "Chưa phân công trách nhiệm")
    page.fill("#action", "Giao công chức Văn phòng cập nhật trang thông tin hằng tuần")
    page.select_option("#owner_id", str(world.users["staff"].id))
    page.fill("#due_date", (today() + timedelta(days=14)).strftime("%d/%m/%Y"))
    page.click("[data-testid=save-action]")
    expect(page.locator("[data-testid=whys]")).to_contain_text("Chưa ai được giao")
    page.goto(f"/audits/rounds/{round_id}")
    page.fill("#summary", "Các bộ phận thực hiện tốt; còn 01 điểm không phù hợp nhẹ.")
    page.click("[data-testid=save-report-text]")
    page.click("[data-testid=report-round]")
    expect(page.locator("[data-testid=report-round]")).to_have_count(0)
    assert _round().status is RoundStatus.reported
    _log_out(page)
    return db.session.scalar(sa.select(CorrectiveAction.id))


def test_a_round_from_plan_to_a_verified_action(world, page):
    _plan(page, world)
    action_id = _inspect(page, world)

    _log_in(page, "staff")  # the owner finds it among their actions and reports it done
    page.goto("/audits/actions")
    page.click(f"a[href='/audits/actions/{action_id}']")
    expect(page.locator("[data-testid=verify-action]")).to_have_count(0)
    page.fill("#evidence", "Đã đăng tải; phân công tại Quyết định số 301/QĐ-UBND")
    page.click("[data-testid=complete-action]")
    expect(page.locator("[data-testid=complete-action]")).to_have_count(0)
    _log_out(page)

    _log_in(page, "inspector")  # someone other than the owner verifies effectiveness
    page.goto(f"/audits/actions/{action_id}")
    page.select_option("#effective", "yes")
    page.fill("#note", "Đã kiểm tra trang thông tin điện tử")
    page.click("[data-testid=verify-action]")
    expect(page.locator("[data-testid=verifications]")).to_contain_text("Inspector")
    _log_out(page)

    _log_in(page, "qmr")  # the QMR closes the finding and accepts the report with a signature
    finding_id = db.session.scalar(sa.select(Finding.id))
    page.goto(f"/audits/findings/{finding_id}")
    page.click("[data-testid=close-finding]")
    page.goto(f"/audits/rounds/{_round().id}")
    page.click("[data-testid=accept-report]")
    page.fill("#password", "Password-123")
    page.click("[data-testid=sign-report]")
    expect(page.locator("[data-testid=accepted]")).to_be_visible()
    expect(page.locator("[data-testid=signature]")).to_contain_text("Qmr")

    db.session.expire_all()
    action = db.session.get(CorrectiveAction, action_id)
    assert (
        action.status is ActionStatus.closed
        and action.verified_by_id == world.users["inspector"].id
    )
    assert db.session.get(Finding, finding_id).is_locked and _round().is_accepted
    assert page.console_errors == []
