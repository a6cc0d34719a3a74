"""The reform-report feed as files: a .docx section written by the one Nghị định 30/2020/NĐ-CP
writer in core.documents (header, title, headings, signature and "Nơi nhận", the PAR appendix
table), the appendix as .xlsx, and the supervisor's roll-up as .xlsx.

These are the commune's own administrative texts, so they are written in Vietnamese whatever the
interface language. Every figure comes from the report dict built by `report.build_report`.
"""

import io
import re
from datetime import date

import sqlalchemy as sa
from flask import has_app_context
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..accounts.models import Role, User, UserRole
from ..core import documents
from ..core.documents import FONT
from ..extensions import db
from .sentences import d, n2, pct

RECIPIENTS = ("Phòng Nội vụ huyện", "TT HĐND xã", "CT, PCT UBND xã")
APPENDIX_HEADERS = ["TT", "Lĩnh vực/Tiêu chí", "Sản phẩm đầu ra", "Cơ quan báo cáo", "Ghi chú"]
APPENDIX_WIDTHS_MM = [16, 44, 40, 30, 35]  # the 165 mm between the margins
NO_DATA = "Chưa có dữ liệu"


# ---------------------------------------------------------------- the report's parts


def _unit_word(name: str) -> str:
    """ "UBND phường An Cựu" → "PHƯỜNG"; a commune by default."""
    lowered = name.lower()
    for word in ("thị trấn", "phường", "xã"):
        if f" {word} " in f" {lowered} ":
            return word.upper()
    return "XÃ"


def head_name(organisation_id: int | None) -> str:
    """The full name of the organisation's head (Chủ tịch), who signs the report; "" if none."""
    if organisation_id is None or not has_app_context():
        return ""  # a report dict built by hand, outside the application
    return (
        db.session.scalar(
            sa.select(User.full_name)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                User.organisation_id == organisation_id,
                User.active.is_(True),
                UserRole.role == Role.head,
            )
            .order_by(User.id)
            .limit(1)
        )
        or ""
    )


def _header(document, report: dict, report_no: str, parent_name: str) -> None:
    organisation = report["organisation"]
    documents.header_block(
        document,
        organisation.get("name") or "",
        parent=parent_name,
        number=report_no,
        symbol="BC-UBND",
        place=organisation.get("place_name") or "",
        on=date.fromisoformat(report["period"]["as_of"]),
    )


def _title(document, report: dict) -> None:
    period = report["period"]
    documents.title(
        document,
        "BÁO CÁO",
        "Kết quả thực hiện hệ thống quản lý chất lượng và công tác kiểm tra phục vụ báo cáo "
        f"cải cách hành chính (từ ngày {d(period['from'])} đến ngày {d(period['to'])})",
    )


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
    documents.heading(document, "I.3. Về kiểm tra CCHC")
    documents.paragraph(document, paragraphs.get("I.3", ""))
    documents.heading(document, "II.6. Hiện đại hóa hành chính — áp dụng TCVN ISO 9001:2015")
    documents.paragraph(document, paragraphs.get("II.6", ""))
    documents.heading(document, "III. ĐÁNH GIÁ CHUNG")
    for title, key in (("1. Những ưu điểm", "III.1"), ("2. Những tồn tại, hạn chế", "III.2")):
        documents.heading(document, title)
        for line in bullet_items(paragraphs.get(key, "")) or ["- Không có."]:
            documents.item(document, line)
    documents.heading(document, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    for line in numbered_items(paragraphs.get("IV", "")):
        documents.item(document, line)


def _appendix(document, rows: list[dict]) -> None:
    document.add_page_break()
    documents.title(
        document,
        "PHỤ LỤC",
        "Rà soát việc triển khai các nhiệm vụ phục vụ chấm điểm Chỉ số Cải cách hành chính",
    )
    table = documents.table(document, APPENDIX_HEADERS, (), APPENDIX_WIDTHS_MM)
    group = None
    for row in rows:
        if row.get("group") and row["group"] != group:
            group = row["group"]
            cells = documents.add_row(table, ["", group, "", "", ""], bold=True).cells
            cells[1].merge(cells[-1])
        documents.add_row(
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
    documents.recipients_and_signature(
        document, RECIPIENTS, f"TM. ỦY BAN NHÂN DÂN {unit}", signer_title, signer_name
    )


def report_docx(
    report: dict,
    signer_name: str | None = None,
    signer_title: str = "CHỦ TỊCH",
    report_no: str = "",
    parent_name: str = "",
) -> bytes:
    """The reform-report section as a Word document, ready to merge into the full báo cáo.

    Without a `signer_name` the organisation's head (the user with the head role) signs."""
    organisation = report["organisation"]
    if signer_name is None:
        signer_name = head_name(organisation.get("id"))
    document = documents.new_document()
    _header(document, report, report_no, parent_name)
    _title(document, report)
    _sections(document, report.get("paragraphs", {}))
    _signature(document, signer_name, signer_title, _unit_word(organisation.get("name") or ""))
    _appendix(document, report.get("appendix_rows", []))
    return documents.to_bytes(document)


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
