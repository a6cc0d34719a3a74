"""The audit trail in words for the risk and opportunity register (core.audit_words)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import (
    enum_field,
    record_field,
    register_event,
    register_fields,
    register_record,
    text_field,
)
from .risk_models import KIND_CODES, Risk, RiskKind, RiskSettings, RiskStatus, Treatment


def _risk_name(id, kind, number, *rest) -> str:
    return f"{KIND_CODES.get(kind, 'RR')}-{int(number):02d}"


register_record(
    "Risk",
    _l("Risk or opportunity"),
    columns=lambda: sa.select(Risk.id, Risk.kind, Risk.number),
    name=_risk_name,
    url=lambda id, *rest: url_for("risks.detail", risk_id=id),
    fields={
        "reference": text_field(_l("Reference")),
        "kind": enum_field(_l("Kind"), RiskKind),
        "process": text_field(_l("Process")),
        "procedure_id": record_field(_l("Procedure"), "Procedure"),
        "description": text_field(_l("Description")),
        "cause": text_field(_l("Cause")),
        "consequence": text_field(_l("Consequence")),
        "likelihood": text_field(_l("Likelihood")),
        "impact": text_field(_l("Impact")),
        "treatment": enum_field(_l("Treatment"), Treatment),
        "review_date": text_field(_l("Review date")),
        "status": enum_field(_l("Status"), RiskStatus),
    },
)
register_record(
    "RiskSettings",
    _l("Risk level thresholds"),
    columns=lambda: sa.select(RiskSettings.id),
    name=lambda id, *rest: _("the risk level thresholds"),
    url=lambda id, *rest: url_for("risks.settings"),
    fields={
        "low_max": text_field(_l("Highest low score")),
        "medium_max": text_field(_l("Highest medium score")),
    },
)
# A checklist line's entries about the register entries it cites.
register_fields({"risk": record_field(_l("Risk or opportunity"), "Risk")})

EVENTS = [
    ("risk.create", _l("Record a risk or opportunity"), lambda s: _("Record %(record)s in the register", record=s.name)),
    ("risk.update", _l("Edit a risk or opportunity"), lambda s: _("Edit %(record)s", record=s.name)),
    ("risk_settings.update", _l("Change the risk level thresholds"), lambda s: _("Set the risk levels: low up to %(low)s, medium up to %(medium)s", low=s.new("low_max"), medium=s.new("medium_max"))),
    ("checklist_line.cite_risk", _l("Cite a risk on a checklist line"), lambda s: _("Cite %(risk)s on the checklist line %(record)s", risk=s.new("risk"), record=s.name)),
    ("checklist_line.uncite_risk", _l("Remove a risk cited on a checklist line"), lambda s: _("Remove %(risk)s from the checklist line %(record)s", risk=s.old("risk"), record=s.name)),
]  # fmt: skip
for action, label, describe in EVENTS:
    register_event(action, label, describe)
