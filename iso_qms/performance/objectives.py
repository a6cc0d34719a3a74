"""Quality objectives (6.2): draft, approve with the e-signature, revise (a new version), type the
values of a manual one per period, plan the actions that reach it.

Operations flush, never commit; each writes its audit entry. A refused change raises a domain
error with a translated message and changes nothing.
"""

import hashlib
import json
import math
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import User
from ..accounts.operations import AccountLocked, check_password_counted
from ..core import audit
from ..core.errors import InvalidState, PermissionDenied, ValidationFailed
from ..core.files import store_upload
from ..core.text import nfc
from ..core.timeutil import MAX_YEAR, MIN_YEAR, today, utcnow
from ..extensions import db
from ..procedures.operations import WrongPassword  # counted, not rolled back
from . import metrics
from . import permissions_objectives as rules
from .objective_models import (
    MANUAL,
    Frequency,
    ObjectiveStatus,
    ObjectiveValue,
    ObjectiveVersion,
    QualityObjective,
    TargetOp,
)

#: What a target's operator may be written as (the API's ≥ ≤ = and the stored names).
OPS = {"ge": TargetOp.ge, "≥": TargetOp.ge, ">=": TargetOp.ge, "le": TargetOp.le}
OPS |= {"≤": TargetOp.le, "<=": TargetOp.le, "eq": TargetOp.eq, "=": TargetOp.eq}
MAX_VALUE = 1e9
CONTENT_FIELDS = ("text", "indicator", "target_op", "target_value", "target_unit", "metric")
CONTENT_FIELDS += ("frequency", "owner_id")


def _text(value, limit: int | None = None) -> str:
    cleaned = nfc(value).strip() if isinstance(value, str) else ""
    return cleaned[:limit] if limit else cleaned


def _number(value, field: str, errors: dict) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors[field] = _("Enter a number.")
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else value
    except ValueError:
        errors[field] = _("Enter a number.")
        return None
    if not math.isfinite(number) or abs(number) > MAX_VALUE:
        errors[field] = _("Enter a number between -1,000,000,000 and 1,000,000,000.")
        return None
    return float(number)


def _owner(organisation_id: int, owner_id, errors: dict) -> User | None:
    user = db.session.get(User, owner_id) if isinstance(owner_id, int) else None
    if user is None or user.organisation_id != organisation_id or not user.active:
        errors["owner_id"] = _("Choose an active person of your organisation.")
        return None
    return user


def _target(value, errors: dict, clean: dict) -> None:
    if not isinstance(value, dict):
        errors["target"] = _("Give the target: an operator (≥, ≤, =), a value and a unit.")
        return
    op = OPS.get(value.get("op")) if isinstance(value.get("op"), str) else None
    if op is None:
        errors["target"] = _("The target's operator is one of ≥, ≤ and =.")
    number = _number(value.get("value"), "target", errors)
    unit = _text(value.get("unit"))
    if len(unit) > 20:
        errors["target"] = _("The unit has at most 20 characters.")
    clean.update(target_op=op, target_value=number, target_unit=unit)


def clean_objective(organisation_id: int, data: dict, partial: bool = False) -> dict:
    """Check the fields of a version; `partial` keeps what is not given."""
    errors, clean = {}, {}
    for key, limit, message in (
        ("text", 4000, _("Write the objective.")),
        ("indicator", 300, _("Name the indicator that measures it.")),
    ):
        if key in data or not partial:
            clean[key] = _text(data.get(key))
            if not clean[key]:
                errors[key] = message
            elif len(clean[key]) > limit:
                errors[key] = _("At most %(n)d characters.", n=limit)
    if "target" in data or not partial:
        _target(data.get("target"), errors, clean)
    if "metric" in data or not partial:
        metric = _text(data.get("metric")) or MANUAL
        if metric != MANUAL and not metrics.is_metric(metric):
            errors["metric"] = _("Choose a metric of the list, or “manual” for typed values.")
        clean["metric"] = metric
    if "frequency" in data or not partial:
        value = data.get("frequency") or Frequency.month.value
        if value not in {f.value for f in Frequency}:
            errors["frequency"] = _("Measured monthly or quarterly.")
        else:
            clean["frequency"] = Frequency(value)
    if "owner_id" in data or not partial:
        owner = _owner(organisation_id, data.get("owner_id"), errors)
        clean["owner_id"] = owner.id if owner else None
    if "change_note" in data:
        clean["change_note"] = _text(data.get("change_note"), 2000)
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _year(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise ValidationFailed(fields={"year": _("Enter the year (e.g. 2020).")})
    return value


def _audited(version: ObjectiveVersion) -> dict:
    return {k: getattr(version, k) for k in ("version", *CONTENT_FIELDS)}


def create_objective(organisation_id: int, actor: User, data: dict) -> QualityObjective:
    """A new objective of a year, as a draft (version 1)."""
    if not rules.can_edit_objectives(actor):
        raise PermissionDenied()
    year = _year(data.get("year"))
    clean = clean_objective(organisation_id, data)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(QualityObjective.number)).where(
                QualityObjective.organisation_id == organisation_id, QualityObjective.year == year
            )
        )
        or 0
    ) + 1
    objective = QualityObjective(
        organisation_id=organisation_id, year=year, number=number, created_by_id=actor.id
    )
    db.session.add(objective)
    db.session.flush()
    version = _new_version(objective, actor, clean, 1)
    audit.record(
        "objective.create",
        objective,
        actor=actor,
        new={"reference": objective.reference, **_audited(version)},
    )
    return objective


def _new_version(objective, actor, clean: dict, number: int) -> ObjectiveVersion:
    version = ObjectiveVersion(
        organisation_id=objective.organisation_id,
        objective=objective,
        version=number,
        status=ObjectiveStatus.draft,
        created_by_id=actor.id,
        change_note=clean.get("change_note", ""),
        **{k: clean[k] for k in CONTENT_FIELDS},
    )
    db.session.add(version)
    db.session.flush()
    return version


def update_objective(
    objective: QualityObjective, actor: User, data: dict, lock_version=None
) -> ObjectiveVersion:
    """Change the draft; once a version is approved, a change makes the next version (a draft,
    which needs its own approval; the approved one stays as it was signed)."""
    if not rules.can_edit_objectives(actor):
        raise PermissionDenied()
    draft = objective.draft
    if draft is not None:
        if lock_version is not None and int(lock_version) != draft.lock_version:
            from ..core.errors import EditConflict

            raise EditConflict()
        clean = clean_objective(objective.organisation_id, data, partial=True)
        changed = {k: v for k, v in clean.items() if getattr(draft, k) != v}
        for key, value in changed.items():
            setattr(draft, key, value)
        if changed:
            db.session.flush()
            audit.record("objective.update", objective, actor=actor, new=changed)
        return draft
    latest = objective.latest
    base = {k: getattr(latest, k) for k in CONTENT_FIELDS}
    clean = clean_objective(objective.organisation_id, data, partial=True)
    merged = {**base, **clean}
    if all(merged[k] == base[k] for k in CONTENT_FIELDS):
        raise ValidationFailed(fields={"text": _("Nothing changed from the approved version.")})
    if not merged.get("change_note"):
        raise ValidationFailed(fields={"change_note": _("Say what changes and why.")})
    version = _new_version(objective, actor, merged, latest.version + 1)
    audit.record("objective.revise", objective, actor=actor, new=_audited(version))
    return version


def content_hash(version: ObjectiveVersion) -> str:
    """SHA-256 of what the QMR signs: the objective's identity and the version's content."""
    objective = version.objective
    content = {
        "organisation_id": objective.organisation_id,
        "reference": objective.reference,
        "version": version.version,
        **{k: getattr(version, k) for k in CONTENT_FIELDS},
    }
    content["target_op"] = version.target_op.value
    content["frequency"] = version.frequency.value
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _check_signer(actor: User, password: str) -> None:
    try:
        right = check_password_counted(actor, password)
    except AccountLocked:
        raise PermissionDenied(
            _("Your account is locked after too many wrong passwords. Try again later.")
        ) from None
    if not right:
        raise WrongPassword(_("The password is wrong; the signature was not made."))


def check_can_approve(objective: QualityObjective, actor: User) -> ObjectiveVersion:
    """The draft the QMR may sign now, or the reason they may not."""
    if not rules.can_approve_objectives(actor):
        raise PermissionDenied(_("Only the quality management representative approves objectives."))
    draft = objective.draft
    if draft is None:
        raise InvalidState(_("There is no draft of this objective to approve."))
    return draft


def approve_objective(objective: QualityObjective, actor: User, password: str) -> ObjectiveVersion:
    """The QMR signs the draft: their password again, signer, time and the content's SHA-256."""
    draft = check_can_approve(objective, actor)
    _check_signer(actor, password)
    draft.status = ObjectiveStatus.approved
    draft.approved_by_id, draft.approved_at = actor.id, utcnow()
    draft.signer_name, draft.signer_position = actor.full_name, actor.position or ""
    draft.content_sha256, draft.password_confirmed = content_hash(draft), True
    db.session.flush()
    audit.record(
        "objective.approve",
        objective,
        actor=actor,
        old={"status": ObjectiveStatus.draft},
        new={
            "status": ObjectiveStatus.approved,
            "version": draft.version,
            "content_sha256": draft.content_sha256,
        },
    )
    return draft


def _a_date(value, field: str, errors: dict) -> date | None:
    if not isinstance(value, date):
        errors[field] = _("Enter the date (dd/mm/yyyy).")
        return None
    return value


def record_value(
    objective: QualityObjective, actor: User, data: dict, upload=None
) -> ObjectiveValue:
    """A value typed for a period of a manual objective, with its evidence (text or a file)."""
    version = objective.in_force() or objective.latest
    if not rules.can_record_values(actor, version):
        raise PermissionDenied()
    if version.metric != MANUAL:
        raise InvalidState(_("This objective is computed from the records; nothing to type."))
    errors = {}
    start = _a_date(data.get("period_start"), "period_start", errors)
    end = _a_date(data.get("period_end"), "period_end", errors)
    if start and end:
        if end < start:
            errors["period_end"] = _("The period cannot end before it starts.")
        elif start.year != objective.year or end.year != objective.year:
            errors["period_start"] = _("The period lies within %(y)d.", y=objective.year)
        elif end > today():
            errors["period_end"] = _("A period is measured once it is over.")
    value = _number(data.get("value"), "value", errors)
    evidence = _text(data.get("evidence"), 4000)
    has_file = upload is not None and getattr(upload, "filename", "")
    if not evidence and not has_file:
        errors["evidence"] = _("Give the evidence of the value (a text or a file).")
    if errors:
        raise ValidationFailed(fields=errors)
    attachment = (
        store_upload(upload, objective.organisation_id, actor, "file") if has_file else None
    )
    row = ObjectiveValue(
        organisation_id=objective.organisation_id,
        objective_id=objective.id,
        period_start=start,
        period_end=end,
        value=value,
        evidence=evidence,
        attachment_id=attachment.id if attachment else None,
        recorded_by_id=actor.id,
        recorded_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "objective.value",
        objective,
        actor=actor,
        new={"from": start, "to": end, "value": value, "evidence": evidence},
    )
    return row


def add_plan_action(objective: QualityObjective, actor: User, data: dict):
    """An action of the plan to reach the objective (owner, due date), tracked like a CAR."""
    from ..audits.models import CorrectiveAction
    from ..audits.operations.actions import clean_action, new_action

    if not rules.can_edit_objectives(actor):
        raise PermissionDenied()
    clean = clean_action(objective.organisation_id, data, None)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(CorrectiveAction.number)).where(
                CorrectiveAction.objective_id == objective.id
            )
        )
        or 0
    ) + 1
    return new_action(objective.organisation_id, actor, clean, objective=objective, number=number)


def check_signatures():
    """`qms verify`: every approved version still matches the SHA-256 the QMR signed."""
    from ..core.integrity import Mismatch

    query = (
        sa.select(ObjectiveVersion)
        .where(ObjectiveVersion.status == ObjectiveStatus.approved)
        .options(sa.orm.joinedload(ObjectiveVersion.objective))
        .order_by(ObjectiveVersion.id)
    )
    for version in db.session.scalars(query):
        if content_hash(version) != version.content_sha256:
            yield Mismatch(
                "objective",
                f"{version.objective.reference} v{version.version} (#{version.id})",
                "content does not match its approval signature",
            )
