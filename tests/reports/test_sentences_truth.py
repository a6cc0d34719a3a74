"""The report's sentences state only what the records say happened (issue 12, cases 3 and 7):
planned rounds as planned, external inspections as their body's, procedures counted not
revisions, deadlines passed as overdue, yearly duties not owed before the year is out, a held
management review mentioned, CCHC words for findings, numbers as the real report writes them."""

from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from iso_qms.audits import operations as audit_ops
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.procedures import announcements
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures.durations import Duration
from iso_qms.procedures.models import LegalChange, Procedure
from iso_qms.reports.compliance import make_period
from iso_qms.reports.report import build_report
from iso_qms.reports.sentences import n2, pct
from tests.audits.builders import make_finding, make_round, started_round
from tests.fixtures.factories import create_procedure, create_revision

NOW = date(2026, 12, 2)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
NINE_MONTHS = (date(2026, 1, 1), date(2026, 9, 30))
PLAN = "Kế hoạch số 482/KH-UBND ngày 19/12/2019"
SKHCN = "Kế hoạch số 15/KH-SKHCN ngày 05/01/2026"


def _at(day: date, hour: int = 9) -> None:
    set_clock(datetime.combine(day, time(hour), LOCAL_TZ))


def _paragraphs(org, period=YEAR, as_of: date = NOW) -> dict:
    _at(NOW, 17)
    return build_report(org, make_period(*period, as_of))["paragraphs"]


@pytest.fixture
def org(world):
    """A commune with one TTHC procedure in force since January."""
    _at(date(2026, 1, 5))
    procedure = create_procedure(world, code="QT-HT-01")
    create_revision(procedure, world, status="approved", effective_date=date(2026, 1, 5))
    return world.org


def test_a_self_inspection_planned_and_never_started_is_not_reported_as_held(world, org):
    _at(date(2026, 11, 2))
    round_ = make_round(world, start=date(2026, 11, 20), title="Tự kiểm tra CCHC năm 2026")
    p = _paragraphs(org)
    assert "đã thành lập đoàn" not in p["I.3"] and "không phát hiện tồn tại" not in p["I.3"]
    assert "chưa tổ chức đợt tự kiểm tra, đánh giá nào" in p["I.3"]
    assert (
        f"Đợt tự kiểm tra CCHC theo {PLAN}, dự kiến ngày 20/11/2026, đến nay chưa được thực hiện."
    ) in p["I.3"]
    assert "Công tác tự kiểm tra được tổ chức theo kế hoạch" not in p["III.1"]
    assert f"Chưa thực hiện tự kiểm tra CCHC theo {PLAN} (dự kiến ngày 20/11/2026)." in p["III.2"]
    assert (
        f"Tổ chức tự kiểm tra CCHC theo {PLAN} (dự kiến ngày 20/11/2026, đã quá thời gian dự kiến "
        "nhưng chưa thực hiện)."
    ) in p["IV"]
    assert all(round_.title not in text and '"' not in text for text in p.values())


def test_a_self_inspection_is_held_once_started_and_only_from_then(world, org):
    _at(date(2026, 11, 20))
    started_round(world, start=date(2026, 11, 20))
    held = "đã thành lập đoàn và tổ chức tự kiểm tra CCHC, không phát hiện tồn tại, hạn chế"
    assert held in _paragraphs(org)["I.3"]
    before = _paragraphs(
        org, period=(date(2026, 1, 1), date(2026, 11, 19)), as_of=date(2026, 11, 19)
    )
    assert "đã thành lập đoàn" not in before["I.3"]


def test_an_inspection_by_the_department_is_written_under_its_name(world, org):
    _at(date(2026, 11, 2))
    planned = make_round(
        world,
        kind="external_inspection",
        areas=(),
        title="Sở KH&CN kiểm tra việc áp dụng HTQLCL năm 2026",
        plan_ref=SKHCN,
        start=date(2026, 12, 15),
    )
    p = _paragraphs(org)
    assert (
        "Chuẩn bị các điều kiện để Sở Khoa học và Công nghệ kiểm tra việc áp dụng, duy trì hệ thống "
        f"quản lý chất lượng theo {SKHCN}, dự kiến ngày 15/12/2026."
    ) in p["IV"]
    assert "Tổ chức kiểm tra" not in p["IV"] and planned.title not in p["IV"]

    _at(date(2026, 11, 20))
    held = started_round(
        world, kind="external_inspection", areas=(), plan_ref=SKHCN, start=date(2026, 11, 20)
    )
    make_finding(world, held)
    p = _paragraphs(org)
    assert (
        "Ngày 20/11/2026, Sở Khoa học và Công nghệ đã kiểm tra việc áp dụng, duy trì hệ thống quản "
        "lý chất lượng tại UBND xã"
    ) in p["I.3"]
    assert f"theo {SKHCN}, đã chỉ ra 01 tồn tại, hạn chế và yêu cầu khắc phục." in p["I.3"]
    assert "đã thành lập đoàn và tổ chức kiểm tra" not in p["I.3"]
    assert "UBND xã đã ban hành Kế hoạch số 15/KH-SKHCN" not in p["I.3"]


def test_procedures_are_counted_not_revisions_nor_the_policy_and_objectives(world):
    _at(date(2026, 2, 2))
    twice = create_procedure(world, code="QT-HT-01")
    create_revision(twice, world, status="approved", effective_date=date(2026, 2, 2))
    once = create_procedure(world, code="QT-HT-02")
    create_revision(once, world, status="approved", effective_date=date(2026, 2, 2))
    for code, kind in (("CS-01", "policy"), ("MT-01", "objectives")):
        document = create_procedure(world, code=code, kind=kind, statutory=None)
        create_revision(document, world, status="approved", effective_date=date(2026, 2, 2))
    _at(date(2026, 3, 2))
    create_revision(
        twice, world, status="approved", effective_date=date(2026, 3, 2), summary="Sửa bước 2"
    )
    announcements.create_announcement(
        world.org.id,
        world.users["qmr"],
        {
            "decision_no": "12/QĐ-UBND",
            "decision_date": date(2026, 3, 2),
            "signer": "Lê Văn Hải",
            "reason": "first",
        },
    )
    p = _paragraphs(world.org)
    assert "Trong kỳ, đã ban hành, sửa đổi 02 quy trình." in p["II.6"]
    assert (
        "gồm chính sách chất lượng, mục tiêu chất lượng và 02 quy trình (trong đó 02 quy trình "
        "giải quyết thủ tục hành chính)."
    ) in p["II.6"]


def test_a_legal_update_past_its_deadline_is_said_as_overdue(world, org):
    secretary = world.users["iso_secretary"]
    _at(date(2026, 6, 2))
    new = proc_ops.create_legal_basis(
        org.id, secretary, {"number": "B/2026", "effective_on": date(2026, 6, 1)}
    )
    old = proc_ops.create_legal_basis(org.id, secretary, {"number": "A/2015"})
    procedure = db.session.scalar(sa.select(Procedure).where(Procedure.organisation_id == org.id))
    proc_ops.set_legal_bases(procedure, secretary, [old])
    proc_ops.mark_superseded(old, secretary, new, LegalChange.replaced)
    in_time = _paragraphs(org, period=NINE_MONTHS, as_of=date(2026, 8, 14))
    assert "(QT-HT-01) trước ngày 01/09/2026." in in_time["IV"]
    late = _paragraphs(org)
    assert "trước ngày 01/09/2026" not in late["IV"]
    assert (
        "Cập nhật 01 quy trình theo văn bản pháp lý mới (QT-HT-01), đã quá hạn ngày 01/09/2026 "
        "nhưng chưa thực hiện."
    ) in late["IV"]
    assert "(QT-HT-01), đã quá hạn ngày 01/09/2026." in late["III.2"]


def test_the_yearly_audit_and_review_are_not_shortcomings_before_the_year_is_out(org):
    nine = _paragraphs(org, period=NINE_MONTHS, as_of=date(2026, 9, 30))
    assert "Chưa tổ chức đánh giá nội bộ" not in nine["III.2"]
    assert "Chưa tổ chức xem xét của lãnh đạo" not in nine["III.2"]
    assert (
        "Tiến hành đánh giá nội bộ hệ thống quản lý chất lượng để có cơ sở rút kinh nghiệm, "
        "cải tiến tốt hơn, dự kiến thực hiện trong những tháng còn lại năm 2026."
    ) in nine["IV"]
    assert (
        "Tổ chức xem xét của lãnh đạo đối với hệ thống quản lý chất lượng, dự kiến thực hiện "
        "trong những tháng còn lại năm 2026."
    ) in nine["IV"]
    year = _paragraphs(org)
    assert "Chưa tổ chức đánh giá nội bộ năm 2026." in year["III.2"]
    assert "Chưa tổ chức xem xét của lãnh đạo năm 2026." in year["III.2"]
    assert "dự kiến thực hiện trong những tháng còn lại" not in year["IV"]


def test_a_held_management_review_is_mentioned(world, org):
    qmr = world.users["qmr"]
    _at(date(2026, 6, 10))
    review = audit_ops.create_review(
        org.id, qmr, {"title": "Xem xét của lãnh đạo năm 2026", "held_on": date(2026, 6, 10)}
    )
    _at(date(2026, 6, 10), 16)
    audit_ops.hold_review(review, qmr, "HTQLCL được duy trì phù hợp.")
    p = _paragraphs(org)
    assert (
        "Ngày 10/06/2026, UBND xã đã tổ chức xem xét của lãnh đạo đối với hệ thống quản lý chất "
        "lượng theo quy định."
    ) in p["II.6"]
    assert "xem xét của lãnh đạo" not in p["III.2"] and "xem xét của lãnh đạo" not in p["IV"]


def test_zero_is_written_as_none_never_padded(world):
    _at(date(2026, 1, 5))
    procedure = create_procedure(world, code="QT-HT-01")
    create_revision(procedure, world, status="approved", effective_date=date(2026, 1, 5))
    _at(date(2026, 2, 2))  # the statutory time shortened: the steps now take longer
    proc_ops.update_procedure(
        procedure, world.users["iso_secretary"], {"statutory": Duration.parse("01 ngày làm việc")}
    )
    p = _paragraphs(world.org)
    assert "00/" not in p["II.6"] and "(0%)" not in p["II.6"]
    assert "Chưa có quy trình giải quyết TTHC nào (trong số 01 quy trình)" in p["II.6"]
    assert (n2(0), n2(3), n2(23), pct(90.9), pct(0.0)) == ("0", "03", "23", "90,9%", "0%")


def test_findings_are_written_in_the_words_of_a_cchc_report(world, org):
    _at(date(2026, 11, 20))
    round_ = started_round(world, start=date(2026, 11, 20))
    make_finding(world, round_, "observation")
    make_finding(world, round_, "ofi", description="Nên số hóa sổ theo dõi.")
    p = _paragraphs(org)
    text = " ".join(p.values())
    assert "điểm lưu ý" not in text and "cơ hội cải tiến" not in text
    assert (
        "tự kiểm tra CCHC, không phát hiện tồn tại, hạn chế, đồng thời đưa ra 02 kiến nghị cải tiến"
    ) in p["I.3"]
    assert "tồn tại qua kiểm tra" not in p["III.2"]
    make_finding(world, round_, "nc_minor")
    p = _paragraphs(org)
    assert (
        "đã kịp thời phát hiện 01 tồn tại, hạn chế và yêu cầu khắc phục, đồng thời đưa ra 02 kiến "
        "nghị cải tiến"
    ) in p["I.3"]
    assert "Còn 01 tồn tại qua kiểm tra, đánh giá chưa được khắc phục xong." in p["III.2"]
