"""The state × change table (issue 15): each of the five changes, registered on 20/06/2027 for
01/07/2027, read as of the day before and the day itself — before it is due (derived: no cron job)
and after apply_due() has brought the current columns up to date."""

from datetime import date, datetime

import pytest

from iso_qms.accounts.models import Organisation, OrgLevel
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import apply_due, children_on, name_on
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from tests.fixtures.factories import create_org

JULY, LAST = date(2027, 7, 1), date(2027, 6, 30)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"


def _codes(org, on) -> set[str]:
    return {o.code for o, _ in children_on(org.id, on)}


def _register(tree, kind: ReorgKind, d2):
    admin = tree.users["province_admin"]
    A, B, D, P = tree.org, tree.other_org, tree.district, tree.province
    if kind is ReorgKind.merge_new:
        new = NewOrganisation(code="X", name="UBND xã Mới", level=OrgLevel.commune,
                              parent_id=D.id)  # fmt: skip
        return reorganise(kind, JULY, BASIS, [A, B], new, admin, "close")
    target = {ReorgKind.merge_into: B, ReorgKind.move: d2, ReorgKind.end_level: P}.get(kind)
    sources = [D] if kind is ReorgKind.end_level else [A]
    if kind is ReorgKind.rename:
        target = "UBND xã Quảng An Mới"
    return reorganise(kind, JULY, BASIS, sources, target, admin, "close")


#: kind → what the tree says on 01/07/2027 (on 30/06/2027 it is always as before).
def _after(tree, kind: ReorgKind, d2) -> None:
    A, D, P = tree.org, tree.district, tree.province
    if kind is ReorgKind.merge_new:
        assert _codes(D, JULY) == {"X"}
    elif kind is ReorgKind.merge_into:
        assert _codes(D, JULY) == {"B"}
    elif kind is ReorgKind.move:
        assert (_codes(D, JULY), _codes(d2, JULY)) == ({"B"}, {"A"})
    elif kind is ReorgKind.end_level:
        assert {"A", "B"} <= _codes(P, JULY) and "D" not in _codes(P, JULY)
    else:
        assert name_on(A, JULY) == "UBND xã Quảng An Mới" and _codes(D, JULY) == {"A", "B"}


@pytest.mark.parametrize("timing", ["registered", "due"])
@pytest.mark.parametrize("kind", list(ReorgKind))
def test_each_change_before_and_after_its_day(tree, kind, timing):
    d2 = create_org("D2", "district", tree.province)
    db.session.commit()
    old_name = tree.org.name
    _register(tree, kind, d2)
    db.session.commit()
    if timing == "due":
        set_clock(datetime(2027, 7, 2, 9, tzinfo=LOCAL_TZ))
        apply_due()
        db.session.commit()
    # the day before: as it was, whatever the change and whether it is due
    assert _codes(tree.district, LAST) == {"A", "B"} and name_on(tree.org, LAST) == old_name
    _after(tree, kind, d2)
    db.session.expire_all()
    a = db.session.get(Organisation, tree.org.id)
    ends = kind in (ReorgKind.merge_new, ReorgKind.merge_into)
    assert a.valid_to == (LAST if ends else None)  # the record of the change is at once
    # the current columns follow only when the day has come (apply_due, at the next request)
    if kind is ReorgKind.move:
        assert a.parent_id == (d2.id if timing == "due" else tree.district.id)
    if kind is ReorgKind.rename:
        assert a.name == ("UBND xã Quảng An Mới" if timing == "due" else old_name)
