"""What document control asks of a person, for the inbox: revisions to approve or review, drafts
sent back to their author, and the periodic reviews and legal updates due for what they keep.

Who may approve or review is asked of the named rules (`permissions.can_approve_revision`,
`can_review_revision`), so the inbox follows whatever signing chain those rules set.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.i18n import format_date
from ..core.inbox import InboxItem, group, register_inbox_provider
from ..core.notifications import link_to
from ..core.text import fold
from ..extensions import db
from . import permissions as rules
from . import queries
from .models import Procedure, Revision, RevisionStatus

#: A periodic review shows in the inbox this many days before it is due (and stays once overdue).
REVIEW_DUE_WITHIN_DAYS = 30

LABELS = {
    "approve_revision": _l("Revisions to approve"),
    "review_revision": _l("Revisions to review"),
    "returned_revision": _l("Drafts returned to you"),
    "legal_update_due": _l("Legal updates due"),
    "review_due": _l("Periodic reviews due"),
}


def revision_title(code: str, number: int, title: str) -> str:
    return _("%(code)s, issue %(n)s: %(title)s", code=code, n=f"{number:02d}", title=title)


def _in_review(user) -> list[Revision]:
    return list(
        db.session.scalars(
            sa.select(Revision)
            .where(
                Revision.organisation_id == user.organisation_id,
                Revision.status == RevisionStatus.in_review,
            )
            .options(*queries.without_content())
            .order_by(Revision.submitted_at, Revision.id)
        ).unique()
    )


def _item(revision: Revision, url: str) -> InboxItem:
    submitted = revision.submitted_at
    return InboxItem(
        title=revision_title(
            revision.procedure_code or revision.procedure.code,
            revision.number,
            revision.procedure_title or revision.procedure.title,
        ),
        url=url,
        object_type="revision",
        object_id=revision.id,
        note=_(
            "Submitted by %(name)s on %(date)s",
            name=revision.author.full_name,
            date=format_date(submitted) if submitted else "",
        ),
    )


def signing_groups(user) -> list:
    """Revisions in review the person may sign now: the approval, or else the review."""
    to_approve, to_review = [], []
    for revision in _in_review(user):
        if rules.can_approve_revision(user, revision):
            to_approve.append(
                _item(revision, link_to("revisions.approve", revision_id=revision.id))
            )
        elif rules.can_review_revision(user, revision):
            to_review.append(_item(revision, link_to("revisions.view", revision_id=revision.id)))
    return [
        group("approve_revision", LABELS["approve_revision"], to_approve),
        group("review_revision", LABELS["review_revision"], to_review),
    ]


def returned_group(user):
    """Drafts the person wrote that a reviewer sent back, with the comment."""
    rows = db.session.execute(
        sa.select(
            Revision.id,
            Revision.number,
            Revision.procedure_code,
            Revision.procedure_title,
            Revision.return_comment,
            Revision.returned_at,
            Procedure.code,
            Procedure.title,
        )
        .join(Procedure, Procedure.id == Revision.procedure_id)
        .where(
            Revision.author_id == user.id,
            Revision.status == RevisionStatus.draft,
            Revision.returned_at.is_not(None),
        )
        .order_by(Revision.returned_at)
    ).all()
    items = [
        InboxItem(
            title=revision_title(
                row.procedure_code or row.code, row.number, row.procedure_title or row.title
            ),
            url=link_to("revisions.edit", revision_id=row.id),
            object_type="revision",
            object_id=row.id,
            note=_(
                "Returned on %(date)s: %(comment)s",
                date=format_date(row.returned_at),
                comment=row.return_comment[:200],
            ),
        )
        for row in rows
    ]
    return group("returned_revision", LABELS["returned_revision"], items)


def _keeps(user, owner_unit: str) -> bool:
    """The register's keepers answer for every procedure; others for their unit's."""
    return rules.can_edit_procedures(user) or (
        bool(owner_unit) and fold(owner_unit) == fold(user.unit or "")
    )


def _active(on: date):
    return sa.or_(Procedure.withdrawn_on.is_(None), Procedure.withdrawn_on > on)


def review_due_group(user, on: date):
    rows = db.session.execute(
        sa.select(
            Procedure.id,
            Procedure.code,
            Procedure.title,
            Procedure.owner_unit,
            Procedure.review_due_on,
        )
        .where(
            Procedure.organisation_id == user.organisation_id,
            _active(on),
            Procedure.review_due_on <= on + timedelta(days=REVIEW_DUE_WITHIN_DAYS),
        )
        .order_by(Procedure.review_due_on, Procedure.code)
    ).all()
    editor = rules.can_edit_procedures(user)
    endpoint = "procedures.periodic_review" if editor else "procedures.detail"
    items = [
        InboxItem(
            title=f"{row.code}: {row.title}",
            url=link_to(endpoint, procedure_id=row.id),
            due_date=row.review_due_on,
            object_type="procedure",
            object_id=row.id,
            overdue=row.review_due_on < on,
        )
        for row in rows
        if _keeps(user, row.owner_unit)
    ]
    return group("review_due", LABELS["review_due"], items)


def legal_update_group(user, on: date):
    """Procedures citing an amended or replaced text whose update is not settled (the register's
    own rule), with the earliest deadline (QĐ 19/2014/QĐ-TTg: 3 months)."""
    rows = db.session.execute(
        sa.select(Procedure.id, Procedure.code, Procedure.title, Procedure.owner_unit)
        .where(
            Procedure.organisation_id == user.organisation_id,
            queries.status_clause("legal_update_due", on),
        )
        .order_by(Procedure.code)
    ).all()
    rows = [row for row in rows if _keeps(user, row.owner_unit)]
    flags = queries.legal_flags([row.id for row in rows], on) if rows else {}
    items = []
    for row in rows:
        dues = [flag.due_on for flag in flags.get(row.id, []) if flag.due_on]
        bases = ", ".join(flag.basis.number for flag in flags.get(row.id, []))
        due = min(dues) if dues else None
        items.append(
            InboxItem(
                title=f"{row.code}: {row.title}",
                url=link_to("procedures.detail", procedure_id=row.id),
                due_date=due,
                object_type="procedure",
                object_id=row.id,
                note=_("Cites %(bases)s, amended or replaced", bases=bases) if bases else "",
                overdue=bool(due and due < on),
            )
        )
    items.sort(key=lambda item: (item.due_date or date.max, item.title))
    return group("legal_update_due", LABELS["legal_update_due"], items)


def inbox_groups(user, on: date) -> list:
    return [
        *signing_groups(user),
        returned_group(user),
        legal_update_group(user, on),
        review_due_group(user, on),
    ]


def register() -> None:
    """The inbox provider of document control, and its notices at the event."""
    from . import event_notices

    register_inbox_provider(inbox_groups)
    event_notices.register()
