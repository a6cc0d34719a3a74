"""The Nghị định 30/2020/NĐ-CP writer: one test per layout rule, on a document written with every
part and read back with python-docx. No database."""

import io
import unicodedata
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from iso_qms.core import documents
from iso_qms.core.documents import MOTTO, NATION

SIGNER = "Lê Văn Hải"
#: Advance widths of Times New Roman Bold capitals, in thousandths of an em (Adobe's Times-Bold AFM;
#: Liberation Serif has the same metrics). A capital with a diacritic is as wide as its base letter.
TIMES_BOLD = {
    **dict.fromkeys("ACDKNRUVXY", 722),
    **dict.fromkeys("BELTZ", 667),
    **dict.fromkeys("GHOQ", 778),
    "I": 389,
    "M": 944,
    " ": 250,
}
WORD_CELL_MARGINS_MM = 2 * 1.905  # Word's default 0.08" either side of a cell's text


def _build() -> bytes:
    document = documents.new_document()
    documents.header_block(
        document, "UBND xã Quảng An", symbol="BC-UBND", place="Quảng An", on=date(2020, 9, 14)
    )
    documents.title(document, "Báo cáo", "Kết quả thực hiện hệ thống quản lý chất lượng")
    documents.heading(document, "I. KẾT QUẢ")
    documents.paragraph(document, "Ủy ban nhân dân xã đã công bố hệ thống quản lý chất lượng.")
    documents.item(document, "- Một;")
    documents.table(document, ["TT", "Nội dung"], [[str(n), f"Dòng {n}"] for n in range(1, 40)])
    documents.recipients_and_signature(
        document, ["Phòng Nội vụ huyện", "TT HĐND xã"], "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", SIGNER
    )
    return documents.to_bytes(document)


@pytest.fixture(scope="module")
def document():
    return Document(io.BytesIO(_build()))


def _read(**header) -> Document:
    document = documents.new_document()
    documents.header_block(document, "UBND xã Quảng An", on=date(2021, 2, 3), **header)
    return Document(io.BytesIO(documents.to_bytes(document)))


def _mm(length) -> float:
    return length / 36000  # EMU per millimetre


def _all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def _header_cells(document):
    return document.tables[0].rows[0].cells


def _cell_texts(document) -> list[list[str]]:
    return [[p.text for p in cell.paragraphs if p.text] for cell in _header_cells(document)]


def _signature_cells(document):
    return document.tables[-1].rows[0].cells


def test_page_is_a4_with_decree_30_margins(document):
    section = document.sections[0]
    assert round(_mm(section.page_width)) == 210 and round(_mm(section.page_height)) == 297
    assert 20 <= round(_mm(section.top_margin)) <= 25
    assert 20 <= round(_mm(section.bottom_margin)) <= 25
    assert 30 <= round(_mm(section.left_margin)) <= 35
    assert 15 <= round(_mm(section.right_margin)) <= 20


def test_every_run_is_times_new_roman_13_to_14_in_the_east_asian_slot_too(document):
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    runs = [run for run in _all_runs(document) if run.text.strip()]
    for run in runs:
        fonts = run._element.rPr.rFonts
        slots = {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")}
        assert slots == {"Times New Roman"}, run.text
    body = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text.strip()]
    assert body and all(13 <= run.font.size.pt <= 14 for run in body)


def test_header_columns_are_6_and_10_cm_so_the_motto_keeps_to_one_line(document):
    header = document.tables[0]
    left, right = (round(_mm(column.width)) for column in header.columns)
    assert 55 <= left <= 65 and 100 <= right <= 110 and left + right == 165
    assert header._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    motto = next(p for p in header.rows[0].cells[1].paragraphs if p.text == NATION)
    size = motto.runs[0].font.size.pt
    letters = (unicodedata.normalize("NFD", char)[0] for char in NATION)
    width_mm = sum(TIMES_BOLD[letter] for letter in letters) / 1000 * size * 25.4 / 72
    assert width_mm < right - WORD_CELL_MARGINS_MM, width_mm
    assert motto.runs[0].bold and all(NATION not in c.text for c in header.rows[0].cells[:1])


def test_header_has_no_borders(document):
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_issuing_body_is_bold_with_a_rule_and_the_number_line_under_it(document):
    left, _right = _header_cells(document)
    lines = [p for p in left.paragraphs if p.text.strip()]
    assert [p.text for p in lines[:2]] == ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG AN"]
    assert all(run.bold for p in lines[:2] for run in p.runs)
    assert lines[2].text.startswith("―") and lines[3].text == "Số:       /BC-UBND"
    numbered = _cell_texts(_read(number="385/BC-UBND"))[0]
    assert numbered[-1] == "Số: 385/BC-UBND"


def test_a_parent_body_line_goes_above_the_body_which_then_takes_one_line():
    left = _header_cells(_read(parent="UBND huyện Quảng Điền"))[0]
    lines = [p for p in left.paragraphs if p.text]
    assert [p.text for p in lines[:2]] == ["UBND HUYỆN QUẢNG ĐIỀN", "ỦY BAN NHÂN DÂN XÃ QUẢNG AN"]
    assert not any(run.bold for run in lines[0].runs) and all(run.bold for run in lines[1].runs)


def test_national_title_and_motto_are_bold_with_a_rule_under_the_motto(document):
    _left, right = _header_cells(document)
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines[:2]] == [NATION, MOTTO]
    assert all(run.bold for p in lines[:2] for run in p.runs)
    assert lines[2].text.startswith("―")


def test_place_and_date_line_is_italic_on_the_right_with_decree_30_zeros(document):
    date_line = _header_cells(document)[1].paragraphs[-1]
    assert date_line.text == "Quảng An, ngày 14 tháng 9 năm 2020"
    assert all(run.italic for run in date_line.runs)
    assert _cell_texts(_read())[1][-1] == "Quảng An, ngày 03 tháng 02 năm 2021"  # place from name


def test_title_is_bold_centred_capitals_over_its_subject(document):
    texts = [p.text for p in document.paragraphs]
    title = document.paragraphs[texts.index("BÁO CÁO")]
    subject = document.paragraphs[texts.index("Kết quả thực hiện hệ thống quản lý chất lượng")]
    for paragraph in (title, subject):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)


def test_body_paragraph_is_justified_indented_with_6_pt_before_and_after(document):
    body = next(p for p in document.paragraphs if p.text.startswith("Ủy ban nhân dân xã"))
    fmt = body.paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.space_before.pt == 6 and fmt.space_after.pt == 6
    assert 10 <= round(_mm(fmt.first_line_indent), 1) <= 12.7
    assert 1.15 <= fmt.line_spacing <= 1.5


def test_table_header_row_repeats_on_every_page(document):
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    flag = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) == "true"
    header_runs = [run for cell in table.rows[0].cells for run in cell.paragraphs[0].runs]
    assert header_runs and all(run.bold for run in header_runs)
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}


def test_recipients_block_has_a_bold_italic_12_pt_heading_and_ends_with_the_archive(document):
    left, _right = _signature_cells(document)
    heading = left.paragraphs[0]
    assert heading.text == "Nơi nhận:" and heading.runs[0].bold and heading.runs[0].italic
    assert heading.runs[0].font.size.pt == 12
    assert [p.text for p in left.paragraphs[1:]] == [
        "- Phòng Nội vụ huyện;",
        "- TT HĐND xã;",
        "- Lưu: VT.",
    ]
    assert all(run.font.size.pt == 11 for p in left.paragraphs[1:] for run in p.runs)


def test_signature_block_leaves_room_to_sign_above_the_signers_full_name(document):
    _left, right = _signature_cells(document)
    texts = [p.text for p in right.paragraphs]
    assert texts[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert texts[2:5] == ["", "", ""] and texts[-1] == SIGNER
    assert all(run.bold for p in right.paragraphs for run in p.runs)


def test_a_deputy_signs_for_the_chair():
    assert documents.signing_lines("TM. ỦY BAN NHÂN DÂN", "Phó Chủ tịch UBND xã") == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]


def test_page_numbers_are_a_page_field_at_the_top_centre_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    number = header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [e.text.strip() for e in number._p.iter(qn("w:instrText"))]
    kinds = [e.get(qn("w:fldCharType")) for e in number._p.iter(qn("w:fldChar"))]
    assert instructions == ["PAGE"] and kinds == ["begin", "separate", "end"]
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert all(not p.text for p in first.paragraphs)
    assert not list(first._element.iter(qn("w:instrText")))
    assert not list(section.footer._element.iter(qn("w:instrText")))


def test_every_paragraph_starts_6_pt_below_the_last_list_lines_included(document):
    """Nghị định 30: at least 6 pt between paragraphs. The Normal style carries it, so a paragraph
    added without the writer keeps it too; list lines take 6 pt above and none below."""
    normal = document.styles["Normal"].paragraph_format
    assert normal.space_before.pt == 6
    line = next(p for p in document.paragraphs if p.text == "- Một;")
    assert line.paragraph_format.space_before.pt == 6 and line.paragraph_format.space_after.pt == 0


def test_an_appendix_title_starts_a_new_page_with_its_attached_line_in_italics():
    document = documents.new_document()
    documents.paragraph(document, "Nội dung báo cáo.")
    note = documents.attached_line(
        "Báo cáo", "385/BC-UBND", "BC-UBND", date(2020, 9, 14), "UBND xã Quảng An"
    )
    documents.title(document, "Phụ lục", "Rà soát nhiệm vụ", note, new_page=True)
    read = Document(io.BytesIO(documents.to_bytes(document)))
    texts = [p.text for p in read.paragraphs]
    start = texts.index("PHỤ LỤC")
    assert read.paragraphs[start].paragraph_format.page_break_before
    assert (
        texts[start + 2] == "(Kèm theo Báo cáo số 385/BC-UBND ngày 14/09/2020 của UBND xã Quảng An)"
    )
    assert all(run.italic for run in read.paragraphs[start + 2].runs)
    assert not read.paragraphs[0].paragraph_format.page_break_before


def test_an_attached_line_without_a_number_leaves_room_to_write_it():
    assert documents.attached_line("Báo cáo", "", "BC-UBND", date(2021, 2, 3), "UBND xã X") == (
        "(Kèm theo Báo cáo số      /BC-UBND ngày 03/02/2021 của UBND xã X)"
    )
