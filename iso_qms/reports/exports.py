"""The reform-report feed as files: a .docx section laid out per Nghị định 30/2020/NĐ-CP (A4,
margins 20/20/30/15 mm, Times New Roman 13–14, the two-column header, italic place-and-date line,
headings, the PAR appendix table, signature and "Nơi nhận"), the appendix as .xlsx, and the
supervisor's roll-up as .xlsx.

These are the commune's own administrative texts, so they are written in Vietnamese whatever the
interface language. Every figure comes from the report dict built by `report.build_report`.
"""

import io
import re
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..audits.exports import vn_date_line
from .sentences import d, n2, pct

FONT = "Times New Roman"
BODY_PT, HEADER_PT, TABLE_PT, RECIPIENT_PT = 14, 13, 13, 11
LINE_SPACING = 1.2
RECIPIENTS = ("- Phòng Nội vụ huyện;", "- TT HĐND xã;", "- CT, PCT UBND xã;", "- Lưu: VT.")
APPENDIX_HEADERS = ["TT", "Lĩnh vực/Tiêu chí", "Sản phẩm đầu ra", "Cơ quan báo cáo", "Ghi chú"]
APPENDIX_WIDTHS_MM = [16, 44, 40, 30, 35]  # 165 mm: the text width between 30 and 15 mm margins
NO_DATA = "Chưa có dữ liệu"


# ---------------------------------------------------------------- .docx building blocks


def _fonts(r_pr) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _run(paragraph, text: str, size: int = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    _fonts(run._element.get_or_add_rPr())
    return run


def _para(
    container,
    text: str = "",
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    space_after: int = 6,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(space_after), LINE_SPACING
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _heading(document, text: str) -> None:
    _para(document, text, bold=True, space_after=3)


def _cell_lines(
    cell, lines: list[tuple[str, int, bool, bool]], align=WD_ALIGN_PARAGRAPH.CENTER
) -> None:
    """Fill a fresh (empty) cell with (text, size, bold, italic) lines, one paragraph each."""
    for index, (text, size, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        if text:
            _run(paragraph, text, size, bold, italic)


def _borders(table, value: str) -> None:
    """Set every border of a table: "single" for a grid, "nil" for a layout table."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value == "single":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
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


def _grid_widths(table, widths_mm: list[int]) -> None:
    """Column widths in the table grid too: LibreOffice reads these rather than the cells'."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def _layout_table(document, widths_mm: list[int]):
    """A borderless table used to put blocks side by side (header, signature)."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid_widths(table, widths_mm)
    _borders(table, "nil")
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.insert_element_before(
        element, "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"
    )


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    _fonts(style.element.get_or_add_rPr())
    style.paragraph_format.line_spacing = LINE_SPACING


# ---------------------------------------------------------------- the report's parts


def _unit_word(name: str) -> str:
    """ "UBND phường An Cựu" → "PHƯỜNG"; a commune by default."""
    lowered = name.lower()
    for word in ("thị trấn", "phường", "xã"):
        if f" {word} " in f" {lowered} ":
            return word.upper()
    return "XÃ"


def _body_name(organisation: dict) -> str:
    """ "UBND xã Quảng An" → "ỦY BAN NHÂN DÂN XÃ QUẢNG AN"."""
    name = organisation.get("name") or ""
    if name.upper().startswith("UBND "):
        return "ỦY BAN NHÂN DÂN " + name[5:].upper()
    return name.upper()


def _parent_line(parent_name: str) -> str:
    """ "UBND huyện Quảng Điền" → "UBND HUYỆN QUẢNG ĐIỀN"."""
    name = parent_name.strip()
    return ("UBND " + name[5:].upper()) if name.upper().startswith("UBND ") else name.upper()


def _place(organisation: dict) -> str:
    return organisation.get("place_name") or (organisation.get("name") or "").split(" ", 2)[-1]


def _header(document, report: dict, report_no: str, parent_name: str) -> None:
    organisation = report["organisation"]
    number = f"Số: {report_no}" if report_no else "Số:       /BC-UBND"
    as_of = date.fromisoformat(report["period"]["as_of"])
    left, right = _layout_table(document, [65, 100]).rows[0].cells
    lines = [(_parent_line(parent_name), HEADER_PT, False, False)] if parent_name.strip() else []
    lines += [
        (_body_name(organisation), HEADER_PT, True, False),
        ("―――――", HEADER_PT, False, False),
        (number, HEADER_PT, False, False),
    ]
    _cell_lines(left, lines)
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_PT, True, False),
            ("Độc lập - Tự do - Hạnh phúc", BODY_PT, True, False),
            ("―――――――――――――", HEADER_PT, False, False),
            (vn_date_line(_place(organisation), as_of), BODY_PT, False, True),
        ],
    )


def _title(document, report: dict) -> None:
    period = report["period"]
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, "", indent=False)
    _para(document, "BÁO CÁO", bold=True, align=center, indent=False, space_after=0)
    _para(
        document,
        "Kết quả thực hiện hệ thống quản lý chất lượng và công tác kiểm tra phục vụ báo cáo "
        f"cải cách hành chính (từ ngày {d(period['from'])} đến ngày {d(period['to'])})",
        bold=True,
        align=center,
        indent=False,
        space_after=0,
    )
    _para(document, "―――――――", align=center, indent=False)


def bullet_items(text: str) -> list[str]:
    """ "- A. - B." → ["- A.", "- B."]."""
    body = (text or "").strip()
    body = body[2:] if body.startswith("- ") else body
    return [f"- {item.strip()}" for item in body.split(" - ") if item.strip()]


def numbered_items(text: str) -> list[str]:
    """ "1. A. 2. B." → ["1. A.", "2. B."], looking for the numbers in order (so "năm 2020. 2." splits
    at " 2. ", not at "2020.")."""
    body, items, number = (text or "").strip(), [], 2
    while True:
        match = re.search(rf"(?<=\s){number}\. ", body)
        if match is None:
            break
        items.append(body[: match.start()].strip())
        body, number = body[match.start() :], number + 1
    return [item for item in items + [body.strip()] if item]


def _sections(document, paragraphs: dict) -> None:
    _heading(document, "I.3. Về kiểm tra CCHC")
    _para(document, paragraphs.get("I.3", ""))
    _heading(document, "II.6. Hiện đại hóa hành chính — áp dụng TCVN ISO 9001:2015")
    _para(document, paragraphs.get("II.6", ""))
    _heading(document, "III. ĐÁNH GIÁ CHUNG")
    for title, key in (("1. Những ưu điểm", "III.1"), ("2. Những tồn tại, hạn chế", "III.2")):
        _heading(document, title)
        for line in bullet_items(paragraphs.get(key, "")) or ["- Không có."]:
            _para(document, line, space_after=3)
    _heading(document, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    for line in numbered_items(paragraphs.get("IV", "")):
        _para(document, line, space_after=3)


def _appendix_row(table, values: list[str], bold: bool = False, merge: bool = False):
    row = table.add_row()
    cells = row.cells
    for cell, value, width in zip(cells, values, APPENDIX_WIDTHS_MM, strict=True):
        cell.width = Mm(width)
        align = WD_ALIGN_PARAGRAPH.CENTER if bold and not merge else WD_ALIGN_PARAGRAPH.LEFT
        _cell_lines(
            cell, [(line, TABLE_PT, bold, False) for line in (value or "").split("\n")], align
        )
    if merge:
        cells[1].merge(cells[-1])
    return row


def _appendix(document, rows: list[dict]) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    document.add_page_break()
    _para(document, "PHỤ LỤC", bold=True, align=center, indent=False, space_after=0)
    _para(
        document,
        "Rà soát việc triển khai các nhiệm vụ phục vụ chấm điểm Chỉ số Cải cách hành chính",
        bold=True,
        align=center,
        indent=False,
    )
    table = document.add_table(rows=0, cols=len(APPENDIX_HEADERS))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid_widths(table, APPENDIX_WIDTHS_MM)
    _borders(table, "single")
    _repeat_header(_appendix_row(table, APPENDIX_HEADERS, bold=True))
    group = None
    for row in rows:
        if row.get("group") and row["group"] != group:
            group = row["group"]
            _appendix_row(table, ["", group, "", "", ""], bold=True, merge=True)
        _appendix_row(
            table,
            [
                row["tt"],
                row["criterion"],
                row["expected_output"],
                row["reporting_body"],
                row["note"],
            ],
        )


def _signature(document, signer_name: str, signer_title: str, unit: str) -> None:
    _para(document, "", indent=False)
    left, right = _layout_table(document, [75, 90]).rows[0].cells
    _cell_lines(
        left,
        [("Nơi nhận:", 12, True, True)]
        + [(line, RECIPIENT_PT, False, False) for line in RECIPIENTS],
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    _cell_lines(
        right,
        [
            (f"TM. ỦY BAN NHÂN DÂN {unit}", BODY_PT, True, False),
            ((signer_title or "").upper(), BODY_PT, True, False),
            ("", BODY_PT, False, False),
            ("", BODY_PT, False, False),
            ("", BODY_PT, False, False),
            (signer_name, BODY_PT, True, False),
        ],
    )


def report_docx(
    report: dict,
    signer_name: str = "",
    signer_title: str = "CHỦ TỊCH",
    report_no: str = "",
    parent_name: str = "",
) -> bytes:
    """The reform-report section as a Word document, ready to merge into the full báo cáo."""
    document = Document()
    _setup(document)
    _header(document, report, report_no, parent_name)
    _title(document, report)
    _sections(document, report.get("paragraphs", {}))
    _signature(
        document, signer_name, signer_title, _unit_word(report["organisation"].get("name") or "")
    )
    _appendix(document, report.get("appendix_rows", []))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- .xlsx

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _sheet(title: str, sheet_name: str, headers: list[str], widths: list[int]):
    """A workbook with a merged bold title in row 1, the header in row 3, frozen below it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font, sheet["A1"].alignment = Font(name=FONT, bold=True, size=13), HEAD
    sheet.row_dimensions[1].height = 36
    sheet.append([])
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=3, column=index)
        cell.font, cell.alignment, cell.border = Font(name=FONT, bold=True, size=12), HEAD, GRID
    sheet.freeze_panes = "A4"
    return workbook, sheet


def _append(sheet, values: list, bold: bool = False) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.alignment, cell.border = Font(name=FONT, bold=bold, size=12), WRAP, GRID


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def appendix_xlsx(report: dict) -> bytes:
    """The PAR appendix rows (TT, tiêu chí, sản phẩm đầu ra, cơ quan báo cáo, ghi chú)."""
    period = report["period"]
    title = (
        f"PHỤ LỤC — {report['organisation'].get('name', '')} — từ ngày {d(period['from'])} "
        f"đến ngày {d(period['to'])} (số liệu đến ngày {d(period['as_of'])})"
    )
    workbook, sheet = _sheet(
        title,
        "Phu luc",
        ["TT", "Tiêu chí", "Sản phẩm đầu ra", "Cơ quan báo cáo", "Ghi chú"],
        [9, 48, 42, 30, 48],
    )
    for row in report.get("appendix_rows", []):
        _append(
            sheet,
            [
                row["tt"],
                row["criterion"],
                row["expected_output"],
                row["reporting_body"],
                row["note"],
            ],
        )
    return _save(workbook)


ROLLUP_HEADERS = [
    "Đơn vị",
    "Công bố (lần, số, ngày)",
    "3.4.2 (n/N, %)",
    "Đọc và hiểu (người, %)",
    "Số đợt kiểm tra",
    "HĐKP đang mở",
    "HĐKP quá hạn",
    "Ghi chú",
]


def _announcement_text(announcement) -> str:
    """A row's announcement dict, or a total's count of organisations that announced."""
    if announcement is None:
        return "Chưa công bố"
    if isinstance(announcement, int):
        return f"{n2(announcement)} đơn vị đã công bố"
    if "count" in announcement:
        return f"{n2(announcement['count'])} đơn vị đã công bố"
    return (
        f"Lần {n2(announcement['ordinal'])}, QĐ {announcement['decision_no']}, "
        f"{d(announcement.get('decision_date'))}"
    )


def _ratio(part, whole, percent) -> str:
    return f"{part}/{whole} ({pct(percent)})" if whole else "—"


def _rollup_values(row: dict, name: str | None = None) -> list:
    name = name or row["name"]
    if not row.get("has_data", True):
        return [name, NO_DATA, None, None, None, None, None, row.get("note", "")]
    c342, ack = row.get("c342") or {}, row.get("ack") or {}
    return [
        name,
        _announcement_text(row.get("announcement")),
        _ratio(c342.get("compliant"), c342.get("total"), c342.get("percent")),
        _ratio(ack.get("acknowledged"), ack.get("people"), ack.get("coverage_percent")),
        row.get("rounds", 0),
        row.get("actions_open", 0),
        row.get("actions_overdue", 0),
        row.get("note", ""),
    ]


def rollup_xlsx(rows: list[dict], title: str, totals: dict) -> bytes:
    """One row per organisation below a supervisor, then "Tổng cộng"; an organisation without data
    says so ("Chưa có dữ liệu", across the figures) instead of showing zeros."""
    workbook, sheet = _sheet(title, "Tong hop", ROLLUP_HEADERS, [30, 32, 18, 20, 12, 12, 12, 30])
    for row in rows:
        _append(sheet, _rollup_values(row))
        if not row.get("has_data", True):
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=7
            )
    _append(sheet, _rollup_values({**totals, "has_data": True}, "Tổng cộng"), bold=True)
    return _save(workbook)
