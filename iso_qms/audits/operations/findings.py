"""Findings: numbered per round, rules by type, closure gate, and "open a revision" of a procedure."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.timeutil import utcnow
from ...extensions import db
from ...procedures import operations as procedure_ops
from ...procedures.models import Procedure
from ...procedures.queries import revision_in_force
from .. import permissions as rules
from ..catalogue import valid_clause
from ..models import (
    ActionStatus,
    ChecklistLine,
    EvidenceFile,
    Finding,
    FindingStatus,
    FindingType,
    LineResult,
    Round,
    RoundStatus,
)
from ._common import attach_evidence, check_version, require, text
from .rounds import add_procedure_to_scope

TEXT_FIELDS = (
    ("description", None),
    ("evidence", None),
    ("auditee_unit", 200),
    ("clause", 20),
    ("area", 40),
)


def _check_recordable(round_: Round) -> None:
    if round_.status is RoundStatus.reported and not round_.is_accepted:
        return
    if round_.status is not RoundStatus.in_progress:
        raise InvalidState(_("Findings are recorded while the round is in progress."))


def _clean(round_: Round, data: dict, current: Finding | None) -> dict:
    errors, clean = {}, {}
    if "type" in data or current is None:
        try:
            clean["type"] = FindingType(getattr(data.get("type"), "value", data.get("type")) or "")
        except ValueError:
            errors["type"] = _("Choose the type of finding.")
    for key, limit in TEXT_FIELDS:
        if key in data:
            clean[key] = text(data[key], limit)
    if (current is None or "description" in data) and not clean.get("description"):
        errors["description"] = _("Describe the finding.")
    if clean.get("clause") and not valid_clause(clean["clause"]):
        errors["clause"] = _("Write an ISO 9001 clause such as 7.5.3 (4 to 10).")
    if clean.get("area") and clean["area"] not in round_.areas:
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
    finding: Finding, round_: Round, actor: User, procedure: Procedure | None
) -> None:
    if procedure is not None:
        add_procedure_to_scope(round_, actor, procedure)
    finding.procedure = procedure
    revision = revision_in_force(procedure, round_.start_date) if procedure else None
    finding.audited_revision_id = revision.id if revision else None
    if procedure is not None and not finding.auditee_unit:
        finding.auditee_unit = procedure.owner_unit


def _next_number(round_: Round) -> int:
    """max + 1 under a lock on the round row, so two findings recorded at once do not take the
    same number (on SQLite the write transaction already serialises them)."""
    db.session.execute(sa.select(Round.id).where(Round.id == round_.id).with_for_update())
    return (
        db.session.scalar(
            sa.select(sa.func.max(Finding.number)).where(Finding.round_id == round_.id)
        )
        or 0
    ) + 1


def record_finding(
    round_: Round, actor: User, data: dict, line: ChecklistLine | None = None, files=()
) -> Finding:
    """Record a finding of the round; it takes the next number of the round."""
    _check_recordable(round_)
    require(rules.can_run_round(actor, round_))
    clean = _clean(round_, data, None)
    finding = Finding(
        organisation_id=round_.organisation_id,
        round=round_,
        number=_next_number(round_),
        type=clean["type"],
        description=clean["description"],
        created_by_id=actor.id,
        status=FindingStatus.open,
        line_id=line.id if line else None,
        **{k: clean.get(k, "") for k in ("evidence", "auditee_unit", "clause", "area")},
    )
    db.session.add(finding)
    _set_procedure(finding, round_, actor, clean.get("procedure"))
    db.session.flush()
    attach_evidence(round_.organisation_id, actor, files, "evidence", finding_id=finding.id)
    audit.record(
        "finding.create",
        finding,
        actor=actor,
        new={
            "round": round_.id,
            "number": finding.number,
            "reference": finding.reference,
            "type": finding.type,
            "description": finding.description,
            "procedure": finding.procedure.code if finding.procedure else None,
        },
    )
    return finding


def raise_finding_from_line(line: ChecklistLine, actor: User, data: dict | None = None) -> Finding:
    """One step from a nonconform or observation line to a finding carrying its clause and note."""
    if line.result is None or not line.result.raises_finding:
        raise InvalidState(_("Only a nonconform or observation line raises a finding."))
    existing = db.session.scalar(sa.select(Finding).where(Finding.line_id == line.id))
    if existing is not None:
        raise InvalidState(_("This line already raised finding %(n)s.", n=existing.reference))
    data = dict(data or {})
    default = (
        FindingType.nc_minor if line.result is LineResult.nonconform else FindingType.observation
    )
    payload = {
        "type": data.get("type") or default,
        "description": data.get("description") or line.note,
        "evidence": data.get("evidence", line.question),
        "clause": line.clause,
        "area": line.area,
        "procedure_id": line.procedure_id,
        "auditee_unit": data.get("auditee_unit", ""),
    }
    return record_finding(line.round, actor, payload, line=line)


def update_finding(finding: Finding, actor: User, data: dict, lock_version=None) -> Finding:
    """Edit a finding's texts; refused once the QMR has accepted the round's report."""
    if finding.is_locked:
        raise InvalidState(_("The report was accepted: this finding's text is locked."))
    round_ = finding.round
    require(rules.can_run_round(actor, round_))
    check_version(finding, lock_version)
    clean = _clean(round_, data, finding)
    changed = {k: v for k, v in clean.items() if k != "procedure" and getattr(finding, k) != v}
    old = {k: getattr(finding, k) for k in changed}
    for key, value in changed.items():
        setattr(finding, key, value)
    if "procedure" in clean and clean["procedure"] is not finding.procedure:
        _set_procedure(finding, round_, actor, clean["procedure"])
        changed["procedure"] = clean["procedure"].code if clean["procedure"] else None
    if changed:
        db.session.flush()
        audit.record("finding.update", finding, actor=actor, old=old, new=changed)
    return finding


def add_finding_evidence(finding: Finding, actor: User, files) -> list[EvidenceFile]:
    if finding.is_locked:
        raise InvalidState(_("The report was accepted: this finding's text is locked."))
    require(rules.can_run_round(actor, finding.round))
    rows = attach_evidence(finding.organisation_id, actor, files, "evidence", finding_id=finding.id)
    if not rows:
        raise ValidationFailed(fields={"evidence": _("Choose a file to upload.")})
    audit.record(
        "finding.evidence", finding, actor=actor, new={"files": [r.attachment_id for r in rows]}
    )
    return rows


def closure_problem(finding: Finding) -> str | None:
    """Why the finding cannot close yet, or None: every action verified effective (cancelled ones
    never count), and a nonconformity needs at least one."""
    active = finding.active_actions()
    if any(a.status is not ActionStatus.closed for a in active):
        return _("Every corrective action must be verified effective before the finding closes.")
    if finding.type.requires_action and not active:
        return _("A nonconformity closes only with a corrective action verified effective.")
    return None


def close_finding(finding: Finding, actor: User) -> Finding:
    """Open → closed, by the QMR, once its actions are verified effective."""
    if finding.status is not FindingStatus.open:
        raise InvalidState(_("This finding is already closed."))
    if not rules.can_close_finding(actor):
        raise PermissionDenied(_("Only the quality management representative closes findings."))
    problem = closure_problem(finding)
    if problem:
        raise InvalidState(problem)
    finding.status, finding.closed_at, finding.closed_by_id = (
        FindingStatus.closed,
        utcnow(),
        actor.id,
    )
    db.session.flush()
    audit.record(
        "finding.close",
        finding,
        actor=actor,
        old={"status": FindingStatus.open},
        new={"status": FindingStatus.closed},
    )
    return finding


def open_revision_from_finding(finding: Finding, actor: User):
    """Start a draft revision of the finding's procedure, citing the finding."""
    if finding.procedure is None:
        raise InvalidState(_("This finding is not about a procedure."))
    if finding.revision_id is not None:
        raise InvalidState(_("A revision was already opened from this finding."))
    if finding.status is not FindingStatus.open:
        raise InvalidState(_("This finding is already closed."))
    round_ = finding.round
    summary = _(
        'Change following finding %(ref)s of "%(round)s" (%(date)s): %(text)s',
        ref=finding.reference,
        round=round_.title if round_ else finding.source.label,
        date=(round_.start_date if round_ else finding.created_at).strftime("%d/%m/%Y"),
        text=finding.description,
    )
    revision = procedure_ops.create_revision(finding.procedure, actor, {"change_summary": summary})
    finding.revision_id = revision.id
    db.session.flush()
    audit.record(
        "finding.open_revision",
        finding,
        actor=actor,
        new={"revision": revision.id, "procedure": finding.procedure.code},
    )
    return revision
