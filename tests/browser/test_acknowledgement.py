"""In a real browser: a staff member opens their reading task and confirms; the QMR's coverage
shows it."""

from datetime import date

from playwright.sync_api import expect

from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure, create_revision


def _log_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", "Password-123")
    page.click("[data-testid=login-submit]")
    expect(page.locator("[data-testid=logout]")).to_be_visible()


def test_staff_confirms_and_the_qmr_sees_it(world, page):
    procedure = create_procedure(world, code="QT-HT-01", title="Quy trình đăng ký khai sinh")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    db.session.commit()
    _log_in(page, "staff")
    panel = page.locator("[data-testid=panel-my-tasks]")
    expect(panel).to_contain_text("QT-HT-01")
    panel.locator("a", has_text="QT-HT-01").click()
    expect(page.locator("main")).to_contain_text("Ban hành lần đầu")
    page.click("[data-testid=confirm]")
    expect(page.locator(".alert-success")).to_contain_text("QT-HT-01")
    page.click("[data-testid=logout]")

    _log_in(page, "qmr")
    page.goto("/acknowledgements/coverage")
    expect(page.locator("[data-testid=coverage-figure]")).to_contain_text("1/6")
    row = page.locator("[data-testid=matrix] tr", has_text="Staff")
    expect(row.locator("td.table-success")).to_have_count(1)
    with page.expect_download() as download:
        page.click("[data-testid=coverage-xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert page.console_errors == []
