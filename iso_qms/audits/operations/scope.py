"""A round's scope and the team's impartiality over it; checklist lines bound to the revision in
force on the audit day."""

from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import ValidationFailed
from ...extensions import db
from ...procedures.models import Procedure
from ...procedures.queries import in_force
from .. import permissions as rules
from ..models import ChecklistLine, Round


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


def bind_revisions(round_: Round, lines: list[ChecklistLine]) -> None:
    """Bind procedure lines to the revision in force on the round's audit day (start date)."""
    ids = {line.procedure_id for line in lines if line.procedure_id}
    current = in_force(round_.organisation_id, round_.start_date, ids) if ids else {}
    for line in lines:
        revision = current.get(line.procedure_id) if line.procedure_id else None
        line.revision_id = revision.id if revision else None


def add_procedure_to_scope(round_: Round, actor: User, procedure: Procedure) -> None:
    """Widen the scope by one procedure (a finding or a checklist line on it), impartially."""
    if procedure in round_.procedures:
        return
    check_impartiality(round_.team_users, [procedure], "procedure_id")
    round_.procedures = sorted([*round_.procedures, procedure], key=lambda p: p.code)
    db.session.flush()
    audit.record("round.scope_add", round_, actor=actor, new={"procedure": procedure.code})
