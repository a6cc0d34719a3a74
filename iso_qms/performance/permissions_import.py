"""Who imports the one-stop-shop's dossier records: the ISO secretary and the QMR, into their own
organisation."""

from ..accounts.models import Role

IMPORTERS = (Role.iso_secretary, Role.qmr)


def can_import_dossiers(user, organisation_id: int | None = None) -> bool:
    """The ISO secretary or the QMR of the organisation (of their own, when none is named)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    own = organisation_id is None or user.organisation_id == organisation_id
    return own and user.has_role(*IMPORTERS)
