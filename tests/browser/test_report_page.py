"""In a real browser: the QMR computes the report for a period, sees the figures, paragraphs and
charts, and downloads the .docx section."""

from datetime import UTC, date, datetime

from playwright.sync_api import expect

from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure, create_revision


def test_report_page_and_download(world, page):
    set_clock(datetime(2020, 1, 2, 3, tzinfo=UTC))
    try:
        procedure = create_procedure(world, code="QT-HT-01")
        create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
        db.session.commit()
    finally:
        set_clock(None)
    page.goto("/login")
    page.fill("#username", "qmr")
    page.fill("#password", "Password-123")
    page.click("[data-testid=login-submit]")
    page.goto("/reports/")
    page.fill("#from", "01/01/2020")
    page.fill("#to", "14/09/2020")
    page.fill("#as_of", "05/09/2020")
    page.click("[data-testid=compute]")
    expect(page.locator("[data-testid=figure-342]")).to_have_text("1/1 (100%)")
    expect(page.locator("[data-testid='para-II.6']")).to_contain_text(
        "01/01 quy trình giải quyết TTHC"
    )
    expect(page.locator("svg.chart")).to_have_count(3)
    expect(page.locator("[data-testid=appendix]")).to_contain_text("3.4.2")
    with page.expect_download() as download:
        page.click("[data-testid=download-docx]")
    assert download.value.suggested_filename.endswith(".docx")
    path = download.value.path()
    from docx import Document

    assert "BÁO CÁO" in "\n".join(p.text for p in Document(path).paragraphs)
    page.fill("#to", "01/01/2019")
    page.click("[data-testid=compute]")
    expect(page.locator("[data-testid=period-error]")).to_be_visible()
    assert [e for e in page.console_errors if "422" not in e] == []
