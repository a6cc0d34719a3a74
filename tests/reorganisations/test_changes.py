"""The five changes of the tree, each in force from its date (issue 15): the state × change table,
future-dated changes, and the refused cases (nothing changed)."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import EmploymentPeriod, Organisation, OrgLevel, User
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import (
    apply_due,
    children_on,
    descendant_ids,
    name_on,
    readable_org_ids,
)
from iso_qms.core.errors import PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from tests.fixtures.factories import create_org
from tests.reorganisations.tree_state import WITH_PEOPLE, row_counts

JULY = date(2027, 7, 1)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"


def _new(code="X-NEW", parent=None, name="UBND xã Quảng Điền"):
    return NewOrganisation(code=code, name=name, level=OrgLevel.commune, parent_id=parent)


def _counts() -> tuple:
    return row_counts(WITH_PEOPLE)


def test_merge_new_makes_a_successor_from_its_date_and_keeps_the_past(tree):
    admin = tree.users["province_admin"]
    reorg = reorganise(
        ReorgKind.merge_new, JULY, BASIS, [tree.org, tree.other_org],
        _new(parent=tree.district.id), admin, "checklist",
    )  # fmt: skip
    db.session.commit()
    new = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-NEW"))
    assert new.valid_from == JULY and tree.org.valid_to == date(2027, 6, 30)
    before, after = date(2027, 6, 30), JULY
    assert {o.code for o, _ in children_on(tree.district.id, before)} == {"A", "B"}
    assert [o.code for o, _ in children_on(tree.district.id, after)] == ["X-NEW"]
    assert descendant_ids(tree.province.id, date(2020, 9, 14)) == {
        tree.district.id,
        tree.org.id,
        tree.other_org.id,
    }
    # registered on 20/06 for 01/07: people are still in A until then
    staff = db.session.get(User, tree.users["staff"].id)
    assert staff.organisation_id == tree.org.id
    set_clock(datetime(2027, 7, 1, 8, tzinfo=LOCAL_TZ))
    assert apply_due() >= 2
    db.session.commit()
    staff = db.session.get(User, tree.users["staff"].id)
    assert staff.organisation_id == new.id and staff.roles_to_review
    history = db.session.scalars(
        sa.select(EmploymentPeriod).where(EmploymentPeriod.user_id == staff.id)
        .order_by(EmploymentPeriod.id)
    ).all()  # fmt: skip
    assert [(p.organisation_id, p.ended_on) for p in history] == [
        (tree.org.id, JULY),
        (new.id, None),
    ]
    assert reorg.links and {link.successor_id for link in reorg.links} == {new.id}


def test_rename_keeps_the_old_name_for_the_past(tree):
    admin, old = tree.users["province_admin"], tree.province.name
    reorganise(ReorgKind.rename, date(2027, 1, 1), "Nghị quyết số 1314/NQ-UBTVQH15",
               [tree.province], "UBND thành phố Huế", admin)  # fmt: skip
    db.session.commit()
    assert name_on(tree.province, date(2020, 9, 14)) == old
    assert name_on(tree.province, date(2027, 6, 1)) == "UBND thành phố Huế"
    assert db.session.get(Organisation, tree.province.id).name == "UBND thành phố Huế"


def test_end_level_moves_the_children_and_the_district_people(tree):
    admin = tree.users["province_admin"]
    reorganise(ReorgKind.end_level, JULY, BASIS, [tree.district], tree.province, admin, "close")
    db.session.commit()
    set_clock(datetime(2027, 7, 2, 8, tzinfo=LOCAL_TZ))
    apply_due()
    db.session.commit()
    assert {o.code for o, _ in children_on(tree.province.id, JULY)} == {"A", "B"}
    assert {o.code for o, _ in children_on(tree.province.id, date(2027, 6, 30))} == {"D"}
    supervisor = db.session.get(User, tree.users["supervisor"].id)
    assert supervisor.organisation_id == tree.province.id
    # reach by date: before the end through the district, after it from the province
    assert tree.org.id in readable_org_ids(supervisor, date(2020, 9, 14))
    assert tree.org.id in readable_org_ids(supervisor, JULY)


def test_a_supervisor_of_the_ended_district_reads_its_communes_only_before_the_end(tree):
    admin = tree.users["province_admin"]
    target = create_org("D2", "district", tree.province)
    db.session.commit()
    reorganise(ReorgKind.move, JULY, BASIS, [tree.org], target, admin)
    db.session.commit()
    supervisor = tree.users["supervisor"]
    assert tree.org.id in readable_org_ids(supervisor, date(2027, 6, 30))
    assert tree.org.id not in readable_org_ids(supervisor, JULY)


def test_the_supervisor_of_a_district_that_ends_reads_its_communes_only_before_the_end(tree):
    """end_level registered for 01/07: until the account is carried to the level above, the
    district's supervisor reads its communes as of 30/06 and earlier, not as of 01/07 on; once
    carried, they read them as the province's (test_end_level_moves_...)."""
    admin = tree.users["province_admin"]
    reorganise(ReorgKind.end_level, JULY, BASIS, [tree.district], tree.province, admin, "close")
    db.session.commit()
    supervisor = db.session.get(User, tree.users["supervisor"].id)
    assert supervisor.organisation_id == tree.district.id  # 20/06: not yet due
    for commune in (tree.org, tree.other_org):
        assert commune.id in readable_org_ids(supervisor, date(2020, 9, 14))
        assert commune.id in readable_org_ids(supervisor, date(2027, 6, 30))
        assert commune.id not in readable_org_ids(supervisor, JULY)
        assert commune.id not in readable_org_ids(supervisor, date(2028, 1, 1))


def test_a_move_that_makes_a_circle_is_refused_and_changes_nothing(tree):
    admin = tree.users["province_admin"]
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        reorganise(ReorgKind.move, JULY, BASIS, [tree.district], tree.org, admin)
    assert "target" in refused.value.fields
    assert _counts() == before  # in the same session: nothing written, not even flushed
    db.session.rollback()


def test_a_change_dated_before_the_organisation_existed_is_refused(tree):
    admin = tree.users["province_admin"]
    reorganise(ReorgKind.merge_new, JULY, BASIS, [tree.org], _new(parent=tree.district.id),
               admin, "checklist")  # fmt: skip
    db.session.commit()
    new = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-NEW"))
    with pytest.raises(ValidationFailed) as refused:
        reorganise(ReorgKind.rename, date(2027, 6, 1), BASIS, [new], "Tên khác", admin)
    assert "effective_date" in refused.value.fields


def test_only_an_admin_of_the_level_above_may_change(tree):
    commune_admin = tree.users["admin"]
    with pytest.raises(ValidationFailed) as refused:
        reorganise(ReorgKind.merge_new, JULY, BASIS, [tree.org, tree.other_org],
                   _new(parent=tree.district.id), commune_admin, "checklist")  # fmt: skip
    assert "sources" in refused.value.fields
    with pytest.raises(PermissionDenied):
        reorganise(ReorgKind.rename, JULY, BASIS, [tree.org], "X", tree.users["staff"])


def test_organisations_of_two_provinces_need_an_admin_above_both(tree):
    other_province = create_org("P2", "province")
    commune = create_org("C2", "commune", other_province)
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        reorganise(ReorgKind.merge_new, JULY, BASIS, [tree.org, commune],
                   _new(parent=tree.district.id), tree.users["province_admin"], "checklist")  # fmt: skip
    assert "sources" in refused.value.fields


def test_a_change_dated_in_the_past_is_in_force_from_its_date_at_once(tree):
    """How an installation that ran through the 2025 reform brings it in: registered on 01/09
    for 01/07, the change is applied at once; what was written in the source between the two
    days stays there, readable, and is now an archive's; the map before 01/07 is unchanged."""
    from iso_qms.accounts.tree import Archived, is_archive
    from iso_qms.procedures.models import Procedure
    from tests.fixtures.factories import create_procedure

    set_clock(datetime(2027, 8, 15, 9, tzinfo=LOCAL_TZ))
    written = create_procedure(tree, "QT-HT-08")
    db.session.commit()
    set_clock(datetime(2027, 9, 1, 9, tzinfo=LOCAL_TZ))
    reorganise(ReorgKind.merge_into, JULY, BASIS, [tree.org], tree.other_org,
               tree.users["province_admin"], "close")  # fmt: skip
    db.session.commit()
    qmr = db.session.get(User, tree.users["qmr"].id)
    assert qmr.organisation_id == tree.other_org.id  # carried over at once, no apply-due needed
    assert {o.code for o, _ in children_on(tree.district.id, JULY)} == {"B"}
    assert {o.code for o, _ in children_on(tree.district.id, date(2027, 6, 30))} == {"A", "B"}
    kept = db.session.get(Procedure, written.id)
    assert kept.organisation_id == tree.org.id and is_archive(tree.org)
    assert tree.org.id in readable_org_ids(qmr)
    kept.title = "Sửa trong lưu trữ"
    with pytest.raises(Archived):
        db.session.flush()
    db.session.rollback()
