"""Document control's events and records in the audit trail's words (registered on import)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import (
    Field,
    enum_field,
    person_field,
    register_event,
    register_fields,
    register_record,
    text_field,
)
from .models import (
    Announcement,
    LegalBasis,
    LegalChange,
    Procedure,
    ProcedureKind,
    ReviewOutcome,
    Revision,
    RevisionStatus,
)


def issue_name(code, number) -> str:
    """The procedure and its issue as the register writes them, "QT-HT-04 lần ban hành 02"."""
    return _("%(code)s issue %(n)s", code=code, n=f"{int(number):02d}")


def _revision_columns():
    return sa.select(Revision.id, Procedure.code, Revision.number).join(
        Procedure, Procedure.id == Revision.procedure_id
    )


PROCEDURE_FIELDS = {
    "code": text_field(_l("Code")),
    "title": text_field(_l("Title")),
    "kind": enum_field(_l("Kind"), ProcedureKind),
    "field": text_field(_l("Field")),
    "owner_unit": text_field(_l("Owning unit")),
    "statutory": text_field(_l("Statutory time")),
    "legal_bases": text_field(_l("Legal bases")),
    "withdrawn_on": text_field(_l("Withdrawn from")),
    "outcome": enum_field(_l("Outcome"), ReviewOutcome),
    "on": text_field(_l("Date")),
    "review_interval_months": text_field(_l("Review interval (months)")),
    "distribution": text_field(_l("Distribution")),
    "tthc_code": text_field(_l("National TTHC code")),
}

register_record(
    "Procedure",
    _l("Procedure"),
    columns=lambda: sa.select(Procedure.id, Procedure.code),
    name=lambda id, code, *rest: code,
    url=lambda id, *rest: url_for("procedures.detail", procedure_id=id),
    fields=PROCEDURE_FIELDS,
)
register_record(
    "Revision",
    _l("Procedure revision"),
    columns=_revision_columns,
    name=lambda id, code, number, *rest: issue_name(code, number),
    url=lambda id, *rest: url_for("revisions.view", revision_id=id),
    fields={
        "status": enum_field(_l("Status"), RevisionStatus),
        "effective_date": text_field(_l("Effective date")),
        "number": text_field(_l("Issue")),
        "procedure": text_field(_l("Procedure")),
        "fields": text_field(_l("Changed parts")),
        "author": person_field(_l("Author")),
        "cited": text_field(_l("Legal bases cited")),
    },
)
register_record(
    "LegalBasis",
    _l("Legal text"),
    columns=lambda: sa.select(LegalBasis.id, LegalBasis.number),
    name=lambda id, number, *rest: number,
    url=lambda id, *rest: url_for("registers.legal_basis_form", basis_id=id),
    fields={
        "number": text_field(_l("Number")),
        "title": text_field(_l("Title")),
        "issuer": text_field(_l("Issued by")),
        "issued_on": text_field(_l("Issued on")),
        "effective_on": text_field(_l("Effective from")),
        "by": text_field(_l("Superseded by")),
        "kind": enum_field(_l("Change"), LegalChange),
        "update_due_on": text_field(_l("Procedures to be updated by")),
    },
)
register_record(
    "Announcement",
    _l("Announcement"),
    columns=lambda: sa.select(Announcement.id, Announcement.ordinal, Announcement.decision_no),
    name=lambda id, ordinal, decision_no, *rest: _(
        "announcement no. %(n)s (%(decision)s)", n=f"{int(ordinal):02d}", decision=decision_no
    ),
    url=lambda id, *rest: url_for("registers.announcement", announcement_id=id),
    fields={
        "ordinal": text_field(_l("Announcement no.")),
        "decision_no": text_field(_l("Decision number")),
        "decision_date": text_field(_l("Decision date")),
        "scope": text_field(_l("Procedures in scope")),
    },
)

# The catalogue import is about no one record: its counts.
register_fields(
    {
        "create": text_field(_l("New")),
        "update": text_field(_l("Updated")),
        "unchanged": text_field(_l("Unchanged")),
        "error": text_field(_l("With errors")),
    }
)


def _chain_columns():
    # Imported when a page shows such an entry.
    from .signing_chain import SigningChain

    return sa.select(SigningChain.id, SigningChain.organisation_id)


def _chain_role(value, names) -> str:
    from .signing_chain import ChainRole

    try:
        return ChainRole(value).label
    except ValueError:
        return str(value)


register_record(
    "SigningChain",
    _l("Who signs revisions"),
    columns=_chain_columns,
    name=lambda id, *rest: _("the signing chain (who reviews and who approves)"),
    fields={
        "review_role": Field(_l("Who reviews"), show=_chain_role),
        "review_required": text_field(_l("A review is required")),
        "approve_role": Field(_l("Who approves"), show=_chain_role),
    },
)


def _approve(s) -> str:
    return _(
        "Approve %(record)s, in force from %(date)s", record=s.name, date=s.new("effective_date")
    )


def _superseded(s) -> str:
    return _(
        "Record that %(record)s is %(change)s %(by)s; procedures citing it to be updated by %(date)s",
        record=s.name,
        change=s.new("kind"),
        by=s.new("by"),
        date=s.new("update_due_on"),
    )


def _imported(s) -> str:
    return _(
        "Import the TTHC catalogue: %(create)s new, %(update)s updated, %(unchanged)s unchanged",
        create=s.raw_new("create", 0),
        update=s.raw_new("update", 0),
        unchanged=s.raw_new("unchanged", 0),
    )


EVENTS = [
    ("procedure.create", _l("Add a procedure"), lambda s: _("Add %(record)s to the register", record=s.name)),
    ("procedure.update", _l("Edit a procedure"), lambda s: _("Edit the details of %(record)s", record=s.name)),
    ("procedure.legal_bases", _l("Change legal bases"), lambda s: _("Change the legal bases of %(record)s", record=s.name)),
    ("procedure.withdraw", _l("Withdraw a procedure"), lambda s: _("Withdraw %(record)s from %(date)s", record=s.name, date=s.new("withdrawn_on"))),
    ("procedure.review", _l("Periodic review"), lambda s: _("Periodic review of %(record)s: %(outcome)s", record=s.name, outcome=s.new("outcome"))),
    ("procedure.import", _l("Import the TTHC catalogue"), _imported),
    ("revision.create", _l("Draft a revision"), lambda s: _("Draft %(record)s", record=s.name)),
    ("revision.update", _l("Edit a draft"), lambda s: _("Edit the draft of %(record)s", record=s.name)),
    ("revision.submit", _l("Submit for approval"), lambda s: _("Submit %(record)s for approval", record=s.name)),
    ("revision.return", _l("Return for changes"), lambda s: _("Return %(record)s for changes", record=s.name)),
    ("revision.review", _l("Sign a review"), lambda s: _("Sign the review of %(record)s", record=s.name)),
    ("revision.approve", _l("Approve a revision"), _approve),
    ("legal_basis.create", _l("Add a legal text"), lambda s: _("Add the legal text %(record)s", record=s.name)),
    ("legal_basis.update", _l("Edit a legal text"), lambda s: _("Edit the legal text %(record)s", record=s.name)),
    ("legal_basis.superseded", _l("Legal text amended or replaced"), _superseded),
    ("signing_chain.update", _l("Change the signing chain"), lambda s: _("Change who reviews and who approves revisions")),
    ("announcement.create", _l("Announce the QMS (công bố)"), lambda s: _("Record %(record)s of %(date)s, %(n)s procedures in scope", record=s.name, date=s.new("decision_date"), n=s.raw_new("scope", 0))),
]  # fmt: skip
for action, label, describe in EVENTS:
    register_event(action, label, describe)
