"""Accepted round reports still match the hash the QMR signed."""

from collections.abc import Iterator

import sqlalchemy as sa
from flask import g, has_app_context

from ..core.integrity import Mismatch
from ..extensions import db
from .models import Round
from .operations.round_reports import report_hash, report_hashes


def prefetch_report_hashes(rounds: list[Round]) -> None:
    """Hash the accepted reports of a list at once, for report_matches of each row (read once)."""
    accepted = [r for r in rounds if r.report_sha256 is not None]
    g.audit_report_hashes = {**g.get("audit_report_hashes", {}), **report_hashes(accepted)}


def report_matches(round_: Round) -> bool:
    if round_.report_sha256 is None:
        return True
    known = g.get("audit_report_hashes", {}) if has_app_context() else {}
    digest = known.pop(round_.id, None) or report_hash(round_)
    return digest == round_.report_sha256


def check_round_reports() -> Iterator[Mismatch]:
    query = sa.select(Round).where(Round.report_sha256.is_not(None)).order_by(Round.id)
    for round_ in db.session.scalars(query):
        if not report_matches(round_):
            yield Mismatch(
                "round report",
                f"{round_.title} (#{round_.id})",
                "content does not match its acceptance signature",
            )
