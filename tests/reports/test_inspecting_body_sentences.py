"""Issue 12, cases 3 and 8 (audits side of the report): an external inspection is written under
the body the round names (the guess from its plan reference only for rounds recorded before the
field existed); a planned internal audit never started is not this year's audit held."""

from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from iso_qms.audits.models import Round
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.reports.compliance import make_period
from iso_qms.reports.report import build_report
from tests.audits.builders import make_round, started_round
from tests.fixtures.factories import create_procedure, create_revision

NOW = date(2026, 12, 2)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
BODY = "Chi cục Tiêu chuẩn Đo lường Chất lượng tỉnh Thừa Thiên Huế"
PLAN = "Kế hoạch số 15/KH-CCTĐC ngày 05/01/2026"


def _at(day: date, hour: int = 9) -> None:
    set_clock(datetime.combine(day, time(hour), LOCAL_TZ))


def _report(org, as_of: date = NOW) -> dict:
    _at(NOW, 17)
    return build_report(org, make_period(*YEAR, as_of))


@pytest.fixture
def org(world):
    _at(date(2026, 1, 5))
    procedure = create_procedure(world, code="QT-HT-01")
    create_revision(procedure, world, status="approved", effective_date=date(2026, 1, 5))
    return world.org


def test_an_external_inspection_is_written_under_the_body_it_names(world, org):
    _at(date(2026, 11, 20))
    started_round(
        world,
        kind="external_inspection",
        areas=(),
        title="Kiểm tra HTQLCL năm 2026",
        plan_ref=PLAN,
        inspecting_body=BODY,
        start=date(2026, 11, 20),
    )
    _at(date(2026, 11, 25))
    make_round(
        world,
        kind="external_inspection",
        areas=(),
        title="Kiểm tra lần 2",
        plan_ref="",
        inspecting_body="Sở Nội vụ tỉnh Thừa Thiên Huế",
        start=date(2026, 12, 20),
    )
    report = _report(org)
    p = report["paragraphs"]
    assert f"Ngày 20/11/2026, {BODY} đã kiểm tra việc áp dụng, duy trì hệ thống quản lý" in p["I.3"]
    assert "đoàn kiểm tra của cơ quan cấp trên" not in p["I.3"]
    assert (
        "Chuẩn bị các điều kiện để Sở Nội vụ tỉnh Thừa Thiên Huế kiểm tra việc áp dụng, duy trì "
        "hệ thống quản lý chất lượng, dự kiến ngày 20/12/2026."
    ) in p["IV"]
    assert report["rounds"][0]["inspecting_body"] == BODY
    assert report["planned"]["rounds"][0]["inspecting_body"] == "Sở Nội vụ tỉnh Thừa Thiên Huế"


def test_an_old_external_round_without_a_body_is_still_named_from_its_plan(world, org):
    _at(date(2026, 11, 20))
    round_ = started_round(
        world,
        kind="external_inspection",
        areas=(),
        plan_ref="Kế hoạch số 15/KH-SKHCN ngày 05/01/2026",
        start=date(2026, 11, 20),
    )
    # a row recorded before rounds named their body
    db.session.execute(sa.update(Round).where(Round.id == round_.id).values(inspecting_body=""))
    p = _report(org)["paragraphs"]
    assert "Ngày 20/11/2026, Sở Khoa học và Công nghệ đã kiểm tra" in p["I.3"]


def test_own_rounds_carry_no_body_in_the_report(world, org):
    _at(date(2026, 11, 20))
    started_round(world, start=date(2026, 11, 20), inspecting_body="UBND xã Quảng An")
    report = _report(org)
    assert "inspecting_body" not in report["rounds"][0]  # the 2020 report keeps its bytes


def test_a_planned_internal_audit_never_started_is_not_the_years_audit(world, org):
    _at(date(2026, 10, 1))
    make_round(world, kind="internal_audit", areas=(), clauses=("9",), start=date(2026, 11, 10))
    report = _report(org)
    assert report["annual_duties"]["internal_audit_held"] is False
    assert "Chưa tổ chức đánh giá nội bộ năm 2026." in report["paragraphs"]["III.2"]
    _at(date(2026, 11, 12))
    started_round(world, kind="internal_audit", areas=(), clauses=("9",), start=date(2026, 11, 12))
    assert _report(org)["annual_duties"]["internal_audit_held"] is True


def test_the_home_page_and_the_report_agree_on_an_audit_in_progress(world, org):
    from iso_qms.audits.queries import annual_duties

    _at(date(2026, 11, 12))
    started_round(world, kind="internal_audit", areas=(), clauses=("9",), start=date(2026, 11, 12))
    home = annual_duties(org.id, 2026)["internal_audit"]
    report = _report(org)["annual_duties"]
    assert home["held"] is report["internal_audit_held"] is True
    assert not home["planned"]
