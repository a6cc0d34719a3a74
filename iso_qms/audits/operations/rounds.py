"""Rounds: plan, scope and team (impartiality), planned → in progress → reported → closed, and the
QMR's e-signature on the report."""

import hashlib
import json

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, PermissionDenied, ValidationFailed
from ...core.timeutil import utcnow
from ...extensions import db
from ...procedures.models import Procedure
from ...procedures.operations import WrongPassword, _check_signer
from ...procedures.queries import in_force
from .. import permissions as rules
from ..catalogue import ISO_CLAUSES
from ..models import (
    ChecklistLine,
    Finding,
    Round,
    RoundKind,
    RoundMember,
    RoundStatus,
    TeamRole,
    TemplateKind,
)
from ..queries import effective_templates
from ._common import a_date, check_version, require, text

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
]

TEXT_FIELDS = (
    ("title", 500),
    ("plan_ref", 300),
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


def _team(organisation_id: int, team, errors: dict) -> list[tuple[User, TeamRole]]:
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
    if sum(1 for _u, role in members if role is TeamRole.leader) != 1:
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
        clean["clauses"] = _keys(
            data.get("clauses") or [],
            "clauses",
            set(ISO_CLAUSES),
            errors,
            _("Unknown ISO 9001 clause: %(keys)s (use 4 to 10)."),
        )
    if "procedure_ids" in data or current is None:
        clean["procedures"] = _procedures(organisation_id, data.get("procedure_ids") or [], errors)
    if "team" in data or current is None:
        clean["team"] = _team(organisation_id, data.get("team"), errors)
    _scope_rules(clean, current, errors)
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


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


def check_impartiality(users: list[User], procedures: list[Procedure], field: str) -> None:
    """Refuse (422, with the reasons) a team member auditing their unit's or their own procedure."""
    conflicts = rules.impartiality_conflicts(users, procedures)
    if not conflicts:
        return
    messages = []
    for c in conflicts:
        if c.reason == "own_unit":
            messages.append(
                _(
                    "%(name)s may not audit %(code)s: it belongs to their own unit.",
                    name=c.user_name,
                    code=c.procedure_code,
                )
            )
        else:
            messages.append(
                _(
                    "%(name)s may not audit %(code)s: they wrote a revision of it.",
                    name=c.user_name,
                    code=c.procedure_code,
                )
            )
    raise ValidationFailed(fields={field: messages})


# --- team and scope ------------------------------------------------------------------------


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


def bind_revisions(round_: Round, lines: list[ChecklistLine]) -> None:
    """Bind procedure lines to the revision in force on the round's audit day (start date)."""
    ids = {line.procedure_id for line in lines if line.procedure_id}
    current = in_force(round_.organisation_id, round_.start_date, ids) if ids else {}
    for line in lines:
        revision = current.get(line.procedure_id) if line.procedure_id else None
        line.revision_id = revision.id if revision else None


def _team_summary(round_: Round) -> list[dict]:
    return [{"user": m.user.username, "role": m.role} for m in round_.members]


def _apply(round_: Round, clean: dict) -> dict:
    """Set the cleaned values; the changed ones, for the audit entry."""
    changed = {}
    for key in (
        "title",
        "plan_ref",
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
    db.session.add(round_)
    _apply(round_, clean)
    db.session.flush()
    audit.record(
        "round.create",
        round_,
        actor=actor,
        new={
            "kind": round_.kind,
            "title": round_.title,
            "plan_ref": round_.plan_ref,
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
    changed = _apply(round_, clean)
    if "start_date" in changed:
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


def add_procedure_to_scope(round_: Round, actor: User, procedure: Procedure) -> None:
    """Widen the scope by one procedure (a finding or a checklist line on it), impartially."""
    if procedure in round_.procedures:
        return
    check_impartiality(round_.team_users, [procedure], "procedure_id")
    round_.procedures = sorted([*round_.procedures, procedure], key=lambda p: p.code)
    db.session.flush()
    audit.record("round.scope_add", round_, actor=actor, new={"procedure": procedure.code})


def _transition(
    round_: Round,
    actor: User,
    expected: RoundStatus,
    new: RoundStatus,
    action: str,
    message: str,
    **stamps,
) -> Round:
    if round_.status is not expected:
        raise InvalidState(message)
    require(rules.can_change_round(actor, round_))
    old = round_.status
    round_.status = new
    for key, value in stamps.items():
        setattr(round_, key, value)
    db.session.flush()
    audit.record(action, round_, actor=actor, old={"status": old}, new={"status": new})
    return round_


def start_round(round_: Round, actor: User) -> Round:
    """Planned → in progress."""
    return _transition(
        round_,
        actor,
        RoundStatus.planned,
        RoundStatus.in_progress,
        "round.start",
        _("Only a planned round can be started."),
        started_at=utcnow(),
    )


def _report_problems(round_: Round) -> dict:
    errors = {}
    if not round_.summary:
        errors["summary"] = _("Write the summary of the report.")
    unanswered = db.session.scalar(
        sa.select(sa.func.count(ChecklistLine.id)).where(
            ChecklistLine.round_id == round_.id, ChecklistLine.result.is_(None)
        )
    )
    if unanswered:
        errors["checklist"] = _("%(n)d checklist lines have no result yet.", n=unanswered)
    findings = db.session.scalars(
        sa.select(Finding).where(Finding.round_id == round_.id).order_by(Finding.number)
    ).all()
    missing = [f.reference for f in findings if f.lacks_action]
    if missing:
        errors["findings"] = _(
            "Nonconformities %(refs)s need a corrective action request first.",
            refs=", ".join(missing),
        )
    return errors


def report_round(round_: Round, actor: User, summary: str | None = None) -> Round:
    """In progress → reported: every checklist line answered, every nonconformity with its CAR."""
    if round_.status is not RoundStatus.in_progress:
        raise InvalidState(_("Only a round in progress can be reported."))
    require(rules.can_change_round(actor, round_))
    if summary is not None and text(summary):
        round_.summary = text(summary)
    errors = _report_problems(round_)
    if errors:
        raise ValidationFailed(fields=errors)
    return _transition(
        round_,
        actor,
        RoundStatus.in_progress,
        RoundStatus.reported,
        "round.report",
        "",
        reported_at=utcnow(),
        reported_by_id=actor.id,
    )


def report_content(round_: Round) -> dict:
    """What the QMR signs: the report's texts, team, checklist results and findings."""
    lines = db.session.execute(
        sa.select(
            ChecklistLine.id,
            ChecklistLine.question,
            ChecklistLine.result,
            ChecklistLine.note,
            ChecklistLine.revision_id,
        )
        .where(ChecklistLine.round_id == round_.id)
        .order_by(ChecklistLine.id)
    ).all()
    findings = db.session.scalars(
        sa.select(Finding).where(Finding.round_id == round_.id).order_by(Finding.number)
    ).all()
    return {
        "round": round_.id,
        "kind": round_.kind.value,
        "title": round_.title,
        "plan_ref": round_.plan_ref,
        "start_date": round_.start_date.isoformat(),
        "end_date": round_.end_date.isoformat(),
        "summary": round_.summary,
        "conclusion": round_.conclusion,
        "team": sorted([m.user_id, m.role.value] for m in round_.members),
        "lines": [[i, q, r.value if r else None, n, rev] for i, q, r, n, rev in lines],
        "findings": [
            [f.number, f.type.value, f.clause, f.description, f.evidence, f.auditee_unit]
            for f in findings
        ],
    }


def report_hash(round_: Round) -> str:
    canonical = json.dumps(
        report_content(round_), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def accept_report(round_: Round, actor: User, password: str) -> Round:
    """The QMR accepts the report with an e-signature; the findings' texts lock."""
    if round_.status is not RoundStatus.reported or round_.is_accepted:
        raise InvalidState(
            _("Only a reported round whose report is not yet accepted can be accepted.")
        )
    if not rules.can_accept_report(actor, round_):
        raise PermissionDenied(_("Only the quality management representative accepts reports."))
    _check_signer(actor, password)
    now = utcnow()
    round_.report_sha256 = report_hash(round_)
    round_.accepted_at, round_.accepted_by_id = now, actor.id
    round_.accepted_signer_name, round_.accepted_signer_position = actor.full_name, actor.position
    for finding in db.session.scalars(sa.select(Finding).where(Finding.round_id == round_.id)):
        finding.locked_at = now
    db.session.flush()
    audit.record(
        "round.accept",
        round_,
        actor=actor,
        new={"report_sha256": round_.report_sha256, "accepted_at": now},
    )
    return round_


def close_round(round_: Round, actor: User) -> Round:
    """Reported (and accepted) → closed."""
    if round_.status is not RoundStatus.reported:
        raise InvalidState(_("Only a reported round can be closed."))
    if not round_.is_accepted:
        raise InvalidState(_("The QMR must accept the report before the round is closed."))
    if not rules.can_accept_report(actor, round_):
        raise PermissionDenied(_("Only the quality management representative closes rounds."))
    round_.status, round_.closed_at = RoundStatus.closed, utcnow()
    db.session.flush()
    audit.record(
        "round.close",
        round_,
        actor=actor,
        old={"status": RoundStatus.reported},
        new={"status": RoundStatus.closed},
    )
    return round_


def clone_round(round_: Round, actor: User, data: dict) -> Round:
    """A new planned round with the same kind, scope, team and checklist questions, results reset."""
    data = {
        "kind": round_.kind,
        "title": data.get("title") or round_.title,
        "plan_ref": data.get("plan_ref", round_.plan_ref),
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
