"""The scope of an announcement (danh mục quy trình) as .xlsx and .docx, written by real libraries."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core import documents
from .models import Announcement

HEADERS = ["TT", "Mã hiệu", "Tên quy trình", "Lĩnh vực", "Lần ban hành", "Ngày hiệu lực"]
WIDTHS_MM = [10, 22, 63, 28, 18, 24]  # the 165 mm between the margins


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
    """The scope list as the Word attachment of the announcement decision."""
    document = documents.new_document()
    documents.title(document, _title(announcement, organisation_name), note=_subtitle(announcement))
    documents.table(document, HEADERS, _rows(announcement), WIDTHS_MM)
    return documents.to_bytes(document)
