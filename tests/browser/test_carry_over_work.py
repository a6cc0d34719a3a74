"""In a real browser, after a merger: the successor's QMR decides the predecessors' open work on
/carry-over/open-work (transfers a finding with its action, closes the other "do sắp xếp đơn vị
hành chính"), and its administrator reviews the roles of a person carried over on
/carry-over/people and finds the change in the person's role history. Both pages fit an office
screen and a phone with no console error and, where axe-core is installed, no serious violation."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from iso_qms.accounts.models import Role, User
from iso_qms.audits.models import Finding, FindingStatus
from iso_qms.extensions import db
from tests.browser.test_accessibility import AXE, BLOCKING, RUN_AXE
from tests.reorganisations.test_open_work import _come_into_force, _merge, work  # noqa: F401

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def merged(work):  # noqa: F811
    successor = _merge(work, "checklist")
    _come_into_force()
    return work, successor


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", "Password-123")
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/")
    page.wait_for_load_state("load")


def test_the_qmr_transfers_one_finding_and_closes_the_other(merged, page):
    world, successor = merged
    first, second = world.items["first"], world.items["second"]
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, "qmr")
    page.goto("/carry-over/open-work")
    expect(page.locator("[data-testid=dispose-all]")).to_contain_text("3")
    expect(page.locator(f"[data-testid=finding-{first}]")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(NO_SIDEWAYS)
    page.set_viewport_size({"width": 1366, "height": 768})

    page.locator(f"[data-testid=finding-{first}] button[value=transfer]").click()
    page.wait_for_load_state("load")
    expect(page.locator(".alert-success")).to_contain_text("Quảng Điền")
    expect(page.locator(f"[data-testid=finding-{first}]")).to_have_count(0)
    expect(page.locator(f"[data-testid=action-{world.items['action']}]")).to_have_count(0)

    page.locator(f"[data-testid=finding-{second}] button[value=close]").click()
    page.wait_for_load_state("load")
    expect(page.locator("[data-testid=nothing-open]")).to_be_visible()
    assert not page.console_errors

    db.session.expire_all()
    copy = db.session.scalar(sa.select(Finding).where(Finding.transferred_from_id == first))
    assert copy.organisation_id == successor.id and copy.status is FindingStatus.open
    closed = db.session.get(Finding, second)
    assert closed.status is FindingStatus.closed
    assert "sắp xếp đơn vị hành chính" in closed.close_reason


def test_the_admin_reviews_a_carried_persons_roles(merged, page):
    world, _successor = merged
    person = world.users["staff"]
    _log_in(page, "admin")
    page.goto("/carry-over/people")
    row = page.locator(f"[data-testid=person-{person.id}]")
    expect(row).to_contain_text("UBND xã Quảng An")  # where they were before
    row.locator("input[value=inspector]").check()
    row.get_by_role("button").click()
    page.wait_for_load_state("load")
    expect(page.locator(".alert-success")).to_contain_text(person.full_name)
    expect(page.locator(f"[data-testid=person-{person.id}]")).to_have_count(0)
    assert not page.console_errors

    db.session.expire_all()
    reviewed = db.session.get(User, person.id)
    assert reviewed.roles == {Role.staff, Role.inspector} and not reviewed.roles_to_review
    page.goto(f"/admin/users/{person.id}")
    expect(page.get_by_role("heading", name="Lịch sử vai trò")).to_be_visible()
    expect(page.locator("table")).to_contain_text("01/07/2027")  # the inspector role since then


def test_both_pages_have_no_serious_accessibility_violation(merged, _browser, live_server):
    if not AXE.exists():
        return  # axe-core is checked (and required in CI) by test_accessibility.py
    for username, path in (("qmr", "/carry-over/open-work"), ("admin", "/carry-over/people")):
        for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
            context = _browser.new_context(
                base_url=live_server, locale="vi-VN", bypass_csp=True, viewport=size
            )
            try:
                page = context.new_page()
                _log_in(page, username)
                page.goto(path)
                page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                found = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
                assert found == [], (path, size, found)
            finally:
                context.close()
