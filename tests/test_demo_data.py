"""The Quảng An demo QMS is what a commune would really have, and its facts match the 2020 report."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.core.audit import verify_chain
from iso_qms.extensions import db
from iso_qms.procedures.announcements import republish_due
from iso_qms.procedures.models import (
    Announcement,
    Procedure,
    ProcedureKind,
    Revision,
    RevisionStatus,
)
from iso_qms.procedures.queries import in_force, register_rows
from iso_qms.seed import seed_demo

#: Quảng An's story on the 2020 map to today (`qms seed-demo --no-reform-2025`): this
#: module's facts are Quảng An's after 2025 too; the default demo is tests/reorganisations'.
DEMO_REFORM = False


@pytest.fixture
def demo(_seeded, app):
    with app.app_context():
        yield db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        db.session.rollback()
        db.session.remove()


def test_the_demo_has_a_communes_documented_qms(demo):
    procedures = db.session.scalars(
        sa.select(Procedure).where(Procedure.organisation_id == demo.id)
    ).all()
    kinds = [p.kind for p in procedures]
    assert kinds.count(ProcedureKind.tthc) >= 15
    assert kinds.count(ProcedureKind.system) == 5
    assert ProcedureKind.policy in kinds and ProcedureKind.objectives in kinds
    fields = {p.field for p in procedures if p.kind is ProcedureKind.tthc}
    assert {"Hộ tịch", "Chứng thực"} <= fields
    several = db.session.scalars(
        sa.select(Revision.procedure_id).group_by(Revision.procedure_id).having(sa.func.count() > 1)
    ).all()
    assert len(several) >= 4


def test_the_third_announcement_is_qd_353_of_18_08_2020(demo):
    announcements = db.session.scalars(
        sa.select(Announcement)
        .where(Announcement.organisation_id == demo.id)
        .order_by(Announcement.ordinal)
    ).all()
    assert [a.ordinal for a in announcements] == [1, 2, 3]
    third = announcements[2]
    assert (third.decision_no, third.decision_date) == ("353/QĐ-UBND", date(2020, 8, 18))
    assert third.signer == "Lê Văn Hải"
    in_force_then = in_force(demo.id, date(2020, 8, 18))
    assert {i.revision_id for i in third.items} == {r.id for r in in_force_then.values()}


def test_step_time_rule_is_not_trivially_met(demo):
    current = in_force(demo.id, date(2020, 9, 5))
    tthc = [r for r in current.values() if r.procedure.kind is ProcedureKind.tthc]
    # against the register's time (the law, shortened after some issues were signed) ...
    compliant = [r for r in tthc if r.within(r.procedure.statutory_minutes)]
    assert 0 < len(compliant) < len(tthc)
    # ... while every issue was within the time it was signed with, and prints that one
    assert all(r.within_statutory_time for r in tthc)


def test_open_work_legal_updates_and_future_revisions_exist(demo):
    statuses = set(
        db.session.scalars(sa.select(Revision.status).where(Revision.organisation_id == demo.id))
    )
    assert {RevisionStatus.draft, RevisionStatus.in_review, RevisionStatus.approved} <= statuses
    procedures = db.session.scalars(
        sa.select(Procedure).where(Procedure.organisation_id == demo.id)
    ).all()
    rows = register_rows(procedures, date(2020, 9, 5))
    assert any(row.legal_update_due for row in rows)
    assert any(row.withdrawn for row in rows)
    # QT-CT-02 lần 02 came into force on 01/10/2020: a revision, not a change of scope, so no
    # công bố lại is due (QĐ 19/2014/QĐ-TTg); it is listed among the changes all the same.
    due, changes = republish_due(demo.id, date(2020, 10, 2))
    assert not due and [c["code"] for c in changes.revised] == ["QT-CT-02"]


def test_seeding_twice_changes_nothing_and_the_chain_holds(demo):
    count = db.session.scalar(sa.select(sa.func.count(Revision.id)))
    assert seed_demo() is False
    assert db.session.scalar(sa.select(sa.func.count(Revision.id))) == count
    assert verify_chain().ok


def test_every_demo_login_works_and_shows_the_vietnamese_home(demo, app):
    for username in ("admin", "qmr", "secretary", "inspector", "staff", "head", "supervisor"):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": "QuangAn@2020"})
        assert response.status_code == 302, username
        assert "Trang chủ" in client.get("/").get_data(as_text=True)


def test_the_demo_report_states_the_real_facts(demo):
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.report import build_report

    report = build_report(demo, make_period(date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 5)))
    paragraphs = report["paragraphs"]
    assert "Quyết định số 353/QĐ-UBND ngày 18/08/2020 về công bố lần 03" in paragraphs["II.6"]
    assert (
        "ngày 17/08/2020, UBND xã Quảng An đã thành lập đoàn và tổ chức tự kiểm tra CCHC, "
        "kiểm soát TTHC, ISO và ý kiến chỉ đạo"
    ) in paragraphs["I.3"]
    assert "Kế hoạch số 482/KH-UBND ngày 19/12/2019" in paragraphs["I.3"]
    c = report["criterion_3_4_2"]
    assert f"{c['compliant']:02d}/{c['total']:02d} quy trình giải quyết TTHC" in paragraphs["II.6"]
    assert c["compliant"] < c["total"]
    a = report["acknowledgement"]
    assert (a["people"], a["acknowledged"]) == (22, 20)
    assert "20/22 cán bộ, công chức (90,9%)" in paragraphs["II.6"]
    note = next(r for r in report["appendix_rows"] if r["tt"] == "3.4.2")["note"]
    assert f"{c['compliant']:02d}/{c['total']:02d}" in note


def test_the_nine_month_report_states_the_real_facts(demo):
    """The real report: 9 months of 2020 (01/01–30/09), written as of 14/09/2020."""
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.report import build_report

    report = build_report(demo, make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 14)))
    paragraphs = report["paragraphs"]
    announcement = report["announcement"]
    assert (announcement["decision_no"], announcement["ordinal"]) == ("353/QĐ-UBND", 3)
    assert announcement["decision_date"] == "2020-08-18"
    assert "Quyết định số 353/QĐ-UBND ngày 18/08/2020 về công bố lần 03" in paragraphs["II.6"]
    held = [r for r in report["rounds"] if r["held"]]
    assert [(r["kind"], r["start_date"]) for r in held] == [("self_inspection", "2020-08-17")]
    assert held[0]["plan_ref"] == "Kế hoạch số 482/KH-UBND ngày 19/12/2019"
    assert (
        "UBND xã đã ban hành Kế hoạch số 482/KH-UBND ngày 19/12/2019. Theo đó ngày 17/08/2020, "
        "UBND xã Quảng An đã thành lập đoàn và tổ chức tự kiểm tra CCHC"
    ) in paragraphs["I.3"]
    # 3.4.2: the step-time rule (the steps' total within the statutory time).
    c = report["criterion_3_4_2"]
    assert (c["compliant"], c["total"]) == (16, 17)
    assert [i["code"] for i in c["items"] if not i["compliant"]] == ["QT-CT-03"]
    assert "Có 16/17 quy trình giải quyết TTHC (94,1%)" in paragraphs["II.6"]
    note = next(r for r in report["appendix_rows"] if r["tt"] == "3.4.2")["note"]
    assert "16/17 quy trình (94,1%)" in note
    a = report["acknowledgement"]
    assert (a["people"], a["acknowledged"]) == (22, 20)
    assert "20/22 cán bộ, công chức (90,9%)" in paragraphs["II.6"]


def test_the_district_rolls_up_its_communes(demo):
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.rollup import rollup

    district = db.session.scalar(sa.select(Organisation).where(Organisation.code == "H-QUANGDIEN"))
    result = rollup(district, make_period(date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 5)))
    rows = {row["code"]: row for row in result["rows"]}
    assert (
        rows["X-QUANGAN"]["has_data"]
        and rows["X-QUANGAN"]["announcement"]["decision_no"] == "353/QĐ-UBND"
    )
    assert rows["X-QUANGTHANH"]["has_data"] is False


def test_the_demo_report_counts_procedures_and_owes_no_yearly_duty_in_september(demo):
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.report import build_report

    report = build_report(demo, make_period(date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 5)))
    p = report["paragraphs"]
    assert len(report["procedures"]["revised_in_period"]) == 8  # QT-HT-07 twice
    assert "Trong kỳ, đã ban hành, sửa đổi 07 quy trình." in p["II.6"]
    assert (
        "gồm chính sách chất lượng, mục tiêu chất lượng và 22 quy trình (trong đó 17" in p["II.6"]
    )
    assert (
        "đã kịp thời phát hiện 03 tồn tại, hạn chế và yêu cầu khắc phục, đồng thời đưa ra 01 kiến "
        "nghị cải tiến; đến nay đã khắc phục xong 01/03 tồn tại, hạn chế."
    ) in p["I.3"]
    assert "Chưa tổ chức đánh giá nội bộ" not in p["III.2"]
    assert "dự kiến thực hiện trong những tháng còn lại năm 2020" in p["IV"]
    assert "trước ngày 16/10/2020" in p["IV"]  # not yet due on 05/09/2020
