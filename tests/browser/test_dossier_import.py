"""In a real browser: the ISO secretary uploads a one-stop-shop export, maps its columns, sees the
preview with its counts, imports it, and (where the figures page exists) sees its charts."""

from datetime import datetime

from playwright.sync_api import expect

from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure

EXPORT = (
    "\ufeffDANH SÁCH HỒ SƠ\r\n\r\n"
    "Số hồ sơ;Mã TTHC;Tên thủ tục;Ngày tiếp nhận;Ngày hẹn trả;Ngày trả kết quả;Hình thức nộp\r\n"
    "HS-1;1.001193;Đăng ký khai sinh;02/03/2020 08:15;02/03/2020 17:00;02/03/2020 10:30;Trực tiếp\r\n"
    "HS-2;1.001193;Đăng ký khai sinh;03/03/2020 09:00;03/03/2020 17:00;04/03/2020 08:30;Trực tuyến\r\n"
    "HS-3;;Đăng ký khai sinh;02/04/2020 14:00;02/04/2020 17:00;02/04/2020 15:00;BCCI\r\n"
)


def test_the_secretary_maps_previews_and_imports_an_export(world, page, tmp_path, app_ctx):
    set_clock(datetime(2020, 10, 1, 9, tzinfo=LOCAL_TZ))
    try:
        create_procedure(world, "QT-HT-01", statutory="Trong ngày", tthc_code="1.001193",
                         title="Quy trình đăng ký khai sinh")  # fmt: skip
        db.session.commit()
        export = tmp_path / "mot-cua.csv"
        export.write_bytes(EXPORT.encode())
        page.goto("/login")
        page.fill("#username", "iso_secretary")
        page.fill("#password", "Password-123")
        page.click("[data-testid=login-submit]")
        page.wait_for_url("**/")
        page.wait_for_load_state("load")  # the menu's script (Bootstrap) has run
        page.set_viewport_size({"width": 1366, "height": 768})
        page.locator("nav .dropdown-toggle", has_text="Đo lường").click()
        expect(page.locator("nav a.dropdown-item", has_text="Nhập hồ sơ một cửa")).to_be_visible()
        page.locator("nav a.dropdown-item", has_text="Nhập hồ sơ một cửa").click()
        expect(page.locator("h1")).to_have_text("Nhập hồ sơ một cửa")
        page.set_input_files("#import-file", str(export))
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator("#map-received_at")).to_have_value("Ngày tiếp nhận")  # guessed
        expect(page.locator("#map-code")).to_have_value("Số hồ sơ")
        page.select_option("#map-channel", "Hình thức nộp")
        page.select_option("#map-tthc_name", "Tên thủ tục")
        page.click("[data-testid=import-preview]")
        expect(page.locator("[data-testid=import-counts]")).to_contain_text("3 dòng: 3 mới")
        expect(page.locator("[data-testid=import-sample] tbody tr")).to_have_count(3)
        page.click("[data-testid=import-apply]")
        expect(page.locator(".alert-success")).to_contain_text("Đã nhập 3 dòng: 3 hồ sơ mới")
        expect(page.locator("[data-testid=import-history] tbody tr")).to_have_count(1)
        assert not page.console_errors  # the import's pages (the figures page is its own test's)
        page.goto("/performance/?from=01/01/2020&to=30/09/2020&as_of=01/10/2020")
        expect(page.locator("[data-testid=received]")).to_have_text("3")
        expect(page.locator("figure svg").first).to_be_visible()
    finally:
        set_clock(None)
