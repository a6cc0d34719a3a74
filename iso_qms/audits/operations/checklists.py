"""Checklists: generated from the scope and the organisation's templates, then edited and answered."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, ValidationFailed
from ...core.timeutil import utcnow
from ...extensions import db
from ...procedures.models import Procedure
from ...procedures.queries import revision_in_force
from .. import permissions as rules
from ..catalogue import covered, default_templates, top_clause, valid_clause
from ..models import (
    ChecklistLine,
    ChecklistTemplate,
    EvidenceFile,
    LineResult,
    Round,
    RoundStatus,
    TemplateKind,
)
from ..queries import effective_templates
from ._common import attach_evidence, check_version, require, text
from .rounds import add_procedure_to_scope, bind_revisions

EDITABLE = (RoundStatus.planned, RoundStatus.in_progress)


def _check_open(round_: Round) -> None:
    if round_.status not in EDITABLE:
        raise InvalidState(_("The checklist of a reported or closed round can no longer change."))


def _questions(template) -> list[dict]:
    return [q for q in (template.questions or []) if (q.get("text") or "").strip()]


def _outermost(clauses: list[str]) -> list[str]:
    """The scope's clauses without those inside another one of it (7 covers 7.5.3)."""
    return [c for c in clauses if not any(o != c and covered(c, [o]) for o in clauses)]


def _generated_lines(round_: Round) -> list[ChecklistLine]:
    templates = [t for t in effective_templates(round_.organisation_id) if t.active]
    by_key = {(t.kind, t.key): t for t in templates}
    rows: list[dict] = []
    for key in round_.areas:
        template = by_key.get((TemplateKind.area, key))
        for q in _questions(template) if template else []:
            rows.append({"area": key, "clause": q.get("clause", ""), "question": q["text"]})
    for key in _outermost(round_.clauses):
        template = by_key.get((TemplateKind.clause, top_clause(key)))
        for q in _questions(template) if template else []:
            clause = q.get("clause") or top_clause(key)
            if key == top_clause(key) or covered(clause, [key]):  # a sub-clause: its questions
                rows.append({"clause": clause, "question": q["text"]})
    procedure_questions = [t for t in templates if t.kind is TemplateKind.procedure]
    for procedure in round_.procedures:
        for template in procedure_questions:
            for q in _questions(template):
                if round_.clauses and not covered(q.get("clause", ""), round_.clauses):
                    continue
                rows.append(
                    {
                        "clause": q.get("clause", ""),
                        "procedure_id": procedure.id,
                        "question": f"{procedure.code}: {q['text']}",
                    }
                )
    return [
        ChecklistLine(organisation_id=round_.organisation_id, round_id=round_.id, position=i, **row)
        for i, row in enumerate(rows, start=1)
    ]


def generate_checklist(round_: Round, actor: User) -> list[ChecklistLine]:
    """(Re)build the checklist from the scope × templates; refused once any line is answered."""
    _check_open(round_)
    require(rules.can_run_round(actor, round_))
    existing = db.session.scalars(
        sa.select(ChecklistLine).where(ChecklistLine.round_id == round_.id)
    ).all()
    if any(line.result is not None for line in existing):
        raise InvalidState(
            _("Some lines already have results; edit the checklist line by line instead.")
        )
    line_ids = [line.id for line in existing]
    if line_ids:
        db.session.execute(sa.delete(EvidenceFile).where(EvidenceFile.line_id.in_(line_ids)))
        db.session.execute(sa.delete(ChecklistLine).where(ChecklistLine.id.in_(line_ids)))
        db.session.expire_all()
    lines = _generated_lines(round_)
    bind_revisions(round_, lines)
    db.session.add_all(lines)
    db.session.flush()
    audit.record(
        "checklist.generate",
        round_,
        actor=actor,
        new={"lines": len(lines)},
        old={"lines": len(line_ids)},
    )
    return lines


def _clean_line(round_: Round, data: dict, current: ChecklistLine | None) -> dict:
    errors, clean = {}, {}
    if "question" in data or current is None:
        clean["question"] = text(data.get("question"))
        if not clean["question"]:
            errors["question"] = _("Write the question to check.")
    if "clause" in data:
        clean["clause"] = text(data["clause"], 20)
        if clean["clause"] and not valid_clause(clean["clause"]):
            errors["clause"] = _("Write an ISO 9001 clause such as 7.5.3 (4 to 10).")
    if "area" in data:
        clean["area"] = text(data["area"], 40)
        if clean["area"] and clean["area"] not in round_.areas:
            errors["area"] = _("Choose one of the round's areas.")
    if data.get("procedure_id") is not None:
        procedure = (
            db.session.get(Procedure, data["procedure_id"])
            if isinstance(data["procedure_id"], int)
            else None
        )
        if procedure is None or procedure.organisation_id != round_.organisation_id:
            errors["procedure_id"] = _("Choose a procedure of your organisation's register.")
        clean["procedure"] = procedure
    elif "procedure_id" in data:
        clean["procedure"] = None
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _set_procedure(
    line: ChecklistLine, round_: Round, actor: User, procedure: Procedure | None
) -> None:
    if procedure is not None:
        add_procedure_to_scope(round_, actor, procedure)
    line.procedure_id = procedure.id if procedure else None
    revision = revision_in_force(procedure, round_.start_date) if procedure else None
    line.revision_id = revision.id if revision else None


def add_checklist_line(round_: Round, actor: User, data: dict) -> ChecklistLine:
    """Add a question by hand; a procedure named on it is bound to its revision in force."""
    _check_open(round_)
    require(rules.can_run_round(actor, round_))
    clean = _clean_line(round_, data, None)
    last = (
        db.session.scalar(
            sa.select(sa.func.max(ChecklistLine.position)).where(
                ChecklistLine.round_id == round_.id
            )
        )
        or 0
    )
    line = ChecklistLine(
        organisation_id=round_.organisation_id,
        round_id=round_.id,
        position=last + 1,
        question=clean["question"],
        clause=clean.get("clause", ""),
        area=clean.get("area", ""),
    )
    _set_procedure(line, round_, actor, clean.get("procedure"))
    db.session.add(line)
    db.session.flush()
    audit.record(
        "checklist_line.add", line, actor=actor, new={"round": round_.id, "question": line.question}
    )
    return line


def update_checklist_line(
    line: ChecklistLine, actor: User, data: dict, lock_version=None
) -> ChecklistLine:
    """Edit a line's question, clause, area or procedure."""
    round_ = line.round
    _check_open(round_)
    require(rules.can_run_round(actor, round_))
    check_version(line, lock_version)
    clean = _clean_line(round_, data, line)
    changed = {k: v for k, v in clean.items() if k != "procedure" and getattr(line, k) != v}
    for key, value in changed.items():
        setattr(line, key, value)
    if (
        "procedure" in clean
        and (clean["procedure"].id if clean["procedure"] else None) != line.procedure_id
    ):
        _set_procedure(line, round_, actor, clean["procedure"])
        changed["procedure"] = clean["procedure"].code if clean["procedure"] else None
    if changed:
        db.session.flush()
        audit.record("checklist_line.update", line, actor=actor, new=changed)
    return line


def record_line_result(
    line: ChecklistLine, actor: User, result, note: str = "", lock_version=None, files=()
) -> ChecklistLine:
    """Answer a line during the round: conform, nonconform, observation or not applicable."""
    round_ = line.round
    if round_.status is not RoundStatus.in_progress:
        raise InvalidState(_("Results are recorded while the round is in progress."))
    require(rules.can_run_round(actor, round_))
    check_version(line, lock_version)
    try:
        result = LineResult(getattr(result, "value", result) or "")
    except ValueError:
        raise ValidationFailed(fields={"result": _("Choose the result of the check.")}) from None
    note = text(note)
    if result.raises_finding and not note:
        raise ValidationFailed(fields={"note": _("Describe what was found.")})
    old = {"result": line.result, "note": line.note}
    line.result, line.note = result, note
    line.checked_by_id, line.checked_at = actor.id, utcnow()
    attach_evidence(round_.organisation_id, actor, files, "evidence", line_id=line.id)
    db.session.flush()
    audit.record(
        "checklist_line.result", line, actor=actor, old=old, new={"result": result, "note": note}
    )
    return line


def add_line_evidence(line: ChecklistLine, actor: User, files) -> list[EvidenceFile]:
    _check_open(line.round)
    require(rules.can_run_round(actor, line.round))
    rows = attach_evidence(line.organisation_id, actor, files, "evidence", line_id=line.id)
    if not rows:
        raise ValidationFailed(fields={"evidence": _("Choose a file to upload.")})
    audit.record(
        "checklist_line.evidence", line, actor=actor, new={"files": [r.attachment_id for r in rows]}
    )
    return rows


def remove_checklist_line(line: ChecklistLine, actor: User) -> None:
    """Remove an unanswered line (answered lines are part of the record)."""
    _check_open(line.round)
    require(rules.can_run_round(actor, line.round))
    if line.result is not None or line.finding is not None:
        raise InvalidState(_("An answered line cannot be removed."))
    audit.record("checklist_line.remove", line, actor=actor, old={"question": line.question})
    db.session.execute(sa.delete(EvidenceFile).where(EvidenceFile.line_id == line.id))
    db.session.delete(line)
    db.session.flush()


# --- templates -----------------------------------------------------------------------------


def adopt_default_templates(organisation_id: int, actor: User) -> list[ChecklistTemplate]:
    """Copy the default areas and questions into the organisation's own, editable templates."""
    require(rules.can_edit_templates(actor))
    if db.session.scalar(
        sa.select(ChecklistTemplate.id)
        .where(ChecklistTemplate.organisation_id == organisation_id)
        .limit(1)
    ):
        raise InvalidState(_("Your organisation already has its own templates."))
    rows = [
        ChecklistTemplate(
            organisation_id=organisation_id,
            kind=s.kind,
            key=s.key,
            title=s.title,
            questions=[dict(q) for q in s.questions],
            active=True,
            position=s.position,
        )
        for s in default_templates()
    ]
    db.session.add_all(rows)
    db.session.flush()
    audit.record(
        "checklist_template.adopt",
        None,
        actor=actor,
        organisation_id=organisation_id,
        new={"templates": len(rows)},
    )
    return rows


def _clean_template(data: dict, current: ChecklistTemplate | None) -> dict:
    errors, clean = {}, {}
    if "title" in data or current is None:
        clean["title"] = text(data.get("title"), 300)
        if not clean["title"]:
            errors["title"] = _("Enter the title.")
    if "questions" in data:
        questions = []
        for row in data["questions"] if isinstance(data["questions"], list) else []:
            row = row if isinstance(row, dict) else {"text": row}
            q_text, clause = text(row.get("text")), text(row.get("clause"), 20)
            if not q_text:
                continue
            if clause and not valid_clause(clause):
                errors["questions"] = _("Write an ISO 9001 clause such as 7.5.3 (4 to 10).")
            questions.append({"clause": clause, "text": q_text})
        clean["questions"] = questions
    if "active" in data:
        clean["active"] = bool(data["active"])
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def create_template(organisation_id: int, actor: User, data: dict) -> ChecklistTemplate:
    """A new inspection area (or clause) with its questions."""
    require(rules.can_edit_templates(actor))
    clean = _clean_template(data, None)
    key = text(data.get("key"), 40).upper()
    try:
        kind = TemplateKind(data.get("kind") or "area")
    except ValueError:
        raise ValidationFailed(fields={"kind": _("Choose the kind of template.")}) from None
    if not key:
        raise ValidationFailed(fields={"key": _("Enter a short code, e.g. CCHC.")})
    if db.session.scalar(
        sa.select(ChecklistTemplate.id).where(
            ChecklistTemplate.organisation_id == organisation_id,
            ChecklistTemplate.kind == kind,
            ChecklistTemplate.key == key,
        )
    ):
        raise ValidationFailed(fields={"key": _("This code is already used.")})
    if not db.session.scalar(
        sa.select(ChecklistTemplate.id)
        .where(ChecklistTemplate.organisation_id == organisation_id)
        .limit(1)
    ):
        adopt_default_templates(organisation_id, actor)
    row = ChecklistTemplate(
        organisation_id=organisation_id,
        kind=kind,
        key=key,
        position=99,
        questions=clean.get("questions", []),
        title=clean["title"],
        active=True,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "checklist_template.create", row, actor=actor, new={"key": key, "title": row.title}
    )
    return row


def update_template(
    template: ChecklistTemplate, actor: User, data: dict, lock_version=None
) -> ChecklistTemplate:
    """Edit a template's title, questions or whether it is offered."""
    require(rules.can_edit_templates(actor))
    check_version(template, lock_version)
    clean = _clean_template(data, template)
    changed = {k: v for k, v in clean.items() if getattr(template, k) != v}
    for key, value in changed.items():
        setattr(template, key, value)
    if changed:
        db.session.flush()
        audit.record("checklist_template.update", template, actor=actor, new=changed)
    return template
