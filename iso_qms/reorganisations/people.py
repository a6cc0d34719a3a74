"""The people carried over to a successor (issue 15, item 4): accounts/tree.carry_people marks
their roles to be reviewed; the successor's administrator confirms or changes them here, through
the accounts operation that sets roles, and the mark is cleared. Also the administrator's inbox
item "N people carried over: review their roles"."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from ..accounts import operations as account_ops
from ..accounts.models import EmploymentPeriod, Organisation, Role, User
from ..core import audit
from ..core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from ..core.inbox import InboxItem, group, register_inbox_provider
from ..core.notifications import link_to
from ..extensions import db

#: Who reviews the roles of the people carried over (the successor's administrator).
REVIEWERS = (Role.admin,)


@dataclass(frozen=True)
class FormerPost:
    """One earlier period of a person: where they were, in which unit, from when to when."""

    organisation: str
    unit: str
    started_on: date
    ended_on: date | None


def to_review_query(org_id: int) -> sa.Select:
    """The organisation's people whose roles are still to be reviewed, by name (for paginate)."""
    return (
        sa.select(User)
        .where(User.organisation_id == org_id, User.roles_to_review.is_(True))
        .options(selectinload(User.role_rows))
        .order_by(User.full_name, User.id)
    )


def count_to_review(org_id: int) -> int:
    """How many of the organisation's people have their roles to review (one query)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                User.organisation_id == org_id, User.roles_to_review.is_(True)
            )
        )
        or 0
    )


def former_posts(user_ids: list[int], org_id: int) -> dict[int, list[FormerPost]]:
    """Per person, their periods in other organisations than `org_id`, latest first (one query
    whatever the number of people)."""
    if not user_ids:
        return {}
    E = EmploymentPeriod
    rows = db.session.execute(
        sa.select(E.user_id, Organisation.name, E.unit, E.started_on, E.ended_on)
        .join(Organisation, Organisation.id == E.organisation_id)
        .where(E.user_id.in_(user_ids), E.organisation_id != org_id)
        .order_by(E.user_id, E.started_on.desc(), E.id.desc())
    ).all()
    posts: dict[int, list[FormerPost]] = {}
    for row in rows:
        posts.setdefault(row.user_id, []).append(
            FormerPost(row.name, row.unit, row.started_on, row.ended_on)
        )
    return posts


def review_roles(
    user: User, roles: set[Role], *, actor: User, lock_version: int | None = None
) -> User:
    """The successor's administrator confirms or changes the roles of a person carried over
    (accounts.operations.update_user sets them and audits a change), then the mark is cleared;
    audited as "user.roles_reviewed". Another organisation's person: NotFound."""
    if not actor.has_role(*REVIEWERS):
        raise PermissionDenied()
    if user.organisation_id != actor.organisation_id:
        raise NotFound()
    if not user.roles_to_review:
        raise InvalidState(_("The roles of this person were already reviewed."))
    if not roles:
        raise ValidationFailed(fields={"roles": _("Choose at least one role.")})
    before = sorted(r.value for r in user.roles)
    account_ops.update_user(user, {"roles": set(roles)}, actor=actor, lock_version=lock_version)
    user.roles_to_review = False
    db.session.flush()
    after = sorted(r.value for r in user.roles)
    audit.record(
        "user.roles_reviewed",
        user,
        actor=actor,
        old={"roles": before},
        new={"roles": after},
    )
    return user


# --- the administrator's inbox ----------------------------------------------------------------


def inbox_groups(user, on: date) -> list:
    """For an administrator whose organisation has people carried over still to review: one item
    leading to the page (one query; none for anyone else)."""
    if not user.has_role(*REVIEWERS):
        return []
    count = count_to_review(user.organisation_id)
    if not count:
        return []
    item = InboxItem(
        title=ngettext(
            "%(num)d person carried over: review their roles",
            "%(num)d people carried over: review their roles",
            count,
        ),
        url=link_to("open_work.people"),
        object_type="organisation",
        object_id=user.organisation_id,
    )
    return [group("review_roles", _l("Roles to review after a reorganisation"), [item])]


register_inbox_provider(inbox_groups)
