"""Who may do what with quality objectives (6.2) and the findings from monitoring (9.1)."""

from ..accounts.models import Role

#: Who drafts objectives, types their values and plans their actions.
OBJECTIVE_EDITORS = (Role.iso_secretary, Role.qmr)
#: Who approves an objective with the e-signature, and opens a finding from a flagged procedure.
OBJECTIVE_APPROVERS = (Role.qmr,)


def can_edit_objectives(user) -> bool:
    return user.has_role(*OBJECTIVE_EDITORS)


def can_approve_objectives(user) -> bool:
    return user.has_role(*OBJECTIVE_APPROVERS)


def can_record_values(user, version) -> bool:
    """The editors, or the objective's owner (who measures it)."""
    return can_edit_objectives(user) or (version is not None and version.owner_id == user.id)


def can_open_monitoring_finding(user) -> bool:
    return user.has_role(*OBJECTIVE_APPROVERS)
