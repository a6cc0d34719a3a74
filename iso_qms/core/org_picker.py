"""The organisation picker of list and report pages: a supervisor (Phòng Nội vụ huyện, Sở KH&CN)
reads the organisations below theirs, so every list that shows one organisation's records lets
them choose which (`?org=<id>`); everyone else sees only their own and no picker.

Since the tree has a history (issue 15) the choices include the archives the user still reads:
organisations past their last day (merged, ended), listed after the current ones and labelled
"UBND xã Quảng An (archive, until 30/06/2025)". One query for the reach, one for the names."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Organisation
from ..accounts.tree import is_archive
from ..extensions import db
from .errors import NotFound
from .i18n import format_date
from .params import parse_id
from .permissions import readable_org_ids
from .timeutil import today


@dataclass(frozen=True)
class OrgChoice:
    """One option of the picker: the organisation's id, code and name, and what the option says."""

    id: int
    code: str
    name: str
    label: str
    #: Past its last day: read-only, listed after the current organisations.
    archive: bool
    valid_to: date | None


def archive_label(name: str, until: date) -> str:
    return _("%(name)s (archive, until %(date)s)", name=name, date=format_date(until))


def _choice(org: Organisation, now: date) -> OrgChoice:
    archive = is_archive(org, now)
    label = archive_label(org.name, org.valid_to) if archive else org.name
    return OrgChoice(org.id, org.code, org.name, label, archive, org.valid_to)


def choices_for(user, ids: set[int]) -> list[OrgChoice]:
    """The picker's options for the organisations `ids`: the user's own first, then the current
    ones by name, then the archives by name; [] when there is nothing to choose (one query)."""
    if len(ids) <= 1:
        return []
    orgs = db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids))).all()
    now = today()
    options = [_choice(org, now) for org in orgs]
    return sorted(options, key=lambda o: (o.archive, o.id != user.organisation_id, o.name, o.id))


def readable_organisations(user, on: date | None = None) -> list[OrgChoice]:
    """The organisations `user` may pick from (as of `on` when a page reads a date, else those
    read today and the archives); [] when only their own."""
    return choices_for(user, readable_org_ids(user, on))


def _picked(user, value: str | None, ids: set[int]) -> int:
    if value:
        org_id = parse_id(value)
        if org_id is None or org_id not in ids:
            raise NotFound()
        return org_id
    return user.organisation_id


def picked_org_id(user=None, value: str | None = None) -> int:
    """The organisation a list shows: `?org=` when the user may read it (404 otherwise, so ids leak
    nothing), else their own (the picker then offers the communes below)."""
    user = user or current_user
    value = request.args.get("org") if value is None else value
    return _picked(user, value, readable_org_ids(user))


def picker(user=None) -> dict:
    """What templates/_org_picker.html needs: the choices and the one shown (the reach is read
    once for both)."""
    user = user or current_user
    ids = readable_org_ids(user)
    return {
        "orgs": choices_for(user, ids),
        "org_id": _picked(user, request.args.get("org"), ids),
    }
