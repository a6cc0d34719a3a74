"""Named rules of staff acknowledgement."""

from ..accounts.models import Role

#: Who reads reading coverage: the QMR, the ISO secretary, the head, the administrator.
COVERAGE_READERS = (Role.qmr, Role.iso_secretary, Role.head, Role.admin)


def can_read_coverage(user) -> bool:
    return user.has_role(*COVERAGE_READERS)


def can_open_coverage(user) -> bool:
    """The coverage page: its readers for their own organisation, a supervisor for those below."""
    return can_read_coverage(user) or user.has_role(Role.supervisor)
