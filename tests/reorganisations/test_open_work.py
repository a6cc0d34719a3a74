"""The predecessors' open work when a change comes into force (issue 15, item 5): reading tasks
close as "left" on the effective date, open findings and actions are transferred with a link to
the original or closed "do sắp xếp đơn vị hành chính", or left for the open-work page; the
predecessors' reports as of the day before are unchanged."""

import json
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, OrgLevel
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due
from iso_qms.acknowledgements.models import Acknowledgement, AckStatus
from iso_qms.acknowledgements.operations import sync_organisation
from iso_qms.acknowledgements.queries import coverage
from iso_qms.audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingSource,
    FindingStatus,
)
from iso_qms.core.audit import AuditEntry
from iso_qms.core.timeutil import LOCAL_TZ, set_clock, start_of
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from iso_qms.reports.compliance import compliance_status, make_period
from tests.audits.builders import make_action, make_finding, started_round
from tests.fixtures.factories import create_procedure, create_revision, create_user

JULY = date(2027, 7, 1)
EVE = JULY - timedelta(days=1)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"


@pytest.fixture
def work(world):
    """Commune A with a reading task per person, an open finding with an open action, an open
    finding without one, and a finding already closed; the clock on 20/06/2027."""
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    world.users["province_admin"] = create_user(world.province, "padmin", "staff", "admin")
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2027, 6, 1))
    sync_organisation(world.org.id)
    round_ = started_round(world, start=date(2027, 6, 15))
    first = make_finding(world, round_, description="Sổ theo dõi chưa ghi đủ.")
    action = make_action(world, first, due=date(2027, 8, 31))
    second = make_finding(world, round_, "observation", description="Bảng niêm yết cũ.")
    db.session.commit()
    world.items = {"first": first.id, "action": action.id, "second": second.id}
    yield world
    set_clock(None)


def _merge(world, open_work):
    new = NewOrganisation(
        code="X-NEW", name="UBND xã Quảng Điền", level=OrgLevel.commune, parent_id=world.district.id
    )
    reorganise(ReorgKind.merge_new, JULY, BASIS, [world.org, world.other_org], new,
               world.users["province_admin"], open_work)  # fmt: skip
    db.session.commit()
    return db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-NEW"))


def _come_into_force(org_id=None) -> tuple | None:
    """The change's day comes; with `org_id`, its report and coverage as of the day before are
    taken first (on 01/07 the eve is no longer a future date), returned for comparison."""
    set_clock(datetime(2027, 7, 1, 8, tzinfo=LOCAL_TZ))
    before = (_report(org_id), coverage(org_id, EVE)) if org_id else None
    apply_due()
    db.session.commit()
    return before


def _report(org_id: int) -> str:
    org = db.session.get(Organisation, org_id)
    status = compliance_status(org, make_period(date(2027, 1, 1), EVE, EVE))
    return json.dumps(status, sort_keys=True, default=str, ensure_ascii=False)


def _pending(org_id):
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Acknowledgement.organisation_id == org_id, Acknowledgement.status == AckStatus.pending
        )
    )


def test_reading_tasks_close_as_left_on_the_day_and_past_coverage_is_unchanged(work):
    assert _pending(work.org.id) > 0
    _merge(work, "checklist")
    report, before = _come_into_force(work.org.id)
    assert _pending(work.org.id) == 0
    closed = db.session.scalars(
        sa.select(Acknowledgement).where(Acknowledgement.organisation_id == work.org.id)
    ).all()
    assert {(t.status, t.closed_on) for t in closed} == {(AckStatus.left, JULY)}
    assert coverage(work.org.id, EVE) == before
    assert _report(work.org.id) == report
    # "checklist": the open work waits for the page, untouched
    assert db.session.get(Finding, work.items["first"]).status is FindingStatus.open
    assert db.session.get(CorrectiveAction, work.items["action"]).status is ActionStatus.planned


def test_transfer_copies_the_open_work_into_the_successor_with_a_link(work):
    new = _merge(work, "transfer")
    report, cover = _come_into_force(work.org.id)
    assert json.loads(report)["actions"]["open"] == 1  # the eve's report counts it open
    original = db.session.get(CorrectiveAction, work.items["action"])
    assert original.status is ActionStatus.cancelled
    assert original.cancel_reason == "Chuyển sang UBND xã Quảng Điền do sắp xếp đơn vị hành chính"
    assert original.cancelled_at == start_of(JULY)
    copy = db.session.scalar(
        sa.select(CorrectiveAction).where(CorrectiveAction.transferred_from_id == original.id)
    )
    assert copy.organisation_id == new.id and copy.status is ActionStatus.planned
    assert (copy.action, copy.owner_id, copy.due_date) == (
        original.action, original.owner_id, original.due_date
    )  # fmt: skip
    assert copy.owner.organisation_id == new.id  # the same account, carried over
    findings = db.session.scalars(
        sa.select(Finding).where(Finding.organisation_id == new.id).order_by(Finding.number)
    ).all()
    assert [f.transferred_from_id for f in findings] == [work.items["first"], work.items["second"]]
    assert {f.source for f in findings} == {FindingSource.transferred}
    assert copy.finding_id == findings[0].id  # the action follows its finding's copy
    assert findings[0].description == "Sổ theo dõi chưa ghi đủ."
    first = db.session.get(Finding, work.items["first"])
    assert first.status is FindingStatus.closed and "Quảng Điền" in first.close_reason
    assert _report(work.org.id) == report and coverage(work.org.id, EVE) == cover
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "carry_over.dispose")
    )
    assert entry is not None and entry.organisation_id == new.id


def test_close_closes_the_open_work_with_the_reason(work):
    new = _merge(work, "close")
    report, cover = _come_into_force(work.org.id)
    action = db.session.get(CorrectiveAction, work.items["action"])
    assert action.status is ActionStatus.cancelled
    assert action.cancel_reason == "do sắp xếp đơn vị hành chính"
    for key in ("first", "second"):
        finding = db.session.get(Finding, work.items[key])
        assert finding.status is FindingStatus.closed
        assert finding.close_reason == "do sắp xếp đơn vị hành chính"
    assert not db.session.scalar(
        sa.select(sa.func.count()).where(CorrectiveAction.organisation_id == new.id)
    )
    assert _report(work.org.id) == report


def test_the_hook_runs_once_per_change(work):
    _merge(work, "transfer")
    _come_into_force()
    set_clock(datetime(2027, 7, 2, 8, tzinfo=LOCAL_TZ))
    apply_due()
    db.session.commit()
    copies = db.session.scalar(
        sa.select(sa.func.count()).where(CorrectiveAction.transferred_from_id.is_not(None))
    )
    assert copies == 1


def test_a_move_ends_nothing_and_carries_nothing(work):
    target = db.session.get(Organisation, work.district.id)
    other = Organisation(code="D2", name="UBND huyện khác", level=OrgLevel.district,
                         parent_id=work.province.id)  # fmt: skip
    db.session.add(other)
    db.session.commit()
    reorganise(ReorgKind.move, JULY, BASIS, [work.org], other, work.users["province_admin"])
    db.session.commit()
    _come_into_force()
    assert target is not None
    assert _pending(work.org.id) > 0
    assert db.session.get(Finding, work.items["first"]).status is FindingStatus.open


def test_a_carried_persons_signatures_and_readings_stay_where_they_were_made(work):
    """The QMR approved Quảng An's issue and confirmed reading it there; carried over to the
    successor, the signature and the confirmed reading still belong to Quảng An's records."""
    from iso_qms.accounts.models import User
    from iso_qms.acknowledgements.operations import confirm_acknowledgement
    from iso_qms.procedures.models import Signature

    qmr = work.users["qmr"]
    task = db.session.scalar(
        sa.select(Acknowledgement).where(
            Acknowledgement.user_id == qmr.id, Acknowledgement.status == AckStatus.pending
        )
    )
    confirm_acknowledgement(task, qmr)
    db.session.commit()
    new = _merge(work, "checklist")
    _come_into_force()
    assert db.session.get(User, qmr.id).organisation_id == new.id
    signed = db.session.scalars(
        sa.select(Signature.organisation_id).where(Signature.signer_id == qmr.id)
    ).all()
    assert signed and set(signed) == {work.org.id}
    done = db.session.get(Acknowledgement, task.id)
    assert done.organisation_id == work.org.id and done.status is AckStatus.done
