"""The signatures of document control still match what they signed (21 CFR 11.70 in spirit)."""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..core.integrity import Mismatch
from ..extensions import db
from .content import content_hash
from .models import Revision, Signature, SignatureMeaning


def signature_matches(revision: Revision) -> bool:
    """True when the revision is unsigned, or its content still hashes to what was signed."""
    return revision.content_sha256 is None or content_hash(revision) == revision.content_sha256


def check_revision_signatures() -> Iterator[Mismatch]:
    """Every signed revision: its stored hash and each signature's hash against the content now."""
    query = (
        sa.select(Revision)
        .where(
            sa.or_(
                Revision.content_sha256.is_not(None),
                Revision.id.in_(sa.select(Signature.revision_id)),
            )
        )
        .options(selectinload(Revision.procedure), selectinload(Revision.signatures))
        .order_by(Revision.id)
        .execution_options(yield_per=500)
    )
    for revision in db.session.scalars(query):
        now = content_hash(revision)
        name = f"{revision.procedure.code} lần {revision.number:02d} (#{revision.id})"
        if revision.content_sha256 is not None and revision.content_sha256 != now:
            yield Mismatch("revision", name, "content does not match its approval signature")
        # The last signature of each meaning is the one that stands (an earlier review may
        # predate a return to draft and an edit, legitimately).
        for meaning in SignatureMeaning:
            signature = revision.signature(meaning)
            if signature and revision.content_sha256 and signature.content_sha256 != now:
                yield Mismatch(
                    "signature",
                    f"{name} {signature.meaning.value} by {signature.signer_name}",
                    "content does not match the signed hash",
                )
