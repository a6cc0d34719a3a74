"""Issue 13: the report page shows III.2 and IV each as its own block with its heading, one item
per line, and each section's copy button copies that section alone (static JS, no inline
script)."""

import re
from html import unescape

from iso_qms.reports.sections import report_sections

PARAGRAPHS = {
    "I.3": "UBND xã đã ban hành Kế hoạch.",
    "II.6": "Hệ thống quản lý chất lượng.",
    "III.1": "- Ưu điểm một. - Ưu điểm hai.",
    "III.2": "- Còn 01 quy trình vượt thời hạn. - Còn 02 tồn tại.",
    "IV": "1. Đánh giá nội bộ năm 2020. 2. Xem xét của lãnh đạo.",
}


def test_each_section_has_its_heading_and_one_item_per_line():
    sections = {s["key"]: s for s in report_sections(PARAGRAPHS)}
    assert list(sections) == ["I.3", "II.6", "III.1", "III.2", "IV"]
    assert sections["III.2"]["lines"] == ["- Còn 01 quy trình vượt thời hạn.", "- Còn 02 tồn tại."]
    assert sections["IV"]["lines"] == ["1. Đánh giá nội bộ năm 2020.", "2. Xem xét của lãnh đạo."]
    assert sections["III.2"]["text"] == (
        "III.2. Những tồn tại, hạn chế\n- Còn 01 quy trình vượt thời hạn.\n- Còn 02 tồn tại."
    )
    assert sections["IV"]["text"].startswith("IV. Phương hướng, nhiệm vụ\n1. ")
    assert "III.2" not in sections["IV"]["text"] and "IV." not in sections["III.2"]["text"]


def test_an_empty_section_copies_only_its_heading():
    sections = {s["key"]: s for s in report_sections({})}
    assert sections["III.2"]["lines"] == [] and sections["III.2"]["text"] == (
        "III.2. Những tồn tại, hạn chế"
    )


def test_the_page_shows_the_sections_apart_with_a_copy_button_each(world, login):
    html = login("qmr").get("/reports/").get_data(as_text=True)
    blocks = re.findall(r'<section class="card mb-2" data-testid="section-([^"]+)"', html)
    assert blocks == ["I.3", "II.6", "III.1", "III.2", "IV"]
    for key in blocks:
        assert f'data-testid="copy-{key}"' in html
    texts = dict(re.findall(r'data-testid="para-([^"]+)" data-copy-text="([^"]*)"', html))
    assert unescape(texts["III.2"]).startswith("III.2. Những tồn tại, hạn chế")
    assert unescape(texts["IV"]).startswith("IV. Phương hướng, nhiệm vụ")
    assert "js/report_sections.js" in html and "<script>" not in html.split("</main>")[0]


def test_only_note_writers_get_the_notes_form(world, login):
    assert 'action="/reports/notes"' in login("qmr").get("/reports/").get_data(as_text=True)
    assert 'action="/reports/notes"' not in login("inspector").get("/reports/").get_data(
        as_text=True
    )
