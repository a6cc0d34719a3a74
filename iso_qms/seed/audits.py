"""Quảng An's 2020 inspections (data/audits.json), replayed through the real operations on the
dates they happened.

The self-inspection of 17/08/2020 under Kế hoạch số 482/KH-UBND ngày 19/12/2019 is in the báo cáo
CCHC (shared/seed/); its individual findings, the internal audit of November 2020, its plan number
and the management review of December 2020 are invented but typical.

audits.json lists `steps` in the order they happened. Each names the operation it runs (`do`), who
runs it (`by`, a username), and, when the clock moves, the moment (`at`); what a step makes
(a round, finding, action, postponement request or review) is named so later steps can refer to it.
"""

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..audits import operations as ops
from ..audits.models import ChecklistLine, ChecklistTemplate, LineResult, Round
from ..core.timeutil import set_clock
from ..extensions import db
from ..procedures.models import Procedure
from .loader import load_json

#: The self-inspection's plan; its round being there means the audits are seeded.
PLAN_482: str = load_json("audits.json")["rounds"]["self_inspection"]["plan_ref"]


class _Replay:
    def __init__(self, org: Organisation, data: dict, password: str):
        self.org, self.data, self.password = org, data, password
        self.people = {
            u.username: u
            for u in db.session.scalars(sa.select(User).where(User.username.in_(data["people"])))
        }
        self.procedures = {
            p.code: p
            for p in db.session.scalars(
                sa.select(Procedure).where(
                    Procedure.organisation_id == org.id, Procedure.code.in_(data["procedures"])
                )
            )
        }
        #: What earlier steps made, by the name the data gives it.
        self.made: dict[str, object] = {}

    def run(self, step: dict) -> None:
        if "at" in step:
            set_clock(step["at"])
        made = getattr(self, step["do"])(step, self.people[step["by"]])
        if "name" in step:
            self.made[step["name"]] = made

    def adopt_default_templates(self, step: dict, by: User) -> None:
        if not db.session.scalar(
            sa.select(ChecklistTemplate.id)
            .where(ChecklistTemplate.organisation_id == self.org.id)
            .limit(1)
        ):
            ops.adopt_default_templates(self.org.id, by)

    def create_round(self, step: dict, by: User) -> Round:
        data = {
            **self.data["rounds"][step["name"]],
            "procedure_ids": [self.procedures[code].id for code in step["procedures"]],
            "team": [
                {"user_id": self.people[name].id, "role": role} for name, role in step["team"]
            ],
        }
        return ops.create_round(self.org.id, by, data)

    def generate_checklist(self, step: dict, by: User) -> None:
        ops.generate_checklist(self.made[step["round"]], by)

    def start_round(self, step: dict, by: User) -> None:
        ops.start_round(self.made[step["round"]], by)

    def update_round(self, step: dict, by: User) -> None:
        ops.update_round(self.made[step["round"]], by, step["fields"])

    def report_round(self, step: dict, by: User) -> None:
        ops.report_round(self.made[step["round"]], by)

    def accept_report(self, step: dict, by: User) -> None:
        ops.accept_report(self.made[step["round"]], by, self.password)

    def close_round(self, step: dict, by: User) -> None:
        ops.close_round(self.made[step["round"]], by)

    def answer(self, step: dict, by: User) -> None:
        """Answer every line (conform unless listed) and raise the listed findings."""
        lines = db.session.scalars(
            sa.select(ChecklistLine)
            .where(ChecklistLine.round_id == self.made[step["round"]].id)
            .order_by(ChecklistLine.position)
        ).all()
        results, used = step["results"], set()
        for line in lines:
            spec = next(
                (r for r in results if r["name"] not in used and self._matches(line, r)), None
            )
            if spec is None:
                ops.record_line_result(line, by, LineResult.conform, "")
                continue
            used.add(spec["name"])
            ops.record_line_result(line, by, spec["result"], spec["note"])
            data = {
                "type": spec["type"],
                **({"auditee_unit": spec["unit"]} if spec["unit"] else {}),
            }
            self.made[spec["name"]] = ops.raise_finding_from_line(line, by, data)
        missing = [r["name"] for r in results if r["name"] not in used]
        if missing:
            raise LookupError(f"no checklist line for the demo findings {missing}")

    def _matches(self, line: ChecklistLine, spec: dict) -> bool:
        scope = spec["scope"]
        in_scope = (
            line.area == scope
            or line.clause.split(".")[0] == scope
            or (
                line.procedure_id
                and self.procedures.get(scope)
                and line.procedure_id == self.procedures[scope].id
            )
        )
        return bool(in_scope) and spec["words"] in line.question

    def close_finding(self, step: dict, by: User) -> None:
        ops.close_finding(self.made[step["finding"]], by)

    def open_revision_from_finding(self, step: dict, by: User) -> None:
        ops.open_revision_from_finding(self.made[step["finding"]], by)

    def create_action(self, step: dict, by: User):
        data = {"owner_id": self.people[step["owner"]].id}
        data |= {k: step[k] for k in ("due_date", "action", "correction", "whys", "root_cause")}
        return ops.create_action(self.made[step["finding"]], by, data)

    def start_action(self, step: dict, by: User) -> None:
        ops.start_action(self.made[step["action"]], by)

    def complete_action(self, step: dict, by: User) -> None:
        ops.complete_action(self.made[step["action"]], by, step["evidence"])

    def verify_action(self, step: dict, by: User) -> None:
        action = self.made[step["action"]]
        ops.verify_action(action, by, step["effective"], step["note"], step["new_due"])

    def request_postponement(self, step: dict, by: User):
        action = self.made[step["action"]]
        return ops.request_postponement(action, by, step["new_due"], step["reason"])

    def decide_postponement(self, step: dict, by: User) -> None:
        request = self.made[step["request"]]
        ops.decide_postponement(request, by, step["approve"], step["note"])

    def create_review(self, step: dict, by: User):
        data = {
            "title": step["title"],
            "held_on": step["held_on"],
            "chair_id": self.people[step["chair"]].id,
            "participant_ids": [self.people[n].id for n in step["participants"]],
            "other_participants": step["other_participants"],
        }
        return ops.create_review(self.org.id, by, data)

    def hold_review(self, step: dict, by: User) -> None:
        ops.hold_review(self.made[step["review"]], by, step["minutes"])

    def add_review_decision(self, step: dict, by: User):
        data = {
            "action": step["action"],
            "owner_id": self.people[step["owner"]].id,
            "due_date": step["due_date"],
        }
        return ops.add_review_decision(self.made[step["review"]], by, data)


def seed_audits(org: Organisation, password: str) -> bool:
    """Replay the 2020 rounds, actions and management review for `org` unless already there."""
    if db.session.scalar(
        sa.select(Round.id)
        .where(Round.organisation_id == org.id, Round.plan_ref == PLAN_482)
        .limit(1)
    ):
        return False
    data = load_json("audits.json")
    replay = _Replay(org, data, password)
    try:
        for step in data["steps"]:
            replay.run(step)
    finally:
        set_clock(None)
    return True
