"""No change may put an organisation above itself (issue 15, "a change that would make a cycle"):
for every kind with a target or a parent, and against changes already registered for later days;
and the tree's recursive query ends even on a circle written behind the application's back."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import OrgLevel
from iso_qms.accounts.org_history import OrganisationPeriod, ReorgKind
from iso_qms.accounts.tree import descendant_ids
from iso_qms.core.errors import ValidationFailed
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from tests.fixtures.factories import create_org
from tests.reorganisations.tree_state import TREE, row_counts

JULY, AUGUST = date(2027, 7, 1), date(2027, 8, 1)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
CIRCLE = "vòng lặp trong cây đơn vị"


def _counts() -> tuple:
    return row_counts(TREE)


def _refused(tree, kind, sources, target, day=JULY, open_work="close") -> str:
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        reorganise(kind, day, BASIS, sources, target, tree.users["province_admin"], open_work)
    assert _counts() == before  # in the same session: nothing written, not even flushed
    db.session.rollback()
    return str(refused.value.fields)


@pytest.mark.parametrize("kind", [ReorgKind.merge_into, ReorgKind.end_level, ReorgKind.move])
def test_a_district_cannot_go_into_or_under_its_own_commune(tree, kind):
    assert CIRCLE in _refused(tree, kind, [tree.district], tree.org)


def test_a_new_organisation_cannot_sit_below_what_it_is_made_of(tree):
    below = create_org("A1", "commune", tree.org, name="Thôn dưới A")
    db.session.commit()
    new = NewOrganisation(code="X-NEW", name="UBND xã mới", level=OrgLevel.commune,
                          parent_id=below.id)  # fmt: skip
    assert CIRCLE in _refused(tree, ReorgKind.merge_new, [tree.org, tree.other_org], new)


def test_a_change_registered_for_later_is_taken_into_account(tree):
    """D2 is to move under A from August; moving A under D2 from July would then be a circle."""
    admin = tree.users["province_admin"]
    d2 = create_org("D2", "district", tree.province)
    db.session.commit()
    reorganise(ReorgKind.move, AUGUST, BASIS, [d2], tree.org, admin)
    db.session.commit()
    assert CIRCLE in _refused(tree, ReorgKind.move, [tree.org], d2)
    # ... while a move that makes no circle on any day is accepted
    reorganise(ReorgKind.move, JULY, BASIS, [tree.other_org], d2, admin)
    db.session.commit()


def test_the_tree_query_ends_on_a_circle_written_behind_the_apps_back(tree):
    P = OrganisationPeriod
    db.session.execute(
        sa.update(P).where(P.organisation_id == tree.district.id).values(parent_id=tree.org.id)
    )
    assert descendant_ids(tree.org.id, date(2027, 6, 20)) >= {tree.district.id, tree.org.id}
    db.session.rollback()


def test_the_target_or_the_new_parent_must_exist_on_the_day(tree):
    """Merging into, or under, an organisation that only begins later is refused."""
    admin = tree.users["province_admin"]
    later = reorganise(
        ReorgKind.merge_new, AUGUST, BASIS, [tree.other_org],
        NewOrganisation(code="X-LATER", name="UBND xã Sau", level=OrgLevel.commune,
                        parent_id=tree.district.id), admin, "close",
    )  # fmt: skip
    db.session.commit()
    new = next(link.successor for link in later.links)
    assert "01/08/2027" in _refused(tree, ReorgKind.merge_into, [tree.org], new)
    under = NewOrganisation(code="X-U", name="UBND xã Dưới", level=OrgLevel.commune,
                            parent_id=new.id)  # fmt: skip
    assert "01/08/2027" in _refused(tree, ReorgKind.merge_new, [tree.org], under)


def test_a_commune_is_renamed_by_the_level_above_a_province_by_itself(tree):
    """The commune's own admin may not rename it (the level above decides); a province's may."""
    own_admin = tree.users["admin"]  # the admin of commune A
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        reorganise(ReorgKind.rename, JULY, BASIS, [tree.org], "UBND xã Tên Mới", own_admin)
    assert "cấp trên" in str(refused.value.fields) or "level above" in str(refused.value.fields)
    assert _counts() == before  # in the same session: nothing written, not even flushed
    db.session.rollback()
    reorganise(ReorgKind.rename, JULY, BASIS, [tree.province], "UBND thành phố Huế",
               tree.users["province_admin"])  # fmt: skip
    db.session.commit()
