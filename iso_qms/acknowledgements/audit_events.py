"""Reading confirmations in the audit trail's words (registered on import)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import record_field, register_event, register_record
from ..procedures.models import Procedure, Revision
from .models import Acknowledgement


def _name(id, code, number, *rest) -> str:
    return _("%(code)s issue %(n)s", code=code, n=f"{int(number):02d}")


register_record(
    "Acknowledgement",
    _l("Reading task"),
    columns=lambda: (
        sa.select(Acknowledgement.id, Procedure.code, Revision.number, Revision.id)
        .join(Revision, Revision.id == Acknowledgement.revision_id)
        .join(Procedure, Procedure.id == Revision.procedure_id)
    ),
    name=_name,
    url=lambda id, code, number, revision_id, *rest: url_for(
        "acknowledgements.revision_coverage", revision_id=int(revision_id)
    ),
    fields={"revision_id": record_field(_l("Revision"), "Revision")},
)
register_event(
    "acknowledgement.confirm",
    _l("Confirm a reading"),
    lambda s: _("Confirm having read %(record)s", record=s.name),
)
