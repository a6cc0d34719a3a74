"""Who reads the process performance figures: those who read the reform report (a supervisor
also for the organisations below)."""

from ..accounts.models import Role

FIGURE_READERS = (
    Role.qmr,
    Role.iso_secretary,
    Role.head,
    Role.admin,
    Role.supervisor,
    Role.inspector,
)


def can_read_figures(user) -> bool:
    return user.has_role(*FIGURE_READERS)
