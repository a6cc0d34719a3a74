"""The demo communes' signing chains (data/signing_chains.csv), set by their administrator through
the real operation, on the day written there: after the 2020 issues were signed by the QMR (those
signatures are history and stay as they were), so the revisions still in review are reviewed by
the QMR and approved by the Chủ tịch. A row for an organisation that does not exist yet (xã Quảng
Điền, made by the 2025 reform) is set on the story's calendar by reform.py (`set_chain`)."""

from datetime import datetime

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..core.timeutil import LOCAL_TZ, set_clock
from ..extensions import db
from ..procedures.signing_chain import SigningChain, set_signing_chain
from .loader import load_csv


def chain_row(code: str) -> dict[str, str]:
    return next(row for row in load_csv("signing_chains.csv") if row["org"] == code)


def chain_moment(row: dict[str, str]) -> datetime:
    return datetime.fromisoformat(row["at"]).replace(tzinfo=LOCAL_TZ)


def set_chain(org: Organisation, row: dict[str, str]) -> None:
    """The organisation's administrator (`set_by`) sets the chain the row gives (clock as is)."""
    admin = db.session.scalar(sa.select(User).where(User.username == row["set_by"]))
    data = {
        "review_role": row["review_role"],
        "review_required": row["review_required"] == "true",
        "approve_role": row["approve_role"],
    }
    set_signing_chain(org.id, admin, data)


def seed_signing_chains(orgs: dict[str, Organisation]) -> bool:
    """Set each listed organisation's chain unless it has one; returns whether any was set."""
    created = False
    for row in load_csv("signing_chains.csv"):
        org = orgs.get(row["org"])
        if org is None or db.session.scalar(
            sa.select(SigningChain.id).where(SigningChain.organisation_id == org.id)
        ):
            continue
        try:
            set_clock(chain_moment(row))
            set_chain(org, row)
        finally:
            set_clock(None)
        created = True
    return created
