"""Proof that the record is what was signed: the audit chain, every signature's hash, every file's.

Core checks what it owns (the audit chain and stored files); each feature registers a check for the
signatures it keeps (a revision's content hash, an accepted round report's hash) in its init_app.
`qms verify` runs them all and names every record that differs.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db


@dataclass(frozen=True)
class Mismatch:
    """One record whose stored hash does not match what is stored now."""

    kind: str
    record: str
    problem: str

    def __str__(self) -> str:
        return f"{self.kind} {self.record}: {self.problem}"


#: A check yields the mismatches it finds; `name` says what it covers ("revision signatures").
Check = Callable[[], Iterable[Mismatch]]
_CHECKS: dict[str, Check] = {}


def register_check(name: str, check: Check) -> Check:
    _CHECKS.setdefault(name, check)
    return check


def sha256_of_file(path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def check_files() -> Iterator[Mismatch]:
    """Every stored upload exists and still has the SHA-256 recorded when it was uploaded."""
    from .files import Attachment

    query = sa.select(Attachment).order_by(Attachment.id).execution_options(yield_per=500)
    for attachment in db.session.scalars(query):
        record = f"#{attachment.id} {attachment.original_name}"
        if not attachment.path.is_file():
            yield Mismatch("file", record, "missing on disk")
        elif sha256_of_file(attachment.path) != attachment.sha256:
            yield Mismatch("file", record, "content does not match its SHA-256")


def run_checks() -> dict[str, list[Mismatch]]:
    """Every registered check, by name, with what it found (an empty list when all is intact)."""
    results = {"files": list(check_files())}
    for name, check in _CHECKS.items():
        results[name] = list(check())
    return results
