"""The demo's quality objectives for 2020 (data/objectives.json): drafted by the ISO secretary and
approved by the QMR with the e-signature in early January 2020, through the real operations on
those days, so the 2020 management review's pack weighs them."""

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..core.timeutil import set_clock
from ..extensions import db
from ..performance import objectives as ops
from ..performance.objective_models import QualityObjective
from .loader import load_json


def seed_objectives(org: Organisation, password: str) -> bool:
    """Create and approve the year's objectives unless the organisation has some for that year."""
    data = load_json("objectives.json")
    year = data["year"]
    if db.session.scalar(
        sa.select(QualityObjective.id)
        .where(QualityObjective.organisation_id == org.id, QualityObjective.year == year)
        .limit(1)
    ):
        return False
    people = {
        u.username: u
        for u in db.session.scalars(sa.select(User).where(User.organisation_id == org.id))
    }
    try:
        set_clock(data["drafted"]["at"])
        made = [
            ops.create_objective(
                org.id,
                people[data["drafted"]["by"]],
                {**item, "year": year, "owner_id": people[item["owner"]].id},
            )
            for item in data["objectives"]
        ]
        set_clock(data["approved"]["at"])
        for objective in made:
            ops.approve_objective(objective, people[data["approved"]["by"]], password)
    finally:
        set_clock(None)
    return True  # seed_demo's caller commits, like every other part of the demo
