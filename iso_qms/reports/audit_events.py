"""The report's criteria and notes in the audit trail's words (registered on import)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import register_event, register_fields, register_record, text_field
from .models import ParCriterion, ParNote

CRITERION_FIELDS = {
    "code": text_field(_l("Criterion")),
    "criterion": text_field(_l("Criterion")),
    "text": text_field(_l("Criterion text")),
    "group": text_field(_l("Group")),
    "expected_output": text_field(_l("Expected output")),
    "reporting_body": text_field(_l("Reporting body")),
    "metric": text_field(_l("Computed from")),
    "active": text_field(_l("In use")),
    "from": text_field(_l("From")),
    "to": text_field(_l("To")),
    "set": text_field(_l("Criteria set")),
    "created": text_field(_l("Added")),
    "updated": text_field(_l("Updated")),
}

register_fields({k: CRITERION_FIELDS[k] for k in ("set", "created", "updated")})  # the import
register_record(
    "ParCriterion",
    _l("PAR criterion"),
    columns=lambda: sa.select(ParCriterion.id, ParCriterion.code),
    name=lambda id, code, *rest: _("criterion %(code)s", code=code),
    url=lambda id, *rest: url_for("reports.criterion_edit", criterion_id=id),
    fields=CRITERION_FIELDS,
)
register_record(
    "ParNote",
    _l("Report note"),
    columns=lambda: sa.select(ParNote.id, ParCriterion.code).join(
        ParCriterion, ParCriterion.id == ParNote.criterion_id
    ),
    name=lambda id, code, *rest: _("the note on criterion %(code)s", code=code),
    url=lambda id, *rest: url_for("reports.report_page"),
    fields=CRITERION_FIELDS,
)


def _set_columns():
    # Imported when a page shows such an entry: the sets are newer than the criteria.
    from .models import ParCriteriaSet

    return sa.select(ParCriteriaSet.id, ParCriteriaSet.name, ParCriteriaSet.version)


register_record(
    "ParCriteriaSet",
    _l("PAR criteria set"),
    columns=_set_columns,
    name=lambda id, name, version, *rest: _(
        "the criteria set %(name)s, version %(version)s", name=name, version=version
    ),
    url=lambda id, *rest: url_for("reports.criteria"),
    fields={
        **CRITERION_FIELDS,
        "year": text_field(_l("Year")),
        "version": text_field(_l("Version")),
    },
)
register_event(
    "par_criteria_set.publish",
    _l("Publish a PAR criteria set"),
    lambda s: _("Publish %(record)s", record=s.name),
)
register_event(
    "par_criteria_set.new_version",
    _l("Open a new version of a PAR criteria set"),
    lambda s: _("Open %(record)s from version %(from)s", record=s.name, **{"from": s.new("from")}),
)
register_event(
    "par_note.write",
    _l("Write a report note"),
    lambda s: _(
        "Write %(record)s for %(start)s–%(end)s",
        record=s.name,
        start=s.new("from"),
        end=s.new("to"),
    ),
)
register_event(
    "par_criteria.import",
    _l("Import PAR criteria"),
    lambda s: _(
        "Import the PAR criteria %(set)s: %(created)s added, %(updated)s updated",
        set=s.raw_new("set", ""),
        created=s.raw_new("created", 0),
        updated=s.raw_new("updated", 0),
    ),
)
register_event(
    "par_criterion.update",
    _l("Edit a PAR criterion"),
    lambda s: _("Edit %(record)s", record=s.name),
)
