"""Adopting a predecessor's procedure as a new procedure of the successor (issue 15, item 5):
the register entry through the register's own operation, lần 01 as a draft carrying the content
of the issue in force on the predecessor's last day, the legal bases merged by number, and the
provenance kept. Everything is written in the successor; the predecessor is an archive."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import Organisation, User
from ..accounts.tree import predecessor_ids
from ..core import audit
from ..core.errors import NotFound, PermissionDenied, ValidationFailed
from ..extensions import db
from ..procedures import operations as proc_ops
from ..procedures import permissions as proc_rules
from ..procedures.durations import Duration
from ..procedures.legal_citations import number_key
from ..procedures.models import LegalBasis, Procedure, Revision, RevisionStatus
from ..procedures.operations.register import PROCEDURE_FIELDS
from ..procedures.queries import in_force

#: What the successor's register entry copies from the predecessor's: all but the code.
COPIED_FIELDS = tuple(name for name in PROCEDURE_FIELDS if name != "code")


def provenance_text(code: str, organisation_name: str) -> str:
    """How the pages name the source: "from QT-HT-01 of UBND xã Quảng An" in their language."""
    return _("%(code)s of %(org)s", code=code, org=organisation_name)


def provenance_record(code: str, organisation_name: str) -> str:
    """The source as the trail keeps it (stored data, in the documents' Vietnamese)."""
    return f"{code} của {organisation_name}"


def source_revision(procedure: Procedure) -> Revision | None:
    """The predecessor's issue in force on its last day, else its latest approved issue."""
    last_day = procedure.organisation.valid_to
    if last_day is not None:
        found = in_force(procedure.organisation_id, last_day, [procedure.id]).get(procedure.id)
        if found is not None:
            return found
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.procedure_id == procedure.id, Revision.status == RevisionStatus.approved)
        .order_by(Revision.number.desc())
        .limit(1)
    )


def adopted_from(successor_id: int, procedure_id: int) -> Procedure | None:
    return db.session.scalar(
        sa.select(Procedure).where(
            Procedure.organisation_id == successor_id, Procedure.adopted_from_id == procedure_id
        )
    )


def _check(successor: Organisation, procedure: Procedure, actor: User) -> None:
    if procedure.organisation_id not in predecessor_ids(successor.id):
        raise NotFound()
    if actor.organisation_id != successor.id or not proc_rules.can_edit_procedures(actor):
        raise PermissionDenied()
    taken = adopted_from(successor.id, procedure.id)
    if taken is not None:
        raise ValidationFailed(
            _(
                "%(source)s is already adopted as %(code)s of %(org)s.",
                source=provenance_text(procedure.code, procedure.organisation.name),
                code=taken.code,
                org=successor.name,
            ),
            fields={
                "procedure_id": _(
                    "Already adopted as %(code)s: open it and revise it there.", code=taken.code
                )
            },
        )


def _register_data(procedure: Procedure, code: str) -> dict:
    data = {key: getattr(procedure, key) for key in COPIED_FIELDS}
    data["kind"] = procedure.kind.value
    data["distribution_units"] = list(procedure.distribution_units or [])
    data["distribution_roles"] = list(procedure.distribution_roles or [])
    data["code"] = code
    return data


def _steps_for_api(steps: list[dict]) -> list[dict]:
    """Stored steps in the shape the revision operation reads (durations as value and unit)."""
    out = []
    for step in steps or []:
        duration = step.get("duration")
        out.append(
            {**step, "duration": Duration.from_storage(duration).to_api() if duration else None}
        )
    return out


def _draft_data(successor: Organisation, procedure: Procedure, source: Revision | None) -> dict:
    number = source.number if source is not None else None
    summary = _(
        "First issue at %(successor)s, from %(code)s (issue %(number)02d) of %(org)s",
        successor=successor.name,
        code=source.procedure_code or procedure.code,
        number=number,
        org=procedure.organisation.name,
    ) if source is not None else _(
        "First issue at %(successor)s, from %(code)s of %(org)s",
        successor=successor.name,
        code=procedure.code,
        org=procedure.organisation.name,
    )  # fmt: skip
    data = {
        "change_summary": summary,
        "change_location": _("Whole document"),
        "significant": True,
    }
    if source is not None:
        data |= {
            "content": dict(source.content or {}),
            "forms": list(source.forms or []),
            "records": list(source.records or []),
        }
        if procedure.is_tthc:
            data["steps"] = _steps_for_api(source.steps)
    return data


def merged_legal_bases(successor_id: int, actor: User, bases: list[LegalBasis]) -> list:
    """The successor's legal bases for the predecessor's: the one of the same number when the
    successor has it (whatever its spelling), else a copy made now; so two predecessors citing
    the same text give the successor one basis."""
    if not bases:
        return []
    known = {
        number_key(basis.number): basis
        for basis in db.session.scalars(
            sa.select(LegalBasis).where(LegalBasis.organisation_id == successor_id)
        )
    }
    result = []
    for basis in bases:
        key = number_key(basis.number)
        if key not in known:
            known[key] = proc_ops.create_legal_basis(
                successor_id,
                actor,
                {
                    "number": basis.number,
                    "title": basis.title,
                    "issuer": basis.issuer,
                    "issued_on": basis.issued_on,
                    "effective_on": basis.effective_on,
                },
            )
        result.append(known[key])
    return result


def adopt_procedure(
    successor: Organisation, procedure: Procedure, code: str, actor: User
) -> Procedure:
    """Make a predecessor's procedure a new procedure of the successor, lần 01 as a draft."""
    _check(successor, procedure, actor)
    source = source_revision(procedure)
    new = proc_ops.create_procedure(successor.id, actor, _register_data(procedure, code))
    new.adopted_from_id = procedure.id
    new.adopted_from_revision_id = source.id if source is not None else None
    bases = merged_legal_bases(successor.id, actor, list(procedure.legal_bases))
    proc_ops.set_legal_bases(new, actor, bases)
    proc_ops.create_revision(new, actor, _draft_data(successor, procedure, source))
    db.session.flush()
    audit.record(
        "procedure.adopt",
        new,
        actor=actor,
        new={
            "procedure": new.code,
            "provenance": provenance_record(procedure.code, procedure.organisation.name),
        },
    )
    return new


def provenance_of(procedure: Procedure) -> dict | None:
    """{procedure_id, code, organisation_id, organisation, revision_number} of an adopted
    procedure's source (None when it was written in the organisation itself); two lookups."""
    if procedure.adopted_from_id is None:
        return None
    source = db.session.get(Procedure, procedure.adopted_from_id)
    revision = (
        db.session.get(Revision, procedure.adopted_from_revision_id)
        if procedure.adopted_from_revision_id
        else None
    )
    return {
        "procedure_id": source.id,
        "code": source.code,
        "organisation_id": source.organisation_id,
        "organisation": source.organisation.name,
        "revision_number": revision.number if revision is not None else None,
    }
