"""The quality objectives in the audit trail's words (core.audit_words; registered on import)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import (
    enum_field,
    record_field,
    register_event,
    register_record,
    text_field,
)
from .objective_models import OBJECTIVE_CODE, ObjectiveStatus, QualityObjective

register_record(
    "QualityObjective",
    _l("Quality objective"),
    columns=lambda: sa.select(QualityObjective.id, QualityObjective.number, QualityObjective.year),
    name=lambda id, number, year, *rest: f"{OBJECTIVE_CODE}-{int(number):02d}/{year}",
    url=lambda id, *rest: url_for("objectives.detail", objective_id=id),
    fields={
        "reference": text_field(_l("Reference")),
        "status": enum_field(_l("Status"), ObjectiveStatus),
        "version": text_field(_l("Version")),
        "text": text_field(_l("Objective")),
        "indicator": text_field(_l("Indicator")),
        "target_op": text_field(_l("Target")),
        "target_value": text_field(_l("Target value")),
        "target_unit": text_field(_l("Unit")),
        "metric": text_field(_l("Measured by")),
        "owner_id": record_field(_l("Owner"), "User"),
        "frequency": text_field(_l("How often measured")),
        "from": text_field(_l("From")),
        "to": text_field(_l("To")),
        "value": text_field(_l("Value")),
        "evidence": text_field(_l("Evidence")),
    },
)

EVENTS = [
    ("objective.create", _l("Set a quality objective"), lambda s: _("Set the quality objective %(record)s", record=s.name)),
    ("objective.update", _l("Edit a quality objective"), lambda s: _("Edit the quality objective %(record)s", record=s.name)),
    ("objective.revise", _l("Open a new version of a quality objective"), lambda s: _("Open version %(version)s of %(record)s", version=s.new("version"), record=s.name)),
    ("objective.approve", _l("Approve a quality objective"), lambda s: _("Approve the quality objective %(record)s", record=s.name)),
    ("objective.value", _l("Record a quality objective's value"), lambda s: _("Record the value %(value)s of %(record)s", value=s.new("value"), record=s.name)),
]  # fmt: skip
for action, label, describe in EVENTS:
    register_event(action, label, describe)
