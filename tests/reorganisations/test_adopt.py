"""Adopting a predecessor's procedure in the successor (issue 15, item 5): the new procedure,
its draft lần 01 with the content in force on the predecessor's last day, the provenance, the
legal bases merged by number, the trail, and the refusals (nothing written)."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, OrgLevel
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due
from iso_qms.core.audit import AuditEntry
from iso_qms.core.errors import NotFound, PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures.models import LegalBasis, Procedure, Revision, RevisionStatus
from iso_qms.reorganisations.adopt import adopt_procedure
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from tests.fixtures.factories import create_org, create_revision, create_user

JULY = date(2027, 7, 1)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
SHARED_LAW = "123/2015/NĐ-CP"


def _basis(org, actor, number, title=""):
    return proc_ops.create_legal_basis(org.id, actor, {"number": number, "title": title})


def _procedure_in(world, org, secretary, code, tthc="1.001193", numbers=()):
    """A TTHC of `org` with an approved issue in force before the change."""
    procedure = proc_ops.create_procedure(
        org.id,
        secretary,
        {
            "code": code,
            "title": "Đăng ký khai sinh",
            "kind": "tthc",
            "field": "Hộ tịch",
            "tthc_code": tthc,
            "statutory": "03 ngày làm việc",
            "owner_unit": "Tư pháp - Hộ tịch",
            "distribution_units": ["Tư pháp - Hộ tịch"],
        },
    )
    proc_ops.set_legal_bases(procedure, secretary, [_basis(org, secretary, n) for n in numbers])
    return procedure


@pytest.fixture
def merged(world):
    """A (Quảng An) and B merged into a new commune on 01/07/2027; the clock after the change."""
    set_clock(datetime(2027, 6, 10, 9, tzinfo=LOCAL_TZ))
    admin = create_user(world.province, "padmin", "staff", "admin")
    b_secretary = create_user(world.other_org, "b_sec", "staff", "iso_secretary")
    b_qmr = create_user(world.other_org, "b_qmr", "staff", "qmr")
    a_proc = _procedure_in(
        world, world.org, world.users["iso_secretary"], "QT-HT-01",
        numbers=(SHARED_LAW, "60/2014/QH13"),
    )  # fmt: skip
    for _ in range(3):  # lần 01 .. 03, the third in force on A's last day
        create_revision(a_proc, world, status="approved", effective_date=date(2027, 6, 10))
    b_proc = _procedure_in(
        world, world.other_org, b_secretary, "QT-TP-05", numbers=("123/2015/nđ-cp",)
    )
    b_world = type(world)(world.province, world.district, world.other_org, world.org)
    b_world.users = {"iso_secretary": b_secretary, "qmr": b_qmr}
    create_revision(b_proc, b_world, status="approved", effective_date=date(2027, 6, 10))
    db.session.commit()
    reorganise(
        ReorgKind.merge_new, JULY, BASIS, [world.org, world.other_org],
        NewOrganisation(code="QD", name="UBND xã Quảng Điền", level=OrgLevel.commune,
                        parent_id=world.district.id), admin, "checklist",
    )  # fmt: skip
    db.session.commit()
    set_clock(datetime(2027, 7, 2, 9, tzinfo=LOCAL_TZ))
    apply_due()
    successor = db.session.scalar(sa.select(Organisation).where(Organisation.code == "QD"))
    world.users["successor_secretary"] = create_user(successor, "qd_sec", "staff", "iso_secretary")
    world.users["successor_staff"] = create_user(successor, "qd_staff", "staff")
    db.session.commit()
    yield world, successor, a_proc, b_proc
    set_clock(None)


def _counts() -> tuple:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Procedure, Revision, LegalBasis, AuditEntry)
    )


def test_adopting_makes_a_procedure_of_the_successor_with_a_draft_first_issue(merged):
    world, successor, a_proc, _b = merged
    secretary = world.users["successor_secretary"]
    new = adopt_procedure(successor, a_proc, "QT-QD-01", secretary)
    db.session.commit()
    assert new.organisation_id == successor.id and new.code == "QT-QD-01"
    assert (new.title, new.kind, new.field, new.tthc_code) == (
        a_proc.title, a_proc.kind, a_proc.field, a_proc.tthc_code
    )  # fmt: skip
    assert new.statutory_minutes == a_proc.statutory_minutes
    assert new.distribution_units == ["Tư pháp - Hộ tịch"]
    revisions = db.session.scalars(sa.select(Revision).where(Revision.procedure_id == new.id)).all()
    assert [(r.number, r.status) for r in revisions] == [(1, RevisionStatus.draft)]
    draft = revisions[0]
    source = db.session.scalar(
        sa.select(Revision).where(Revision.procedure_id == a_proc.id, Revision.number == 3)
    )
    assert draft.content == source.content and draft.steps == source.steps
    assert draft.forms == source.forms and draft.records == source.records
    assert draft.steps_total_minutes == source.steps_total_minutes
    assert draft.organisation_id == successor.id and draft.author_id == secretary.id
    assert "QT-HT-01" in draft.change_summary and "(lần ban hành 03)" in draft.change_summary
    assert "UBND xã Quảng An" in draft.change_summary
    assert "UBND xã Quảng Điền" in draft.change_summary
    assert (new.adopted_from_id, new.adopted_from_revision_id) == (a_proc.id, source.id)


def test_the_adoption_is_on_the_trail_with_its_provenance(merged):
    world, successor, a_proc, _b = merged
    new = adopt_procedure(successor, a_proc, "QT-QD-01", world.users["successor_secretary"])
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "procedure.adopt"))
    assert entry.object_id == str(new.id) and entry.organisation_id == successor.id
    assert entry.new == {"procedure": "QT-QD-01", "provenance": "QT-HT-01 của UBND xã Quảng An"}


def test_two_predecessors_citing_the_same_law_give_the_successor_one_basis(merged):
    world, successor, a_proc, b_proc = merged
    secretary = world.users["successor_secretary"]
    first = adopt_procedure(successor, a_proc, "QT-QD-01", secretary)
    second = adopt_procedure(successor, b_proc, "QT-QD-02", secretary)
    db.session.commit()
    numbers = db.session.scalars(
        sa.select(LegalBasis.number).where(LegalBasis.organisation_id == successor.id)
    ).all()
    assert sorted(numbers) == sorted([SHARED_LAW, "60/2014/QH13"])
    assert {b.number for b in first.legal_bases} == {SHARED_LAW, "60/2014/QH13"}
    assert [b.number for b in second.legal_bases] == [SHARED_LAW]
    assert {b.organisation_id for b in first.legal_bases + second.legal_bases} == {successor.id}


def test_the_predecessor_is_left_as_it_was(merged):
    world, successor, a_proc, _b = merged
    before = db.session.scalars(
        sa.select(Revision.id).where(Revision.organisation_id == world.org.id)
    ).all()
    adopt_procedure(successor, a_proc, "QT-QD-01", world.users["successor_secretary"])
    db.session.commit()
    after = db.session.scalars(
        sa.select(Revision.id).where(Revision.organisation_id == world.org.id)
    ).all()
    assert before == after
    assert db.session.get(Procedure, a_proc.id).lock_version == a_proc.lock_version


def test_a_procedure_not_of_a_predecessor_is_not_found(merged):
    world, successor, _a, _b = merged
    elsewhere = create_org("Z", "commune", world.district)
    z_secretary = create_user(elsewhere, "z_sec", "staff", "iso_secretary")
    own = proc_ops.create_procedure(
        elsewhere.id, z_secretary, {"code": "QT-Z-01", "title": "Z", "kind": "system"}
    )
    db.session.commit()
    before = _counts()
    with pytest.raises(NotFound):
        adopt_procedure(successor, own, "QT-QD-09", world.users["successor_secretary"])
    db.session.rollback()
    assert _counts() == before


@pytest.mark.parametrize("who", ["successor_staff", "iso_secretary_of_other"])
def test_only_an_editor_of_the_successor_adopts(merged, who):
    world, successor, a_proc, _b = merged
    if who == "successor_staff":
        actor = world.users["successor_staff"]
    else:  # an editor, but of another organisation
        actor = create_user(
            create_org("Y", "commune", world.district), "y_sec", "staff", "iso_secretary"
        )
        db.session.commit()
    before = _counts()
    with pytest.raises(PermissionDenied):
        adopt_procedure(successor, a_proc, "QT-QD-01", actor)
    db.session.rollback()
    assert _counts() == before


def test_a_taken_code_is_refused_whatever_its_case_and_nothing_is_written(merged):
    world, successor, a_proc, b_proc = merged
    secretary = world.users["successor_secretary"]
    adopt_procedure(successor, a_proc, "QT-QD-01", secretary)
    db.session.commit()
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        adopt_procedure(successor, b_proc, "qt-qd-01", secretary)
    assert "code" in refused.value.fields
    db.session.rollback()
    assert _counts() == before


def test_the_same_procedure_is_adopted_once(merged):
    world, successor, a_proc, _b = merged
    secretary = world.users["successor_secretary"]
    adopt_procedure(successor, a_proc, "QT-QD-01", secretary)
    db.session.commit()
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        adopt_procedure(successor, a_proc, "QT-QD-07", secretary)
    assert "QT-QD-01" in refused.value.fields["procedure_id"]
    db.session.rollback()
    assert _counts() == before


def test_an_empty_code_is_refused(merged):
    world, successor, a_proc, _b = merged
    with pytest.raises(ValidationFailed) as refused:
        adopt_procedure(successor, a_proc, "  ", world.users["successor_secretary"])
    assert "code" in refused.value.fields


def test_the_adopted_first_issue_is_distributed_to_the_successors_people(merged):
    """Distributions are recomputed for the successor: its lần 01 in force goes to the people now
    in it whose unit it names, wherever they came from, and to nobody left in the archives."""
    from iso_qms.accounts.models import User
    from iso_qms.acknowledgements.models import Acknowledgement
    from iso_qms.acknowledgements.operations import sync_organisation
    from tests.fixtures.factories import PASSWORD

    world, successor, a_proc, _b = merged
    hotich = create_user(successor, "qd_hotich", "staff", unit="Tư pháp - Hộ tịch")
    qmr = db.session.get(User, world.users["qmr"].id)  # carried over from Quảng An
    assert qmr.organisation_id == successor.id
    new = adopt_procedure(successor, a_proc, "QT-QD-01", world.users["successor_secretary"])
    draft = db.session.scalar(sa.select(Revision).where(Revision.procedure_id == new.id))
    proc_ops.submit_revision(draft, world.users["successor_secretary"])
    proc_ops.approve_revision(draft, qmr, PASSWORD, date(2027, 7, 2))
    sync_organisation(successor.id, date(2027, 7, 2))
    db.session.commit()
    readers = set(
        db.session.scalars(
            sa.select(Acknowledgement.user_id).where(Acknowledgement.revision_id == draft.id)
        )
    )
    in_unit = set(
        db.session.scalars(
            sa.select(User.id).where(
                User.organisation_id == successor.id,
                User.unit == "Tư pháp - Hộ tịch",
                User.active.is_(True),
            )
        )
    )
    assert hotich.id in readers and readers == in_unit
    staff = db.session.get(User, world.users["successor_staff"].id)
    assert staff.id not in readers  # another unit
    assert not readers & set(
        db.session.scalars(sa.select(User.id).where(User.organisation_id != successor.id))
    )


def test_the_successors_first_announcement_goes_through_the_announcement_flow(merged):
    """lần 01 of the successor is made by the usual flow from its adopted issue in force; until
    then its report says its system is not yet announced; the predecessors keep theirs."""
    from iso_qms.accounts.models import User
    from iso_qms.procedures.announcements import create_announcement
    from iso_qms.procedures.models import Announcement
    from iso_qms.reports.compliance import Period
    from iso_qms.reports.report import build_report
    from tests.fixtures.factories import PASSWORD

    world, successor, a_proc, _b = merged
    day = date(2027, 7, 2)
    qmr = db.session.get(User, world.users["qmr"].id)  # carried over from Quảng An
    new = adopt_procedure(successor, a_proc, "QT-QD-01", world.users["successor_secretary"])
    draft = db.session.scalar(sa.select(Revision).where(Revision.procedure_id == new.id))
    proc_ops.submit_revision(draft, world.users["successor_secretary"])
    proc_ops.approve_revision(draft, qmr, PASSWORD, day)
    db.session.commit()
    period = Period(date(2027, 7, 1), day, day)
    assert build_report(successor, period)["not_yet_announced"] is True
    predecessors_before = db.session.scalars(
        sa.select(Announcement.id).where(Announcement.organisation_id != successor.id)
    ).all()

    made = create_announcement(
        successor.id,
        qmr,
        {"decision_no": "01/QĐ-UBND", "decision_date": day, "signer": "Chủ tịch UBND xã",
         "reason": "first"},
    )  # fmt: skip
    db.session.commit()
    assert made.organisation_id == successor.id and made.ordinal == 1
    assert [item.procedure_id for item in made.items] == [new.id]
    report = build_report(successor, period)
    assert report["not_yet_announced"] is False
    assert report["announcement"]["ordinal"] == 1
    assert report["announcement"]["decision_no"] == "01/QĐ-UBND"
    assert (
        db.session.scalars(
            sa.select(Announcement.id).where(Announcement.organisation_id != successor.id)
        ).all()
        == predecessors_before
    )
