"""Quảng An's risks and opportunities of 2020 (data/risks.json), replayed through the real
operations on the dates they happened: the register drawn up under QT.05 after the 9-month report
(so that report is unchanged), the actions treating its entries done on time, late or still open
when the December management review weighs them (9.3.2 e)."""

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..audits import operations as audit_ops
from ..core.timeutil import set_clock
from ..extensions import db
from ..performance import risks
from ..performance.risk_models import Risk
from ..procedures.models import Procedure
from .loader import load_json


class _Replay:
    def __init__(self, org: Organisation, data: dict):
        self.org, self.data = org, data
        names = {data["register"]["by"], *(s["by"] for s in data["steps"])}
        names |= {s["owner"] for s in data["steps"] if "owner" in s}
        self.people = {
            u.username: u
            for u in db.session.scalars(sa.select(User).where(User.username.in_(names)))
        }
        codes = {e["procedure"] for e in data["register"]["entries"] if e["procedure"]}
        self.procedures = {
            p.code: p.id
            for p in db.session.scalars(
                sa.select(Procedure).where(
                    Procedure.organisation_id == org.id, Procedure.code.in_(codes)
                )
            )
        }
        self.made: dict[str, object] = {}

    def register(self) -> None:
        spec = self.data["register"]
        set_clock(spec["at"])
        for entry in spec["entries"]:
            data = {k: v for k, v in entry.items() if k not in ("name", "procedure")}
            data["procedure_id"] = self.procedures.get(entry["procedure"])
            self.made[entry["name"]] = risks.create_risk(self.org.id, self.people[spec["by"]], data)

    def run(self, step: dict) -> None:
        if "at" in step:
            set_clock(step["at"])
        by = self.people[step["by"]]
        if step["do"] == "plan":
            data = {
                "action": step["action"],
                "owner_id": self.people[step["owner"]].id,
                "due_date": step["due_date"],
            }
            self.made[step["name"]] = risks.add_risk_action(self.made[step["entry"]], by, data)
        elif step["do"] == "complete":
            audit_ops.complete_action(self.made[step["action"]], by, step["evidence"])
        elif step["do"] == "verify":
            audit_ops.verify_action(self.made[step["action"]], by, True, "", None)
        elif step["do"] == "status":
            risks.update_risk(self.made[step["entry"]], by, {"status": step["status"]})


def seed_risks(org: Organisation) -> bool:
    """Replay the 2020 register for `org` unless it has one; returns whether anything was made."""
    if db.session.scalar(sa.select(Risk.id).where(Risk.organisation_id == org.id).limit(1)):
        return False
    replay = _Replay(org, load_json("risks.json"))
    try:
        replay.register()
        for step in replay.data["steps"]:
            replay.run(step)
    finally:
        set_clock(None)
    return True
