"""Importing the official TTHC catalogue: a preview per row, then all or nothing, idempotent."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import User
from ..core import audit
from ..core.errors import PermissionDenied, ValidationFailed
from ..core.text import nfc
from ..core.timeutil import utcnow
from ..extensions import db
from . import permissions as rules
from .catalogue import CatalogueRow
from .legal_citations import Resolution, resolve
from .models import (
    LegalBasis,
    Procedure,
    ProcedureKind,
    Revision,
    RevisionStatus,
    code_key,
    procedure_legal_bases,
)
from .operations.register import SIGNED_STATUSES, code_taken_message, sync_open_draft


@dataclass
class PreviewRow:
    line: int
    tthc_code: str
    title: str
    field: str
    statutory: str
    legal_bases: list[str]
    action: str  # create, update, unchanged, error
    changes: list[str] = field(default_factory=list)
    #: Changes to what a signed issue prints (the title): not applied to it, proposed as a draft.
    through_revision: list[str] = field(default_factory=list)
    #: The draft revision carrying the new title once applied (None: one is in review).
    draft_revision_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    procedure_id: int | None = None
    #: Each cited text as the register knows it (its số ký hiệu), "" where it could not be told.
    legal_basis_numbers: list[str] = field(default_factory=list)
    #: The số ký hiệu of the bases this import adds to the register.
    new_legal_bases: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        data = {
            "line": self.line,
            "tthc_code": self.tthc_code,
            "title": self.title,
            "field": self.field,
            "statutory_time": self.statutory,
            "legal_bases": self.legal_bases,
            "legal_bases_matched": self.legal_basis_numbers,
            "legal_bases_new": self.new_legal_bases,
        }
        if self.errors:
            data["errors"] = self.errors
        else:
            data["action"] = self.action
            data["changes"] = self.changes
            data["changes_through_revision"] = self.through_revision
            if self.through_revision:
                data["draft_revision_id"] = self.draft_revision_id
        return data


@dataclass
class ImportResult:
    rows: list[PreviewRow]
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not any(row.errors for row in self.rows)

    def counts(self) -> dict[str, int]:
        result = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            result["error" if row.errors else row.action] += 1
        return result


def _existing(organisation_id: int) -> tuple[dict[str, Procedure], dict[str, LegalBasis], set]:
    procedures = {
        p.tthc_code: p
        for p in db.session.scalars(
            sa.select(Procedure).where(
                Procedure.organisation_id == organisation_id, Procedure.tthc_code != ""
            )
        )
    }
    bases = {
        b.number: b
        for b in db.session.scalars(
            sa.select(LegalBasis).where(LegalBasis.organisation_id == organisation_id)
        )
    }
    links = set(
        db.session.execute(
            sa.select(procedure_legal_bases.c.procedure_id, procedure_legal_bases.c.legal_basis_id)
        ).all()
    )
    return procedures, bases, links


def _changes(
    procedure: Procedure, row: CatalogueRow, numbers: list[str], bases: dict, links: set
) -> list[str]:
    changes = []
    if procedure.title != row.title:
        changes.append("title")
    if procedure.field != row.field:
        changes.append("field")
    if procedure.statutory_minutes != row.statutory.minutes:
        changes.append("statutory_time")
    cited = {n for n in numbers if n not in bases or (procedure.id, bases[n].id) not in links}
    if cited:
        changes.append("legal_bases")
    return changes


def _resolve_legal_bases(rows: list[CatalogueRow], bases: dict[str, LegalBasis]) -> Resolution:
    """Every cited text matched to the register by number, or by title and year."""
    return resolve((text for row in rows for text in row.legal_bases), bases.values())


def _cited(item: "PreviewRow", row: CatalogueRow, resolution: Resolution) -> None:
    for text in row.legal_bases:
        key = nfc(text)
        if key in resolution.errors:
            item.errors.setdefault("legal_bases", resolution.errors[key])
        number = resolution.numbers.get(key, "")
        item.legal_basis_numbers.append(number)
        if number in resolution.new and number not in item.new_legal_bases:
            item.new_legal_bases.append(number)


def preview(organisation_id: int, rows: list[CatalogueRow]) -> ImportResult:
    """What importing would do, row by row; four queries whatever the number of rows."""
    procedures, bases, links = _existing(organisation_id)
    resolution = _resolve_legal_bases(rows, bases)
    codes = dict(  # compared whatever the letter case, named as written
        db.session.execute(
            sa.select(Procedure.code_key, Procedure.code).where(
                Procedure.organisation_id == organisation_id
            )
        ).all()
    )
    signed = set(
        db.session.scalars(
            sa.select(Revision.procedure_id).where(
                Revision.organisation_id == organisation_id, Revision.status.in_(SIGNED_STATUSES)
            )
        )
    )
    result = []
    for row in rows:
        item = PreviewRow(
            row.line,
            row.tthc_code,
            row.title,
            row.field,
            row.statutory_text,
            row.legal_bases,
            "create",
            errors=dict(row.errors),
        )
        _cited(item, row, resolution)
        numbers = [n for n in item.legal_basis_numbers if n]
        current = procedures.get(row.tthc_code)
        if not item.errors and current is not None:
            item.procedure_id = current.id
            item.changes = _changes(current, row, numbers, bases, links)
            if "title" in item.changes and current.id in signed:
                item.changes.remove("title")
                item.through_revision = ["title"]
            item.action = "update" if item.changes else "unchanged"
        elif not item.errors and code_key(_code_for(row)) in codes:
            item.errors["tthc_code"] = code_taken_message(codes[code_key(_code_for(row))])
        result.append(item)
    return ImportResult(result)


def _code_for(row: CatalogueRow) -> str:
    return f"TTHC-{row.tthc_code}"[:40]


def apply(organisation_id: int, actor: User, rows: list[CatalogueRow]) -> ImportResult:
    """Apply the whole file or nothing: any bad row refuses it all (422)."""
    if not rules.can_edit_procedures(actor):
        raise PermissionDenied()
    result = preview(organisation_id, rows)
    if not result.ok:
        raise ValidationFailed(
            _("Nothing was imported: correct the rows with errors and try again."),
            fields={
                f"row {row.line}": "; ".join(row.errors.values())
                for row in result.rows
                if row.errors
            },
        )
    procedures, bases, links = _existing(organisation_id)
    resolution = _resolve_legal_bases(rows, bases)
    if resolution.new:
        from ..core.text import fold

        db.session.execute(
            sa.insert(LegalBasis),
            [
                {
                    "organisation_id": organisation_id,
                    "number": known.number,
                    "title": known.title,
                    "issuer": "",
                    "search_key": fold(f"{known.number} {known.title}")[:1000],
                    "lock_version": 1,
                }
                for _number, known in sorted(resolution.new.items())
            ],
        )
        bases = {
            b.number: b
            for b in db.session.scalars(
                sa.select(LegalBasis).where(LegalBasis.organisation_id == organisation_id)
            )
        }
    by_row = {row.line: row for row in rows}
    creates = [by_row[p.line] for p in result.rows if p.action == "create"]
    if creates:
        from ..core.text import fold

        db.session.execute(
            sa.insert(Procedure),
            [
                {
                    "organisation_id": organisation_id,
                    "code": _code_for(r),
                    "code_key": code_key(_code_for(r)),
                    "title": r.title,
                    "kind": ProcedureKind.tthc,
                    "field": r.field,
                    "tthc_code": r.tthc_code,
                    "statutory_minutes": r.statutory.minutes,
                    "statutory_unit": r.statutory.unit,
                    "statutory_within_day": r.statutory.within_day,
                    "review_interval_months": 12,
                    "distribution_units": [],
                    "distribution_roles": [],
                    "withdrawn_reason": "",
                    "owner_unit": "",
                    "lock_version": 1,
                    "search_key": fold(f"{_code_for(r)} {r.title} {r.field} {r.tthc_code}")[:1000],
                }
                for r in creates
            ],
        )
        procedures, _bases, links = _existing(organisation_id)
        from .models import StatutoryTime

        db.session.execute(
            sa.insert(StatutoryTime.__table__),
            [
                {
                    "procedure_id": procedures[r.tthc_code].id,
                    "minutes": r.statutory.minutes,
                    "recorded_at": utcnow(),
                }
                for r in creates
            ],
        )
    for item in result.rows:
        if item.action == "update":
            _update(procedures[item.tthc_code], by_row[item.line], item.changes)
        if item.through_revision:
            item.draft_revision_id = _propose_title(procedures[item.tthc_code], actor, item.title)
    new_links = {
        (procedures[r.tthc_code].id, bases[resolution.numbers[nfc(text)]].id)
        for r in rows
        for text in r.legal_bases
    } - links
    if new_links:
        db.session.execute(
            sa.insert(procedure_legal_bases),
            [{"procedure_id": p, "legal_basis_id": b} for p, b in sorted(new_links)],
        )
    db.session.flush()
    result.applied = True
    audit.record(
        "procedure.import", None, actor=actor, organisation_id=organisation_id, new=result.counts()
    )
    return result


def _propose_title(procedure: Procedure, actor: User, title: str) -> int | None:
    """A new title of a signed procedure is proposed as a draft revision carrying it (the open
    draft takes it, if there is one); the procedure is renamed when that draft is approved. A
    revision in review is left as it was signed for review: None."""
    from .operations.revisions import create_revision, open_revision_of, update_revision

    if procedure.withdrawn_on is not None:
        return None
    revision = open_revision_of(procedure)
    if revision is not None and (
        revision.status is not RevisionStatus.draft or not rules.can_edit_revision(actor, revision)
    ):
        return None
    data = {"procedure_title": title}
    if revision is None:
        summary = _("Title as in the TTHC catalogue: %(title)s", title=title)
        data |= {"change_summary": summary[:2000], "change_location": _("Title"),
                 "significant": False}  # fmt: skip
        return create_revision(procedure, actor, data).id
    if revision.procedure_title != title:
        update_revision(revision, actor, data)
    return revision.id


def _update(procedure: Procedure, row: CatalogueRow, changes: list[str]) -> None:
    """A changed row updates its procedure; a shorter statutory time can put it out of 3.4.2.
    A title printed on a signed issue is left to a revision (not in `changes`)."""
    old = {
        "title": procedure.title,
        "field": procedure.field,
        "statutory_time": procedure.statutory_minutes,
    }
    if "title" in changes:
        procedure.title = row.title
    procedure.field = row.field
    procedure.statutory = row.statutory
    sync_open_draft(procedure)
    new = {
        "title": procedure.title,
        "field": procedure.field,
        "statutory_time": procedure.statutory_minutes,
    }
    if old != new:
        db.session.flush()
        audit.record(
            "procedure.update",
            procedure,
            new={k: v for k, v in new.items() if old[k] != v},
            old={k: v for k, v in old.items() if new[k] != v},
            reason=_("TTHC catalogue import"),
        )
