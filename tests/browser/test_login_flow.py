"""In a real browser: log in, see the Vietnamese home page, switch to English, log out."""

from playwright.sync_api import expect


def _log_in(page, username="qmr", password="Password-123"):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("[data-testid=login-submit]")


def test_log_in_see_vietnamese_home_switch_to_english_and_log_out(world, page):
    _log_in(page)
    expect(page.locator("h1")).to_have_text("UBND xã Quảng An")
    expect(page.locator("nav")).to_contain_text("Trang chủ")
    expect(page.locator("[data-testid=roles]")).to_contain_text("Đại diện lãnh đạo về chất lượng")
    page.wait_for_load_state("load")  # app.js, which submits the select, has run (a busy CI)
    page.select_option(
        "#lang-select", "en"
    )  # the select submits itself (static JS, no inline script)
    expect(page.locator("nav")).to_contain_text("Home")
    expect(page.locator("[data-testid=logout]")).to_have_text("Log out")
    page.click("[data-testid=logout]")
    expect(page).to_have_url(page.url.split("/login")[0].rstrip("/") + "/login")
    expect(page.locator("h1")).to_have_text("Log in")
    assert page.console_errors == []  # no CSP violation, no missing asset


def test_wrong_password_shows_a_vietnamese_message(world, page):
    _log_in(page, password="sai-mat-khau")
    expect(page.locator(".alert-danger")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
