"""The dossier imports in the audit trail's words."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import register_event, register_fields, text_field


def _imported(s) -> str:
    return _(
        "Import the one-stop-shop export %(file)s: %(rows)s rows, %(create)s new, "
        "%(update)s updated, %(unchanged)s unchanged",
        file=s.raw_new("filename", ""),
        rows=s.raw_new("rows", 0),
        create=s.raw_new("create", 0),
        update=s.raw_new("update", 0),
        unchanged=s.raw_new("unchanged", 0),
    )


register_event("dossier.import", _l("Import one-stop-shop dossiers"), _imported)
register_event("dossier.import_summary", _l("Import one-stop-shop summaries"), _imported)
register_fields(
    {
        "filename": text_field(_l("File")),
        "rows": text_field(_l("Rows")),
        "create": text_field(_l("New")),
        "update": text_field(_l("Updated")),
        "unchanged": text_field(_l("Unchanged")),
    }
)
