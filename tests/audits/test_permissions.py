"""The named rules of audits, each on its own."""

from types import SimpleNamespace

from iso_qms.accounts.models import Role
from iso_qms.audits import permissions as rules


class _User(SimpleNamespace):
    def has_role(self, *roles):
        return bool(set(roles) & self.roles)


def _user(uid=1, *roles, unit="Văn phòng", org=1):
    return _User(id=uid, roles=set(roles), unit=unit, full_name=f"U{uid}", organisation_id=org)


def _round(members=(), org=1):
    entries = [
        SimpleNamespace(user_id=u.id, user=u, role=SimpleNamespace(value=r)) for u, r in members
    ]
    leader = next((u for u, r in members if r == "leader"), None)
    return SimpleNamespace(members=entries, leader=leader, organisation_id=org)


def test_planners_are_the_iso_secretary_the_qmr_and_inspectors():
    assert rules.can_plan_rounds(_user(1, Role.inspector))
    assert not rules.can_plan_rounds(_user(1, Role.staff, Role.head))


def test_team_membership_and_leadership():
    leader, member, outsider = (
        _user(1, Role.inspector),
        _user(2, Role.staff),
        _user(3, Role.inspector),
    )
    round_ = _round([(leader, "leader"), (member, "member")])
    assert rules.is_round_team_member(member, round_) and not rules.is_round_team_member(
        outsider, round_
    )
    assert rules.is_round_leader(leader, round_) and not rules.is_round_leader(member, round_)
    assert rules.can_run_round(member, round_) and not rules.can_run_round(outsider, round_)
    assert rules.can_change_round(leader, round_) and not rules.can_change_round(member, round_)
    assert not rules.can_run_round(_user(4, Role.qmr, org=2), round_)  # another organisation's QMR


def test_verifiers_never_own_the_action():
    action = SimpleNamespace(owner_id=1)
    assert not rules.can_verify_action(_user(1, Role.qmr), action)
    assert rules.can_verify_action(_user(2, Role.inspector), action)
    assert not rules.can_verify_action(_user(3, Role.iso_secretary), action)
    assert rules.can_complete_action(_user(1, Role.staff), action)
    assert not rules.can_complete_action(_user(2, Role.qmr), action)


def test_the_qmr_alone_decides_cancels_closes_and_accepts():
    qmr, secretary = _user(1, Role.qmr), _user(2, Role.iso_secretary)
    for rule in (rules.can_decide_postponement, rules.can_cancel_action, rules.can_close_finding):
        assert rule(qmr) and not rule(secretary)
    assert rules.can_accept_report(qmr, _round()) and not rules.can_accept_report(
        qmr, _round(org=2)
    )


def test_same_unit_ignores_case_and_diacritics_and_an_empty_owner_unit():
    assert rules.same_unit(
        _user(unit="Tư pháp - Hộ tịch"), SimpleNamespace(owner_unit="tu phap - ho tich")
    )
    assert not rules.same_unit(_user(unit=""), SimpleNamespace(owner_unit=""))
    assert not rules.same_unit(
        _user(unit="Văn phòng"), SimpleNamespace(owner_unit="Tư pháp - Hộ tịch")
    )


def test_review_keepers():
    assert rules.can_manage_reviews(_user(1, Role.head)) and not rules.can_manage_reviews(
        _user(1, Role.inspector)
    )
