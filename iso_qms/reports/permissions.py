"""Named rules of the reform-report feed."""

from ..accounts.models import Role

#: Who reads the report feed (a supervisor also for the organisations below).
READERS = (Role.qmr, Role.iso_secretary, Role.head, Role.admin, Role.supervisor, Role.inspector)
#: Who types the notes of manual PAR criteria for their own organisation.
NOTE_WRITERS = (Role.qmr, Role.iso_secretary, Role.head)


def can_read_reports(user) -> bool:
    return user.has_role(*READERS)


def can_write_notes(user, organisation) -> bool:
    return organisation.id == user.organisation_id and user.has_role(*NOTE_WRITERS)


def can_roll_up(user) -> bool:
    return user.has_role(Role.supervisor)


def can_manage_criteria(user) -> bool:
    return user.has_role(Role.admin)


def sees_status_panel(user) -> bool:
    """The QMR and the head see this year's status on the home page."""
    return user.has_role(Role.qmr, Role.head)
