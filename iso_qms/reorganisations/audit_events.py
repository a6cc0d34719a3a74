"""Reorganisations' events and records in the audit trail's words (registered on import)."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.org_history import Reorganisation, ReorgKind
from ..core import audit_words
from ..core.audit_words import enum_field, register_event, register_record, text_field

register_record(
    "Reorganisation",
    _l("Administrative reorganisation"),
    columns=lambda: sa.select(
        Reorganisation.id, Reorganisation.legal_basis, Reorganisation.effective_date
    ),
    name=lambda id, legal_basis, day, *rest: legal_basis,
    fields={
        "kind": enum_field(_l("Kind of change"), ReorgKind),
        "effective_date": text_field(_l("Takes effect on")),
        "legal_basis": text_field(_l("Legal basis")),
        "sources": text_field(_l("Organisations concerned")),
        "successor": text_field(_l("Successor")),
        "procedure": text_field(_l("Procedure")),
        "provenance": text_field(_l("Adopted from")),
        "disposition": text_field(_l("What became of it")),
        "item": text_field(_l("Item carried over")),
        "findings": text_field(_l("Findings carried over")),
        "actions": text_field(_l("Corrective actions carried over")),
    },
)

# "procedure.adopt" is recorded on the successor's new Procedure: its two fields, in any kind.
audit_words.register_fields(
    {"procedure": text_field(_l("Procedure")), "provenance": text_field(_l("Adopted from"))}
)

EVENTS = [
    ("organisation.reorganise", _l("Reorganise organisations"), lambda s: _("Register the administrative reorganisation %(record)s", record=s.name)),
    ("procedure.adopt", _l("Adopt a predecessor's procedure"), lambda s: _("Adopt %(what)s", what=s.new("provenance"))),
    ("carry_over.dispose", _l("Carry over open work"), lambda s: _("Carry over the open work of %(record)s", record=s.name)),
    ("user.roles_reviewed", _l("Review carried-over roles"), lambda s: _("Review the roles of %(record)s in the successor", record=s.name)),
]  # fmt: skip
for action, label, describe in EVENTS:
    register_event(action, label, describe)
