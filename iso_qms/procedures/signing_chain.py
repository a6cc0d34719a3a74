"""The signing chain of an organisation: by role, who reviews (Xem xét) and who approves (Phê duyệt)
a revision. Drafting stays with the editors (ISO secretary, QMR); the author never signs the review
or the approval.

An organisation that set no chain has the default one: the QMR approves, and the QMR may (need not)
sign a review first. A commune typically sets "the QMR (Phó Chủ tịch) reviews, the head (Chủ tịch)
approves"; with two roles named, one person never signs both steps.
"""

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from flask import g, has_app_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Role, User, UserRole
from ..core import audit
from ..core.errors import EditConflict, PermissionDenied, ValidationFailed
from ..core.models import LabelledEnum, enum_type
from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db
from .models import Revision, RevisionStatus, Signature, SignatureMeaning


class ChainRole(LabelledEnum):
    """The roles a signing step may name."""

    qmr = "qmr", _l("Quality management representative (QMR)")
    head = "head", _l("Head of the committee")

    @property
    def role(self) -> Role:
        return Role(self.value)


class SigningChain(db.Model):
    """One organisation's signing chain; absent means the default (the QMR reviews and approves)."""

    __tablename__ = "signing_chains"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), unique=True)
    #: Who signs the review (xem xét).
    review_role: Mapped[ChainRole] = mapped_column(enum_type(ChainRole, "chain_review_role"))
    #: Whether the approval waits for that review signature.
    review_required: Mapped[bool] = mapped_column(default=True)
    #: Who signs the approval (phê duyệt).
    approve_role: Mapped[ChainRole] = mapped_column(enum_type(ChainRole, "chain_approve_role"))
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    updated_by = relationship("User", lazy="joined")
    __mapper_args__ = {"version_id_col": lock_version}


@dataclass(frozen=True)
class Chain:
    """The chain in effect for an organisation (its own row, or the default)."""

    organisation_id: int | None = None
    review_role: ChainRole = ChainRole.qmr
    review_required: bool = False
    approve_role: ChainRole = ChainRole.qmr
    is_default: bool = True
    lock_version: int | None = None
    updated_at: datetime | None = None
    updated_by_name: str = ""

    @property
    def two_signers(self) -> bool:
        """Two roles named: the reviewer and the approver must be two people."""
        return self.review_role is not self.approve_role

    @property
    def drafter_roles(self) -> tuple[Role, ...]:
        from .permissions import EDITORS

        return EDITORS

    def as_dict(self) -> dict:
        return {
            "review_role": self.review_role.value,
            "review_required": self.review_required,
            "approve_role": self.approve_role.value,
        }


DEFAULT_CHAIN = Chain()
#: The roles that may sign a step of some chain: the routes let them in, the chain decides.
SIGNER_ROLES = (Role.qmr, Role.head)


def _from_row(row: SigningChain | None, organisation_id: int) -> Chain:
    if row is None:
        return replace(DEFAULT_CHAIN, organisation_id=organisation_id)
    return Chain(
        organisation_id=organisation_id,
        review_role=row.review_role,
        review_required=row.review_required,
        approve_role=row.approve_role,
        is_default=False,
        lock_version=row.lock_version,
        updated_at=row.updated_at,
        updated_by_name=row.updated_by.full_name if row.updated_by else "",
    )


def _cache() -> dict:
    return g.setdefault("signing_chains", {}) if has_app_context() else {}


def chain_for(organisation_id: int) -> Chain:
    """The chain in effect for the organisation (one query per organisation and request)."""
    cache = _cache()
    if organisation_id not in cache:
        row = db.session.scalar(
            sa.select(SigningChain).where(SigningChain.organisation_id == organisation_id)
        )
        cache[organisation_id] = _from_row(row, organisation_id)
    return cache[organisation_id]


def _role_or_error(value, field: str, errors: dict) -> ChainRole | None:
    try:
        return value if isinstance(value, ChainRole) else ChainRole(value)
    except ValueError:
        errors[field] = _("Choose the QMR or the head of the committee.")
        return None


def _nobody_holds(organisation_id: int, role: ChainRole) -> bool:
    return not db.session.scalar(
        sa.select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.organisation_id == organisation_id, User.active, UserRole.role == role.role)
        .limit(1)
    )


def _clean_chain(organisation_id: int, data: dict) -> dict:
    errors: dict = {}
    review = _role_or_error(data.get("review_role"), "review_role", errors)
    approve = _role_or_error(data.get("approve_role"), "approve_role", errors)
    required = data.get("review_required", True)
    if not isinstance(required, bool):
        errors["review_required"] = _("Say whether the approval waits for the review (yes or no).")
    for field, role in (("approve_role", approve), ("review_role", review)):
        if role is not None and field not in errors and _nobody_holds(organisation_id, role):
            errors[field] = _(
                "Nobody active in your organisation holds the role %(role)s: give it to someone "
                "first.",
                role=role.label,
            )
    if errors:
        raise ValidationFailed(fields=errors)
    return {"review_role": review, "approve_role": approve, "review_required": required}


def can_set_signing_chain(user) -> bool:
    """The organisation's administrator sets its chain."""
    return user.has_role(Role.admin)


def set_signing_chain(
    organisation_id: int, actor: User, data: dict, lock_version: int | None = None
) -> Chain:
    """Set who reviews and who approves the organisation's revisions; audited."""
    if not can_set_signing_chain(actor) or actor.organisation_id != organisation_id:
        raise PermissionDenied(_("Only the administrator of the organisation sets its chain."))
    clean = _clean_chain(organisation_id, data)
    row = db.session.scalar(
        sa.select(SigningChain).where(SigningChain.organisation_id == organisation_id)
    )
    old = _from_row(row, organisation_id).as_dict()
    if row is None:
        row = SigningChain(organisation_id=organisation_id, **clean)
        db.session.add(row)
    else:
        if lock_version is not None and int(lock_version) != row.lock_version:
            raise EditConflict()
        for key, value in clean.items():
            setattr(row, key, value)
    row.updated_by_id = actor.id
    db.session.flush()
    _cache().pop(organisation_id, None)
    db.session.refresh(row, ["updated_by"])
    chain = _from_row(row, organisation_id)
    audit.record(
        "signing_chain.update",
        row,
        actor=actor,
        old=old,
        new=chain.as_dict(),
        organisation_id=organisation_id,
    )
    return chain


def current_review(revision: Revision) -> Signature | None:
    """The review signature that counts for the revision as it stands: on a revision in review,
    one signed since it was (last) submitted, so a review made before it was sent back and changed
    does not count; on an approved one, the review of the content approved. No content is loaded:
    a revision in review cannot change, and approval stored its hash."""
    review = revision.signature(SignatureMeaning.reviewed)
    if review is None:
        return None
    if revision.status is RevisionStatus.approved:
        return review if review.content_sha256 == revision.content_sha256 else None
    if revision.status is RevisionStatus.in_review and revision.submitted_at is not None:
        return review if review.signed_at >= revision.submitted_at else None
    return None


@dataclass
class SignoffCell:
    name: str = ""
    position: str = ""
    signed_at: datetime | None = None
    #: For a step not signed yet on an open revision: the role the chain names.
    waiting_for: str = ""


def signoff(revision: Revision) -> dict[str, SignoffCell]:
    """The three people of the sign-off block (drafted, reviewed, approved), as signed; an open
    revision shows, for a step not signed yet, whom the chain waits for."""
    chain = chain_for(revision.organisation_id)
    authored = revision.signature(SignatureMeaning.authored)
    approved = revision.signature(SignatureMeaning.approved)
    review = current_review(revision)
    cells = {
        "authored": _cell(authored)
        if authored
        else SignoffCell(revision.author.full_name, revision.author.position),
        "reviewed": _cell(review) if review else SignoffCell(),
        "approved": _cell(approved) if approved else SignoffCell(),
    }
    if revision.status is RevisionStatus.in_review:
        if review is None:
            cells["reviewed"].waiting_for = chain.review_role.label
        cells["approved"].waiting_for = chain.approve_role.label
    return cells


def _cell(signature: Signature) -> SignoffCell:
    return SignoffCell(signature.signer_name, signature.signer_position, signature.signed_at)
