"""Announcements (công bố HTQLCL phù hợp TCVN ISO 9001:2015): frozen scopes and what changed."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import User
from ..core import audit
from ..core.errors import PermissionDenied, ValidationFailed
from ..core.text import nfc
from ..core.timeutil import today
from ..extensions import db
from . import permissions as rules
from .models import Announcement, AnnouncementItem, AnnouncementReason, Procedure, Revision
from .queries import in_force, in_force_ids


@dataclass
class ScopeChanges:
    added: list[dict] = field(default_factory=list)
    revised: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.revised or self.removed)

    @property
    def scope_changed(self) -> bool:
        """Procedures added to or removed from the scope: what calls for công bố lại. A revision
        of a procedure already in the scope does not (QĐ 19/2014/QĐ-TTg)."""
        return bool(self.added or self.removed)

    def as_json(self) -> dict:
        return {"added": self.added, "revised": self.revised, "removed": self.removed}


def _scope_map(items) -> dict[int, dict]:
    return {
        item["procedure_id"]: item
        for item in (
            {
                "procedure_id": i.procedure_id,
                "code": i.procedure_code,
                "title": i.procedure_title,
                "revision_number": i.revision_number,
            }
            for i in items
        )
    }


def compare_scopes(before: dict[int, dict], after: dict[int, dict]) -> ScopeChanges:
    changes = ScopeChanges()
    for pid, item in sorted(after.items(), key=lambda kv: kv[1]["code"]):
        if pid not in before:
            changes.added.append(item)
        elif before[pid]["revision_number"] != item["revision_number"]:
            changes.revised.append(
                {**item, "previous_revision_number": before[pid]["revision_number"]}
            )
    for pid, item in sorted(before.items(), key=lambda kv: kv[1]["code"]):
        if pid not in after:
            changes.removed.append(item)
    return changes


def previous_of(announcement: Announcement) -> Announcement | None:
    return db.session.scalar(
        sa.select(Announcement).where(
            Announcement.organisation_id == announcement.organisation_id,
            Announcement.ordinal == announcement.ordinal - 1,
        )
    )


def changes_since_previous(announcement: Announcement) -> ScopeChanges:
    previous = previous_of(announcement)
    return compare_scopes(
        _scope_map(previous.items) if previous else {}, _scope_map(announcement.items)
    )


def current_scope(organisation_id: int, on: date) -> dict[int, dict]:
    """What is in force on a date, in the shape of an announcement's scope: plain columns (the
    register asks this on every page, for the re-announcement flag)."""
    rows = db.session.execute(
        sa.select(Revision.procedure_id, Procedure.code, Procedure.title, Revision.number)
        .join(Procedure, Procedure.id == Revision.procedure_id)
        .where(Revision.id.in_(in_force_ids(organisation_id, on)))
    ).all()
    return {
        pid: {"procedure_id": pid, "code": code, "title": title, "revision_number": number}
        for pid, code, title, number in rows
    }


def republish_due(organisation_id: int, on: date | None = None) -> tuple[bool, ScopeChanges]:
    """Công bố lại due: procedures were added to or removed from the scope since the last
    announcement (QĐ 19/2014/QĐ-TTg ties it to a change of scope; revisions of procedures in
    the scope, editorial or not, are listed in the changes but call for none)."""
    on = on or today()
    last = db.session.scalar(
        sa.select(Announcement)
        .where(Announcement.organisation_id == organisation_id, Announcement.decision_date <= on)
        .order_by(Announcement.ordinal.desc())
        .limit(1)
    )
    if last is None:
        scope = current_scope(organisation_id, on)
        return bool(scope), compare_scopes({}, scope)
    changes = compare_scopes(_scope_map(last.items), current_scope(organisation_id, on))
    return changes.scope_changed, changes


def _validate(data: dict) -> dict:
    errors = {}
    clean = {k: nfc(v) if isinstance(v, str) else v for k, v in data.items()}
    if not clean.get("decision_no"):
        errors["decision_no"] = _("Enter the decision number, e.g. 353/QĐ-UBND.")
    if not isinstance(clean.get("decision_date"), date):
        errors["decision_date"] = _("Enter the decision date (dd/mm/yyyy).")
    elif clean["decision_date"] > today():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if not clean.get("signer"):
        errors["signer"] = _("Enter who signed the decision.")
    try:
        clean["reason"] = AnnouncementReason(clean.get("reason") or "")
    except ValueError:
        errors["reason"] = _("Choose the reason for the announcement.")
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def create_announcement(
    organisation_id: int, actor: User, data: dict, procedure_ids: list[int] | None = None
) -> Announcement:
    """Record a công bố; its scope is frozen from the revisions in force on the decision date."""
    if not rules.can_manage_announcements(actor):
        raise PermissionDenied()
    clean = _validate(data)
    on = clean["decision_date"]
    revisions = in_force(organisation_id, on, light=True)
    if procedure_ids is not None:
        chosen = set(procedure_ids)
        missing = chosen - set(revisions)
        if not chosen or missing:
            raise ValidationFailed(
                fields={
                    "procedure_ids": _("Choose procedures that are in force on the decision date.")
                }
            )
        revisions = {pid: r for pid, r in revisions.items() if pid in chosen}
    if not revisions:
        raise ValidationFailed(
            fields={"procedure_ids": _("No procedure is in force on the decision date.")}
        )
    last = db.session.scalar(
        sa.select(Announcement)
        .where(Announcement.organisation_id == organisation_id)
        .order_by(Announcement.ordinal.desc())
        .limit(1)
        .with_for_update()
    )
    if last is not None and on < last.decision_date:
        raise ValidationFailed(
            fields={
                "decision_date": _(
                    "The decision date cannot be before the previous announcement (%(date)s).",
                    date=last.decision_date.strftime("%d/%m/%Y"),
                )
            }
        )
    announcement = Announcement(
        organisation_id=organisation_id,
        ordinal=(last.ordinal if last else 0) + 1,
        decision_no=clean["decision_no"],
        decision_date=on,
        signer=clean["signer"],
        reason=clean["reason"],
        note=clean.get("note") or "",
        created_by_id=actor.id,
    )
    announcement.items = [
        AnnouncementItem(
            procedure_id=pid,
            revision_id=r.id,
            procedure_code=r.procedure.code,
            procedure_title=r.procedure.title,
            procedure_kind=r.procedure.kind,
            field=r.procedure.field,
            revision_number=r.number,
            effective_date=r.effective_date,
        )
        for pid, r in revisions.items()
    ]
    db.session.add(announcement)
    db.session.flush()
    audit.record(
        "announcement.create",
        announcement,
        actor=actor,
        organisation_id=organisation_id,
        new={
            "ordinal": announcement.ordinal,
            "decision_no": announcement.decision_no,
            "decision_date": on,
            "scope": len(announcement.items),
        },
    )
    return announcement


def procedures_by_id(organisation_id: int, ids) -> dict[int, Procedure]:
    return {
        p.id: p
        for p in db.session.scalars(
            sa.select(Procedure).where(
                Procedure.organisation_id == organisation_id, Procedure.id.in_(ids)
            )
        )
    }
