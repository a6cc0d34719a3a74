"""Monitoring and measurement (9.1) against the objectives: the procedures whose on-time rate falls
below the objective measured by it, the QMR's one-step finding (with its corrective action) from
such a procedure, and the management review's inputs (9.3.2 c) from these records.

The per-procedure on-time rate comes from the process-performance figures (figures.performance
grouped by procedure); the registry's `on_time_rate` is the organisation's overall rate, and the
objectives measured by it set the bar each procedure is held to.
"""

import json
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import User
from ..audits.models import (
    CorrectiveAction,
    Finding,
    FindingSource,
    FindingStatus,
    FindingType,
)
from ..core import audit
from ..core.errors import InvalidState, PermissionDenied
from ..core.i18n import format_date
from ..core.timeutil import today
from ..extensions import db
from ..procedures.models import Procedure
from ..reports.compliance import Period
from . import figures
from . import permissions_objectives as rules
from .objective_status import objectives_of_year, standings, year_period

#: The metric whose objective flags procedures below it.
ON_TIME = "on_time_rate"
#: What the finding from a flagged procedure cites: ISO 9001:2015 9.1.3 (analysis and evaluation).
CLAUSE = "9.1.3"
#: The corrective action's default due date, days after the finding is opened.
ACTION_DAYS = 30


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",") + "%"


def on_time_objectives(organisation_id: int, year: int, as_of: date) -> list:
    """The year's objectives measured by the on-time rate, with the version in force."""
    return [
        s
        for s in standings(objectives_of_year(organisation_id, year), as_of)
        if s.version is not None and s.version.metric == ON_TIME
    ]


def open_monitoring_findings(organisation_id: int, year: int) -> dict[int, Finding]:
    """{procedure id: its open finding from monitoring of the year} (one query)."""
    rows = db.session.scalars(
        sa.select(Finding).where(
            Finding.organisation_id == organisation_id,
            Finding.source == FindingSource.monitoring,
            Finding.ref_year == year,
            Finding.status == FindingStatus.open,
        )
    )
    return {f.procedure_id: f for f in rows if f.procedure_id}


def flagged_procedures(organisation_id: int, year: int, as_of: date) -> list[dict]:
    """Each procedure of the register whose on-time rate over the year so far does not meet the
    target of an on-time objective in force: code, title, rate, late, objective, its finding."""
    period = year_period(year, as_of)
    objectives = [s for s in on_time_objectives(organisation_id, year, as_of)]
    if period is None or not objectives:
        return []
    rows = figures.performance(organisation_id, period, "procedure")["rows"]
    findings = open_monitoring_findings(organisation_id, year)
    flags = []
    for row in rows:
        rate = row.get("on_time_percent")
        if row.get("procedure_id") is None or rate is None:
            continue
        missed = [
            s for s in objectives if not s.version.target_op.met(rate, s.version.target_value)
        ]
        if not missed:
            continue
        flags.append(
            {
                "procedure_id": row["procedure_id"],
                "code": row["code"],
                "label": row["label"],
                "on_time_percent": rate,
                "late": row.get("late", 0),
                "resolved": row.get("resolved", 0),
                "objective": missed[0].objective,
                "target": missed[0].version.target_label,
                "finding": findings.get(row["procedure_id"]),
            }
        )
    return flags


def _next_number(organisation_id: int, year: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.max(Finding.number)).where(
                Finding.organisation_id == organisation_id,
                Finding.round_id.is_(None),
                Finding.ref_year == year,
            )
        )
        or 0
    ) + 1


def open_monitoring_finding(
    procedure: Procedure, actor: User, year: int, data: dict | None = None
) -> Finding:
    """The QMR's one step from a flagged procedure: a finding (source "theo dõi, đo lường",
    a minor nonconformity against 9.1.3) with its corrective action (owner: the objective's owner
    unless given, due in 30 days unless given)."""
    from ..audits.operations.actions import clean_action, new_action

    if not rules.can_open_monitoring_finding(actor):
        raise PermissionDenied(_("Only the quality management representative opens this finding."))
    org_id = procedure.organisation_id
    existing = open_monitoring_findings(org_id, year).get(procedure.id)
    if existing is not None:
        raise InvalidState(_("Finding %(ref)s is already open for it.", ref=existing.reference))
    flag = next(
        (f for f in flagged_procedures(org_id, year, today()) if f["procedure_id"] == procedure.id),
        None,
    )
    if flag is None:
        raise InvalidState(_("This procedure meets its on-time objective: nothing to open."))
    description = _(
        "%(code)s: %(rate)s of its dossiers resolved on time in %(year)d (as of %(day)s), below "
        "objective %(ref)s (%(target)s); %(late)d late.",
        code=procedure.code,
        rate=_fmt(flag["on_time_percent"]),
        year=year,
        day=format_date(today()),
        ref=flag["objective"].reference,
        target=flag["target"],
        late=flag["late"],
    )
    finding = Finding(
        organisation_id=org_id,
        round_id=None,
        source=FindingSource.monitoring,
        ref_year=year,
        number=_next_number(org_id, year),
        type=FindingType.nc_minor,
        clause=CLAUSE,
        procedure_id=procedure.id,
        description=description,
        evidence=_("Process performance figures of the one-stop-shop dossiers."),
        status=FindingStatus.open,
        created_by_id=actor.id,
    )
    db.session.add(finding)
    db.session.flush()
    audit.record(
        "finding.create",
        finding,
        actor=actor,
        new={"reference": finding.reference, "source": finding.source, "procedure": procedure.code},
    )
    data = data or {}
    owner = (flag["objective"].in_force() or flag["objective"].latest).owner_id
    clean = clean_action(
        org_id,
        {
            "action": data.get("action")
            or _(
                "Analyse the causes of the late dossiers of %(code)s and remove them.",
                code=procedure.code,
            ),
            "owner_id": data.get("owner_id") or owner,
            "due_date": data.get("due_date") or today() + timedelta(days=ACTION_DAYS),
        },
        None,
    )
    new_action(org_id, actor, clean, finding=finding, number=1)
    return finding


def plan_actions(objective_ids: list[int]) -> dict[int, list[CorrectiveAction]]:
    """{objective id: its plan's actions} in one query."""
    if not objective_ids:
        return {}
    out: dict[int, list] = {i: [] for i in objective_ids}
    for action in db.session.scalars(
        sa.select(CorrectiveAction)
        .where(CorrectiveAction.objective_id.in_(objective_ids))
        .order_by(CorrectiveAction.objective_id, CorrectiveAction.number)
    ).unique():
        out[action.objective_id].append(action)
    return out


# --- the management review's inputs (9.3.2) ----------------------------------------------


def _objectives_input(organisation_id: int, start: date, end: date) -> list[dict]:
    items = []
    for year in range(start.year, end.year + 1):
        for s in standings(objectives_of_year(organisation_id, year), end):
            if s.version is None:
                continue
            items.append(
                {
                    "reference": s.objective.reference,
                    "text": s.version.text,
                    "approved": s.version.approved_at is not None,
                    "target": s.version.target_label,
                    "metric": s.version.metric,
                    "value": s.value,
                    "achieved": s.achieved,
                    "state": s.state,
                }
            )
    return items


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _performance_input(organisation_id: int, period: Period) -> dict:
    result = figures.performance(organisation_id, period, "procedure")
    keys = ("received", "resolved", "early", "on_time", "late", "pending_overdue")
    keys += ("on_time_percent", "late_with_apology", "overdue", "digitised_percent")
    return {
        "has_data": result["has_data"],
        **{k: result.get(k) for k in keys},
        "below_target": [],
    }


def _nonconforming_input(organisation_id: int, period: Period) -> list[dict]:
    return [
        {
            "code": r["code"],
            "procedure_code": r["procedure_code"],
            "tthc_name": r["tthc_name"],
            "received_at": _iso(r["received_at"]),
            "due_at": _iso(r["due_at"]),
            "returned_at": _iso(r["returned_at"]),
            "state": r["state"],
            "apology": (
                {"ref": r["apology"]["ref"], "date": _iso(r["apology"]["date"])}
                if r["apology"]
                else None
            ),
        }
        for r in figures.nonconforming_outputs(organisation_id, period)
    ]


def _risk_input(organisation_id: int, period: Period) -> dict | None:
    try:
        from .risks import risk_action_effectiveness
    except ImportError:  # pragma: no cover - risks not installed
        return None
    # JSON as it will be frozen: dates as text, lazy translations as the text of now
    return json.loads(json.dumps(risk_action_effectiveness(organisation_id, period), default=str))


def review_inputs(organisation_id: int, start: date, end: date) -> dict:
    """What 9.3.2 c) and e) ask from measurement, for the review period (JSON, frozen when the
    review is held): objectives, process performance and conformity of outputs, nonconforming
    outputs, effectiveness of the actions on risks and opportunities."""
    as_of = min(end, today())
    period = Period(start, end, max(as_of, start))
    performance = _performance_input(organisation_id, period)
    performance["below_target"] = [
        {"code": f["code"], "on_time_percent": f["on_time_percent"], "target": f["target"]}
        for year in range(start.year, end.year + 1)
        for f in flagged_procedures(organisation_id, year, as_of)
    ]
    return {
        "objectives": _objectives_input(organisation_id, start, end),
        "process_performance": performance,
        "nonconforming_outputs": _nonconforming_input(organisation_id, period),
        "risk_actions": _risk_input(organisation_id, period),
    }
