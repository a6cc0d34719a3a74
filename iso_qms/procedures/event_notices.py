"""Notices at the event for document control: a revision submitted, reviewed, returned, approved.

Subscribed to the audit trail's `recorded` signal, so the operations know nothing of it; who hears
of a revision waiting for a signature is asked of the named rules, so the notices follow the
signing chain those rules set. Nobody is told of what they did themself.
"""

from flask_babel import gettext as _

from ..core.audit import recorded
from ..core.i18n import format_date
from ..core.notifications import colleagues, link_to, tell
from . import permissions as rules
from .models import Revision


def _names(revision: Revision, actor) -> dict:
    return {
        "name": getattr(actor, "full_name", "") or "",
        "code": revision.procedure_code or revision.procedure.code,
        "n": f"{revision.number:02d}",
    }


def _approval_text(after_review: bool, names: dict) -> str:
    if after_review:
        return _("%(name)s reviewed %(code)s, issue %(n)s: it waits for your approval", **names)
    return _("%(name)s submitted %(code)s, issue %(n)s, for your approval", **names)


def _waiting_for_signature(entry, revision: Revision, actor, after_review: bool) -> None:
    """Those who may now approve it, and (at submission) those who may review it."""
    people = colleagues(revision.organisation_id)
    approvers = [u for u in people if rules.can_approve_revision(u, revision)]
    names = _names(revision, actor)
    summary = (revision.change_summary or "")[:500]
    tell(
        entry,
        approvers,
        "revision_to_approve",
        lambda: (_approval_text(after_review, names), summary),
        link_to("revisions.approve", revision_id=revision.id),
    )
    if after_review:
        return
    reviewers = [u for u in people if u not in approvers and rules.can_review_revision(u, revision)]
    tell(
        entry,
        reviewers,
        "revision_to_review",
        lambda: (_("%(name)s submitted %(code)s, issue %(n)s, for review", **names), summary),
        link_to("revisions.view", revision_id=revision.id),
    )


def _submitted(entry, revision: Revision, actor) -> None:
    _waiting_for_signature(entry, revision, actor, after_review=False)


def _reviewed(entry, revision: Revision, actor) -> None:
    _waiting_for_signature(entry, revision, actor, after_review=True)


def _returned(entry, revision: Revision, actor) -> None:
    names = _names(revision, actor)
    tell(
        entry,
        [revision.author],
        "revision_returned",
        lambda: (
            _("%(name)s returned %(code)s, issue %(n)s, to you", **names),
            revision.return_comment[:500],
        ),
        link_to("revisions.edit", revision_id=revision.id),
    )


def _approved(entry, revision: Revision, actor) -> None:
    names = _names(revision, actor)
    tell(
        entry,
        [revision.author],
        "revision_approved",
        lambda: (
            _(
                "%(name)s approved %(code)s, issue %(n)s; in force from %(date)s",
                date=format_date(revision.effective_date),
                **names,
            ),
            "",
        ),
        link_to("revisions.view", revision_id=revision.id),
    )


HANDLERS = {
    "revision.submit": _submitted,
    "revision.review": _reviewed,
    "revision.return": _returned,
    "revision.approve": _approved,
}


def on_recorded(entry, obj=None, actor=None, **_extra) -> None:
    handler = HANDLERS.get(entry.action)
    if handler is not None and isinstance(obj, Revision):
        handler(entry, obj, actor)


def register() -> None:
    recorded.connect(on_recorded)
