"""The round report and the corrective action request as .docx, written by the one Nghị định
30/2020/NĐ-CP writer in core.documents: header, title, sections, the findings table, "Nơi nhận" and
the signature block.

The documents are administrative texts of the commune, so they are written in Vietnamese whatever
the user's language (like the procedure exports).
"""

import re
from datetime import date, datetime

from flask_babel import force_locale

from ..core import documents
from ..core.documents import issuer_lines, vn_date_line  # still importable from here
from ..core.files import export_name
from ..core.i18n import format_date
from ..core.timeutil import LOCAL_TZ, utcnow
from . import queries
from .models import CorrectiveAction, FindingType, LineResult, Round, RoundKind

__all__ = [
    "corrective_action_docx",
    "corrective_action_filename",
    "issuer_lines",
    "round_report_docx",
    "round_report_filename",
    "vn_date_line",
]

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


RECIPIENTS = ("Chủ tịch, các Phó Chủ tịch UBND xã", "Các bộ phận chuyên môn", "Ban chỉ đạo ISO")
FINDINGS_HEADERS = [
    "Số",
    "Loại",
    "Điều khoản / quy trình",
    "Nội dung phát hiện",
    "Bộ phận",
    "Hành động khắc phục",
]
FINDINGS_WIDTHS_MM = [24, 18, 24, 44, 22, 33]  # 165 mm; "TKT-01/2020-01" wraps at its slash
BLANK = "……………………………………………………"


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
    documents.header_block(
        document,
        organisation.name,
        number=round_.report_no or "",
        symbol=suffix,
        place=organisation.place_name,
        on=_document_date(round_),
    )


def _title(document, round_: Round) -> None:
    title, _suffix = _kind_words(round_)
    documents.title(document, title, round_.title)


def _clause_line(code: str) -> str:
    """ "Điều khoản 8 TCVN ISO 9001:2015 (Thực hiện);" — a sub-clause (7.5.3) has no title here."""
    title = CLAUSE_VI.get(code, "")
    return f"- Điều khoản {code} TCVN ISO 9001:2015" + (f" ({title});" if title else ";")


def _scope_lines(round_: Round, area_titles: dict) -> list[str]:
    lines = [f"- {area_titles.get(key, key)};" for key in round_.areas]
    lines += [_clause_line(code) for code in round_.clauses]
    lines += [f"- Quy trình {p.code} — {p.title};" for p in round_.procedures]
    return lines or ["- (chưa xác định)"]


def _intro(document, round_: Round) -> None:
    if round_.plan_ref:
        documents.paragraph(document, f"Căn cứ {round_.plan_ref};", italic=True)
    period = round_.start_date.strftime("%d/%m/%Y")
    if round_.end_date != round_.start_date:
        period += f" đến ngày {round_.end_date:%d/%m/%Y}"
    if round_.is_external:
        sentence = (
            f"Ngày {period}, {round_.body_name} tiến hành kiểm tra tại "
            f"{round_.organisation.name} với kết quả như sau:"
        )
    else:
        verb = {"self_inspection": "tự kiểm tra", "internal_audit": "đánh giá nội bộ"}[
            round_.kind.value
        ]
        sentence = f"Ngày {period}, {round_.organisation.name} tổ chức {verb} với kết quả như sau:"
    documents.paragraph(document, sentence)


def _team(document, round_: Round) -> None:
    documents.heading(document, "I. THÀNH PHẦN ĐOÀN")
    if round_.is_external and round_.inspecting_body:
        documents.item(document, f"- Cơ quan kiểm tra: {round_.inspecting_body};")
    if round_.leader is None and round_.leader_name:
        documents.item(document, f"- {round_.leader_name}: Trưởng đoàn;")
    for member in round_.members:
        role = "Trưởng đoàn" if member.role.value == "leader" else "Thành viên"
        position = f", {member.user.position}" if member.user.position else ""
        documents.item(document, f"- {member.user.full_name}{position}: {role};")


def _results(document, round_: Round, counts: dict, area_titles: dict) -> None:
    documents.heading(document, "II. PHẠM VI VÀ NỘI DUNG KIỂM TRA")
    for line in _scope_lines(round_, area_titles):
        documents.item(document, line)
    documents.heading(document, "III. KẾT QUẢ KIỂM TRA")
    for paragraph in (round_.summary or "").split("\n"):
        if paragraph.strip():
            documents.paragraph(document, paragraph.strip())
    documents.paragraph(
        document,
        f"Tổng số nội dung kiểm tra: {counts['total']}; phù hợp: {counts['conform']}; "
        f"không phù hợp: {counts['nonconform']}; lưu ý: {counts['observation']}; "
        f"không áp dụng: {counts['not_applicable']}.",
    )


def _finding_row(finding, area_titles: dict) -> list[str]:
    where = finding.clause or area_titles.get(finding.area, finding.area)
    if finding.procedure is not None:
        where = f"{where} — {finding.procedure.code}" if where else finding.procedure.code
    actions = "; ".join(
        f"{a.action} ({a.owner.full_name}, hạn {a.due_date:%d/%m/%Y})"
        for a in finding.active_actions()
    )
    return [
        finding.reference,
        TYPE_VI[finding.type],
        where,
        finding.description,
        finding.auditee_unit,
        actions,
    ]


def _findings(document, findings: list, area_titles: dict) -> None:
    documents.heading(document, "IV. CÁC PHÁT HIỆN")
    if not findings:
        documents.paragraph(document, "Không có phát hiện.")
        return
    rows = [_finding_row(finding, area_titles) for finding in findings]
    documents.table(document, FINDINGS_HEADERS, rows, FINDINGS_WIDTHS_MM)


def _conclusion(document, round_: Round) -> None:
    documents.heading(document, "V. KẾT LUẬN VÀ KIẾN NGHỊ")
    paragraphs = [p.strip() for p in (round_.conclusion or "").split("\n") if p.strip()]
    for paragraph in paragraphs or [
        "Yêu cầu các bộ phận có phát hiện thực hiện hành động khắc phục theo "
        "phiếu yêu cầu và báo cáo kết quả đúng thời hạn."
    ]:
        documents.paragraph(document, paragraph)
    if round_.car_report_due_on:
        documents.paragraph(
            document,
            f"Báo cáo kết quả khắc phục gửi cơ quan kiểm tra trước ngày "
            f"{round_.car_report_due_on:%d/%m/%Y}.",
        )


def _signature(document, round_: Round) -> None:
    """The QMR's e-signature once accepted; before that the chair's block, unsigned."""
    if round_.is_accepted:
        signed = round_.accepted_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
        position, name = round_.accepted_signer_position, round_.accepted_signer_name
        note = f"(Đã ký điện tử lúc {signed})"
    else:
        position, name, note = "Chủ tịch", "", "(Báo cáo chưa được chấp nhận)"
    documents.recipients_and_signature(
        document,
        RECIPIENTS,
        "TM. ỦY BAN NHÂN DÂN",
        position,
        name,
        archive="VT, ISO",
        note=note,
    )


def kind_words(kind: RoundKind) -> str:
    """The Vietnamese label of a round's kind, whatever the interface language, without its
    parenthesis: "Tự kiểm tra", "Đánh giá nội bộ", "Kiểm tra của cơ quan bên ngoài"."""
    with force_locale("vi"):
        label = kind.label
    return re.sub(r"\s*\([^)]*\)", "", label).strip()


def round_report_filename(round_: Round) -> str:
    """ "bao-cao-tu-kiem-tra-20200817.docx": from the Vietnamese words, not the stored code."""
    return export_name(
        "Báo cáo", kind_words(round_.kind), f"{round_.start_date:%Y%m%d}", extension="docx"
    )


def corrective_action_filename(action: CorrectiveAction) -> str:
    """ "phieu-yeu-cau-khac-phuc-01-1.docx"."""
    return export_name("Phiếu yêu cầu khắc phục", action.reference, extension="docx")


def round_report_docx(round_: Round) -> bytes:
    """The report of a round as a Word document, ready to print and sign."""
    document = documents.new_document()
    area_titles = queries.area_titles(round_.organisation_id)
    _header(document, round_)
    _title(document, round_)
    _intro(document, round_)
    _team(document, round_)
    _results(document, round_, queries.round_result_counts(round_.id), area_titles)
    _findings(document, queries.round_findings(round_), area_titles)
    _conclusion(document, round_)
    _signature(document, round_)
    return documents.to_bytes(document)


# ---------------------------------------------------------------- the corrective action request


def _labelled(document, label: str, text: str) -> None:
    """ "*Bằng chứng khách quan:* ..." with the label in italics."""
    paragraph = documents.paragraph(document)
    documents.run(paragraph, f"{label}: ", italic=True)
    documents.run(paragraph, text or "—")


def _car_source(document, action: CorrectiveAction) -> None:
    """1. The finding the action answers, or the management review that decided it."""
    finding = action.finding
    if finding is None and getattr(action, "objective", None) is not None:
        documents.heading(document, f"1. Mục tiêu chất lượng {action.objective.reference}")
        return
    if finding is None and getattr(action, "risk", None) is not None:  # 6.1
        documents.heading(document, f"1. Rủi ro, cơ hội {action.risk.reference}")
        documents.paragraph(document, action.risk.description)
        return
    if finding is None:
        documents.heading(document, "1. Quyết định tại cuộc họp xem xét của lãnh đạo")
        review = action.review
        documents.paragraph(document, f"{review.title} ({format_date(review.held_on)})")
        return
    round_ = finding.round
    documents.heading(document, "1. Phát hiện")
    paragraph = documents.paragraph(document)
    if round_ is None:  # from monitoring and measurement
        documents.run(paragraph, "Theo dõi, đo lường", bold=True)
        documents.run(paragraph, f" ({format_date(finding.created_at)})")
    else:
        documents.run(paragraph, round_.title, bold=True)
        plan = f" — {round_.plan_ref}" if round_.plan_ref else ""
        documents.run(paragraph, f" ({format_date(round_.start_date)}){plan}")
    where = [f"Phát hiện {finding.reference}", TYPE_VI[finding.type]]
    where += [f"Điều khoản {finding.clause}"] if finding.clause else []
    where += [finding.procedure.code] if finding.procedure is not None else []
    documents.paragraph(document, " — ".join(where))
    documents.paragraph(document, finding.description)
    _labelled(document, "Bằng chứng khách quan", finding.evidence)
    _labelled(document, "Bộ phận được kiểm tra, đánh giá", finding.auditee_unit)


def _car_plan(document, action: CorrectiveAction) -> None:
    """2–4. Correction, root cause (the whys first), the action with its owner and due date."""
    documents.heading(document, "2. Sửa chữa ngay")
    documents.paragraph(document, action.correction or "—")
    documents.heading(document, "3. Nguyên nhân gốc")
    for number, why in enumerate(action.whys or [], start=1):
        documents.item(document, f"{number}. Tại sao? {why}")
    documents.paragraph(document, action.root_cause or "—")
    documents.heading(document, "4. Hành động khắc phục")
    documents.paragraph(document, action.action)
    paragraph = documents.paragraph(document)
    documents.run(paragraph, "Người thực hiện: ")
    documents.run(paragraph, action.owner.full_name, bold=True)
    documents.run(paragraph, " · Thời hạn: ")
    documents.run(paragraph, format_date(action.due_date), bold=True)


def _car_follow_up(document, action: CorrectiveAction) -> None:
    """5–6. The reported result and each verification, or dotted lines to fill in by hand."""
    documents.heading(document, "5. Kết quả")
    if action.completed_at:
        done = format_date(action.completed_at)
        documents.paragraph(
            document, f"Đã báo cáo hoàn thành ngày {done}: {action.completion_evidence}"
        )
    else:
        documents.paragraph(document, BLANK)
    documents.heading(document, "6. Kiểm tra xác nhận hiệu quả")
    for check in action.verifications:
        verdict = "có hiệu quả" if check.effective else "không hiệu quả"
        note = f" ({check.note})" if check.note else ""
        when = format_date(check.verified_at)
        documents.paragraph(document, f"{when} — {check.verifier.full_name}: {verdict}{note}")
    if not action.verifications:
        documents.paragraph(document, BLANK)


def corrective_action_docx(action: CorrectiveAction, printed_at: datetime | None = None) -> bytes:
    """The corrective action request (phiếu yêu cầu hành động khắc phục) as a Word form: what the
    print page shows, under the header of the owner's organisation, dated the day it is printed."""
    moment = (printed_at or utcnow()).astimezone(LOCAL_TZ)
    organisation = action.owner.organisation
    document = documents.new_document()
    documents.header_block(
        document,
        organisation.name,
        number=action.reference,
        place=organisation.place_name,
        on=moment.date(),
    )
    documents.title(document, "Phiếu yêu cầu hành động khắc phục")
    _car_source(document, action)
    _car_plan(document, action)
    _car_follow_up(document, action)
    documents.paragraph(
        document, f"In lúc {moment:%d/%m/%Y %H:%M}.", size=documents.NOTE_PT, italic=True
    )
    return documents.to_bytes(document)
