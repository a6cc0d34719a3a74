"""Corrective actions: planned → in progress → done → verified effective (closed) or not effective
(reopened); cancelled never counts as done. Postponements need the QMR's approval."""

from datetime import date

from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.i18n import format_date
from ...core.timeutil import today, utcnow
from ...extensions import db
from .. import permissions as rules
from ..models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ActionVerification,
    CorrectiveAction,
    Finding,
    FindingStatus,
    Postponement,
    PostponementStatus,
)
from ._common import a_date, attach_evidence, check_version, require, text, user_of

MAX_WHYS = 7


def _whys(value, errors: dict) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors["whys"] = _("The 5-whys chain is a list of sentences.")
        return []
    chain = [text(v) for v in value if text(v)]
    if len(chain) > MAX_WHYS:
        errors["whys"] = _("Keep the chain to at most %(n)d whys.", n=MAX_WHYS)
    return chain


def clean_action(organisation_id: int, data: dict, current: CorrectiveAction | None) -> dict:
    """Check an action's fields (shared with management-review decisions)."""
    errors, clean = {}, {}
    for key in ("correction", "root_cause", "action"):
        if key in data:
            clean[key] = text(data[key])
    if (current is None or "action" in data) and not clean.get("action"):
        errors["action"] = _("Describe the corrective action.")
    if "whys" in data:
        clean["whys"] = _whys(data["whys"], errors)
    if "owner_id" in data or current is None:
        clean["owner"] = user_of(organisation_id, data.get("owner_id"), "owner_id", errors)
    if "due_date" in data or current is None:
        due = a_date(data.get("due_date"), "due_date", errors)
        if due is not None and due < today() and (current is None or due != current.due_date):
            errors["due_date"] = _("The due date cannot be in the past.")
        clean["due_date"] = due
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def new_action(organisation_id: int, actor: User, clean: dict, **source) -> CorrectiveAction:
    action = CorrectiveAction(
        organisation_id=organisation_id,
        status=ActionStatus.planned,
        created_by_id=actor.id,
        owner=clean["owner"],
        owner_id=clean["owner"].id,
        due_date=clean["due_date"],
        action=clean["action"],
        correction=clean.get("correction", ""),
        root_cause=clean.get("root_cause", ""),
        whys=clean.get("whys", []),
        **source,
    )
    db.session.add(action)
    db.session.flush()
    audit.record(
        "action.create",
        action,
        actor=actor,
        new={
            "finding": action.finding_id,
            "review": action.review_id,
            "number": action.number,
            "reference": action.reference,
            "owner": action.owner.username,
            "due_date": action.due_date,
            "action": action.action,
        },
    )
    return action


def create_action(finding: Finding, actor: User, data: dict) -> CorrectiveAction:
    """Issue a corrective action request (phiếu yêu cầu hành động khắc phục) for a finding."""
    if finding.status is not FindingStatus.open:
        raise InvalidState(_("This finding is closed; it takes no new actions."))
    require(rules.can_manage_actions(actor) or rules.can_run_round(actor, finding.round))
    clean = clean_action(finding.organisation_id, data, None)
    number = max((a.number for a in finding.actions), default=0) + 1
    return new_action(finding.organisation_id, actor, clean, finding=finding, number=number)


def update_action(
    action: CorrectiveAction, actor: User, data: dict, lock_version=None
) -> CorrectiveAction:
    """Edit the correction, 5 whys, root cause, action, owner or due date of an open action.

    A later due date goes through a postponement the QMR approves; an earlier one is fine."""
    if action.status not in OPEN_ACTION_STATUSES:
        raise InvalidState(_("Only a planned or in-progress action can be edited."))
    require(rules.can_manage_actions(actor) or rules.is_action_owner(actor, action))
    check_version(action, lock_version)
    clean = clean_action(action.organisation_id, data, action)
    if (
        "owner" in clean
        and clean["owner"].id != action.owner_id
        and not rules.can_manage_actions(actor)
    ):
        raise PermissionDenied(_("Only the team or the ISO secretary reassigns an action."))
    if clean.get("due_date") and clean["due_date"] > action.due_date:
        raise ValidationFailed(
            fields={
                "due_date": _("A later due date needs a postponement request approved by the QMR.")
            }
        )
    changed = {}
    for key, value in clean.items():
        current = action.owner if key == "owner" else getattr(action, key)
        if value != current:
            changed[key] = value.username if key == "owner" else value
            setattr(action, key, value)
    if changed:
        db.session.flush()
        audit.record("action.update", action, actor=actor, new=changed)
    return action


def start_action(action: CorrectiveAction, actor: User) -> CorrectiveAction:
    """Planned → in progress."""
    if action.status is not ActionStatus.planned:
        raise InvalidState(_("Only a planned action can be started."))
    require(rules.can_start_action(actor, action))
    action.status, action.started_at = ActionStatus.in_progress, utcnow()
    db.session.flush()
    audit.record(
        "action.start",
        action,
        actor=actor,
        old={"status": ActionStatus.planned},
        new={"status": ActionStatus.in_progress},
    )
    return action


def complete_action(
    action: CorrectiveAction, actor: User, evidence: str, files=()
) -> CorrectiveAction:
    """The owner reports the action done, with evidence (text or files)."""
    if action.status not in OPEN_ACTION_STATUSES:
        raise InvalidState(_("Only a planned or in-progress action can be reported done."))
    if not rules.can_complete_action(actor, action):
        raise PermissionDenied(_("Only the owner of the action reports it done."))
    evidence = text(evidence)
    uploads = [f for f in files or [] if f is not None and getattr(f, "filename", "")]
    errors = {}
    if not evidence and not uploads:
        errors["evidence"] = _("Give the evidence that the action was done.")
    if action.finding_id and not (action.root_cause or action.whys):
        errors["root_cause"] = _("Record the root cause (5 whys) before reporting the action done.")
    if errors:
        raise ValidationFailed(fields=errors)
    old = action.status
    action.status, action.completed_at, action.completion_evidence = (
        ActionStatus.done,
        utcnow(),
        evidence,
    )
    attach_evidence(action.organisation_id, actor, uploads, "evidence", action_id=action.id)
    db.session.flush()
    audit.record(
        "action.complete",
        action,
        actor=actor,
        old={"status": old},
        new={"status": ActionStatus.done, "evidence": evidence},
    )
    return action


def verify_action(
    action: CorrectiveAction,
    actor: User,
    effective: bool,
    note: str = "",
    new_due_date: date | None = None,
) -> CorrectiveAction:
    """Done → verified effective (closed), or not effective → reopened (in progress)."""
    if action.status is not ActionStatus.done:
        raise InvalidState(_("Only an action reported done can be verified."))
    if not rules.can_verify_action(actor, action):
        if rules.is_action_owner(actor, action):
            raise PermissionDenied(_("The owner of an action cannot verify it."))
        raise PermissionDenied(_("Only an inspector or the QMR verifies actions."))
    if not isinstance(effective, bool):
        raise ValidationFailed(fields={"effective": _("Say whether the action was effective.")})
    note = text(note)
    if not effective and not note:
        raise ValidationFailed(fields={"note": _("Say why the action was not effective.")})
    if new_due_date is not None and new_due_date < today():
        raise ValidationFailed(fields={"due_date": _("The due date cannot be in the past.")})
    now = utcnow()
    db.session.add(
        ActionVerification(
            organisation_id=action.organisation_id,
            action=action,
            verifier_id=actor.id,
            effective=effective,
            note=note,
            verified_at=now,
        )
    )
    if effective:
        action.status, action.verified_at, action.verified_by_id = (
            ActionStatus.closed,
            now,
            actor.id,
        )
    else:
        action.status, action.completed_at = ActionStatus.in_progress, None
        action.reopened_count += 1
        if new_due_date is not None:
            action.due_date = new_due_date
    db.session.flush()
    audit.record(
        "action.verify",
        action,
        actor=actor,
        old={"status": ActionStatus.done},
        new={"status": action.status, "effective": effective, "due_date": action.due_date},
        reason=note,
    )
    return action


def cancel_action(action: CorrectiveAction, actor: User, reason: str) -> CorrectiveAction:
    """Cancel an action that is not closed (it then never counts as done), with the reason."""
    if action.status in (ActionStatus.closed, ActionStatus.cancelled):
        raise InvalidState(_("A verified or cancelled action cannot be cancelled."))
    if not rules.can_cancel_action(actor):
        raise PermissionDenied(_("Only the quality management representative cancels actions."))
    reason = text(reason)
    if not reason:
        raise ValidationFailed(fields={"reason": _("Give the reason for cancelling.")})
    old = action.status
    action.status, action.cancelled_at, action.cancel_reason = (
        ActionStatus.cancelled,
        utcnow(),
        reason,
    )
    db.session.flush()
    audit.record(
        "action.cancel",
        action,
        actor=actor,
        old={"status": old},
        new={"status": ActionStatus.cancelled},
        reason=reason,
    )
    return action


def request_postponement(
    action: CorrectiveAction, actor: User, new_due_date, reason: str
) -> Postponement:
    """Ask to move the due date, with a reason; the QMR decides."""
    if action.status not in OPEN_ACTION_STATUSES:
        raise InvalidState(_("Only a planned or in-progress action can be postponed."))
    if action.pending_postponement is not None:
        raise InvalidState(_("A postponement of this action is already waiting for the QMR."))
    require(rules.can_request_postponement(actor, action))
    errors = {}
    new_due = a_date(new_due_date, "due_date", errors)
    if new_due is not None and new_due <= action.due_date:
        errors["due_date"] = _(
            "The new due date must be after the current one (%(d)s).",
            d=format_date(action.due_date),
        )
    reason = text(reason)
    if not reason:
        errors["reason"] = _("Give the reason for the postponement.")
    if errors:
        raise ValidationFailed(fields=errors)
    request = Postponement(
        organisation_id=action.organisation_id,
        action=action,
        requested_by_id=actor.id,
        old_due_date=action.due_date,
        new_due_date=new_due,
        reason=reason,
        status=PostponementStatus.pending,
        requested_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        "action.postpone_request", action, actor=actor, new={"due_date": new_due}, reason=reason
    )
    return request


def decide_postponement(
    request: Postponement, actor: User, approve: bool, note: str = ""
) -> Postponement:
    """The QMR approves (the due date moves) or rejects a postponement; both stay in the history."""
    if request.status is not PostponementStatus.pending:
        raise InvalidState(_("This postponement was already decided."))
    if request.requested_by_id == actor.id:
        raise PermissionDenied(_("A postponement is decided by someone other than who asked."))
    if not rules.can_decide_postponement(actor, request):
        raise PermissionDenied(
            _("Only the quality management representative decides postponements.")
        )
    if not isinstance(approve, bool):
        raise ValidationFailed(fields={"approve": _("Approve or reject the request.")})
    action = request.action
    if approve and action.status not in OPEN_ACTION_STATUSES:
        raise InvalidState(_("The action is no longer open."))
    request.status = PostponementStatus.approved if approve else PostponementStatus.rejected
    request.decided_by_id, request.decided_at, request.decision_note = (
        actor.id,
        utcnow(),
        text(note),
    )
    old_due = action.due_date
    if approve:
        action.due_date = request.new_due_date
    db.session.flush()
    audit.record(
        "postponement.approve" if approve else "postponement.reject",
        action,
        actor=actor,
        old={"due_date": old_due},
        new={"due_date": action.due_date},
        reason=request.decision_note,
    )
    return request
