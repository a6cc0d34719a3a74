"""Named rules of staff acknowledgement."""

from ..accounts.models import Role

#: Who reads reading coverage: the QMR, the ISO secretary, the head, the administrator.
COVERAGE_READERS = (Role.qmr, Role.iso_secretary, Role.head, Role.admin)


def can_read_coverage(user) -> bool:
    return user.has_role(*COVERAGE_READERS)
