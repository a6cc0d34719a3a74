"""The district's other communes (data/neighbours.json): xã Quảng Phước, thị trấn Sịa and xã Quảng
Thọ, small organisations of their own with a procedure or two each, replayed through the same
operations and on the dates as Quảng An's register (procedures.py). Their QT-HT-01 differs from
Quảng An's, which xã Quảng Điền's side-by-side page shows when they merge in 2025."""

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..core.timeutil import set_clock
from ..extensions import db
from ..procedures.models import Procedure
from .loader import load_json
from .procedures import _events, _Replay


def seed_neighbours(orgs: dict[str, Organisation], password: str) -> bool:
    """Each listed organisation's register unless it has procedures; returns whether any was."""
    data = load_json("neighbours.json")["organisations"]
    users = {
        u.username: u
        for u in db.session.scalars(
            sa.select(User).where(
                User.username.in_(
                    [n for spec in data.values() for n in (spec["secretary"], spec["qmr"])]
                )
            )
        )
    }
    created = False
    for code, spec in data.items():
        org = orgs[code]
        if db.session.scalar(
            sa.select(Procedure.id).where(Procedure.organisation_id == org.id).limit(1)
        ):
            continue
        people = {"secretary": users[spec["secretary"]], "qmr": users[spec["qmr"]]}
        replay = _Replay(org, people, password)
        try:
            for moment, _order, kind, item in _events(spec):
                set_clock(moment)
                getattr(replay, kind)(item)
        finally:
            set_clock(None)
        created = True
    return created
