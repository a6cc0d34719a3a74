"""The scope of an announcement (danh mục quy trình) as .xlsx and .docx, written by real libraries."""

from ..core import documents
from ..core.spreadsheets import DATE, INTEGER, Column, xlsx_table
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


#: The scope list's columns for the .xlsx writer: the issue as a number shown 01, 02 ..., the date
#: as a real date shown dd/mm/yyyy.
SCOPE_COLUMNS = [
    Column("TT", INTEGER),
    Column("Mã hiệu"),
    Column("Tên quy trình"),
    Column("Lĩnh vực"),
    Column("Lần ban hành", INTEGER, number_format="00"),
    Column("Ngày hiệu lực", DATE),
]


def scope_xlsx(announcement: Announcement, organisation_name: str) -> bytes:
    rows = [
        [i, it.procedure_code, it.procedure_title, it.field, it.revision_number, it.effective_date]
        for i, it in enumerate(announcement.items, start=1)
    ]
    return xlsx_table(
        SCOPE_COLUMNS,
        rows,
        sheet_name=f"Cong bo lan {announcement.ordinal_label}",
        title=_title(announcement, organisation_name),
        notes=[_subtitle(announcement)],
    )


def scope_docx(announcement: Announcement, organisation_name: str) -> bytes:
    """The scope list as the Word attachment of the announcement decision."""
    document = documents.new_document()
    documents.title(document, _title(announcement, organisation_name), note=_subtitle(announcement))
    documents.table(document, HEADERS, _rows(announcement), WIDTHS_MM)
    return documents.to_bytes(document)
