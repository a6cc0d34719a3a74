"""The legal-basis register: external documents, and their amendment or replacement."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...accounts.models import User
from ...core import audit
from ...core.errors import InvalidState, ValidationFailed
from ...core.text import nfc
from ...core.timeutil import utcnow
from ...extensions import db
from ..legal_citations import number_key
from ..models import LegalBasis, LegalChange
from ._common import _check_version

LEGAL_FIELDS = ("number", "title", "issuer", "issued_on", "effective_on")


def _clean_legal(data: dict, organisation_id: int, current: LegalBasis | None) -> dict:
    clean = {k: nfc(v) if isinstance(v, str) else v for k, v in data.items() if k in LEGAL_FIELDS}
    errors = {}
    if ("number" in clean or current is None) and not clean.get("number"):
        errors["number"] = _("Enter the document number, e.g. 61/2018/NĐ-CP.")
    issued, effective = clean.get("issued_on"), clean.get("effective_on")
    if issued and effective and effective < issued:
        errors["effective_on"] = _("The effective date cannot be before the issue date.")
    if errors:
        raise ValidationFailed(fields=errors)
    number = clean.get("number")
    if number and (current is None or number != current.number):
        _refuse_known_number(organisation_id, number, current)
    return clean


def _refuse_known_number(organisation_id: int, number: str, current: LegalBasis | None) -> None:
    """One entry per text: "61/2018/ND-CP" or "61/2018/nđ-cp" is 61/2018/NĐ-CP already there."""
    query = sa.select(LegalBasis.id, LegalBasis.number).where(
        LegalBasis.organisation_id == organisation_id
    )
    if current is not None:
        query = query.where(LegalBasis.id != current.id)
    key = number_key(number)
    for _id, known in db.session.execute(query):
        if number_key(known) == key:
            raise ValidationFailed(
                fields={
                    "number": _(
                        "This document is already in the register as %(number)s.", number=known
                    )
                }
            )


def create_legal_basis(organisation_id: int, actor: User | None, data: dict) -> LegalBasis:
    """Add an external document to the legal-basis register."""
    clean = _clean_legal(data, organisation_id, None)
    basis = LegalBasis(organisation_id=organisation_id, **clean)
    db.session.add(basis)
    db.session.flush()
    audit.record("legal_basis.create", basis, actor=actor, new=clean)
    return basis


def update_legal_basis(basis: LegalBasis, actor: User, data: dict, lock_version=None) -> LegalBasis:
    _check_version(basis, lock_version)
    clean = _clean_legal(data, basis.organisation_id, basis)
    old = {k: getattr(basis, k) for k in clean if getattr(basis, k) != clean[k]}
    for key in old:
        setattr(basis, key, clean[key])
    if old:
        db.session.flush()
        audit.record(
            "legal_basis.update", basis, actor=actor, old=old, new={k: clean[k] for k in old}
        )
    return basis


def mark_superseded(
    basis: LegalBasis, actor: User | None, new: LegalBasis, kind: LegalChange
) -> LegalBasis:
    """Record that a legal basis was amended or replaced: every procedure citing it is flagged."""
    if new.id == basis.id or new.organisation_id != basis.organisation_id:
        raise ValidationFailed(
            fields={"superseded_by": _("Choose another document of the register.")}
        )
    if basis.superseded_by_id is not None:
        raise InvalidState(_("This document is already marked as amended or replaced."))
    if new.effective_on is None:
        raise ValidationFailed(
            fields={
                "superseded_by": _(
                    "Enter the effective date of the new document first: the update deadline counts from it."
                )
            }
        )
    basis.superseded_by, basis.change_kind, basis.superseded_marked_at = new, kind, utcnow()
    db.session.flush()
    audit.record(
        "legal_basis.superseded",
        basis,
        actor=actor,
        new={"by": new.number, "kind": kind, "update_due_on": basis.update_due_on},
    )
    return basis
