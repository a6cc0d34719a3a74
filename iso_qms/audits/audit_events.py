"""Inspections' and audits' events and records in the audit trail's words (registered on import)."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.audit_words import (
    PEOPLE,
    Field,
    enum_field,
    person_field,
    record_field,
    register_event,
    register_fields,
    register_record,
    text_field,
)
from .models import (
    ActionStatus,
    ChecklistLine,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    FindingStatus,
    FindingType,
    LineResult,
    ManagementReview,
    ReviewStatus,
    Round,
    RoundKind,
    RoundStatus,
)

_SHORT = 80


def _short(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= _SHORT else text[: _SHORT - 1].rstrip() + "…"


def _team(value, names) -> str:
    """[{"user": "qmr", "role": "leader"}, ...] → "Nguyễn Văn A (trưởng đoàn), …"."""
    from .models import TeamRole

    parts = []
    for member in value or []:
        try:
            role = TeamRole(member.get("role")).label
        except ValueError:
            role = member.get("role", "")
        parts.append(f"{names.person(member.get('user'))} ({role})")
    return ", ".join(parts) or "—"


TEAM = Field(
    _l("Team"), show=_team, refs=lambda value: [(PEOPLE, m.get("user")) for m in value or []]
)


def _finding_name(id, number, round_title, *rest) -> str:
    return _("finding %(n)s (%(round)s)", n=f"{int(number):02d}", round=round_title)


def _action_name(id, number, finding_number, title, source) -> str:
    if source == "finding":
        ref = f"{int(finding_number):02d}.{number}"
        if not title:  # a finding from monitoring, with no round
            return _("corrective action %(ref)s", ref=ref)
        return _("corrective action %(ref)s (%(round)s)", ref=ref, round=title)
    if source == "objective":
        return _("action %(n)s of a quality objective's plan", n=number)
    if source == "risk":
        return _("action %(n)s on a risk or opportunity", n=number)
    return _("decision %(n)s of %(review)s", n=number, review=title)


def _action_columns():
    source = sa.case(
        (CorrectiveAction.finding_id.is_not(None), "finding"),
        (CorrectiveAction.objective_id.is_not(None), "objective"),
        (CorrectiveAction.risk_id.is_not(None), "risk"),
        else_="review",
    )
    return (
        sa.select(CorrectiveAction.id, CorrectiveAction.number, Finding.number)
        .add_columns(sa.func.coalesce(Round.title, ManagementReview.title, ""), source)
        .outerjoin(Finding, Finding.id == CorrectiveAction.finding_id)
        .outerjoin(Round, Round.id == Finding.round_id)
        .outerjoin(ManagementReview, ManagementReview.id == CorrectiveAction.review_id)
    )


ROUND_FIELDS = {
    "kind": enum_field(_l("Kind"), RoundKind),
    "status": enum_field(_l("Status"), RoundStatus),
    "title": text_field(_l("Title")),
    "plan_ref": text_field(_l("Plan")),
    "start_date": text_field(_l("Start date")),
    "end_date": text_field(_l("End date")),
    "team": TEAM,
    "procedures": text_field(_l("Procedures")),
    "procedure": text_field(_l("Procedure")),
    "lines": text_field(_l("Checklist lines")),
    "from": record_field(_l("Copied from"), "Round"),
    "summary": text_field(_l("Summary")),
    "conclusion": text_field(_l("Conclusion")),
    "report_no": text_field(_l("Report number")),
    "accepted_at": text_field(_l("Accepted at")),
    "areas": text_field(_l("Areas")),
    "clauses": text_field(_l("Clauses")),
    "reference": text_field(_l("Reference")),
    "inspecting_body": text_field(_l("Inspecting body")),
}

register_record(
    "Round",
    _l("Inspection or audit round"),
    columns=lambda: sa.select(Round.id, Round.title),
    name=lambda id, title, *rest: title,
    url=lambda id, *rest: url_for("audit_rounds.detail", round_id=id),
    fields=ROUND_FIELDS,
)
register_record(
    "ChecklistLine",
    _l("Checklist line"),
    columns=lambda: sa.select(ChecklistLine.id, ChecklistLine.question, ChecklistLine.round_id),
    name=lambda id, question, *rest: f"«{_short(question)}»",
    url=lambda id, question, round_id, *rest: url_for(
        "audit_checklists.checklist", round_id=int(round_id)
    ),
    fields={
        "result": enum_field(_l("Result"), LineResult),
        "note": text_field(_l("Note")),
        "question": text_field(_l("Question")),
        "round": record_field(_l("Round"), "Round"),
        "files": text_field(_l("Files")),
        "procedure": text_field(_l("Procedure")),
    },
)
register_record(
    "ChecklistTemplate",
    _l("Checklist template"),
    columns=lambda: sa.select(ChecklistTemplate.id, ChecklistTemplate.title),
    name=lambda id, title, *rest: title,
    url=lambda id, *rest: url_for("audit_checklists.template_form", template_id=id),
    fields={
        "key": text_field(_l("Code")),
        "title": text_field(_l("Title")),
        "questions": text_field(_l("Questions")),
        "active": text_field(_l("In use")),
    },
)
register_record(
    "Finding",
    _l("Finding"),
    columns=lambda: sa.select(Finding.id, Finding.number, Round.title).join(
        Round, Round.id == Finding.round_id
    ),
    name=_finding_name,
    url=lambda id, *rest: url_for("audit_findings.detail", finding_id=id),
    fields={
        "type": enum_field(_l("Type"), FindingType),
        "status": enum_field(_l("Status"), FindingStatus),
        "round": record_field(_l("Round"), "Round"),
        "number": text_field(_l("Number")),
        "description": text_field(_l("Description")),
        "evidence": text_field(_l("Evidence")),
        "procedure": text_field(_l("Procedure")),
        "revision": record_field(_l("Revision opened"), "Revision"),
        "clause": text_field(_l("Clause")),
        "area": text_field(_l("Area")),
        "auditee_unit": text_field(_l("Audited unit")),
        "files": text_field(_l("Files")),
        "reference": text_field(_l("Reference")),
    },
)
register_record(
    "CorrectiveAction",
    _l("Corrective action"),
    columns=_action_columns,
    name=_action_name,
    url=lambda id, *rest: url_for("audit_actions.detail", action_id=id),
    fields={
        "status": enum_field(_l("Status"), ActionStatus),
        "finding": record_field(_l("Finding"), "Finding"),
        "review": record_field(_l("Management review"), "ManagementReview"),
        "number": text_field(_l("Number")),
        "owner": person_field(_l("Owner")),
        "due_date": text_field(_l("Due date")),
        "action": text_field(_l("Action to take")),
        "evidence": text_field(_l("Evidence")),
        "effective": text_field(_l("Found effective")),
        "correction": text_field(_l("Correction")),
        "root_cause": text_field(_l("Root cause")),
        "whys": text_field(_l("5 whys")),
        "reference": text_field(_l("Reference")),
    },
)
register_record(
    "ManagementReview",
    _l("Management review"),
    columns=lambda: sa.select(ManagementReview.id, ManagementReview.title),
    name=lambda id, title, *rest: title,
    url=lambda id, *rest: url_for("audit_reviews.detail", review_id=id),
    fields={
        "status": enum_field(_l("Status"), ReviewStatus),
        "title": text_field(_l("Title")),
        "held_on": text_field(_l("Held on")),
        "chair": person_field(_l("Chair")),
        "participants": person_field(_l("Participants")),
        "other_participants": text_field(_l("Other participants")),
        "reference": text_field(_l("Reference")),
    },
)

# Entries about no one record (adopting the templates).
register_fields({"templates": text_field(_l("Templates"))})


def _verified(s) -> str:
    if s.raw_new("effective"):
        return _("Verify %(record)s: effective, closed", record=s.name)
    return _("Verify %(record)s: not effective, reopened until %(date)s", record=s.name, date=s.new("due_date"))  # fmt: skip


def _result(s) -> str:
    return _(
        "Record %(result)s on checklist line %(record)s", result=s.new("result"), record=s.name
    )


EVENTS = [
    ("round.create", _l("Plan a round"), lambda s: _("Plan %(record)s", record=s.name)),
    ("round.update", _l("Edit a round"), lambda s: _("Edit %(record)s", record=s.name)),
    ("round.clone", _l("Copy a round"), lambda s: _("Copy %(from)s as %(record)s", record=s.name, **{"from": s.new("from")})),
    ("round.scope_add", _l("Add a procedure to a round"), lambda s: _("Add %(procedure)s to the scope of %(record)s", procedure=s.new("procedure"), record=s.name)),
    ("round.start", _l("Start a round"), lambda s: _("Start %(record)s", record=s.name)),
    ("round.report", _l("Report a round"), lambda s: _("Report the results of %(record)s", record=s.name)),
    ("round.accept", _l("Accept a round's report"), lambda s: _("Accept and sign the report of %(record)s", record=s.name)),
    ("round.close", _l("Close a round"), lambda s: _("Close %(record)s", record=s.name)),
    ("checklist.generate", _l("Generate a checklist"), lambda s: _("Generate the checklist of %(record)s (%(n)s lines)", record=s.name, n=s.raw_new("lines", 0))),
    ("checklist_line.add", _l("Add a checklist line"), lambda s: _("Add the question %(record)s to the checklist", record=s.name)),
    ("checklist_line.update", _l("Edit a checklist line"), lambda s: _("Edit the checklist line %(record)s", record=s.name)),
    ("checklist_line.result", _l("Record a checklist result"), _result),
    ("checklist_line.evidence", _l("Attach evidence to a checklist line"), lambda s: _("Attach evidence to the checklist line %(record)s", record=s.name)),
    ("checklist_line.remove", _l("Remove a checklist line"), lambda s: _("Remove the question «%(question)s» from the checklist", question=_short(s.raw_old("question", "")))),
    ("checklist_template.adopt", _l("Adopt the checklist templates"), lambda s: _("Adopt the standard checklist templates (%(n)s)", n=s.raw_new("templates", 0))),
    ("checklist_template.create", _l("Add a checklist template"), lambda s: _("Add the checklist template %(record)s", record=s.name)),
    ("checklist_template.update", _l("Edit a checklist template"), lambda s: _("Edit the checklist template %(record)s", record=s.name)),
    ("finding.create", _l("Record a finding"), lambda s: _("Record %(record)s: %(type)s", record=s.name, type=s.new("type"))),
    ("finding.update", _l("Edit a finding"), lambda s: _("Edit %(record)s", record=s.name)),
    ("finding.evidence", _l("Attach evidence to a finding"), lambda s: _("Attach evidence to %(record)s", record=s.name)),
    ("finding.close", _l("Close a finding"), lambda s: _("Close %(record)s", record=s.name)),
    ("finding.open_revision", _l("Open a revision from a finding"), lambda s: _("Open %(revision)s from %(record)s", revision=s.new("revision"), record=s.name)),
    ("action.create", _l("Request a corrective action"), lambda s: _("Request %(record)s from %(owner)s, due %(date)s", record=s.name, owner=s.new("owner"), date=s.new("due_date"))),
    ("action.update", _l("Edit a corrective action"), lambda s: _("Edit %(record)s", record=s.name)),
    ("action.start", _l("Start a corrective action"), lambda s: _("Start %(record)s", record=s.name)),
    ("action.complete", _l("Complete a corrective action"), lambda s: _("Complete %(record)s", record=s.name)),
    ("action.verify", _l("Verify a corrective action"), _verified),
    ("action.cancel", _l("Cancel a corrective action"), lambda s: _("Cancel %(record)s", record=s.name)),
    ("action.postpone_request", _l("Ask for more time"), lambda s: _("Ask to postpone %(record)s to %(date)s", record=s.name, date=s.new("due_date"))),
    ("postponement.approve", _l("Grant a postponement"), lambda s: _("Postpone %(record)s from %(old)s to %(new)s", record=s.name, old=s.old("due_date"), new=s.new("due_date"))),
    ("postponement.reject", _l("Refuse a postponement"), lambda s: _("Refuse to postpone %(record)s; still due %(date)s", record=s.name, date=s.new("due_date"))),
    ("review.create", _l("Plan a management review"), lambda s: _("Plan the management review %(record)s", record=s.name)),
    ("review.update", _l("Edit a management review"), lambda s: _("Edit the management review %(record)s", record=s.name)),
    ("review.hold", _l("Hold a management review"), lambda s: _("Hold the management review %(record)s on %(date)s", record=s.name, date=s.new("held_on"))),
]  # fmt: skip
for action, label, describe in EVENTS:
    register_event(action, label, describe)
