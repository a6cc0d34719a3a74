"""The tamper-evident audit trail: append-only entries chained by SHA-256."""

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from blinker import Namespace
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.local import LocalProxy

from ..extensions import db
from .timeutil import UTCDateTime, utcnow

GENESIS_HASH = "0" * 64

#: Sent after each entry is appended, in the same transaction: `recorded.send(entry, obj=..., actor=...)`.
#: Features subscribe to tell people at the event (notifications) without the operations knowing.
recorded = Namespace().signal("audit-recorded")


class AuditEntry(db.Model):
    """Who did what to which record, when, from where and why. Never updated or deleted."""

    __archive_exempt__ = True  #: written whatever the organisation's state (accounts/tree.py)

    __tablename__ = "audit_entries"
    __table_args__ = (
        # The trail of one organisation, newest first (home page, /audit): a walk down this index
        # instead of a sort of the whole province's trail.
        sa.Index("ix_audit_entries_org_seq", "organisation_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Position in the chain, 1, 2, 3 ... without gaps.
    seq: Mapped[int] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: The actor's username as it was, so the entry reads the same forever.
    actor_name: Mapped[str] = mapped_column(sa.String(64), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    object_id: Mapped[str] = mapped_column(sa.String(64), default="")
    #: Canonical JSON of the changed fields before and after.
    old_values: Mapped[str] = mapped_column(sa.Text, default="{}")
    new_values: Mapped[str] = mapped_column(sa.Text, default="{}")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    client_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    @property
    def old(self) -> dict:
        return json.loads(self.old_values or "{}")

    @property
    def new(self) -> dict:
        return json.loads(self.new_values or "{}")

    def compute_hash(self) -> str:
        payload = {
            "seq": self.seq,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "organisation_id": self.organisation_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "old_values": self.old_values,
            "new_values": self.new_values,
            "reason": self.reason,
            "client_addr": self.client_addr,
            "prev_hash": self.prev_hash,
        }
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditHead(db.Model):
    """One row holding the end of the chain; locked while an entry is appended."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    raise RuntimeError("audit entries are append-only")


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set) else items
    return value


def _canonical(values: dict | None) -> str:
    return json.dumps(_jsonable(values or {}), sort_keys=True, ensure_ascii=False)


def _unproxied(value: Any) -> Any:
    """`current_user` and the like are werkzeug proxies: record the object they stand for, so the
    entry names "User 6", not "LocalProxy 6"."""
    return value._get_current_object() if isinstance(value, LocalProxy) else value


def record(
    action: str,
    obj: Any = None,
    *,
    old: dict | None = None,
    new: dict | None = None,
    reason: str = "",
    actor: Any = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Append an entry to the chain (flushes; the caller's transaction commits it)."""
    obj, actor = _unproxied(obj), _unproxied(actor)
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if organisation_id is None:
        organisation_id = getattr(obj, "organisation_id", None) or getattr(
            actor, "organisation_id", None
        )
    head = db.session.execute(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    entry = AuditEntry(
        seq=head.last_seq + 1,
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or "",
        organisation_id=organisation_id,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "") or "") if obj is not None else "",
        old_values=_canonical(old),
        new_values=_canonical(new),
        reason=reason or "",
        client_addr=(request.remote_addr or "") if has_request_context() else "",
        prev_hash=head.last_hash,
    )
    entry.hash = entry.compute_hash()
    head.last_seq = entry.seq
    head.last_hash = entry.hash
    db.session.add(entry)
    db.session.flush()
    recorded.send(entry, obj=obj, actor=actor)
    return entry


@dataclass
class ChainReport:
    ok: bool
    checked: int
    bad_seq: int | None = None
    bad_id: int | None = None
    problem: str = ""


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first entry that was edited, removed or moved."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    query = sa.select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in db.session.scalars(query):
        if entry.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, entry.id, "missing or reordered entry")
        if entry.prev_hash != expected_prev:
            return ChainReport(False, checked, entry.seq, entry.id, "link to previous entry broken")
        if entry.compute_hash() != entry.hash:
            return ChainReport(
                False, checked, entry.seq, entry.id, "content does not match its hash"
            )
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(
            False, checked, checked + 1, None, "entries missing at the end of the chain"
        )
    return ChainReport(True, checked)
