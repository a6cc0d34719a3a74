"""The scope of an announcement (danh mục quy trình) as .xlsx and .docx, written by real libraries."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import Announcement

HEADERS = ["TT", "Mã hiệu", "Tên quy trình", "Lĩnh vực", "Lần ban hành", "Ngày hiệu lực"]


def _title(announcement: Announcement, organisation_name: str) -> str:
    return (
        f"DANH MỤC QUY TRÌNH CÔNG BỐ LẦN {announcement.ordinal_label} — {organisation_name.upper()}"
    )


def _subtitle(announcement: Announcement) -> str:
    return (
        f"(Kèm theo Quyết định số {announcement.decision_no} ngày "
        f"{announcement.decision_date.strftime('%d/%m/%Y')})"
    )


def _rows(announcement: Announcement) -> list[list]:
    return [
        [
            index,
            item.procedure_code,
            item.procedure_title,
            item.field,
            f"{item.revision_number:02d}",
            item.effective_date.strftime("%d/%m/%Y"),
        ]
        for index, item in enumerate(announcement.items, start=1)
    ]


def scope_xlsx(announcement: Announcement, organisation_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Cong bo lan {announcement.ordinal_label}"
    sheet.append([_title(announcement, organisation_name)])
    sheet.append([_subtitle(announcement)])
    sheet.append([])
    sheet.append(HEADERS)
    for row in _rows(announcement):
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, width in enumerate([6, 14, 60, 20, 12, 14], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scope_docx(announcement: Announcement, organisation_name: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for text, bold, italic in (
        (_title(announcement, organisation_name), True, False),
        (_subtitle(announcement), False, True),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in _rows(announcement):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
