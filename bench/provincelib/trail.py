"""The audit trail: every event collected while generating, in time order, chained by SHA-256 with
the model's own compute_hash, padded with logins up to the target; then the chain head."""

from datetime import timedelta

import sqlalchemy as sa

from iso_qms.core import audit
from iso_qms.core.audit import GENESIS_HASH, AuditEntry, AuditHead
from iso_qms.extensions import db

from .people import Org
from .writer import Writer


class _Entry:
    """The attributes AuditEntry.compute_hash reads, without an ORM object per row."""

    __slots__ = (
        "seq", "created_at", "actor_id", "actor_name", "organisation_id", "action",
        "object_type", "object_id", "old_values", "new_values", "reason", "client_addr",
        "prev_hash",
    )  # fmt: skip


def pad_with_logins(w: Writer, orgs: list[Org], target: int) -> int:
    """People log in every working day; enough login entries to reach `target` in all."""
    missing = target - len(w.events)
    people = [(org, p) for org in orgs for p in org.people]
    rng = w.rng
    for _ in range(max(0, missing)):
        org, person = rng.choice(people)
        end = person.left or w.today
        day = w.between(person.joined, end - timedelta(days=1))
        w.event(w.at(day, 7, 600), person.ref, org.id, "user.login", "User", person.id)
    return max(0, missing)


def write_trail(w: Writer) -> str:
    """Insert the entries in order and set audit_head; returns the last hash."""
    w.events.sort(key=lambda e: e[0])
    compute = AuditEntry.compute_hash
    canonical = audit._canonical  # what audit.record() stores
    prev = GENESIS_HASH
    entry = _Entry()
    future = 0
    for seq, (when, actor, org_id, action, obj_type, obj_id, old, new, reason) in enumerate(
        w.events, start=1
    ):
        future += when > w.now
        entry.seq, entry.created_at = seq, when
        entry.actor_id, entry.actor_name = (actor or (None, ""))[0], (actor or (None, ""))[1]
        entry.organisation_id, entry.action, entry.object_type = org_id, action, obj_type
        entry.object_id = str(obj_id)
        entry.old_values, entry.new_values = canonical(old), canonical(new)
        entry.reason = reason
        entry.client_addr = f"10.{org_id % 250}.0.{actor[0] % 250}" if actor and org_id else ""
        entry.prev_hash = prev
        prev = compute(entry)
        w.add("audit_entries", {name: getattr(entry, name) for name in _Entry.__slots__}
              | {"id": seq, "hash": prev})  # fmt: skip
    w.flush()
    db.session.execute(
        sa.update(AuditHead).where(AuditHead.id == 1).values(last_seq=len(w.events), last_hash=prev)
    )
    if future:
        print(f"  warning: {future} audit entries are dated after now", flush=True)
    return prev
