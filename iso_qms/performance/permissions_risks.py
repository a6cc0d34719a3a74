"""Named rules of the risk and opportunity register (6.1)."""

from ..accounts.models import Role

#: Who keeps the register and plans the actions treating its entries.
RISK_KEEPERS = (Role.qmr, Role.iso_secretary, Role.head)
#: Who sets the organisation's level thresholds.
THRESHOLD_KEEPERS = (Role.admin, Role.qmr)


def can_keep_risks(user, risk=None) -> bool:
    """Record, edit and plan actions: the QMR, the ISO secretary and the head, of their own
    organisation's register."""
    own = risk is None or risk.organisation_id == user.organisation_id
    return own and user.has_role(*RISK_KEEPERS)


def can_set_thresholds(user) -> bool:
    return user.has_role(*THRESHOLD_KEEPERS)
