"""In a real browser: the successor's ISO secretary opens the carry-over page from the menu, sees
the predecessors' procedures of one TTHC side by side with what differs, adopts one, and finds
its provenance on the new procedure's page; the page fits an office screen and a phone (the
columns stack) with no console error and, where axe-core is installed, no serious violation."""

from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE, BLOCKING, RUN_AXE
from tests.reorganisations.test_adopt import merged  # noqa: F401  (the merged world)

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", "Password-123")
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/")
    page.wait_for_load_state("load")  # the menu's script (Bootstrap) has run


def test_the_secretary_compares_and_adopts_a_predecessors_procedure(merged, page):  # noqa: F811
    world, successor, a_proc, b_proc = merged
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, "qd_sec")
    entry = page.locator("nav a.dropdown-item[href='/carry-over']")
    in_menu = page.locator("a.dropdown-item[href='/carry-over']")
    page.locator("nav .dropdown", has=in_menu).locator(".dropdown-toggle").click()
    expect(entry).to_be_visible()
    entry.click()
    page.wait_for_load_state("load")
    expect(page.locator("[data-testid=not-adopted]")).to_contain_text(": 1/1")
    group = page.locator("[data-testid='group-1.001193']")
    expect(group.locator(f"[data-testid=column-{a_proc.id}]")).to_contain_text("QT-HT-01")
    expect(group.locator(f"[data-testid=column-{b_proc.id}]")).to_contain_text("QT-TP-05")
    expect(group.locator("[data-testid=differs]")).to_be_visible()  # the legal bases differ
    # the step tables themselves, side by side (the same here: no step marked)
    expect(group.locator(f"[data-testid=steps-{a_proc.id}] li")).to_have_count(4)
    expect(group.locator(f"[data-testid=steps-{b_proc.id}] li")).to_have_count(4)
    expect(group.locator("[data-testid=step-differs]")).to_have_count(0)
    assert page.evaluate(NO_SIDEWAYS)
    a_box = group.locator(f"[data-testid=column-{a_proc.id}]").bounding_box()
    b_box = group.locator(f"[data-testid=column-{b_proc.id}]").bounding_box()
    assert abs(a_box["y"] - b_box["y"]) < 2  # side by side on an office screen

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(NO_SIDEWAYS)
    a_box = group.locator(f"[data-testid=column-{a_proc.id}]").bounding_box()
    b_box = group.locator(f"[data-testid=column-{b_proc.id}]").bounding_box()
    assert b_box["y"] > a_box["y"] + a_box["height"] - 2  # stacked on a phone

    page.set_viewport_size({"width": 1366, "height": 768})
    code = page.locator(f"#adopt-{a_proc.id}-code")
    expect(code).to_have_value("QT-HT-01")  # prefilled with the predecessor's code
    code.fill("QT-QĐ-01")
    page.locator(f"[data-testid=adopt-{a_proc.id}] button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_contain_text("QT-QĐ-01")
    provenance = page.locator("[data-testid=provenance]")
    expect(provenance).to_contain_text("QT-HT-01")
    expect(provenance).to_contain_text("UBND xã Quảng An")
    page.goto("/carry-over")
    expect(page.locator("[data-testid=adopted]")).to_contain_text("QT-QĐ-01")
    expect(page.locator("[data-testid=not-adopted]")).to_contain_text(": 0/1")
    assert not page.console_errors


def test_the_carry_over_page_has_no_serious_accessibility_violation(merged, _browser, live_server):  # noqa: F811
    if not AXE.exists():
        return  # axe-core is checked (and required in CI) by test_accessibility.py
    for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
        context = _browser.new_context(
            base_url=live_server, locale="vi-VN", bypass_csp=True, viewport=size
        )
        try:
            page = context.new_page()
            _log_in(page, "qd_sec")
            page.goto("/carry-over")
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            found = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
            assert found == [], (size, found)
        finally:
            context.close()
