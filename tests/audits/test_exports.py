"""The round report: the QMR's e-signature, and the .docx laid out per Nghị định 30/2020/NĐ-CP,
read back with python-docx."""

import io
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from docx import Document
from docx.shared import Mm, Pt

from iso_qms.accounts.models import User
from iso_qms.audits import operations as ops
from iso_qms.audits.exports import (
    corrective_action_docx,
    issuer_lines,
    round_report_docx,
    vn_date_line,
)
from iso_qms.audits.models import Round
from iso_qms.audits.operations.rounds import report_hash
from iso_qms.core.errors import InvalidState, PermissionDenied
from iso_qms.core.timeutil import LOCAL_TZ, today
from iso_qms.extensions import db
from tests.audits.builders import PASSWORD, action_in, reported_round


def test_the_qmr_accepts_with_their_password_and_the_signature_covers_the_content(world):
    round_ = reported_round(world)
    with pytest.raises(PermissionDenied):
        ops.accept_report(round_, world.users["iso_secretary"], PASSWORD)
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    assert round_.accepted_by_id == world.users["qmr"].id and round_.accepted_signer_name == "Qmr"
    assert round_.report_sha256 == report_hash(round_) and len(round_.report_sha256) == 64


def test_a_wrong_password_signs_nothing_but_counts_as_a_failed_attempt(world):
    round_ = reported_round(world)
    db.session.commit()
    with pytest.raises(ops.WrongPassword):
        ops.accept_report(round_, world.users["qmr"], "sai-mat-khau")
    assert not round_.is_accepted
    assert db.session.get(User, world.users["qmr"].id).failed_logins == 1


def test_accepting_twice_is_refused(world):
    round_ = reported_round(world)
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    with pytest.raises(InvalidState):
        ops.accept_report(round_, world.users["qmr"], PASSWORD)


def test_vietnamese_date_line_and_issuer():
    assert vn_date_line("Quảng An", date(2020, 8, 17)) == "Quảng An, ngày 17 tháng 8 năm 2020"
    assert vn_date_line("Quảng An", date(2020, 2, 5)) == "Quảng An, ngày 05 tháng 02 năm 2020"
    assert issuer_lines("UBND xã Quảng An") == ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG AN"]


def test_docx_export_reads_back_as_a_decree_30_document(world, login):
    world.org.place_name = "Quảng An"
    world.users["qmr"].position = "Phó Chủ tịch UBND xã"
    round_ = reported_round(world)
    ops.update_round(round_, world.users["iso_secretary"], {"report_no": "126/BB-UBND"})
    ops.accept_report(round_, world.users["qmr"], PASSWORD)
    db.session.commit()
    response = login("staff").get(f"/audits/rounds/{round_.id}/report.docx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.data))
    section = document.sections[0]
    # stored in twentieths of a point: equal to the millimetre within rounding
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(
        0.1
    )
    margins = [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    top, bottom, left, right = margins
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20, (
        margins
    )
    assert document.styles["Normal"].font.name == "Times New Roman"
    sizes = {run.font.size for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert sizes and all(Pt(13) <= size <= Pt(14) for size in sizes)
    left, right = (cell.text for cell in document.tables[0].rows[0].cells)
    assert left.startswith("ỦY BAN NHÂN DÂN\nXÃ QUẢNG AN") and "Số: 126/BB-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    date_line = document.tables[0].rows[0].cells[1].paragraphs[-1]
    assert date_line.text.startswith("Quảng An, ngày") and all(run.italic for run in date_line.runs)
    texts = [p.text for p in document.paragraphs]
    assert "BIÊN BẢN KIỂM TRA" in texts and round_.title in texts
    assert any(t.startswith("Căn cứ Kế hoạch số 482/KH-UBND") for t in texts)
    assert {"I. THÀNH PHẦN ĐOÀN", "III. KẾT QUẢ KIỂM TRA", "IV. CÁC PHÁT HIỆN"} <= set(texts)
    findings = document.tables[1]
    assert findings.rows[0].cells[3].text == "Nội dung phát hiện"
    assert (
        findings.rows[1].cells[1].text == "KPH nhẹ"
        and "Sổ theo dõi" in findings.rows[1].cells[3].text
    )
    signature_left, signature_right = (cell.text for cell in document.tables[-1].rows[0].cells)
    assert signature_left.startswith("Nơi nhận:") and "Lưu: VT" in signature_left
    assert signature_right.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert "Qmr" in signature_right


def test_an_internal_audit_report_is_a_bao_cao_and_unsigned_until_accepted(world):
    from tests.audits.builders import answer_all, make_round

    round_ = make_round(world, kind="internal_audit", areas=(), clauses=("9",))
    ops.generate_checklist(round_, world.users["iso_secretary"])
    ops.start_round(round_, world.users["iso_secretary"])
    answer_all(round_, world.users["inspector"])
    document = Document(io.BytesIO(round_report_docx(db.session.get(Round, round_.id))))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "Không có phát hiện." in texts
    assert "/BC-UBND" in document.tables[0].rows[0].cells[0].text
    assert "chưa được chấp nhận" in document.tables[-1].rows[0].cells[1].text
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 1


PRINTED = datetime(2020, 9, 14, 15, 30, tzinfo=LOCAL_TZ)


def _car(action) -> tuple[Document, list[str]]:
    document = Document(io.BytesIO(corrective_action_docx(action, printed_at=PRINTED)))
    return document, [p.text for p in document.paragraphs]


def test_car_docx_shows_what_the_print_page_shows_under_the_decree_30_header(world):
    world.org.place_name = "Quảng An"
    action = action_in(world, "closed")
    document, texts = _car(action)
    left, right = (cell.text for cell in document.tables[0].rows[0].cells)
    assert left.startswith("ỦY BAN NHÂN DÂN\nXÃ QUẢNG AN") and "Số: TKT-01/2020-01.1" in left
    assert right.endswith("Quảng An, ngày 14 tháng 9 năm 2020")
    assert "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC" in texts
    finding = action.finding
    assert any(t.startswith(finding.round.title) and "17/08/2020" in t for t in texts)
    assert "Phát hiện TKT-01/2020-01 — KPH nhẹ" in texts and finding.description in texts
    assert "Bộ phận được kiểm tra, đánh giá: Văn hóa - Xã hội" in texts
    assert ["1. Tại sao? Sổ không được cập nhật.", "2. Tại sao? Chưa giao người phụ trách."] == [
        t for t in texts if "Tại sao?" in t
    ]
    assert "Chưa phân công trách nhiệm." in texts and action.action in texts
    due = (today() + timedelta(days=14)).strftime("%d/%m/%Y")
    assert f"Người thực hiện: {action.owner.full_name} · Thời hạn: {due}" in texts
    assert any(t.startswith("Đã báo cáo hoàn thành ngày") and "Đã cập nhật sổ." in t for t in texts)
    verified = [t for t in texts if t.endswith("có hiệu quả (Đã kiểm tra sổ.)")]
    assert verified and world.users["inspector"].full_name in verified[0]
    assert texts[-1] == "In lúc 14/09/2020 15:30."


def test_car_docx_of_an_open_action_leaves_result_and_verification_to_fill_in(world):
    document, texts = _car(action_in(world, "planned"))
    heading = texts.index("5. Kết quả")
    assert texts[heading + 1].startswith("……") and texts[heading + 3].startswith("……")
    assert texts[heading + 2] == "6. Kiểm tra xác nhận hiệu quả"
    assert len(document.tables) == 1  # the header: a form has no "Nơi nhận"


def test_car_docx_of_a_review_decision_names_the_review(world):
    review = ops.create_review(
        world.org.id,
        world.users["qmr"],
        {
            "title": "Xem xét của lãnh đạo năm 2020",
            "held_on": today(),
            "chair_id": world.users["head"].id,
            "participant_ids": [world.users["head"].id, world.users["qmr"].id],
        },
    )
    ops.hold_review(review, world.users["qmr"], "HTQLCL phù hợp.")
    decision = ops.add_review_decision(
        review,
        world.users["qmr"],
        {
            "action": "Số hóa sổ theo dõi",
            "owner_id": world.users["staff"].id,
            "due_date": today() + timedelta(days=30),
        },
    )
    _document, texts = _car(decision)
    assert "1. Quyết định tại cuộc họp xem xét của lãnh đạo" in texts
    assert f"Xem xét của lãnh đạo năm 2020 ({today():%d/%m/%Y})" in texts
    assert "Số hóa sổ theo dõi" in texts
