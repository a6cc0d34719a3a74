"""Notices at the event for inspections and audits: an action assigned, reported done, verified,
a postponement asked for and decided, a round reported for acceptance.

Subscribed to the audit trail's `recorded` signal (the operations know nothing of it). Who is told
is asked of the named rules (`can_verify_action`, `can_decide_postponement`, `can_accept_report`);
nobody is told of what they did themself.
"""

from flask_babel import gettext as _

from ..core.audit import recorded
from ..core.i18n import format_date
from ..core.notifications import colleagues, link_to, tell
from . import permissions as rules
from .inbox import decides
from .models import CorrectiveAction, Round


def _action_link(action: CorrectiveAction) -> str:
    return link_to("audit_actions.detail", action_id=action.id)


def _who(actor) -> str:
    return getattr(actor, "full_name", "") or ""


def _assigned(entry, action: CorrectiveAction, actor) -> None:
    if entry.action == "action.update" and "owner" not in entry.new:
        return
    tell(
        entry,
        [action.owner],
        "action_assigned",
        lambda: (
            _(
                "%(name)s assigned you corrective action %(ref)s, due %(date)s",
                name=_who(actor),
                ref=action.reference,
                date=format_date(action.due_date),
            ),
            action.action[:500],
        ),
        _action_link(action),
    )


def _completed(entry, action: CorrectiveAction, actor) -> None:
    verifiers = [
        u for u in colleagues(action.organisation_id) if rules.can_verify_action(u, action)
    ]
    tell(
        entry,
        verifiers,
        "action_to_verify",
        lambda: (
            _(
                "%(name)s reported corrective action %(ref)s done: please verify it",
                name=_who(actor),
                ref=action.reference,
            ),
            (action.completion_evidence or "")[:500],
        ),
        _action_link(action),
    )


def _verified(entry, action: CorrectiveAction, actor) -> None:
    effective = bool(entry.new.get("effective"))

    def message():
        if effective:
            subject = _(
                "%(name)s verified corrective action %(ref)s as effective; it is closed",
                name=_who(actor),
                ref=action.reference,
            )
        else:
            subject = _(
                "%(name)s found corrective action %(ref)s not effective; it is open again, "
                "due %(date)s",
                name=_who(actor),
                ref=action.reference,
                date=format_date(action.due_date),
            )
        return subject, (entry.reason or "")[:500]

    tell(entry, [action.owner], "action_verified", message, _action_link(action))


def _postponement_asked(entry, action: CorrectiveAction, actor) -> None:
    request = action.pending_postponement
    if request is None:
        return
    people = colleagues(action.organisation_id)
    deciders = [u for u in people if decides(u, request)] or [
        u for u in people if rules.can_decide_postponement(u, request)
    ]
    tell(
        entry,
        deciders,
        "postponement_to_decide",
        lambda: (
            _(
                "%(name)s asks to move corrective action %(ref)s from %(old)s to %(new)s",
                name=_who(actor),
                ref=action.reference,
                old=format_date(request.old_due_date),
                new=format_date(request.new_due_date),
            ),
            request.reason[:500],
        ),
        _action_link(action),
    )


def _postponement_decided(entry, action: CorrectiveAction, actor) -> None:
    approved = entry.action == "postponement.approve"

    def message():
        names = {"name": _who(actor), "ref": action.reference, "date": format_date(action.due_date)}
        if approved:
            subject = _(
                "%(name)s approved the postponement of corrective action %(ref)s: now due %(date)s",
                **names,
            )
        else:
            subject = _(
                "%(name)s rejected the postponement of corrective action %(ref)s: still due "
                "%(date)s",
                **names,
            )
        return subject, (entry.reason or "")[:500]

    tell(entry, [action.owner], "postponement_decided", message, _action_link(action))


def _round_reported(entry, round_: Round, actor) -> None:
    accepters = [
        u for u in colleagues(round_.organisation_id) if rules.can_accept_report(u, round_)
    ]
    tell(
        entry,
        accepters,
        "report_to_accept",
        lambda: (
            _(
                "%(name)s reported %(title)s: the report waits for your acceptance",
                name=_who(actor),
                title=round_.title,
            ),
            "",
        ),
        link_to("audit_rounds.accept", round_id=round_.id),
    )


ACTION_HANDLERS = {
    "action.create": _assigned,
    "action.update": _assigned,
    "action.complete": _completed,
    "action.verify": _verified,
    "action.postpone_request": _postponement_asked,
    "postponement.approve": _postponement_decided,
    "postponement.reject": _postponement_decided,
}
ROUND_HANDLERS = {"round.report": _round_reported}


def on_recorded(entry, obj=None, actor=None, **_extra) -> None:
    if isinstance(obj, CorrectiveAction) and entry.action in ACTION_HANDLERS:
        ACTION_HANDLERS[entry.action](entry, obj, actor)
    elif isinstance(obj, Round) and entry.action in ROUND_HANDLERS:
        ROUND_HANDLERS[entry.action](entry, obj, actor)


def register() -> None:
    recorded.connect(on_recorded)
