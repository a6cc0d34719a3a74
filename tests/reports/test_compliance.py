"""Each figure on a hand-built organisation where the right answer is known; the as-of rule."""

import io
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from iso_qms.acknowledgements import operations as ack_operations
from iso_qms.core.errors import ValidationFailed
from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.procedures import announcements
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures.durations import Duration
from iso_qms.procedures.models import LegalChange
from iso_qms.reports import appendix
from iso_qms.reports.compliance import make_period
from iso_qms.reports.report import build_report, report_json
from tests.fixtures.factories import create_procedure, create_revision
from tests.query_counter import count_queries

LATE = [{"title": "Xử lý", "responsible": "Công chức", "duration": "02 ngày làm việc"}]


def _at(day: date, hour: int = 3) -> None:
    set_clock(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


@pytest.fixture
def org(world):
    """Three TTHC procedures (one over its time), a system procedure, an announcement, readings."""
    from iso_qms.accounts.models import User

    db.session.execute(sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC)))
    _at(date(2020, 1, 2))
    a = create_procedure(world, code="QT-HT-01")
    b = create_procedure(world, code="QT-HT-02")
    c = create_procedure(world, code="QT-CT-03", statutory="03 ngày làm việc")
    d = create_procedure(world, code="QT.01", kind="system", statutory=None)
    for proc in (a, b, d):
        create_revision(proc, world, status="approved", effective_date=date(2020, 1, 6))
    create_revision(c, world, status="approved", effective_date=date(2020, 1, 6))
    _at(date(2020, 2, 1))
    proc_ops.update_procedure(
        c, world.users["iso_secretary"], {"statutory": Duration.parse("02 ngày làm việc")}
    )
    _at(date(2020, 2, 3))
    announcements.create_announcement(
        world.org.id,
        world.users["qmr"],
        {
            "decision_no": "12/QĐ-UBND",
            "decision_date": date(2020, 2, 3),
            "signer": "Lê Văn Hải",
            "reason": "first",
        },
    )
    ack_operations.sync_organisation(world.org.id, date(2020, 1, 6))
    for name in ("staff", "qmr", "head", "iso_secretary", "admin"):
        user = world.users[name]
        for task in db.session.scalars(
            sa.select(ack_operations.Acknowledgement).where(
                ack_operations.Acknowledgement.user_id == user.id
            )
        ):
            ack_operations.confirm_acknowledgement(task, user)
    db.session.commit()
    set_clock(None)
    return world.org


def _report(org, start=date(2020, 1, 1), end=date(2020, 9, 30), as_of=date(2020, 9, 5)):
    return build_report(org, make_period(start, end, as_of))


def test_each_figure_on_a_known_organisation(org):
    report = _report(org)
    assert (
        report["announcement"]["decision_no"] == "12/QĐ-UBND"
        and report["announcement"]["ordinal"] == 1
    )
    assert report["procedures"]["in_scope"] == 4 and report["procedures"]["in_force"] == 4
    assert len(report["procedures"]["revised_in_period"]) == 4
    c = report["criterion_3_4_2"]
    assert (c["compliant"], c["total"], c["percent"]) == (2, 3, 66.7)
    assert [i["code"] for i in c["items"] if not i["compliant"]] == ["QT-CT-03"]
    assert report["acknowledgement"] == {
        "people": 6,
        "acknowledged": 5,
        "coverage_percent": 83.3,
        "overdue_tasks": 4,
        "read": 5,
        "not_yet_due": 0,
        "overdue": 1,
    }
    assert report["rounds"] == [] and report["actions"]["open"] == 0
    assert report["annual_duties"]["internal_audit_held"] is False
    assert "12/QĐ-UBND ngày 03/02/2020" in report["paragraphs"]["II.6"]
    assert "02/03 quy trình giải quyết TTHC (66,7%)" in report["paragraphs"]["II.6"]
    assert "05/06 cán bộ, công chức (83,3%)" in report["paragraphs"]["II.6"]
    note = next(r for r in report["appendix_rows"] if r["tt"] == "3.4.2")["note"]
    assert "02/03" in note and "QT-CT-03" in note


def test_the_statutory_time_in_force_then_is_used(org):
    before = _report(org, as_of=date(2020, 1, 20))  # before the time was shortened on 01/02
    assert (before["criterion_3_4_2"]["compliant"], before["criterion_3_4_2"]["total"]) == (3, 3)


def test_a_record_added_later_changes_no_past_report(world, org):
    past = report_json(_report(org))
    _at(date(2020, 10, 1))
    procedure = create_procedure(world, code="QT-HT-09")
    # issued on the day it is recorded: an effective date in the past is refused (issue 12)
    create_revision(
        procedure, world, status="approved", effective_date=date(2020, 10, 1), steps=LATE
    )
    secretary = world.users["iso_secretary"]
    new = proc_ops.create_legal_basis(
        org.id, secretary, {"number": "B/2020", "effective_on": date(2020, 9, 1)}
    )
    old = proc_ops.create_legal_basis(org.id, secretary, {"number": "A/2015"})
    proc_ops.set_legal_bases(db.session.get(type(procedure), procedure.id), secretary, [old])
    proc_ops.mark_superseded(old, secretary, new, LegalChange.replaced)
    announcements.create_announcement(
        org.id,
        world.users["qmr"],
        {
            "decision_no": "99/QĐ-UBND",
            "decision_date": date(2020, 6, 1),
            "signer": "X",
            "reason": "revision",
        },
    )
    db.session.commit()
    set_clock(None)
    assert report_json(_report(org)) == past
    assert report_json(_report(org, as_of=date(2020, 10, 2))) != past


def test_the_same_inputs_give_the_same_bytes(org):
    assert report_json(_report(org)) == report_json(_report(org))
    assert json.loads(report_json(_report(org)))["period"] == {
        "from": "2020-01-01",
        "to": "2020-09-30",
        "as_of": "2020-09-05",
    }


def test_impossible_periods_are_refused():
    with pytest.raises(ValidationFailed) as error:
        make_period(date(2020, 9, 1), date(2020, 1, 1), date(2020, 9, 5))
    assert "to" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        make_period(date(2020, 1, 1), date(2020, 9, 1), date(2999, 1, 1))
    assert "as_of" in error.value.fields


def test_one_report_uses_a_fixed_number_of_queries(world, org):
    _report(org)
    db.session.commit()
    with count_queries() as small:
        _report(org)
    for i in range(8):
        proc = create_procedure(world, code=f"QT-X-{i}")
        create_revision(proc, world, status="approved", effective_date=date(2020, 1, 6))
    db.session.commit()
    with count_queries() as large:
        _report(org)
    assert large.count == small.count


def test_manual_notes_are_kept_per_period_and_as_of(world, org):
    period = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 5))
    appendix.ensure_default_criteria(org.id)
    criterion = next(c for c in appendix.criteria_of(org.id) if c.code == "1.4.2")
    _at(date(2020, 9, 1))
    appendix.save_note(org.id, criterion, period, "Danh mục tin, bài: 218 tin.", world.users["qmr"])
    _at(date(2020, 9, 10))
    appendix.save_note(org.id, criterion, period, "Đã sửa: 219 tin.", world.users["qmr"])
    set_clock(None)
    rows = {r["tt"]: r["note"] for r in _report(org)["appendix_rows"]}
    assert rows["1.4.2"] == "Danh mục tin, bài: 218 tin."
    later = {r["tt"]: r["note"] for r in _report(org, as_of=date(2020, 9, 12))["appendix_rows"]}
    assert later["1.4.2"] == "Đã sửa: 219 tin."
    with pytest.raises(ValidationFailed):
        appendix.save_note(
            org.id,
            next(c for c in appendix.criteria_of(org.id) if c.code == "3.4.2"),
            period,
            "x",
            world.users["qmr"],
        )


def test_the_shipped_criteria_and_an_imported_set(world, org):
    appendix.ensure_default_criteria(org.id)
    codes = [c.code for c in appendix.criteria_of(org.id)]
    assert codes == [
        "1.1.1",
        "1.1.2",
        "1.4.2",
        "3.2.2",
        "3.2.3",
        "3.2.4",
        "3.3.1",
        "3.4.2",
        "3.5.2",
        "3.5.4",
        "3.5.5",
        "3.5.6",
        "3.6.1",
        "7.1.1",
        "7.2",
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["PHỤ LỤC"])
    sheet.append(["TT", "Nhóm", "Tiêu chí", "Sản phẩm đầu ra", "Cơ quan báo cáo", "Cách tính"])
    sheet.append(
        ["3.4.2", "TTHC", "Quy trình đúng thời gian", "Danh sách", "UBND xã", "criterion_3_4_2"]
    )
    sheet.append(["8.1", "Khác", "Tiêu chí mới năm 2021", "Báo cáo", "UBND xã", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    result = appendix.import_criteria(
        org.id, "Thừa Thiên Huế 2021", buffer.getvalue(), world.users["admin"]
    )
    assert (result.created, result.updated) == (2, 0)
    assert [c.code for c in appendix.criteria_of(org.id)] == ["3.4.2", "8.1"]
    bad = Workbook()
    bad.active.append(["TT", "Tiêu chí", "Cách tính"])
    bad.active.append(["9.9", "X", "no_such_metric"])
    buffer = io.BytesIO()
    bad.save(buffer)
    with pytest.raises(ValidationFailed):
        appendix.import_criteria(org.id, "Sai", buffer.getvalue(), world.users["admin"])
