"""A round's status ladder: planned → in progress → reported → accepted (the QMR's e-signature
over the report) → closed."""

import hashlib
import json
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.timeutil import today, utcnow
from ...extensions import db
from ...procedures.operations import _check_signer
from .. import permissions as rules
from ..models import ChecklistLine, Finding, Round, RoundStatus
from ._common import require, text


def _transition(
    round_: Round,
    actor: User,
    expected: RoundStatus,
    new: RoundStatus,
    action: str,
    message: str,
    **stamps,
) -> Round:
    if round_.status is not expected:
        raise InvalidState(message)
    require(rules.can_change_round(actor, round_))
    old = round_.status
    round_.status = new
    for key, value in stamps.items():
        setattr(round_, key, value)
    db.session.flush()
    audit.record(action, round_, actor=actor, old={"status": old}, new={"status": new})
    return round_


def _too_early(day: date) -> str | None:
    """A round's dates are when it happens: nothing is recorded as done before them."""
    return day.strftime("%d/%m/%Y") if today() < day else None


def start_round(round_: Round, actor: User) -> Round:
    """Planned → in progress, on or after the start date."""
    day = _too_early(round_.start_date) if round_.status is RoundStatus.planned else None
    if day:
        raise InvalidState(
            _("This round starts on %(date)s: it cannot be started before then.", date=day)
        )
    return _transition(
        round_,
        actor,
        RoundStatus.planned,
        RoundStatus.in_progress,
        "round.start",
        _("Only a planned round can be started."),
        started_at=utcnow(),
    )


def _report_problems(round_: Round) -> dict:
    errors = {}
    if not round_.summary:
        errors["summary"] = _("Write the summary of the report.")
    unanswered = db.session.scalar(
        sa.select(sa.func.count(ChecklistLine.id)).where(
            ChecklistLine.round_id == round_.id, ChecklistLine.result.is_(None)
        )
    )
    if unanswered:
        errors["checklist"] = _("%(n)d checklist lines have no result yet.", n=unanswered)
    findings = db.session.scalars(
        sa.select(Finding).where(Finding.round_id == round_.id).order_by(Finding.number)
    ).all()
    missing = [f.reference for f in findings if f.lacks_action]
    if missing:
        errors["findings"] = _(
            "Nonconformities %(refs)s need a corrective action request first.",
            refs=", ".join(missing),
        )
    return errors


def report_round(round_: Round, actor: User, summary: str | None = None) -> Round:
    """In progress → reported: every checklist line answered, every nonconformity with its CAR."""
    if round_.status is not RoundStatus.in_progress:
        raise InvalidState(_("Only a round in progress can be reported."))
    require(rules.can_change_round(actor, round_))
    if day := _too_early(round_.end_date):
        raise InvalidState(
            _("This round ends on %(date)s: it cannot be reported before then.", date=day)
        )
    if summary is not None and text(summary):
        round_.summary = text(summary)
    errors = _report_problems(round_)
    if errors:
        raise ValidationFailed(fields=errors)
    return _transition(
        round_,
        actor,
        RoundStatus.in_progress,
        RoundStatus.reported,
        "round.report",
        "",
        reported_at=utcnow(),
        reported_by_id=actor.id,
    )


def _report_rows(round_ids: list[int]) -> tuple[dict, dict]:
    """{round id: lines}, {round id: findings} as the report signs them, in two queries."""
    lines: dict[int, list] = {rid: [] for rid in round_ids}
    findings: dict[int, list] = {rid: [] for rid in round_ids}
    if not round_ids:
        return lines, findings
    line_rows = db.session.execute(
        sa.select(
            ChecklistLine.round_id,
            ChecklistLine.id,
            ChecklistLine.question,
            ChecklistLine.result,
            ChecklistLine.note,
            ChecklistLine.revision_id,
        )
        .where(ChecklistLine.round_id.in_(round_ids))
        .order_by(ChecklistLine.id)
    )
    for round_id, *line in line_rows:
        lines[round_id].append(line)
    # Plain columns: loading Finding entities would join each one's round and procedure again.
    finding_rows = db.session.execute(
        sa.select(
            Finding.round_id,
            Finding.number,
            Finding.type,
            Finding.clause,
            Finding.description,
            Finding.evidence,
            Finding.auditee_unit,
        )
        .where(Finding.round_id.in_(round_ids))
        .order_by(Finding.number)
    )
    for round_id, *finding in finding_rows:
        findings[round_id].append(finding)
    return lines, findings


def _content(round_: Round, lines: list, findings: list) -> dict:
    return {
        "round": round_.id,
        "kind": round_.kind.value,
        "title": round_.title,
        "plan_ref": round_.plan_ref,
        # who inspected, when named (absent from reports signed before the field existed)
        **{k: getattr(round_, k) for k in ("inspecting_body", "leader_name") if getattr(round_, k)},
        "start_date": round_.start_date.isoformat(),
        "end_date": round_.end_date.isoformat(),
        "summary": round_.summary,
        "conclusion": round_.conclusion,
        "team": sorted([m.user_id, m.role.value] for m in round_.members),
        "lines": [[i, q, r.value if r else None, n, rev] for i, q, r, n, rev in lines],
        "findings": [
            [number, kind.value, clause, description, evidence, unit]
            for number, kind, clause, description, evidence, unit in findings
        ],
    }


def report_content(round_: Round) -> dict:
    """What the QMR signs: the report's texts, team, checklist results and findings."""
    lines, findings = _report_rows([round_.id])
    return _content(round_, lines[round_.id], findings[round_.id])


def _digest(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def report_hash(round_: Round) -> str:
    return _digest(report_content(round_))


def report_hashes(rounds: list[Round]) -> dict[int, str]:
    """{round id: report_hash(round)} for many rounds in two queries (lists, not one per row)."""
    lines, findings = _report_rows([r.id for r in rounds])
    return {r.id: _digest(_content(r, lines[r.id], findings[r.id])) for r in rounds}


def accept_report(round_: Round, actor: User, password: str) -> Round:
    """The QMR accepts the report with an e-signature; the findings' texts lock."""
    if round_.status is not RoundStatus.reported or round_.is_accepted:
        raise InvalidState(
            _("Only a reported round whose report is not yet accepted can be accepted.")
        )
    if not rules.can_accept_report(actor, round_):
        raise PermissionDenied(_("Only the quality management representative accepts reports."))
    _check_signer(actor, password)
    now = utcnow()
    round_.report_sha256 = report_hash(round_)
    round_.accepted_at, round_.accepted_by_id = now, actor.id
    round_.accepted_signer_name, round_.accepted_signer_position = actor.full_name, actor.position
    for finding in db.session.scalars(sa.select(Finding).where(Finding.round_id == round_.id)):
        finding.locked_at = now
    db.session.flush()
    audit.record(
        "round.accept",
        round_,
        actor=actor,
        new={"report_sha256": round_.report_sha256, "accepted_at": now},
    )
    return round_


def close_round(round_: Round, actor: User) -> Round:
    """Reported (and accepted) → closed."""
    if round_.status is not RoundStatus.reported:
        raise InvalidState(_("Only a reported round can be closed."))
    if not round_.is_accepted:
        raise InvalidState(_("The QMR must accept the report before the round is closed."))
    if not rules.can_accept_report(actor, round_):
        raise PermissionDenied(_("Only the quality management representative closes rounds."))
    if day := _too_early(round_.end_date):
        raise InvalidState(
            _("This round ends on %(date)s: it cannot be closed before then.", date=day)
        )
    round_.status, round_.closed_at = RoundStatus.closed, utcnow()
    db.session.flush()
    audit.record(
        "round.close",
        round_,
        actor=actor,
        old={"status": RoundStatus.reported},
        new={"status": RoundStatus.closed},
    )
    return round_
