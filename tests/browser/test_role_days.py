"""Each role's day on the Quảng An demo, in a real browser (issue 13, "Done when"):

1. the secretary drafts and submits; the reviewer and the approver the signing chain names (the
   QMR reviews, the Chủ tịch approves) see it on the home page and in the menu's count, and each
   signs in at most 3 clicks from the home page plus the password; Back after signing shows who
   signed when, not the form, and a second submit makes no second signature — on a 1366×768
   screen and on a 390×844 phone (the menu folded behind its toggler);
2. staff see their reading in "Việc của tôi", confirm it, and the count drops;
3. the owner of a corrective action reports it done, and the verifiers are told (the menu's
   notification count, the notifications page, their inbox);
4. the audit trail says the approval in Vietnamese words, with the signer's full name, and keeps
   the raw codes behind "chi tiết".

The demo is seeded once for the module (demo_site); each walk works on records of its own and
compares counts before and after, so the walks do not depend on their order.
"""

import re

import pytest
from playwright.sync_api import expect

from iso_qms.seed import DEMO_PASSWORD
from tests.browser._days import (
    MY_WORK,
    NOTIFICATIONS,
    Clicks,
    home_item,
    menu_count,
    menu_entry,
    notifications_of,
    open_action_of,
    open_revision,
    procedure_id,
    reading_status,
    signatures,
    text_outside_details,
    within_reach,
)
from tests.browser.demo_site import SIZES, demo_site, open_as

#: Quảng An's story on the 2020 map to today (`qms seed-demo --no-reform-2025`): this
#: module's facts are Quảng An's after 2025 too; the default demo is tests/reorganisations'.
DEMO_REFORM = False

__all__ = ["demo_site"]

DESKTOP = "1366x768"
PHONE = "390x844"

#: The signing chain of Quảng An's demo (seed/data/signing_chains.csv).
REVIEWER, REVIEWER_NAME = "qmr", "Hồ Đắc Tuấn"
APPROVER, APPROVER_NAME = "head", "Lê Văn Hải"
#: The author's signature the submission records (the secretary, Quách Đình Niệm).
AUTHORED = ("authored", "Quách Đình Niệm")

#: The procedure each size drafts: the demo's open draft on the laptop, a new issue on the phone.
DRAFTED = {DESKTOP: "QT.04", PHONE: "QT-HT-01"}

#: Raw forms the audit trail must not show outside "chi tiết".
RAW = re.compile(r"revision\.approve|\bRevision \d|\bUser \d|LocalProxy|\{|\d{4}-\d{2}-\d{2}")


@pytest.fixture
def people(demo_site, _browser):
    """people(login, size) -> a logged-in page; every context is closed after the test."""
    base_url, _ = demo_site
    contexts = []

    def _open(login: str, size: str = DESKTOP):
        context, page = open_as(_browser, base_url, login, size)
        contexts.append(context)
        return page

    yield _open
    for context in contexts:
        context.close()


def _submit_a_draft(page, app, code: str) -> tuple[int, str]:
    """The secretary edits the open draft of `code` (or opens a new issue), saves and submits."""
    page.goto(f"/procedures/{procedure_id(app, code)}")
    draft = open_revision(app, code)
    if draft is None:
        page.get_by_role("button", name="Tạo lần ban hành mới").click()
    else:
        assert draft[2] == "draft", f"{code} has an open revision in review already"
        page.get_by_role("link", name=f"Lần ban hành {draft[1]:02d}").first.click()
        page.get_by_role("link", name="Chỉnh sửa dự thảo").click()
    summary = page.get_by_label("Tóm tắt nội dung sửa đổi")
    expect(summary).to_be_visible()
    summary.fill("Bổ sung kênh tiếp nhận phản ánh qua Cổng Dịch vụ công")
    page.get_by_label("Vị trí sửa đổi").fill("Mục 5")
    content = page.get_by_label("5. Nội dung quy trình")
    content.fill(
        content.input_value() + "\n\nPhản ánh, kiến nghị được tiếp nhận cả qua Cổng Dịch vụ công."
    )
    page.get_by_role("button", name="Lưu và đóng").click()
    page.locator("#submit-password").fill(DEMO_PASSWORD)  # the drafter signs too
    page.get_by_role("button", name="Ký và gửi phê duyệt").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ phê duyệt")
    revision_id, number, status = open_revision(app, code)
    assert status == "in_review"
    return revision_id, f"{code}, lần ban hành {number:02d}"


def _sign_from_home(page, group: str, title: str, step_button: str | None) -> Clicks:
    """From the home page to a signature: the inbox item, the step's button if the item opens
    the revision, the password, the sign button. Returns the clicks made."""
    clicks = Clicks()
    page.goto("/")
    clicks(within_reach(home_item(page, group, title)))
    if step_button and not page.get_by_label("Mật khẩu (chữ ký điện tử)").is_visible():
        clicks(within_reach(page.get_by_role("link", name=step_button)))
    within_reach(page.get_by_label("Mật khẩu (chữ ký điện tử)")).fill(DEMO_PASSWORD)
    clicks(within_reach(page.get_by_role("button", name=re.compile("^Ký"))))
    expect(page.get_by_role("alert").filter(has_text="ký")).to_be_visible()
    return clicks


def _back_is_no_form(page, signer_name: str) -> None:
    """Back after the signature: a page that says who signed, not a live signing form."""
    page.go_back()
    expect(page.get_by_test_id("already-signed")).to_contain_text(signer_name)
    expect(page.get_by_label("Mật khẩu (chữ ký điện tử)")).to_have_count(0)
    expect(page.get_by_role("link", name="Mở lần ban hành")).to_be_visible()


def _mistyped_password_leaves_no_post_behind(tab) -> None:
    """A wrong password comes back to the form with its message; reloading it asks for no
    resubmission: the page shown is a GET (Post/Redirect/Get on failure too)."""
    tab.get_by_label("Mật khẩu (chữ ký điện tử)").fill("sai-mat-khau")
    tab.get_by_role("button", name=re.compile("^Ký")).click()
    expect(tab.locator(".invalid-feedback")).to_be_visible()
    methods = []
    tab.on("request", lambda r: methods.append(r.method) if r.is_navigation_request() else None)
    tab.reload()
    assert methods == ["GET"]
    expect(tab.get_by_label("Mật khẩu (chữ ký điện tử)")).to_be_visible()


def _second_submit(stale_form, signer_name: str) -> None:
    """The form left open in another tab before signing, submitted again."""
    stale_form.get_by_label("Mật khẩu (chữ ký điện tử)").fill(DEMO_PASSWORD)
    stale_form.get_by_role("button", name=re.compile("^Ký")).click()
    expect(stale_form.get_by_test_id("already-signed")).to_contain_text(signer_name)
    expect(stale_form.get_by_test_id("signatures")).to_contain_text(signer_name)


@pytest.mark.parametrize("size", SIZES)
def test_the_chain_is_told_of_a_submitted_draft_and_signs_it_from_home_in_three_clicks(
    app, demo_site, people, size
):
    reviewer, approver = people(REVIEWER, size), people(APPROVER, size)
    reviewer.goto("/")
    approver.goto("/")
    waiting_reviewer = menu_count(reviewer, MY_WORK)
    waiting_approver = menu_count(approver, MY_WORK)

    secretary = people("secretary", size)
    revision_id, title = _submit_a_draft(secretary, app, DRAFTED[size])

    # The reviewer is told: on the home page and in the menu's count.
    reviewer.goto("/")
    expect(home_item(reviewer, "Quy trình chờ bạn xem xét", title)).to_be_visible()
    assert menu_count(reviewer, MY_WORK) == waiting_reviewer + 1
    stale_review = reviewer.context.new_page()
    stale_review.goto(f"/revisions/{revision_id}/review")
    _mistyped_password_leaves_no_post_behind(stale_review)
    clicks = _sign_from_home(reviewer, "Quy trình chờ bạn xem xét", title, "Xem xét (ký điện tử)")
    assert clicks.count <= 3, f"the review took {clicks.count} clicks from the home page"
    expect(reviewer.get_by_test_id("signoff")).to_contain_text(REVIEWER_NAME)
    _back_is_no_form(reviewer, REVIEWER_NAME)
    _second_submit(stale_review, REVIEWER_NAME)
    assert signatures(app, revision_id) == [AUTHORED, ("reviewed", REVIEWER_NAME)]

    # Then the approver: the same, for the approval.
    approver.goto("/")
    expect(home_item(approver, "Quy trình chờ bạn phê duyệt", title)).to_be_visible()
    assert menu_count(approver, MY_WORK) == waiting_approver + 1
    stale_approval = approver.context.new_page()
    stale_approval.goto(f"/revisions/{revision_id}/approve")
    clicks = _sign_from_home(
        approver, "Quy trình chờ bạn phê duyệt", title, "Phê duyệt (chữ ký điện tử)"
    )
    assert clicks.count <= 3, f"the approval took {clicks.count} clicks from the home page"
    expect(approver.get_by_test_id("status")).to_have_text("Đã phê duyệt")
    _back_is_no_form(approver, APPROVER_NAME)
    _second_submit(stale_approval, APPROVER_NAME)
    assert signatures(app, revision_id) == [
        AUTHORED,
        ("reviewed", REVIEWER_NAME),
        ("approved", APPROVER_NAME),
    ]
    approver.goto("/")
    expect(home_item(approver, "Quy trình chờ bạn phê duyệt", title)).to_have_count(0)
    assert open_revision(app, DRAFTED[size]) is None


def test_staff_see_their_reading_confirm_it_and_the_count_drops(app, people):
    staff = people("staff")
    staff.goto("/")
    waiting = menu_count(staff, MY_WORK)
    menu_entry(staff, MY_WORK).click()
    readings = staff.get_by_role("region", name=re.compile("^Tài liệu cần đọc"))
    item = readings.get_by_test_id("inbox-item").first
    expect(item).to_be_visible()
    title = item.inner_text()
    task_id = int(item.get_attribute("href").rstrip("/").rsplit("/", 1)[-1])
    item.click()
    staff.get_by_role("button", name="Tôi đã đọc và hiểu").click()
    assert reading_status(app, task_id) == "done"
    staff.goto("/inbox")
    expect(staff.get_by_role("link", name=title)).to_have_count(0)
    assert menu_count(staff, MY_WORK) == waiting - 1


def test_the_owner_reports_an_action_done_and_the_verifiers_are_told(app, people):
    found = open_action_of(app, "staff")
    assert found is not None, "the demo leaves the staff login an open corrective action"
    action_id, reference, _ = found
    verifier = people(REVIEWER)
    verifier.goto("/")
    unread, waiting = menu_count(verifier, NOTIFICATIONS), menu_count(verifier, MY_WORK)
    told_before = len(notifications_of(app, "inspector", "action_to_verify"))

    owner = people("staff")
    owner.goto("/")
    home_item(owner, "Hành động khắc phục của bạn", f"Hành động {reference}").click()
    owner.get_by_label("Kết quả thực hiện (bằng chứng)").fill(
        "Đã niêm yết kết quả giải quyết hồ sơ tháng này tại Bộ phận một cửa; ảnh chụp lưu hồ sơ."
    )
    owner.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(owner.get_by_role("alert").first).to_be_visible()

    verifier.goto("/")
    assert menu_count(verifier, NOTIFICATIONS) == unread + 1
    assert menu_count(verifier, MY_WORK) == waiting + 1
    to_verify = home_item(verifier, "Hành động chờ kiểm tra hiệu lực", f"Hành động {reference}")
    expect(to_verify).to_be_visible()
    menu_entry(verifier, NOTIFICATIONS).click()
    notice = verifier.get_by_test_id("notification").first
    expect(notice).to_contain_text(
        f"Trần Thị Mai đã báo cáo hoàn thành hành động khắc phục {reference}"
    )
    expect(notice).to_contain_text("mới")
    notice.get_by_role("link").first.click()
    expect(verifier).to_have_url(re.compile(rf"/audits/actions/{action_id}$"))
    # The inspector verifies too: told as well, the owner never.
    assert len(notifications_of(app, "inspector", "action_to_verify")) == told_before + 1
    assert not [s for s in notifications_of(app, "staff", "action_to_verify") if reference in s]


@pytest.mark.parametrize("reader", ["qmr", "admin"])
def test_the_audit_trail_says_the_approval_in_vietnamese_with_the_signers_name(app, people, reader):
    approved = _approved_issue(app, people)
    trail = people(reader)
    trail.goto("/audit")
    trail.get_by_label("Sự kiện").select_option(label="Phê duyệt lần ban hành")
    trail.get_by_role("button", name="Lọc").click()
    row = trail.get_by_test_id("audit-table").locator("tbody tr").filter(has_text=approved).first
    expect(row).to_be_visible()
    expect(row.get_by_role("link", name=approved)).to_be_visible()
    expect(row).to_contain_text(APPROVER_NAME)
    said = text_outside_details(row)
    assert not RAW.search(said), f"raw code outside 'chi tiết': {said!r}"
    row.get_by_text("chi tiết").click()
    expect(row.locator("details code").first).to_have_text("revision.approve")


def _approved_issue(app, people) -> str:
    """The approval the trail is read for: the demo's QT-HT-06 lần 02 (reviewed, waiting for the
    Chủ tịch), approved in the browser by the first reader's test; later readers find it done."""
    waiting = open_revision(app, "QT-HT-06")
    if waiting is not None:
        revision_id, number, _ = waiting
        approver = people(APPROVER)
        approver.goto(f"/revisions/{revision_id}/approve")
        approver.get_by_label("Mật khẩu (chữ ký điện tử)").fill(DEMO_PASSWORD)
        approver.get_by_role("button", name=re.compile("^Ký")).click()
        expect(approver.get_by_test_id("status")).to_have_text("Đã phê duyệt")
        return f"Phê duyệt QT-HT-06 lần ban hành {number:02d}"
    return "Phê duyệt QT-HT-06 lần ban hành 02"
