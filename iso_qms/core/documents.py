"""The one writer of administrative texts laid out per Nghị định 30/2020/NĐ-CP (Phụ lục I).

A4 with margins 20/20/30/15 mm; Times New Roman 13–14, set in every font slot including East Asian
(w:eastAsia) so Word does not swap Vietnamese for another font; the two-column header (issuing
body and number on the left, national title, motto and dated line on the right); title; justified
body paragraphs at least 6 pt apart (the Normal style itself has 6 pt before, so no paragraph
escapes the rule); tables whose header row repeats; "Nơi nhận" beside the signature block, the
signer's full name under the signing capacity ("CHỦ TỊCH", "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"); an
appendix on its own page under "PHỤ LỤC", its name and the italic line of the text it goes with
("(Kèm theo Báo cáo số …/BC-UBND ngày … của UBND …)"); page numbers at the top centre from
page 2.

    document = new_document()
    header_block(document, "UBND xã Quảng An", symbol="BC-UBND", on=day)
    title(document, "Báo cáo", "Kết quả ...")
    heading(document, "I. ...")
    paragraph(document, "...")
    table(document, ["TT", "Nội dung"], [["1", "..."]], [15, 150])
    recipients_and_signature(
        document, ["Phòng Nội vụ huyện"], "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Lê Văn Hải"
    )
    data = to_bytes(document)
"""

import io
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
BODY_PT, HEADER_PT, TABLE_PT, NOTE_PT, RECIPIENT_PT = 14, 13, 13, 12, 11
LINE_SPACING = 1.2
SPACING_PT = 6  #: before and after a body paragraph
INDENT_MM = 10  #: first-line indent of a body paragraph
PAGE_MM = (210, 297)
MARGINS_MM = (20, 20, 30, 15)  #: top, bottom, left, right
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]
#: The right column takes "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 13 pt bold (about 96 mm) on one
#: line once the cell margins are taken off.
HEADER_WIDTHS_MM = (60, 105)
SIGNATURE_WIDTHS_MM = (75, 90)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SHORT_RULE, TITLE_RULE, LONG_RULE = "―――――", "―――――――", "―――――――――――――"
CENTER, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


class Line(NamedTuple):
    """One paragraph of a cell."""

    text: str
    size: int = BODY_PT
    bold: bool = False
    italic: bool = False


# ---------------------------------------------------------------- Vietnamese wording


def vn_date_line(place: str, day: date) -> str:
    """ "Quảng An, ngày 05 tháng 02 năm 2020": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def issuer_lines(name: str) -> list[str]:
    """ "UBND xã Quảng An" → ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG AN"]."""
    if name.upper().startswith("UBND "):
        return ["ỦY BAN NHÂN DÂN", name[5:].upper()]
    return [name.upper()]


def parent_line(name: str) -> str:
    """ "UBND huyện Quảng Điền" → "UBND HUYỆN QUẢNG ĐIỀN": the parent body keeps its short form."""
    name = name.strip()
    return ("UBND " + name[5:].upper()) if name.upper().startswith("UBND ") else name.upper()


def place_of(name: str, place_name: str = "") -> str:
    """The place of the dated line: the organisation's own, else its name less "UBND xã"."""
    return place_name or name.split(" ", 2)[-1]


def number_line(number: str, symbol: str) -> str:
    """ "Số: 126/BB-UBND", or "Số:       /BB-UBND" with room for the clerk to write the number."""
    return f"Số: {number}" if number else f"Số:       /{symbol}"


def attached_line(kind: str, number: str, symbol: str, on: date, issuer: str) -> str:
    """ "(Kèm theo Báo cáo số 385/BC-UBND ngày 14/09/2020 của UBND xã Quảng An)", or with room for
    the number ("số      /BC-UBND") while the text has none yet."""
    numbered = number or f"     /{symbol}"
    return f"(Kèm theo {kind} số {numbered} ngày {on:%d/%m/%Y} của {issuer})"


def signing_lines(capacity: str | Sequence[str], position: str) -> list[str]:
    """ "Phó Chủ tịch UBND xã" signs as "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" under the capacity."""
    lines = [capacity] if isinstance(capacity, str) else list(capacity)
    title_ = (position or "Chủ tịch").upper().split(" UBND")[0].strip()
    if title_.startswith("PHÓ "):
        lines.append(f"KT. {title_[4:]}")
    return lines + [title_]


# ---------------------------------------------------------------- runs and paragraphs


def _fonts(r_pr) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def run(
    paragraph_: Paragraph, text: str, size: int = BODY_PT, bold: bool = False, italic: bool = False
) -> Run:
    """A run in Times New Roman, East Asian slot included."""
    result = paragraph_.add_run(text)
    result.font.name, result.font.size, result.bold, result.italic = FONT, Pt(size), bold, italic
    _fonts(result._element.get_or_add_rPr())
    return result


def paragraph(
    container,
    text: str = "",
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=JUSTIFY,
    indent: bool = True,
    spacing: float = SPACING_PT,
) -> Paragraph:
    """A body paragraph: justified, first line indented, 6 pt before and after, 1.2 lines."""
    result = container.add_paragraph()
    result.alignment = align
    fmt = result.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(spacing), Pt(spacing), LINE_SPACING
    if indent:
        fmt.first_line_indent = Mm(INDENT_MM)
    if text:
        run(result, text, size, bold, italic)
    return result


def heading(container, text: str) -> Paragraph:
    """A numbered heading ("I. THÀNH PHẦN ĐOÀN"), bold, placed like the body."""
    return paragraph(container, text, bold=True)


def item(container, text: str) -> Paragraph:
    """One line of a list ("- ...;"): 6 pt above it, none below, so list lines stand the minimum
    6 pt apart, closer than paragraphs."""
    result = paragraph(container, text)
    result.paragraph_format.space_after = Pt(0)
    return result


def title(
    container, text: str, subject: str = "", note: str = "", *, new_page: bool = False
) -> None:
    """The kind of text in capitals, its subject, an italic note ("(Kèm theo ...)"), a rule; the
    lines of one title keep together, and `new_page` starts it on a new page (an appendix)."""
    lines = [Line(text.upper(), bold=True)]
    lines += [Line(subject, bold=True)] if subject else []
    lines += [Line(note, italic=True)] if note else []
    for index, line in enumerate(lines):
        centred = paragraph(
            container, line.text, bold=line.bold, italic=line.italic, align=CENTER, indent=False
        )
        fmt = centred.paragraph_format
        fmt.space_before, fmt.space_after = Pt(12 if index == 0 else 0), Pt(0)
        fmt.keep_with_next = True
        fmt.page_break_before = new_page and index == 0
    paragraph(container, TITLE_RULE, align=CENTER, indent=False)


# ---------------------------------------------------------------- tables


def cell_lines(cell: _Cell, lines: Sequence[Line], align=CENTER) -> None:
    """Fill a fresh cell with one single-spaced paragraph per line."""
    for index, line in enumerate(lines):
        paragraph_ = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph_.alignment = align
        fmt = paragraph_.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        if line.text:
            run(paragraph_, line.text, line.size, line.bold, line.italic)


def _borders(table_: Table, value: str) -> None:
    """Every border of a table: "single" for a grid, "nil" for a layout table."""
    tbl_pr = table_._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value == "single":
            for key, setting in (("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
                element.set(qn(key), setting)
        borders.append(element)
    tbl_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )


def _new_table(container, widths_mm: Sequence[float], borders: str) -> Table:
    """Fixed column widths in the grid too: LibreOffice reads the grid rather than the cells."""
    table_ = container.add_table(rows=0, cols=len(widths_mm))
    table_.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_.autofit = False
    for column, width in zip(table_.columns, widths_mm, strict=True):
        column.width = Mm(width)
    _borders(table_, borders)
    return table_


def _repeat_header(row_: _Row) -> None:
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row_._tr.get_or_add_trPr().insert_element_before(
        element, "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"
    )


def add_row(table_: Table, values: Sequence, *, bold: bool = False, align=LEFT) -> _Row:
    """A row of a grid; a value with line breaks becomes one paragraph per line."""
    row_ = table_.add_row()
    for cell, value in zip(row_.cells, values, strict=True):
        text = "" if value is None else str(value)
        lines = [Line(part, TABLE_PT, bold) for part in text.split("\n")]
        cell_lines(cell, lines, align)
    return row_


def table(
    container,
    headers: Sequence[str],
    rows: Sequence[Sequence] = (),
    widths_mm: Sequence[float] | None = None,
) -> Table:
    """A bordered grid whose bold header row repeats on every page."""
    widths = widths_mm or [TEXT_WIDTH_MM / len(headers)] * len(headers)
    result = _new_table(container, widths, "single")
    _repeat_header(add_row(result, headers, bold=True, align=CENTER))
    for values in rows:
        add_row(result, values)
    return result


def _layout_table(container, widths_mm: Sequence[float]) -> tuple[_Cell, ...]:
    """The cells of a borderless one-row table, to put blocks side by side."""
    table_ = _new_table(container, widths_mm, "nil")
    cells = table_.add_row().cells
    for cell, width in zip(cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return tuple(cells)


# ---------------------------------------------------------------- header and signature


def _issuer_block(issuer: str, parent: str) -> list[Line]:
    body = issuer_lines(issuer)
    if parent.strip():
        lines = [Line(parent_line(parent), HEADER_PT), Line(" ".join(body), HEADER_PT, True)]
    else:
        lines = [Line(text, HEADER_PT, True) for text in body]
    return lines + [Line(SHORT_RULE, HEADER_PT)]


def header_block(
    document: DocxDocument,
    issuer: str,
    *,
    parent: str = "",
    number: str = "",
    symbol: str = "UBND",
    place: str = "",
    on: date,
) -> None:
    """Issuing body (under its parent, if given) and number left; nation, motto and date right.

    `issuer` and `parent` are names as stored ("UBND xã Quảng An"); under a parent the body
    takes one line, alone it takes two ("ỦY BAN NHÂN DÂN" / "XÃ QUẢNG AN")."""
    left, right = _layout_table(document, HEADER_WIDTHS_MM)
    cell_lines(left, _issuer_block(issuer, parent) + [Line(number_line(number, symbol), HEADER_PT)])
    cell_lines(
        right,
        [
            Line(NATION, HEADER_PT, True),
            Line(MOTTO, BODY_PT, True),
            Line(LONG_RULE, HEADER_PT),
            Line(vn_date_line(place_of(issuer, place), on), BODY_PT, italic=True),
        ],
    )


def recipients_and_signature(
    document: DocxDocument,
    recipients: Sequence[str],
    capacity: str | Sequence[str],
    position: str,
    signer_name: str,
    *,
    archive: str = "VT",
    note: str = "",
) -> None:
    """ "Nơi nhận:" and its list ending "- Lưu: VT." left; capacity, position, an optional italic
    note (the e-signature), room to sign and the signer's full name right."""
    paragraph(document, "", indent=False)
    left, right = _layout_table(document, SIGNATURE_WIDTHS_MM)
    listed = [f"- {name};" for name in recipients] + [f"- Lưu: {archive}."]
    cell_lines(
        left,
        [Line("Nơi nhận:", NOTE_PT, True, True)] + [Line(t, RECIPIENT_PT) for t in listed],
        LEFT,
    )
    lines = [Line(text, BODY_PT, True) for text in signing_lines(capacity, position)]
    lines += [Line(note, NOTE_PT, italic=True)] if note else []
    lines += [Line("")] * 3 + [Line(signer_name, BODY_PT, True)]
    cell_lines(right, lines)


# ---------------------------------------------------------------- the document


def _field_char(run_: Run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run_._r.append(element)


def _page_field(paragraph_: Paragraph) -> None:
    """A PAGE field: Word and LibreOffice put the page's number in its place."""
    _field_char(run(paragraph_, "", HEADER_PT), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run(paragraph_, "", HEADER_PT)._r.append(instruction)
    _field_char(run(paragraph_, "", HEADER_PT), "separate")
    run(paragraph_, "2", HEADER_PT)
    _field_char(run(paragraph_, "", HEADER_PT), "end")


def _page_numbers(section) -> None:
    """Numbers at the top centre from page 2: the first page has its own, empty header."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    fmt = number.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    _page_field(number)


def new_document() -> DocxDocument:
    """An empty A4 document with the NĐ 30 margins, fonts and page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(size) for size in PAGE_MM)
    top, bottom, left, right = (Mm(size) for size in MARGINS_MM)
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    _fonts(style.element.get_or_add_rPr())
    fmt = style.paragraph_format
    fmt.line_spacing = LINE_SPACING
    fmt.space_before, fmt.space_after = Pt(SPACING_PT), Pt(0)
    _page_numbers(section)
    return document


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
