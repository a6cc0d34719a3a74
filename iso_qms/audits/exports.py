"""The round report as .docx, laid out per Nghị định 30/2020/NĐ-CP: A4, Times New Roman 13–14,
margins 20/20/30/15 mm, the two-column header, italic place-and-date line, title, sections, the
findings table, the signature block and "Nơi nhận".

The document is an administrative text of the commune, so it is written in Vietnamese whatever the
user's language (like the procedure exports).
"""

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..core.timeutil import LOCAL_TZ
from . import queries
from .catalogue import ISO_CLAUSES
from .models import FindingType, LineResult, Round, RoundKind

FONT = "Times New Roman"
BODY_PT, HEADER_PT, SMALL_PT = 14, 13, 12
TYPE_VI = {
    FindingType.nc_major: "KPH nặng",
    FindingType.nc_minor: "KPH nhẹ",
    FindingType.observation: "Điểm lưu ý",
    FindingType.ofi: "Cơ hội cải tiến",
}
RESULT_VI = {
    LineResult.conform: "Phù hợp",
    LineResult.nonconform: "Không phù hợp",
    LineResult.observation: "Lưu ý",
    LineResult.not_applicable: "Không áp dụng",
    None: "Chưa kiểm tra",
}
CLAUSE_VI = {
    "4": "Bối cảnh của tổ chức",
    "5": "Sự lãnh đạo",
    "6": "Hoạch định",
    "7": "Hỗ trợ",
    "8": "Thực hiện",
    "9": "Đánh giá kết quả hoạt động",
    "10": "Cải tiến",
}


def vn_date_line(place: str, day: date) -> str:
    """ "Quảng An, ngày 05 tháng 02 năm 2020": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def issuer_lines(name: str) -> list[str]:
    """ "UBND xã Quảng An" → ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG AN"]."""
    if name.upper().startswith("UBND "):
        return ["ỦY BAN NHÂN DÂN", name[5:].upper()]
    return [name.upper()]


def _run(paragraph, text: str, size: int = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(
    container,
    text: str = "",
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    space_after: int = 3,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _cell_lines(cell, lines: list[tuple[str, int, bool, bool]]) -> None:
    cell.text = ""
    first = True
    for text, size, bold, italic in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, text, size, bold, italic)


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _kind_words(round_: Round) -> tuple[str, str]:
    """(document title, number suffix): a biên bản for a self-inspection, else a báo cáo."""
    if round_.kind is RoundKind.self_inspection:
        return "BIÊN BẢN KIỂM TRA", "BB-UBND"
    return "BÁO CÁO", "BC-UBND"


def _document_date(round_: Round) -> date:
    moment = round_.accepted_at or round_.reported_at
    return moment.astimezone(LOCAL_TZ).date() if moment else round_.end_date


def _header(document, round_: Round) -> None:
    organisation = round_.organisation
    _title, suffix = _kind_words(round_)
    number = f"Số: {round_.report_no}" if round_.report_no else f"Số:        /{suffix}"
    place = organisation.place_name or organisation.name.split(" ", 2)[-1]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    _cell_lines(
        left,
        [(line, HEADER_PT, True, False) for line in issuer_lines(organisation.name)]
        + [("―――――", HEADER_PT, False, False), (number, HEADER_PT, False, False)],
    )
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_PT, True, False),
            ("Độc lập - Tự do - Hạnh phúc", BODY_PT, True, False),
            ("―――――――――――――", HEADER_PT, False, False),
            (vn_date_line(place, _document_date(round_)), BODY_PT, False, True),
        ],
    )


def _title(document, round_: Round) -> None:
    title, _suffix = _kind_words(round_)
    _para(document, "", space_after=6)
    _para(document, title, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(
        document, round_.title, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0
    )
    _para(document, "―――――――", BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)


def _scope_lines(round_: Round, area_titles: dict) -> list[str]:
    lines = [f"- {area_titles.get(key, key)};" for key in round_.areas]
    lines += [
        f"- Điều khoản {code} TCVN ISO 9001:2015 ({CLAUSE_VI.get(code, ISO_CLAUSES.get(code, ''))});"
        for code in round_.clauses
    ]
    lines += [f"- Quy trình {p.code} — {p.title};" for p in round_.procedures]
    return lines or ["- (chưa xác định)"]


def _intro(document, round_: Round) -> None:
    if round_.plan_ref:
        _para(document, f"Căn cứ {round_.plan_ref};", italic=True, indent=True)
    period = round_.start_date.strftime("%d/%m/%Y")
    if round_.end_date != round_.start_date:
        period += f" đến ngày {round_.end_date:%d/%m/%Y}"
    verb = {
        "self_inspection": "tự kiểm tra",
        "internal_audit": "đánh giá nội bộ",
        "external_inspection": "được kiểm tra",
    }[round_.kind.value]
    _para(
        document,
        f"Ngày {period}, {round_.organisation.name} tổ chức {verb} với kết quả như sau:",
        indent=True,
    )


def _team(document, round_: Round) -> None:
    _para(document, "I. THÀNH PHẦN ĐOÀN", bold=True)
    for member in round_.members:
        role = "Trưởng đoàn" if member.role.value == "leader" else "Thành viên"
        position = f", {member.user.position}" if member.user.position else ""
        _para(document, f"- {member.user.full_name}{position}: {role};", indent=True, space_after=0)


def _results(document, round_: Round, lines: list, area_titles: dict) -> None:
    counts = queries.result_counts(lines)
    _para(document, "II. PHẠM VI VÀ NỘI DUNG KIỂM TRA", bold=True)
    for line in _scope_lines(round_, area_titles):
        _para(document, line, indent=True, space_after=0)
    _para(document, "III. KẾT QUẢ KIỂM TRA", bold=True)
    for paragraph in (round_.summary or "").split("\n"):
        if paragraph.strip():
            _para(document, paragraph.strip(), indent=True)
    _para(
        document,
        (
            f"Tổng số nội dung kiểm tra: {counts['total']}; phù hợp: {counts['conform']}; "
            f"không phù hợp: {counts['nonconform']}; lưu ý: {counts['observation']}; "
            f"không áp dụng: {counts['not_applicable']}."
        ),
        indent=True,
    )


def _grid(document, headers: list[str], rows: list[list[str]], widths: list[float]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Cm(width)
        _cell_lines(cell, [(header, SMALL_PT, True, False)])
    for row in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, row, widths, strict=True):
            cell.width = Cm(width)
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            _run(paragraph, value, SMALL_PT)
    return table


def _findings(document, findings: list, area_titles: dict) -> None:
    _para(document, "IV. CÁC PHÁT HIỆN", bold=True)
    if not findings:
        _para(document, "Không có phát hiện.", indent=True)
        return
    rows = []
    for f in findings:
        where = f.clause or area_titles.get(f.area, f.area)
        if f.procedure is not None:
            where = f"{where} — {f.procedure.code}" if where else f.procedure.code
        actions = "; ".join(
            f"{a.action} ({a.owner.full_name}, hạn {a.due_date:%d/%m/%Y})"
            for a in f.active_actions()
        )
        rows.append([f.reference, TYPE_VI[f.type], where, f.description, f.auditee_unit, actions])
    _grid(
        document,
        [
            "Số",
            "Loại",
            "Điều khoản / quy trình",
            "Nội dung phát hiện",
            "Bộ phận",
            "Hành động khắc phục",
        ],
        rows,
        [1.0, 2.0, 2.5, 5.0, 2.5, 3.5],
    )


def _conclusion(document, round_: Round) -> None:
    _para(document, "V. KẾT LUẬN VÀ KIẾN NGHỊ", bold=True)
    paragraphs = [p.strip() for p in (round_.conclusion or "").split("\n") if p.strip()]
    for paragraph in paragraphs or [
        "Yêu cầu các bộ phận có phát hiện thực hiện hành động khắc phục theo "
        "phiếu yêu cầu và báo cáo kết quả đúng thời hạn."
    ]:
        _para(document, paragraph, indent=True)
    if round_.car_report_due_on:
        _para(
            document,
            f"Báo cáo kết quả khắc phục gửi cơ quan kiểm tra trước ngày "
            f"{round_.car_report_due_on:%d/%m/%Y}.",
            indent=True,
        )


def _signature(document, round_: Round) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    left.text = ""
    paragraph = left.paragraphs[0]
    _run(paragraph, "Nơi nhận:", SMALL_PT, bold=True, italic=True)
    for line in (
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Các bộ phận chuyên môn;",
        "- Ban chỉ đạo ISO;",
        "- Lưu: VT, ISO.",
    ):
        _run(left.add_paragraph(), line, 11)
    # "Phó Chủ tịch UBND xã" signs as "PHÓ CHỦ TỊCH" under "KT. CHỦ TỊCH".
    position = (round_.accepted_signer_position or "Chủ tịch").upper().split(" UBND")[0]
    lines = [("TM. ỦY BAN NHÂN DÂN", BODY_PT, True, False)]
    if "PHÓ" in position:
        lines.append(("KT. CHỦ TỊCH", BODY_PT, True, False))
    lines.append((position if round_.is_accepted else "CHỦ TỊCH", BODY_PT, True, False))
    if round_.is_accepted:
        signed = round_.accepted_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
        lines += [
            (f"(Đã ký điện tử lúc {signed})", SMALL_PT, False, True),
            ("", BODY_PT, False, False),
            (round_.accepted_signer_name, BODY_PT, True, False),
        ]
    else:
        lines += [("(Báo cáo chưa được chấp nhận)", SMALL_PT, False, True)]
    _cell_lines(right, lines)


def round_report_docx(round_: Round) -> bytes:
    """The report of a round as a Word document, ready to print and sign."""
    document = Document()
    _setup(document)
    lines = queries.checklist_lines(round_)
    area_titles = queries.area_titles(round_.organisation_id)
    _header(document, round_)
    _title(document, round_)
    _intro(document, round_)
    _team(document, round_)
    _results(document, round_, lines, area_titles)
    _findings(document, queries.round_findings(round_), area_titles)
    _conclusion(document, round_)
    _para(document, "")
    _signature(document, round_)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
