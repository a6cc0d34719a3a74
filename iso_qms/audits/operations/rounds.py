"""Rounds: plan, scope and team (impartiality), and the copy of a round.

The status ladder and the report live in round_reports, impartiality and scope in scope; their
names stay importable from here.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, ValidationFailed
from ...extensions import db
from ...procedures.models import Procedure
from ...procedures.operations import WrongPassword
from .. import permissions as rules
from ..catalogue import clean_clauses
from ..models import (
    ChecklistLine,
    Round,
    RoundKind,
    RoundMember,
    RoundStatus,
    TeamRole,
    TemplateKind,
)
from ..queries import effective_templates
from ._common import a_date, check_version, require, text
from .numbering import number_round
from .round_reports import (
    accept_report,
    close_round,
    report_content,
    report_hash,
    report_round,
    start_round,
)
from .scope import add_procedure_to_scope, bind_revisions, check_impartiality

__all__ = [
    "WrongPassword",
    "accept_report",
    "clone_round",
    "close_round",
    "create_round",
    "report_round",
    "start_round",
    "update_round",
    "check_impartiality",
    "bind_revisions",
    "add_procedure_to_scope",
    "report_content",
    "report_hash",
]

TEXT_FIELDS = (
    ("title", 500),
    ("plan_ref", 300),
    ("inspecting_body", 300),
    ("leader_name", 200),
    ("summary", None),
    ("conclusion", None),
    ("report_no", 80),
)
#: What a reported (not yet accepted) round still takes.
REPORT_FIELDS = {"summary", "conclusion", "report_no", "record_signed_on"}


# --- cleaning ------------------------------------------------------------------------------


def _kind(data: dict, current: Round | None, errors: dict) -> RoundKind | None:
    if current is not None:
        if (
            "kind" in data
            and str(getattr(data["kind"], "value", data["kind"])) != current.kind.value
        ):
            errors["kind"] = _("The kind of a round cannot change.")
        return current.kind
    try:
        return RoundKind(getattr(data.get("kind"), "value", data.get("kind")) or "")
    except ValueError:
        errors["kind"] = _("Choose the kind of round.")
        return None


def _keys(value, field: str, allowed: set[str], errors: dict, message: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors[field] = _("This must be a list.")
        return []
    keys = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        errors[field] = message % {"keys": ", ".join(unknown)}
    return keys


def _procedures(organisation_id: int, ids, errors: dict) -> list[Procedure]:
    if not isinstance(ids, list | tuple) or not all(isinstance(i, int) for i in ids):
        errors["procedure_ids"] = _("This must be a list.")
        return []
    found = list(
        db.session.scalars(
            sa.select(Procedure).where(
                Procedure.organisation_id == organisation_id, Procedure.id.in_(set(ids))
            )
        )
    )
    if len(found) != len(set(ids)):
        errors["procedure_ids"] = _("Choose procedures of your organisation's register.")
    return sorted(found, key=lambda p: p.code)


def _team(organisation_id: int, team, errors: dict, external: bool) -> list[tuple[User, TeamRole]]:
    """The commune's people on the team; an external inspection's team is the inspecting body's,
    so it may name none of them (or only those who accompany it)."""
    if external and not team and (team is None or isinstance(team, list | tuple)):
        return []
    if not isinstance(team, list | tuple) or not team:
        errors["team"] = _("Name the team: one leader and any members.")
        return []
    members, seen = [], set()
    for entry in team:
        user_id = entry.get("user_id") if isinstance(entry, dict) else None
        try:
            role = TeamRole(entry.get("role", "member") if isinstance(entry, dict) else "")
        except ValueError:
            errors["team"] = _("A team role is leader or member.")
            return []
        user = db.session.get(User, user_id) if isinstance(user_id, int) else None
        if user is None or user.organisation_id != organisation_id or not user.active:
            errors["team"] = _("Choose active people of your organisation for the team.")
            return []
        if user.id in seen:
            errors["team"] = _("%(name)s is named twice in the team.", name=user.full_name)
            return []
        seen.add(user.id)
        members.append((user, role))
    leaders = sum(1 for _u, role in members if role is TeamRole.leader)
    if leaders > 1 or (leaders == 0 and not external):
        errors["team"] = _("The team has exactly one leader.")
    return members


def _clean(data: dict, organisation_id: int, current: Round | None) -> dict:
    errors: dict = {}
    clean: dict = {"kind": _kind(data, current, errors)}
    for key, limit in TEXT_FIELDS:
        if key in data:
            clean[key] = text(data[key], limit)
    if (current is None or "title" in data) and not clean.get("title"):
        errors["title"] = _("Enter the title of the round.")
    for key in ("start_date", "end_date"):
        if current is None or key in data:
            clean[key] = a_date(data.get(key), key, errors)
    if "record_signed_on" in data:
        clean["record_signed_on"] = a_date(
            data["record_signed_on"], "record_signed_on", errors, False
        )
    start = clean.get("start_date", current.start_date if current else None)
    end = clean.get("end_date", current.end_date if current else None)
    if start and end and end < start:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if "areas" in data or current is None:
        area_keys = {
            t.key for t in effective_templates(organisation_id) if t.kind is TemplateKind.area
        }
        clean["areas"] = _keys(
            data.get("areas") or [],
            "areas",
            area_keys,
            errors,
            _("Unknown inspection area: %(keys)s."),
        )
    if "clauses" in data or current is None:
        clean["clauses"] = _clauses(data.get("clauses") or [], errors)
    if "procedure_ids" in data or current is None:
        clean["procedures"] = _procedures(organisation_id, data.get("procedure_ids") or [], errors)
    external = clean["kind"] is RoundKind.external_inspection
    if "team" in data or current is None:
        clean["team"] = _team(organisation_id, data.get("team"), errors, external)
    _scope_rules(clean, current, errors)
    _body_rules(clean, current, errors)
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _clauses(value, errors: dict) -> list[str]:
    """The same clause rule as findings and checklist lines: 4 to 10 or a sub-clause (7.5.3)."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors["clauses"] = _("This must be a list.")
        return []
    clauses, unknown = clean_clauses(value)
    if unknown:
        errors["clauses"] = _(
            "Unknown ISO 9001 clause: %(keys)s (use 4 to 10, or a sub-clause such as 7.5.3).",
            keys=", ".join(unknown),
        )
    return clauses


def _body_rules(clean: dict, current: Round | None, errors: dict) -> None:
    """An external inspection names its inspecting body; its leader is a name (the body's
    person), or one of the commune's people, not both; an own round's leader is a user."""

    def value(key):
        return clean.get(key, getattr(current, key) if current is not None else "")

    team = clean.get("team")
    if team is None:
        team = [(m.user, m.role) for m in current.members] if current is not None else []
    user_leader = any(role is TeamRole.leader for _u, role in team)
    if clean.get("kind") is not RoundKind.external_inspection:
        if value("leader_name"):
            errors["leader_name"] = _(
                "Only an external inspection names its leader as text; choose the team leader "
                "among your people."
            )
        return
    if not value("inspecting_body"):
        errors["inspecting_body"] = _(
            "Name the inspecting body, e.g. Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế."
        )
    if value("leader_name") and user_leader and "team" not in errors:
        errors["leader_name"] = _(
            "Name the team leader once: either the inspecting body's person or one of your people."
        )


def _scope_rules(clean: dict, current: Round | None, errors: dict) -> None:
    kind = clean.get("kind")
    areas = clean.get("areas", current.areas if current else [])
    clauses = clean.get("clauses", current.clauses if current else [])
    procedures = clean.get("procedures", current.procedures if current else [])
    if kind is RoundKind.self_inspection and not areas and "areas" not in errors:
        errors["areas"] = _("A self-inspection covers at least one area.")
    if (
        kind is RoundKind.internal_audit
        and not clauses
        and not procedures
        and "clauses" not in errors
    ):
        errors["clauses"] = _("An internal audit covers at least one ISO clause or procedure.")


# --- team ----------------------------------------------------------------------------------


def _set_team(round_: Round, team: list[tuple[User, TeamRole]]) -> None:
    wanted = {user.id: role for user, role in team}
    for member in list(round_.members):  # demote and remove first: one leader at any moment
        if member.user_id not in wanted:
            round_.members.remove(member)
        elif member.role is TeamRole.leader and wanted[member.user_id] is not TeamRole.leader:
            member.role = TeamRole.member
    db.session.flush()
    present = {m.user_id: m for m in round_.members}
    for user, role in team:
        if user.id in present:
            present[user.id].role = role
        else:
            round_.members.append(RoundMember(user_id=user.id, user=user, role=role))
    db.session.flush()


def _team_summary(round_: Round) -> list[dict]:
    return [{"user": m.user.username, "role": m.role} for m in round_.members]


def _apply(round_: Round, clean: dict) -> dict:
    """Set the cleaned values; the changed ones, for the audit entry."""
    changed = {}
    for key in (
        "title",
        "plan_ref",
        "inspecting_body",
        "leader_name",
        "summary",
        "conclusion",
        "report_no",
        "start_date",
        "end_date",
        "record_signed_on",
        "areas",
        "clauses",
    ):
        if key in clean and clean[key] != getattr(round_, key):
            changed[key] = clean[key]
            setattr(round_, key, clean[key])
    if "procedures" in clean and [p.id for p in clean["procedures"]] != [
        p.id for p in round_.procedures
    ]:
        round_.procedures = clean["procedures"]
        changed["procedures"] = [p.code for p in clean["procedures"]]
    if "team" in clean:
        before = {(m.user_id, m.role) for m in round_.members}
        if before != {(u.id, r) for u, r in clean["team"]}:
            _set_team(round_, clean["team"])
            changed["team"] = _team_summary(round_)
    return changed


# --- operations ----------------------------------------------------------------------------


def create_round(organisation_id: int, actor: User, data: dict) -> Round:
    """Plan a round: kind, title, plan reference, dates, scope and team (impartial)."""
    require(rules.can_plan_rounds(actor))
    clean = _clean(data, organisation_id, None)
    check_impartiality([u for u, _r in clean["team"]], clean["procedures"], "team")
    round_ = Round(
        organisation_id=organisation_id,
        kind=clean["kind"],
        status=RoundStatus.planned,
        created_by_id=actor.id,
        title=clean["title"],
        start_date=clean["start_date"],
        end_date=clean["end_date"],
        areas=[],
        clauses=[],
    )
    number_round(round_)
    db.session.add(round_)
    _apply(round_, clean)
    db.session.flush()
    audit.record(
        "round.create",
        round_,
        actor=actor,
        new={
            "kind": round_.kind,
            "reference": round_.reference,
            "title": round_.title,
            "plan_ref": round_.plan_ref,
            **({"inspecting_body": round_.inspecting_body} if round_.inspecting_body else {}),
            **({"leader_name": round_.leader_name} if round_.leader_name else {}),
            "start_date": round_.start_date,
            "team": _team_summary(round_),
            "procedures": [p.code for p in round_.procedures],
        },
    )
    return round_


def _check_editable(round_: Round, clean: dict, data: dict) -> None:
    if round_.is_accepted or round_.status is RoundStatus.closed:
        raise InvalidState(_("The report was accepted; the round can no longer change."))
    if round_.status is RoundStatus.reported and set(data) - REPORT_FIELDS - {"lock_version"}:
        raise InvalidState(_("A reported round only takes changes to its report."))
    if (
        round_.status is not RoundStatus.planned
        and "start_date" in clean
        and clean["start_date"] != round_.start_date
    ):
        raise ValidationFailed(
            fields={"start_date": _("The audit day cannot change once the round has started.")}
        )


def update_round(round_: Round, actor: User, data: dict, lock_version=None) -> Round:
    """Change the plan, scope or team (impartiality checked again), or the report's texts."""
    if round_.is_accepted or round_.status is RoundStatus.closed:
        raise InvalidState(_("The report was accepted; the round can no longer change."))
    require(rules.can_change_round(actor, round_))
    check_version(round_, lock_version)
    clean = _clean(data, round_.organisation_id, round_)
    _check_editable(round_, clean, data)
    if "team" in clean or "procedures" in clean:
        users = [u for u, _r in clean["team"]] if "team" in clean else round_.team_users
        check_impartiality(
            users,
            clean.get("procedures", round_.procedures),
            "team" if "team" in clean else "procedure_ids",
        )
    old = {key: getattr(round_, key) for key in ("start_date",)}
    reference = round_.reference
    changed = _apply(round_, clean)
    if "start_date" in changed:
        number_round(round_)
        if round_.reference != reference:
            old["reference"], changed["reference"] = reference, round_.reference
        lines = list(
            db.session.scalars(sa.select(ChecklistLine).where(ChecklistLine.round_id == round_.id))
        )
        bind_revisions(round_, lines)
    if changed:
        db.session.flush()
        audit.record(
            "round.update",
            round_,
            actor=actor,
            old=old if "start_date" in changed else {},
            new=changed,
        )
    return round_


def clone_round(round_: Round, actor: User, data: dict) -> Round:
    """A new planned round with the same kind, scope, team and checklist questions, results reset."""
    data = {
        "kind": round_.kind,
        "title": data.get("title") or round_.title,
        "plan_ref": data.get("plan_ref", round_.plan_ref),
        "inspecting_body": round_.inspecting_body,
        "leader_name": round_.leader_name,
        "start_date": data.get("start_date"),
        "end_date": data.get("end_date"),
        "areas": list(round_.areas),
        "clauses": list(round_.clauses),
        "procedure_ids": [p.id for p in round_.procedures],
        "team": [{"user_id": m.user_id, "role": m.role.value} for m in round_.members],
    }
    clone = create_round(round_.organisation_id, actor, data)
    clone.cloned_from_id = round_.id
    source = db.session.scalars(
        sa.select(ChecklistLine)
        .where(ChecklistLine.round_id == round_.id)
        .order_by(ChecklistLine.position, ChecklistLine.id)
    ).all()
    lines = [
        ChecklistLine(
            organisation_id=clone.organisation_id,
            round_id=clone.id,
            position=line.position,
            area=line.area,
            clause=line.clause,
            procedure_id=line.procedure_id,
            question=line.question,
        )
        for line in source
    ]
    bind_revisions(clone, lines)
    db.session.add_all(lines)
    db.session.flush()
    audit.record("round.clone", clone, actor=actor, new={"from": round_.id, "lines": len(lines)})
    return clone
