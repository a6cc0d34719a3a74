"""The reform-report feed as files: a .docx section written by the one Nghị định 30/2020/NĐ-CP
writer in core.documents (header, title, headings, signature and "Nơi nhận", the PAR appendix
table), the appendix as .xlsx, and the supervisor's roll-up as .xlsx.

These are the commune's own administrative texts, so they are written in Vietnamese whatever the
interface language. Every figure comes from the report dict built by `report.build_report`.
"""

import re
from datetime import date

import sqlalchemy as sa
from flask import has_app_context

from ..accounts.models import Role, User, UserRole
from ..core import documents
from ..core.files import export_name
from ..core.spreadsheets import DATE, INTEGER, PERCENT, Column, Row, xlsx_table
from ..extensions import db
from .sentences import d, n2

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


def head_signer(organisation_id: int | None) -> tuple[str, str]:
    """(full name, position) of the organisation's head, who signs the report; ("", "") if none."""
    if organisation_id is None or not has_app_context():
        return "", ""  # a report dict built by hand, outside the application
    found = db.session.execute(
        sa.select(User.full_name, User.position)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.organisation_id == organisation_id,
            User.active.is_(True),
            UserRole.role == Role.head,
        )
        .order_by(User.id)
        .limit(1)
    ).first()
    return (found.full_name or "", found.position or "") if found else ("", "")


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


def _attached(report: dict, report_no: str) -> str:
    """ "(Kèm theo Báo cáo số …/BC-UBND ngày 14/09/2020 của UBND xã Quảng An)": the line that ties
    the appendix to the report it goes with, dated as the report is."""
    return documents.attached_line(
        "Báo cáo",
        report_no,
        "BC-UBND",
        date.fromisoformat(report["period"]["as_of"]),
        report["organisation"].get("name") or "",
    )


def _appendix(document, rows: list[dict], attached: str) -> None:
    documents.title(
        document,
        "PHỤ LỤC",
        "Rà soát việc triển khai các nhiệm vụ phục vụ chấm điểm Chỉ số Cải cách hành chính",
        attached,
        new_page=True,
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


def _signer(organisation_id, signer_name: str | None, signer_title: str | None) -> tuple[str, str]:
    """The given signer, else the head: "CHỦ TỊCH", or "KT. CHỦ TỊCH" for a deputy head."""
    if signer_name is not None:
        return signer_name, signer_title or "CHỦ TỊCH"
    name, position = head_signer(organisation_id)
    return name, signer_title or position or "CHỦ TỊCH"


def report_docx(
    report: dict,
    signer_name: str | None = None,
    signer_title: str | None = None,
    report_no: str = "",
    parent_name: str = "",
) -> bytes:
    """The reform-report section as a Word document, ready to merge into the full báo cáo.

    Without a `signer_name` the organisation's head (the user with the head role) signs, under
    the capacity their position gives ("CHỦ TỊCH"; "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH")."""
    organisation = report["organisation"]
    name, title = _signer(organisation.get("id"), signer_name, signer_title)
    document = documents.new_document()
    _header(document, report, report_no, parent_name)
    _title(document, report)
    _sections(document, report.get("paragraphs", {}))
    _signature(document, name, title, _unit_word(organisation.get("name") or ""))
    _appendix(document, report.get("appendix_rows", []), _attached(report, report_no))
    return documents.to_bytes(document)


# ---------------------------------------------------------------- .xlsx


APPENDIX_COLUMNS = [
    Column("TT", width=9),  # "1.1.1" is a code, kept as text
    Column("Tiêu chí"),
    Column("Sản phẩm đầu ra"),
    Column("Cơ quan báo cáo"),
    Column("Ghi chú"),
]


def appendix_xlsx(report: dict) -> bytes:
    """The PAR appendix rows (TT, tiêu chí, sản phẩm đầu ra, cơ quan báo cáo, ghi chú)."""
    period = report["period"]
    title = (
        f"PHỤ LỤC — {report['organisation'].get('name', '')} — từ ngày {d(period['from'])} "
        f"đến ngày {d(period['to'])} (số liệu đến ngày {d(period['as_of'])})"
    )
    rows = [
        [row["tt"], row["criterion"], row["expected_output"], row["reporting_body"], row["note"]]
        for row in report.get("appendix_rows", [])
    ]
    return xlsx_table(APPENDIX_COLUMNS, rows, sheet_name="Phu luc", title=title)


ROLLUP_COLUMNS = [
    Column("Đơn vị"),
    Column("Công bố lần", INTEGER, number_format="00"),
    Column("Quyết định công bố"),
    Column("Ngày quyết định", DATE),
    Column("3.4.2: quy trình đạt", INTEGER),
    Column("3.4.2: tổng số quy trình", INTEGER),
    Column("3.4.2: tỷ lệ", PERCENT),
    Column("Đã đọc và hiểu (người)", INTEGER),
    Column("Tổng số người", INTEGER),
    Column("Tỷ lệ đã đọc", PERCENT),
    Column("Số đợt kiểm tra", INTEGER),
    Column("HĐKP đang mở", INTEGER),
    Column("HĐKP quá hạn", INTEGER),
    Column("Hồ sơ đã giải quyết", INTEGER),
    Column("Giải quyết trước và đúng hạn", INTEGER),
    Column("Tỷ lệ đúng hạn", PERCENT),
    Column("Ghi chú", width=24),  # room to write in
]
FIGURES = (2, len(ROLLUP_COLUMNS) - 1)  #: the columns "Chưa có dữ liệu" is written across


def _announcement_values(announcement) -> list:
    """(lần, quyết định, ngày) of a row's announcement; a total's count of organisations that
    announced goes in the decision column."""
    if announcement is None:
        return [None, "Chưa công bố", None]
    if isinstance(announcement, int) or "count" in announcement:
        count = announcement if isinstance(announcement, int) else announcement["count"]
        return [None, f"{n2(count)} đơn vị đã công bố", None]
    return [
        announcement["ordinal"],
        announcement["decision_no"],
        announcement.get("decision_date"),
    ]


def _ratio_values(figures: dict | None, part: str, whole: str, percent: str) -> list:
    if not figures or not figures.get(whole):
        return [None, None, None]
    return [figures.get(part), figures.get(whole), figures.get(percent)]


def _on_time_values(figures: dict | None) -> list:
    """Dossiers resolved, early or on time, the rate; no dossier imported: "Chưa có dữ liệu"."""
    if not figures:
        return [None, None, NO_DATA]
    return [figures["resolved"], figures["in_time"], figures["percent"]]


def _rollup_row(row: dict, name: str | None = None, bold: bool = False) -> Row:
    name = name or row["name"]
    note = row.get("note", "")
    if not row.get("has_data", True):
        blanks = [None] * (FIGURES[1] - FIGURES[0])
        return Row([name, NO_DATA, *blanks, note], bold, merge=FIGURES)
    values = [
        name,
        *_announcement_values(row.get("announcement")),
        *_ratio_values(row.get("c342"), "compliant", "total", "percent"),
        *_ratio_values(row.get("ack"), "acknowledged", "people", "coverage_percent"),
        row.get("rounds", 0),
        row.get("actions_open", 0),
        row.get("actions_overdue", 0),
        *_on_time_values(row.get("on_time")),
        note,
    ]
    return Row(values, bold)


def rollup_xlsx(rows: list[dict], title: str, totals: dict) -> bytes:
    """One row per organisation below a supervisor, then "Tổng cộng"; an organisation without data
    says so ("Chưa có dữ liệu", across the figures) instead of showing zeros. Figures are numbers
    (percentages with a % format) and decision dates are dates."""
    announced = totals.get("announcement")
    if announced is None:
        announced = sum(1 for row in rows if isinstance(row.get("announcement"), dict))
    total = {**totals, "has_data": True, "announcement": announced}
    table = [_rollup_row(row) for row in rows] + [_rollup_row(total, "Tổng cộng", bold=True)]
    return xlsx_table(ROLLUP_COLUMNS, table, sheet_name="Tong hop", title=title, freeze_columns=1)


# ---------------------------------------------------------------- file names


def report_filename(report: dict, fmt: str) -> str:
    """ "bao-cao-iso-ubnd-xa-quang-an-20200101-20200914.docx"; the .xlsx is the appendix
    ("phu-luc-bao-cao-iso-…")."""
    period = report["period"]
    words = "Báo cáo ISO" if fmt == "docx" else "Phụ lục báo cáo ISO"
    span = [date.fromisoformat(period[key]).strftime("%Y%m%d") for key in ("from", "to")]
    return export_name(words, report["organisation"].get("name") or "", *span, extension=fmt)


def rollup_filename(name: str, start: date, end: date) -> str:
    """ "tong-hop-iso-ubnd-huyen-quang-dien-20200101-20200914.xlsx"."""
    return export_name("Tổng hợp ISO", name, f"{start:%Y%m%d}", f"{end:%Y%m%d}", extension="xlsx")
