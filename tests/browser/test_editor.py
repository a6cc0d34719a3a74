"""In a real browser, editing a draft (issue 13, item 9): a section's text area grows with its
content, and its live preview is rendered by the server with the revision page's Markdown rules
(sanitised: a script typed into the text never runs)."""

from playwright.sync_api import expect

from iso_qms.extensions import db
from tests.browser.test_document_control import _log_in
from tests.fixtures.factories import create_procedure


def test_a_section_grows_and_previews_as_it_is_typed(world, page):
    procedure = create_procedure(world, code="QT-HT-01", title="Quy trình đăng ký khai sinh")
    db.session.commit()
    _log_in(page, "iso_secretary")
    page.goto(f"/procedures/{procedure.id}")
    page.click("[data-testid=new-revision]")
    area = page.locator("#muc_dich")
    expect(area).to_be_visible()
    before = area.evaluate("a => a.clientHeight")
    lines = "\n".join(f"- Bước {n}: tiếp nhận, kiểm tra hồ sơ" for n in range(1, 16))
    area.fill(f"Quy định trình tự **đăng ký khai sinh**.\n\n{lines}\n\n<script>window.x=1</script>")
    page.wait_for_function("() => document.querySelector('#muc_dich').clientHeight > 0")
    after = area.evaluate("a => a.clientHeight")
    assert after > before * 2, (before, after)
    assert area.evaluate("a => a.scrollHeight <= a.clientHeight + 2")  # no inner scroll bar
    preview = page.locator("[data-testid=preview-muc_dich]")
    expect(preview.locator("strong")).to_have_text("đăng ký khai sinh")
    expect(preview.locator("li")).to_have_count(15)
    assert preview.locator("script").count() == 0
    assert page.evaluate("() => window.x") is None
