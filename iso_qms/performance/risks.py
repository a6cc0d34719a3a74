"""Risks and opportunities (6.1): recording and editing register entries, the organisation's level
thresholds, the actions that treat an entry (corrective actions of the audits feature, source
"risk"), and how effective those actions were over a period (for the management review, 9.3.2 e)."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import User
from ..audits.models import ActionStatus, CorrectiveAction
from ..audits.operations.actions import clean_action, new_action
from ..core import audit
from ..core.errors import EditConflict, InvalidState, PermissionDenied, ValidationFailed
from ..core.text import nfc
from ..core.timeutil import LOCAL_TZ, end_of, today
from ..extensions import db
from ..procedures.models import Procedure
from . import permissions_risks as rules
from .risk_models import (
    DEFAULT_LOW_MAX,
    DEFAULT_MEDIUM_MAX,
    SCALE,
    TREATMENTS,
    Risk,
    RiskKind,
    RiskLevel,
    RiskSettings,
    RiskStatus,
    Treatment,
)

#: The longest description, cause or consequence; the longest process name.
MAX_TEXT, MAX_PROCESS = 2000, 200
TEXTS = ("description", "cause", "consequence")


# --- levels ----------------------------------------------------------------------------------


def thresholds(organisation_id: int) -> tuple[int, int]:
    """(highest low score, highest medium score) of the organisation (defaults 4 and 12)."""
    row = db.session.execute(
        sa.select(RiskSettings.low_max, RiskSettings.medium_max).where(
            RiskSettings.organisation_id == organisation_id
        )
    ).first()
    return (row.low_max, row.medium_max) if row else (DEFAULT_LOW_MAX, DEFAULT_MEDIUM_MAX)


def level_of(score: int, limits: tuple[int, int]) -> RiskLevel:
    low_max, medium_max = limits
    if score <= low_max:
        return RiskLevel.low
    return RiskLevel.medium if score <= medium_max else RiskLevel.high


def level_clause(level: RiskLevel, limits: tuple[int, int]):
    """The SQL condition of one level, for the register's filter."""
    score, (low_max, medium_max) = Risk.likelihood * Risk.impact, limits
    if level is RiskLevel.low:
        return score <= low_max
    if level is RiskLevel.medium:
        return sa.and_(score > low_max, score <= medium_max)
    return score > medium_max


# --- checking the fields ---------------------------------------------------------------------


def _text(value, field: str, limit: int, errors: dict) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[field] = _("Write this as text.")
        return ""
    cleaned = nfc(value)
    if len(cleaned) > limit:
        errors[field] = _("Keep it to at most %(n)d characters.", n=limit)
    return cleaned


def _scale(value, field: str, errors: dict) -> int | None:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number not in SCALE:
        errors[field] = _("Choose a value from 1 to 5.")
        return None
    return number


def _enum(enum_cls, value, field: str, message: str, errors: dict):
    try:
        return enum_cls(value.value if isinstance(value, enum_cls) else value)
    except ValueError:
        errors[field] = message
        return None


def _procedure(organisation_id: int, value, errors: dict) -> Procedure | None:
    if value in (None, ""):
        return None
    procedure = db.session.get(Procedure, value) if isinstance(value, int) else None
    if procedure is None or procedure.organisation_id != organisation_id:
        errors["procedure_id"] = _("Choose a procedure of your organisation.")
        return None
    return procedure


def _treatment(kind: RiskKind, value, errors: dict) -> Treatment | None:
    allowed = TREATMENTS[kind]
    try:
        choice = Treatment(value.value if isinstance(value, Treatment) else value)
    except ValueError:
        choice = None
    if choice in allowed:
        return choice
    names = ", ".join(t.label for t in allowed)
    if kind is RiskKind.opportunity:
        errors["treatment"] = _("Choose how the opportunity is taken up: %(names)s.", names=names)
    else:
        errors["treatment"] = _("Choose how the risk is treated: %(names)s.", names=names)
    return None


def clean_risk(organisation_id: int, data: dict, current: Risk | None) -> dict:
    """Check a register entry's fields (all of them for a new one, those given for an edit)."""
    errors, clean = {}, {}
    new = current is None
    if new or "kind" in data:
        clean["kind"] = _enum(
            RiskKind,
            data.get("kind") or RiskKind.risk.value,
            "kind",
            _("Choose risk or opportunity."),
            errors,
        )
    kind = clean.get("kind", current.kind if current else None)
    if new or "process" in data:
        clean["process"] = _text(data.get("process"), "process", MAX_PROCESS, errors)
    if new or "procedure_id" in data:
        clean["procedure"] = _procedure(organisation_id, data.get("procedure_id"), errors)
    for key in TEXTS:
        if new or key in data:
            clean[key] = _text(data.get(key), key, MAX_TEXT, errors)
    if "description" in clean and not clean["description"] and "description" not in errors:
        errors["description"] = _("Describe the risk or opportunity.")
    for key in ("likelihood", "impact"):
        if new or key in data:
            clean[key] = _scale(data.get(key), key, errors)
    if new or "treatment" in data or "kind" in data:
        value = data.get("treatment", current.treatment if current else None)
        clean["treatment"] = _treatment(kind, value, errors) if kind else None
    if new or "review_date" in data:
        review = data.get("review_date")
        if review is not None and not isinstance(review, date):
            errors["review_date"] = _("Write the date as dd/mm/yyyy.")
        clean["review_date"] = review if isinstance(review, date) else None
    if not new and "status" in data:
        clean["status"] = _enum(
            RiskStatus, data["status"], "status", _("Choose open, treated or closed."), errors
        )
    process = clean.get("process", current.process if current else "")
    procedure = clean["procedure"] if "procedure" in clean else (current and current.procedure)
    if not process and procedure is None and not {"process", "procedure_id"} & set(errors):
        errors["process"] = _("Name the process or choose a procedure.")
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


# --- the register ----------------------------------------------------------------------------


def _next_number(organisation_id: int, kind: RiskKind) -> int:
    last = db.session.scalar(
        sa.select(sa.func.max(Risk.number)).where(
            Risk.organisation_id == organisation_id, Risk.kind == kind
        )
    )
    return (last or 0) + 1


def _shown(risk: Risk, keys) -> dict:
    values = {}
    for key in keys:
        value = getattr(risk, "procedure_id" if key == "procedure" else key)
        values["procedure_id" if key == "procedure" else key] = value
    return values


def create_risk(organisation_id: int, actor: User, data: dict) -> Risk:
    """Record a risk or opportunity in the register (RR-03, CH-01)."""
    if not rules.can_keep_risks(actor) or actor.organisation_id != organisation_id:
        raise PermissionDenied()
    clean = clean_risk(organisation_id, data, None)
    risk = Risk(
        organisation_id=organisation_id,
        number=_next_number(organisation_id, clean["kind"]),
        status=RiskStatus.open,
        created_by_id=actor.id,
        procedure_id=clean["procedure"].id if clean["procedure"] else None,
        **{k: v for k, v in clean.items() if k != "procedure"},
    )
    risk.procedure = clean["procedure"]
    db.session.add(risk)
    db.session.flush()
    audit.record(
        "risk.create",
        risk,
        actor=actor,
        new={"reference": risk.reference, **_shown(risk, [k for k in clean if k != "kind"])},
    )
    return risk


def update_risk(risk: Risk, actor: User, data: dict, lock_version=None) -> Risk:
    """Change an entry: its texts, scores, treatment, review date or status."""
    if not rules.can_keep_risks(actor, risk):
        raise PermissionDenied()
    if lock_version is not None and int(lock_version) != risk.lock_version:
        raise EditConflict()
    if "kind" in data and data["kind"] not in (risk.kind, risk.kind.value):
        raise InvalidState(_("A risk cannot become an opportunity: record a new entry."))
    clean = clean_risk(risk.organisation_id, {k: v for k, v in data.items() if k != "kind"}, risk)
    old, new = {}, {}
    for key, value in clean.items():
        attr = "procedure_id" if key == "procedure" else key
        value = (value.id if value else None) if key == "procedure" else value
        if getattr(risk, attr) != value:
            old[attr], new[attr] = getattr(risk, attr), value
            setattr(risk, attr, value)
            if key == "procedure":
                risk.procedure = clean["procedure"]
    if new:
        db.session.flush()
        audit.record("risk.update", risk, actor=actor, old=old, new=new)
    return risk


def set_thresholds(organisation_id: int, actor: User, data: dict, lock_version=None):
    """Change the organisation's level thresholds (the highest low and medium scores)."""
    if not rules.can_set_thresholds(actor) or actor.organisation_id != organisation_id:
        raise PermissionDenied()
    errors = {}
    values = {}
    for key in ("low_max", "medium_max"):
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 24:
            errors[key] = _("Enter a score from 1 to 24.")
        values[key] = value
    if not errors and values["medium_max"] <= values["low_max"]:
        errors["medium_max"] = _("The highest medium score must be above the highest low score.")
    if errors:
        raise ValidationFailed(fields=errors)
    row = db.session.scalar(
        sa.select(RiskSettings).where(RiskSettings.organisation_id == organisation_id)
    )
    if row is None:
        row = RiskSettings(
            organisation_id=organisation_id,
            low_max=DEFAULT_LOW_MAX,
            medium_max=DEFAULT_MEDIUM_MAX,
        )
        db.session.add(row)
    elif lock_version is not None and int(lock_version) != row.lock_version:
        raise EditConflict()
    old = {"low_max": row.low_max, "medium_max": row.medium_max}
    row.low_max, row.medium_max, row.updated_by_id = (
        values["low_max"],
        values["medium_max"],
        actor.id,
    )
    db.session.flush()
    audit.record("risk_settings.update", row, actor=actor, old=old, new=values)
    return row


def add_risk_action(risk: Risk, actor: User, data: dict) -> CorrectiveAction:
    """An action treating a risk or taking up an opportunity, with its owner and due date; it
    then runs as any corrective action (start, done, verified by an inspector or the QMR)."""
    if risk.status is RiskStatus.closed:
        raise InvalidState(_("This entry is closed; it takes no new actions."))
    if not rules.can_keep_risks(actor, risk):
        raise PermissionDenied()
    clean = clean_action(risk.organisation_id, data, None)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(CorrectiveAction.number)).where(
                CorrectiveAction.risk_id == risk.id
            )
        )
        or 0
    ) + 1
    return new_action(risk.organisation_id, actor, clean, risk=risk, number=number)


# --- effectiveness of the actions (management review, 9.3.2 e) -------------------------------


def _bounds(period) -> tuple[date, date, date]:
    """(first day, last day, as of) of a period given as a reports Period (start, end, as_of),
    a (start, end) pair or a year."""
    if isinstance(period, int):
        start, end = date(period, 1, 1), date(period, 12, 31)
        return start, end, min(end, today())
    if isinstance(period, tuple | list):
        start, end = period
        return start, end, min(end, today())
    end = period.end
    return period.start, end, getattr(period, "as_of", None) or min(end, today())


def _local_day(moment: datetime | None) -> date | None:
    return moment.astimezone(LOCAL_TZ).date() if moment is not None else None


def risk_action_effectiveness(organisation_id: int, period) -> dict:
    """The actions on risks and opportunities due in the period, as the records stood at its
    as-of date: done on time, done late, still open (of them overdue), verified effective.

    With no such action every figure that is a share is None and `summary` says "chưa có dữ
    liệu" (never 0%)."""
    start, end, as_of = _bounds(period)
    known = end_of(as_of)
    a = CorrectiveAction
    rows = db.session.execute(
        sa.select(a.due_date, a.completed_at, a.status, a.verified_at, a.risk_id).where(
            a.organisation_id == organisation_id,
            a.risk_id.is_not(None),
            a.due_date.between(start, end),
            a.created_at < known,
            sa.or_(a.cancelled_at.is_(None), a.cancelled_at >= known),
        )
    ).all()
    figures = {"actions": len(rows), "risks": len({r.risk_id for r in rows})}
    counts = dict.fromkeys(("done_on_time", "done_late", "open", "overdue", "verified"), 0)
    for row in rows:
        done = (
            _local_day(row.completed_at) if row.completed_at and row.completed_at < known else None
        )
        if done is None:
            counts["open"] += 1
            counts["overdue"] += row.due_date < as_of
        else:
            counts["done_on_time" if done <= row.due_date else "done_late"] += 1
        if row.status is ActionStatus.closed and row.verified_at and row.verified_at < known:
            counts["verified"] += 1
    figures.update(counts)
    figures["verified_effective"] = figures.pop("verified")
    done = figures["done_on_time"] + figures["done_late"]
    total = figures["actions"]
    figures["on_time_percent"] = round(100 * figures["done_on_time"] / total) if total else None
    figures["effective_percent"] = (
        round(100 * figures["verified_effective"] / done) if done else None
    )
    figures["period"] = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "as_of": as_of.isoformat(),
    }
    figures["summary"] = _effectiveness_sentence(figures)
    return figures


def _effectiveness_sentence(f: dict) -> str:
    if not f["actions"]:
        return _("no data yet on actions on risks and opportunities")
    return _(
        "%(n)d actions on risks and opportunities were due: %(on_time)d done on time,"
        " %(late)d done late, %(open)d still open; %(effective)d verified effective.",
        n=f["actions"],
        on_time=f["done_on_time"],
        late=f["done_late"],
        open=f["open"],
        effective=f["verified_effective"],
    )
