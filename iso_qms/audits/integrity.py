"""Accepted round reports still match the hash the QMR signed."""

from collections.abc import Iterator

import sqlalchemy as sa

from ..core.integrity import Mismatch
from ..extensions import db
from .models import Round
from .operations.round_reports import report_hash


def report_matches(round_: Round) -> bool:
    return round_.report_sha256 is None or report_hash(round_) == round_.report_sha256


def check_round_reports() -> Iterator[Mismatch]:
    query = sa.select(Round).where(Round.report_sha256.is_not(None)).order_by(Round.id)
    for round_ in db.session.scalars(query):
        if not report_matches(round_):
            yield Mismatch(
                "round report",
                f"{round_.title} (#{round_.id})",
                "content does not match its acceptance signature",
            )
