"""Internal-audit checklists citing the register (6.1): a line on clause 6.1 or 6.1.x shows the
risks and opportunities of its procedure, and the team cites the entries it checked."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import lazyload

from ..accounts.models import User
from ..audits import permissions as audit_rules
from ..audits.models import ChecklistLine, RoundStatus
from ..core import audit
from ..core.errors import InvalidState, PermissionDenied, ValidationFailed
from ..core.timeutil import utcnow
from ..extensions import db
from .risk_models import Risk, RiskCitation

#: A checklist can still change in these states (as in audits.operations.checklists).
EDITABLE = (RoundStatus.planned, RoundStatus.in_progress)


def is_risk_clause(clause: str | None) -> bool:
    """Clause 6.1 (actions to address risks and opportunities) or one of its sub-clauses."""
    clause = (clause or "").strip()
    return clause == "6.1" or clause.startswith("6.1.")


def _check(line: ChecklistLine, actor: User) -> None:
    if line.round.status not in EDITABLE:
        raise InvalidState(_("The checklist of a reported or closed round can no longer change."))
    if not audit_rules.can_run_round(actor, line.round):
        raise PermissionDenied()
    if not is_risk_clause(line.clause):
        message = _("Only a line on clause 6.1 cites risks and opportunities.")
        raise ValidationFailed(message, fields={"risk_id": message})


def cite_risk(line: ChecklistLine, actor: User, risk_id) -> RiskCitation:
    """The line cites an entry of its organisation's register (citing it again changes nothing)."""
    _check(line, actor)
    risk = db.session.get(Risk, risk_id) if isinstance(risk_id, int) else None
    if risk is None or risk.organisation_id != line.organisation_id:
        message = _("Choose a risk or opportunity of your organisation's register.")
        raise ValidationFailed(message, fields={"risk_id": message})
    existing = db.session.scalar(
        sa.select(RiskCitation).where(
            RiskCitation.line_id == line.id, RiskCitation.risk_id == risk.id
        )
    )
    if existing is not None:
        return existing
    citation = RiskCitation(
        organisation_id=line.organisation_id,
        line_id=line.id,
        risk_id=risk.id,
        cited_by_id=actor.id,
        cited_at=utcnow(),
    )
    db.session.add(citation)
    db.session.flush()
    audit.record("checklist_line.cite_risk", line, actor=actor, new={"risk": risk.id})
    return citation


def uncite_risk(line: ChecklistLine, actor: User, risk: Risk) -> None:
    """The line no longer cites the entry."""
    _check(line, actor)
    citation = db.session.scalar(
        sa.select(RiskCitation).where(
            RiskCitation.line_id == line.id, RiskCitation.risk_id == risk.id
        )
    )
    if citation is None:
        raise InvalidState(_("This line does not cite that entry."))
    db.session.delete(citation)
    db.session.flush()
    audit.record("checklist_line.uncite_risk", line, actor=actor, old={"risk": risk.id})


def checklist_risks(round_, lines) -> dict:
    """For the checklist page: per line on clause 6.1, the entries of its procedure and those it
    cites, and the register's entries to cite from; three queries for the whole checklist."""
    wanted = [line for line in lines if is_risk_clause(line.clause)]
    if not wanted:
        return {}
    cited: dict[int, list[Risk]] = {line.id: [] for line in wanted}
    for line_id, risk in db.session.execute(
        sa.select(RiskCitation.line_id, Risk)
        .join(Risk, Risk.id == RiskCitation.risk_id)
        .where(RiskCitation.line_id.in_(list(cited)))
        .options(lazyload(Risk.procedure))
        .order_by(Risk.kind, Risk.number)
    ):
        cited[line_id].append(risk)
    register = list(
        db.session.scalars(
            sa.select(Risk)
            .where(Risk.organisation_id == round_.organisation_id)
            .options(lazyload(Risk.procedure))
            .order_by(Risk.kind, Risk.number)
        )
    )
    by_procedure: dict[int, list[Risk]] = {}
    for risk in register:
        if risk.procedure_id is not None:
            by_procedure.setdefault(risk.procedure_id, []).append(risk)
    return {
        "register": register,
        "lines": {
            line.id: {
                "procedure_risks": by_procedure.get(line.procedure_id, [])
                if line.procedure_id
                else [],
                "cited": cited[line.id],
            }
            for line in wanted
        },
    }
