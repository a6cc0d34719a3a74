"""The step-time rule (PAR 3.4.2), working days, legal-basis flagging and periodic review."""

from datetime import date

import pytest

from iso_qms.core.errors import ValidationFailed
from iso_qms.core.timeutil import add_working_days, is_working_day
from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures.durations import Duration
from iso_qms.procedures.models import LegalChange, ReviewOutcome, RevisionStatus
from iso_qms.procedures.queries import register_rows, status_clause
from tests.fixtures.factories import clock_on, create_procedure, create_revision


def _steps(*durations):
    return [
        {"title": f"Bước {i}", "responsible": "Công chức", "duration": d}
        for i, d in enumerate(durations, start=1)
    ]


def test_steps_equal_to_the_statutory_time_pass(world):
    procedure = create_procedure(world, statutory="02 ngày làm việc")
    revision = create_revision(
        procedure, world, steps=_steps("01 ngày làm việc", "04 giờ làm việc", "0,5 ngày làm việc")
    )
    ops.submit_revision(revision, world.users["iso_secretary"])
    assert revision.status is RevisionStatus.in_review and revision.within_statutory_time


def test_one_working_hour_more_fails_naming_both_figures(world, app_ctx):
    procedure = create_procedure(world, statutory="02 ngày làm việc")
    revision = create_revision(
        procedure, world, steps=_steps("02 ngày làm việc", "01 giờ làm việc")
    )
    with app_ctx.test_request_context():
        with pytest.raises(ValidationFailed) as error:
            ops.submit_revision(revision, world.users["iso_secretary"])
    message = str(error.value.fields["steps"])
    assert "17" in message and "02" in message
    assert revision.status is RevisionStatus.draft


def test_within_the_day_means_eight_working_hours(world):
    procedure = create_procedure(world, statutory="Trong ngày")
    ok = create_revision(procedure, world, steps=_steps("04 giờ làm việc", "04 giờ làm việc"))
    ops.submit_revision(ok, world.users["iso_secretary"])
    other = create_procedure(world, code="QT-HT-02", statutory="Trong ngày")
    late = create_revision(other, world, steps=_steps("04 giờ làm việc", "05 giờ làm việc"))
    with pytest.raises(ValidationFailed):
        ops.submit_revision(late, world.users["iso_secretary"])


def test_non_tthc_documents_have_no_step_rule(world):
    procedure = create_procedure(world, code="QT.01", kind="system", statutory=None)
    revision = create_revision(procedure, world)
    ops.submit_revision(revision, world.users["iso_secretary"])
    assert revision.within_statutory_time is None


def test_a_tthc_needs_its_statutory_time(world):
    with pytest.raises(ValidationFailed) as error:
        create_procedure(world, statutory=None)
    assert "statutory_time" in error.value.fields


def test_working_days_skip_weekends_and_vietnamese_holidays():
    # 30/04 and 01/05/2020 were public holidays (Thursday, Friday); then the weekend.
    assert not is_working_day(date(2020, 4, 30)) and not is_working_day(date(2020, 5, 1))
    assert add_working_days(date(2020, 4, 29), 1) == date(2020, 5, 4)
    # Tết Nguyên đán 2020: 23/01 to 29/01 off; the next working day after 22/01 was 30/01.
    assert add_working_days(date(2020, 1, 22), 1) == date(2020, 1, 30)
    assert add_working_days(date(2020, 9, 1), 1) == date(2020, 9, 3)  # 02/09 Quốc khánh


def test_a_shortened_statutory_time_puts_an_approved_procedure_out_of_the_rule(world):
    procedure = create_procedure(world, statutory="03 ngày làm việc")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    assert not register_rows([procedure], date(2020, 6, 1))[0].over_time
    ops.update_procedure(
        procedure, world.users["iso_secretary"], {"statutory": Duration.parse("02 ngày làm việc")}
    )
    db.session.flush()
    assert register_rows([procedure], date(2020, 6, 1))[0].over_time
    ids = db.session.scalars(
        db.select(type(procedure).id).where(status_clause("over_time", date(2020, 6, 1)))
    )
    assert list(ids) == [procedure.id]


def test_amended_legal_basis_flags_every_citing_procedure_until_revised(world):
    secretary = world.users["iso_secretary"]
    old = ops.create_legal_basis(world.org.id, secretary, {"number": "15/2015/TT-BTP"})
    new = ops.create_legal_basis(
        world.org.id, secretary, {"number": "04/2020/TT-BTP", "effective_on": date(2020, 7, 16)}
    )
    citing = create_procedure(world, code="QT-HT-01")
    other = create_procedure(world, code="QT-HT-02")
    ops.set_legal_bases(citing, secretary, [old])
    create_revision(citing, world, status="approved", effective_date=date(2020, 1, 2))
    with clock_on(date(2020, 7, 16)):
        ops.mark_superseded(old, secretary, new, LegalChange.replaced)
    assert old.update_due_on == date(2020, 10, 16)
    rows = register_rows([citing, other], date(2020, 8, 1))
    assert rows[0].legal_update_due and not rows[1].legal_update_due
    assert (
        rows[0].legal_flags[0].due_on == date(2020, 10, 16) and not rows[0].legal_flags[0].overdue
    )
    assert register_rows([citing], date(2020, 10, 17))[0].legal_flags[0].overdue
    ops.set_legal_bases(citing, secretary, [old, new])
    create_revision(
        citing, world, status="approved", effective_date=date(2020, 9, 1), summary="Cập nhật"
    )
    assert not register_rows([citing], date(2020, 10, 17))[0].legal_update_due


def _flagged(procedure, on: date) -> tuple[bool, bool]:
    """(the register row's flag, the register's "legal update due" filter) for a procedure."""
    row = register_rows([procedure], on)[0]
    ids = db.session.scalars(
        db.select(type(procedure).id).where(status_clause("legal_update_due", on))
    )
    return row.legal_update_due, procedure.id in list(ids)


def test_an_approval_still_citing_only_the_replaced_text_leaves_the_flag(world):
    secretary = world.users["iso_secretary"]
    old = ops.create_legal_basis(world.org.id, secretary, {"number": "15/2015/TT-BTP"})
    new = ops.create_legal_basis(
        world.org.id, secretary, {"number": "04/2020/TT-BTP", "effective_on": date(2020, 7, 16)}
    )
    citing = create_procedure(world, code="QT-HT-04")
    ops.set_legal_bases(citing, secretary, [old])
    create_revision(citing, world, status="approved", effective_date=date(2020, 1, 2))
    with clock_on(date(2020, 7, 16)):
        ops.mark_superseded(old, secretary, new, LegalChange.replaced)
    create_revision(
        citing,
        world,
        status="approved",
        effective_date=date(2020, 9, 1),
        significant=False,
        summary="Sửa lỗi chính tả",
    )
    assert _flagged(citing, date(2020, 9, 2)) == (True, True)
    with clock_on(date(2020, 9, 10)):
        ops.set_legal_bases(citing, secretary, [new])
    create_revision(
        citing, world, status="approved", effective_date=date(2020, 9, 15), summary="Cập nhật"
    )
    assert _flagged(citing, date(2020, 9, 16)) == (False, False)


def test_marking_needs_the_new_texts_effective_date(world):
    secretary = world.users["iso_secretary"]
    old = ops.create_legal_basis(world.org.id, secretary, {"number": "A/2015"})
    new = ops.create_legal_basis(world.org.id, secretary, {"number": "B/2020"})
    with pytest.raises(ValidationFailed):
        ops.mark_superseded(old, secretary, new, LegalChange.amended)


def test_periodic_review_keep_moves_the_due_date_and_revise_opens_a_draft(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    assert procedure.review_due_on == date(2020, 7, 26)
    ops.record_periodic_review(
        procedure,
        world.users["iso_secretary"],
        ReviewOutcome.keep,
        "Còn phù hợp",
        date(2020, 7, 20),
    )
    assert procedure.review_due_on == date(2021, 7, 20)
    review = ops.record_periodic_review(
        procedure,
        world.users["iso_secretary"],
        ReviewOutcome.revise,
        "Cần sửa bước 2",
        date(2021, 7, 1),
    )
    assert review.revision_id is not None


def test_periodic_review_can_withdraw(world):
    procedure = create_procedure(world)
    ops.record_periodic_review(
        procedure,
        world.users["qmr"],
        ReviewOutcome.withdraw,
        "Chuyển thẩm quyền lên huyện",
        date(2020, 3, 1),
    )
    assert procedure.withdrawn_on == date(2020, 3, 1)
