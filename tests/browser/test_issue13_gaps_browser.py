"""Issue 13 follow-ups, in a real browser on the Quảng An demo: the reading matrix keeps its legend
and its sticky header row and name column, the report page gives the reading headline split in
three, and the approval page marks the changed words as compare does.

The demo is seeded once for the module (demo_site). Only the last test signs something (the QMR's
review of QT-HT-04 lần 02); the others read pages whose figures a review does not change."""

import sqlalchemy as sa
from playwright.sync_api import expect

from iso_qms.extensions import db
from iso_qms.seed import DEMO_PASSWORD
from tests.browser._days import signatures
from tests.browser.demo_site import PERIOD, demo_site, open_as

#: Quảng An's story on the 2020 map to today (`qms seed-demo --no-reform-2025`): this
#: module's facts are Quảng An's after 2025 too; the default demo is tests/reorganisations'.
DEMO_REFORM = False

__all__ = ["demo_site"]

#: The computed position of the matrix's header cells and of its first column's cells.
STICKY = """() => {
    const table = document.querySelector("[data-testid=matrix]");
    const position = (cells) => [...new Set(cells.map((c) => getComputedStyle(c).position))];
    return {
        header: position([...table.querySelectorAll("thead th")]),
        first: position([...table.querySelectorAll("tbody tr > :first-child")]),
        rows: table.querySelectorAll("tbody tr").length,
    };
}"""

#: Scrolled to the far right and the bottom of its card, where the first header cell and the
#: first body cell are against the card's edges (the matrix must be wider and taller than it).
SCROLLED = """() => {
    const box = document.querySelector(".matrix-scroll");
    const table = box.querySelector("[data-testid=matrix]");
    const wide = box.scrollWidth > box.clientWidth, tall = box.scrollHeight > box.clientHeight;
    box.scrollLeft = box.scrollWidth;
    box.scrollTop = box.scrollHeight;
    const edge = box.getBoundingClientRect();
    const corner = table.querySelector("thead th").getBoundingClientRect();
    const name = table.querySelector("tbody tr:last-child > :first-child").getBoundingClientRect();
    return {
        wide, tall,
        scrolled: [box.scrollLeft, box.scrollTop],
        header_top: corner.top - edge.top,
        name_left: name.left - edge.left,
    };
}"""


def test_the_matrix_has_its_legend_and_a_sticky_header_row_and_first_column(demo_site, _browser):
    base_url, _ids = demo_site
    context, page = open_as(_browser, base_url, "qmr", "390x844")
    try:
        page.goto("/acknowledgements/coverage")
        legend = page.get_by_test_id("matrix-legend")
        expect(legend).to_be_visible()
        for word in ("Chú thích:", "✓", "đã đọc", "…", "cần đọc", "!", "quá hạn", "không phải đọc"):
            expect(legend).to_contain_text(word)
        sticky = page.evaluate(STICKY)
        assert sticky["rows"] > 1
        assert sticky["header"] == ["sticky"] and sticky["first"] == ["sticky"], sticky
        # and it holds: scrolled inside its card, the corner and the names stay at the edges
        scrolled = page.evaluate(SCROLLED)
        assert scrolled["wide"] and scrolled["tall"], scrolled
        assert min(scrolled["scrolled"]) > 0, scrolled
        assert abs(scrolled["header_top"]) <= 1 and abs(scrolled["name_left"]) <= 1, scrolled
    finally:
        context.close()


def test_the_report_page_gives_the_demos_reading_headline(demo_site, _browser):
    base_url, _ids = demo_site
    context, page = open_as(_browser, base_url, "qmr", "1366x768")
    try:
        page.goto(f"/reports/?{PERIOD}")
        # on 14/09/2020: 20 of 22 had read everything, nobody within a due date, 2 late
        # (tests/acknowledgements/test_demo_reading.py holds the figures behind it)
        expect(page.get_by_test_id("figure-ack")).to_have_text(
            "đã đọc 20/22 · 0 chưa đến hạn · 2 quá hạn"
        )
    finally:
        context.close()


def _pending_qt_ht_04(app) -> int:
    """QT-HT-04 lần 02, in review, waiting for the QMR's review (it replaces TT 15/2015/TT-BTP
    with TT 04/2020/TT-BTP)."""
    from iso_qms.procedures.models import Procedure, Revision, RevisionStatus

    with app.app_context():
        revision_id = db.session.scalar(
            sa.select(Revision.id)
            .join(Procedure)
            .where(Procedure.code == "QT-HT-04", Revision.status == RevisionStatus.in_review)
        )
        db.session.remove()
    assert revision_id is not None
    return revision_id


def test_the_approval_page_marks_the_changed_words(app, demo_site, _browser):
    base_url, _ids = demo_site
    revision_id = _pending_qt_ht_04(app)
    qmr, reviewing = open_as(_browser, base_url, "qmr", "1366x768")
    try:  # the chain asks the QMR's review before the Chủ tịch approves
        reviewing.goto(f"/revisions/{revision_id}/review")
        reviewing.fill("#password", DEMO_PASSWORD)
        reviewing.get_by_test_id("sign").click()
        reviewing.wait_for_url(f"**/revisions/{revision_id}")
    finally:
        qmr.close()
    assert ("reviewed", "Hồ Đắc Tuấn") in signatures(app, revision_id)
    head, page = open_as(_browser, base_url, "head", "1366x768")
    try:
        page.goto(f"/revisions/{revision_id}/approve")
        expect(page.get_by_test_id("sign")).to_be_visible()
        changed = page.locator("table.diff tr[data-diff=changed]").filter(has_text="TT-BTP")
        expect(changed.first).to_be_visible()
        row = changed.first
        # the changed words only, not the whole line: "15/2015" struck out, "04/2020" put in
        assert row.locator("del").all_inner_texts()[:2] == ["15", "2015"]
        assert row.locator("ins").all_inner_texts()[:2] == ["04", "2020"]
        assert "TT-BTP" not in " ".join(row.locator("del, ins").all_inner_texts())
        expect(row.locator("td.diff-del")).to_contain_text("Thông tư số 15/2015/TT-BTP")
        expect(row.locator("td.diff-add")).to_contain_text("Thông tư số 04/2020/TT-BTP")
    finally:
        head.close()
