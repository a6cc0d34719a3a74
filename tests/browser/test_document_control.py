"""In a real browser: the secretary drafts and submits, the QMR signs with the password, the
procedure page shows the new issue in force, and the print view has its header and footer."""

from playwright.sync_api import expect

from iso_qms.extensions import db
from tests.fixtures.factories import PASSWORD, create_procedure


def _log_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", "Password-123")
    page.click("[data-testid=login-submit]")
    expect(page.locator("[data-testid=logout]")).to_be_visible()


def _log_out(page):
    page.click("[data-testid=logout]")


def test_draft_submit_approve_then_in_force_and_printable(world, page):
    procedure = create_procedure(
        world, code="QT-HT-01", title="Quy trình đăng ký khai sinh", statutory="Trong ngày"
    )
    db.session.commit()
    _log_in(page, "iso_secretary")
    page.goto(f"/procedures/{procedure.id}")
    page.click("[data-testid=new-revision]")
    page.fill("#change_summary", "Ban hành lần đầu")
    page.fill("#change_location", "Toàn bộ")
    page.fill("#muc_dich", "Quy định trình tự **đăng ký khai sinh**.")
    page.fill("#steps-0-title", "Tiếp nhận, kiểm tra hồ sơ")
    page.fill("#steps-0-responsible", "Công chức một cửa")
    page.fill("#steps-0-duration", "02 giờ làm việc")
    page.fill("#steps-1-title", "Ghi sổ, trình ký, trả kết quả")
    page.fill("#steps-1-responsible", "Công chức Tư pháp - Hộ tịch")
    page.fill("#steps-1-duration", "06 giờ làm việc")
    page.click("[data-testid=save-done]")
    expect(page.locator("[data-testid=steps-total]")).to_contain_text("1")
    page.fill("#submit-password", PASSWORD)
    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=status]")).to_have_text("Chờ phê duyệt")
    _log_out(page)

    _log_in(page, "qmr")
    page.goto(f"/procedures/{procedure.id}")
    page.click("text=Lần ban hành 01")
    page.click("[data-testid=approve]")
    expect(page.locator("main")).to_contain_text("đăng ký khai sinh")  # the diff against nothing
    page.fill("#password", "sai-mat-khau")
    page.click("[data-testid=sign]")
    expect(page.locator(".invalid-feedback")).to_be_visible()
    page.console_errors.clear()  # the refused signature answered 403, as it should
    page.fill("#password", "Password-123")
    page.click("[data-testid=sign]")
    # Post/Redirect/Get: the signature lands on the revision, which says it is signed
    expect(page.locator("main")).to_contain_text("đã được phê duyệt")
    page.goto(f"/procedures/{procedure.id}")
    in_force = page.locator("[data-testid=in-force]")
    expect(in_force).to_contain_text("Lần ban hành 01")
    expect(in_force.locator("strong").first).to_have_text("đăng ký khai sinh")
    expect(page.locator("[data-testid=signoff]")).to_contain_text("Qmr")
    expect(page.locator("[data-testid=history]")).to_contain_text("Ban hành lần đầu")

    in_force.locator("a[href$='/print']").click()
    expect(page.locator("[data-testid=print-header]")).to_contain_text("QT-HT-01")
    expect(page.locator("[data-testid=print-footer]")).to_contain_text("Bản không kiểm soát khi in")
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-"
    assert page.console_errors == []
