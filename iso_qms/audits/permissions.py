"""Named rules of inspections and audits."""

from dataclasses import dataclass

import sqlalchemy as sa

from ..accounts.models import Role
from ..core.text import fold
from ..extensions import db

#: Who plans rounds and keeps the checklists, findings and corrective action requests.
PLANNERS = (Role.iso_secretary, Role.qmr, Role.inspector)
#: Who verifies the effectiveness of corrective actions (never their owner).
VERIFIERS = (Role.inspector, Role.qmr)
#: Who accepts round reports (e-signature), closes rounds and findings, decides postponements.
QMR = (Role.qmr,)
#: Who prepares and records management reviews.
REVIEW_KEEPERS = (Role.qmr, Role.iso_secretary, Role.head)


def can_plan_rounds(user) -> bool:
    return user.has_role(*PLANNERS)


def is_round_team_member(user, round_) -> bool:
    return any(member.user_id == user.id for member in round_.members)


def is_round_leader(user, round_) -> bool:
    leader = round_.leader
    return leader is not None and leader.id == user.id


def can_run_round(user, round_) -> bool:
    """Record checklist results and findings: the team, the ISO secretary and the QMR."""
    if round_ is None:  # a finding from monitoring and measurement has no round to run
        return False
    return round_.organisation_id == user.organisation_id and (
        is_round_team_member(user, round_) or user.has_role(Role.iso_secretary, Role.qmr)
    )


def can_change_round(user, round_) -> bool:
    """Edit the plan, scope and team; start and report the round."""
    return round_.organisation_id == user.organisation_id and (
        is_round_leader(user, round_) or user.has_role(Role.iso_secretary, Role.qmr)
    )


def can_manage_round(user, round_) -> bool:
    """Edit, start and report the round, as its routes allow: a planner who may change it."""
    return can_plan_rounds(user) and can_change_round(user, round_)


def can_clone_round(user, round_) -> bool:
    """ "Sao chép": a planner of the round's own organisation plans a copy."""
    return can_plan_rounds(user) and round_.organisation_id == user.organisation_id


def can_accept_report(user, round_) -> bool:
    return round_.organisation_id == user.organisation_id and user.has_role(*QMR)


def can_close_finding(user) -> bool:
    return user.has_role(*QMR)


def can_manage_actions(user) -> bool:
    """Issue corrective action requests and edit them."""
    return user.has_role(*PLANNERS)


def is_action_owner(user, action) -> bool:
    return action.owner_id == user.id


def can_complete_action(user, action) -> bool:
    """Only the owner reports an action done."""
    return is_action_owner(user, action)


def can_start_action(user, action) -> bool:
    return is_action_owner(user, action) or can_manage_actions(user)


def can_verify_action(user, action) -> bool:
    """An inspector or the QMR, never the action's owner."""
    return user.has_role(*VERIFIERS) and not is_action_owner(user, action)


def can_cancel_action(user) -> bool:
    return user.has_role(*QMR)


def can_request_postponement(user, action) -> bool:
    """Only the action's owner asks for more time; nobody asks on another's behalf."""
    return is_action_owner(user, action)


#: Who decides postponements: the QMR, or the head when the QMR is the one asking.
POSTPONEMENT_DECIDERS = (Role.qmr, Role.head)


def can_decide_postponement(user, request=None) -> bool:
    """The QMR or the head decides, never the person who asked (a QMR owning an action cannot
    grant themself more time)."""
    if request is not None and request.requested_by_id == user.id:
        return False
    return user.has_role(*POSTPONEMENT_DECIDERS)


def can_manage_reviews(user) -> bool:
    return user.has_role(*REVIEW_KEEPERS)


def can_edit_templates(user) -> bool:
    return user.has_role(*PLANNERS)


# --- impartiality --------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Why a team member may not audit a procedure: it belongs to their unit, or they wrote it."""

    user_id: int
    user_name: str
    procedure_id: int
    procedure_code: str
    reason: str  # "own_unit" or "author"


def same_unit(user, procedure) -> bool:
    return bool(procedure.owner_unit) and fold(user.unit) == fold(procedure.owner_unit)


def authored_pairs(user_ids: list[int], procedure_ids: list[int]) -> set[tuple[int, int]]:
    """(user id, procedure id) for every revision of those procedures written by those users."""
    from ..procedures.models import Revision

    if not user_ids or not procedure_ids:
        return set()
    rows = db.session.execute(
        sa.select(Revision.author_id, Revision.procedure_id)
        .distinct()
        .where(Revision.author_id.in_(user_ids), Revision.procedure_id.in_(procedure_ids))
    ).all()
    return {(author_id, procedure_id) for author_id, procedure_id in rows}


def impartiality_conflicts(users: list, procedures: list) -> list[Conflict]:
    """Every (member, procedure) pair the impartiality rule forbids, in one query."""
    authored = authored_pairs([u.id for u in users], [p.id for p in procedures])
    conflicts = []
    for user in users:
        for procedure in procedures:
            if same_unit(user, procedure):
                reason = "own_unit"
            elif (user.id, procedure.id) in authored:
                reason = "author"
            else:
                continue
            conflicts.append(
                Conflict(user.id, user.full_name, procedure.id, procedure.code, reason)
            )
    return conflicts
