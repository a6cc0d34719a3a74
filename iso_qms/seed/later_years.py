"""Quảng An after 2020, up to the year the demo is seeded in (data/later_years.json), replayed
through the real operations on the dates things happened (issue 13, item 11): each year a plan
(Kế hoạch …/KH-UBND) in January, the self-inspection (August), the internal audit (November), the
management review (December) with their findings, actions and decisions, revisions signed by whom
the signing chain names and read by nearly everyone, people who join and leave. In the current
year what is dated before now is done and the rest left planned; later_open_work.py adds the work
waiting for people today."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..accounts import operations as accounts
from ..accounts.models import Organisation, Role, User
from ..acknowledgements.models import Acknowledgement, AckStatus
from ..acknowledgements.operations import confirm_acknowledgement, sync_organisation
from ..audits.models import (
    ManagementReview,
    Round,
)
from ..core.timeutil import LOCAL_TZ, add_working_days, is_working_day, set_clock, utcnow
from ..extensions import db
from ..procedures import operations as procedure_ops
from ..procedures import permissions as signing
from ..procedures.models import LegalBasis, LegalChange, Procedure, Revision
from ..procedures.operations.revisions import open_revision_of
from .audits import _Replay as AuditReplay
from .later_plans import FIRST_YEAR, _fill, _plans, _workday, _year
from .loader import load_json


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL_TZ)


def _back(day: date, days: int) -> date:
    """`days` working days before `day`."""
    while days > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


@dataclass(order=True)
class _Event:
    moment: datetime
    seq: int
    run: Callable[[], Any] = field(compare=False)


class _Story:
    def __init__(self, org: Organisation, password: str, now: datetime):
        self.org, self.password, self.now = org, password, now
        self.today = now.astimezone(LOCAL_TZ).date()
        self.events: list[_Event] = []
        self.made: dict[str, Any] = {}
        self.people = {
            u.username: u
            for u in db.session.scalars(sa.select(User).where(User.organisation_id == org.id))
        }
        self.procedures = {
            p.code: p
            for p in db.session.scalars(
                sa.select(Procedure).where(Procedure.organisation_id == org.id)
            )
        }
        self.bases = {
            b.number: b
            for b in db.session.scalars(
                sa.select(LegalBasis).where(LegalBasis.organisation_id == org.id)
            )
        }
        self.audits = AuditReplay(
            org, {"people": list(self.people), "procedures": list(self.procedures)}, password
        )

    # --- the calendar ------------------------------------------------------------------------

    def on(self, moment: datetime, run: Callable[[], Any]) -> None:
        """Happens at `moment`, if that is not after now."""
        if moment <= self.now:
            self.events.append(_Event(moment, len(self.events), run))

    def play(self) -> None:
        for event in sorted(self.events):
            set_clock(event.moment)
            event.run()

    # --- document control --------------------------------------------------------------------

    def _content(self, revision: Revision, spec: dict) -> dict:
        content = dict(revision.content)
        for old, new in spec.get("replace", []):
            content = {k: v.replace(old, new) for k, v in content.items()}
        for key, text in spec.get("append", {}).items():
            content[key] = f"{content.get(key, '').rstrip()}\n\n{text}".strip()
        return content

    def draft(self, spec: dict) -> Revision:
        """The secretary writes the revision (or finishes the draft already open)."""
        secretary = self.people["secretary"]
        procedure = self.procedures[spec["procedure"]]
        if spec.get("add_legal_bases"):
            added = [self.bases[n] for n in spec["add_legal_bases"]]
            procedure_ops.set_legal_bases(procedure, secretary, [*procedure.legal_bases, *added])
        revision = open_revision_of(procedure) if spec.get("open_draft") else None
        if revision is None:
            revision = procedure_ops.create_revision(procedure, secretary, {})
        data = {"content": self._content(revision, spec)}
        for key in ("change_summary", "change_location", "significant"):
            if key in spec:
                data[key] = spec[key]
        if spec.get("replace"):
            data["forms"] = [
                {**f, "name": self._replace(f["name"], spec["replace"])} for f in revision.forms
            ]
        procedure_ops.update_revision(revision, secretary, data)
        return revision

    @staticmethod
    def _replace(text: str, pairs: list) -> str:
        for old, new in pairs:
            text = text.replace(old, new)
        return text

    def signer(self, revision: Revision, may: Callable) -> User:
        """Whoever the organisation's signing chain lets sign that step now (QMR, head …)."""
        for username in ("qmr", "head"):
            if may(self.people[username], revision):
                return self.people[username]
        raise LookupError(f"nobody may sign {revision.procedure_code} issue {revision.number}")

    def review(self, revision: Revision) -> None:
        if not signing.review_done_or_optional(revision):
            reviewer = self.signer(revision, signing.can_review_revision)
            procedure_ops.review_revision(revision, reviewer, self.password)

    def approve(self, revision: Revision, effective: date) -> None:
        self.review(revision)
        approver = self.signer(revision, signing.can_approve_revision)
        procedure_ops.approve_revision(revision, approver, self.password, effective)

    def revise(self, spec: dict, effective: date, written: datetime, late=(), only=None) -> None:
        """Written and submitted on `written`, signed an hour later, read once in force."""

        def write():
            self.made[spec["procedure"]] = self.draft(spec)
            procedure_ops.submit_revision(
                self.made[spec["procedure"]], self.people["secretary"], self.password
            )

        self.on(written, write)
        self.on(
            written + timedelta(hours=1),
            lambda: self.approve(self.made[spec["procedure"]], effective),
        )
        self.readings(effective, late, only)

    def readings(self, day: date, late=(), only=None, hour: int = 7) -> None:
        """On `day` the tasks arise; each person confirms 1-3 working days later, except `late`
        (and, when `only` is given, anyone not in it)."""

        def read():
            sync_organisation(self.org.id, day)
            tasks = (
                db.session.scalars(
                    sa.select(Acknowledgement).where(
                        Acknowledgement.organisation_id == self.org.id,
                        Acknowledgement.status == AckStatus.pending,
                        Acknowledgement.assigned_on == day,
                    )
                )
                .unique()
                .all()
            )
            for task in tasks:
                name = task.user.username
                if name in late or (only is not None and name not in only):
                    continue
                moment = _at(add_working_days(day, 1 + task.user_id % 3), 8 + task.user_id % 8)
                if only is not None:  # read the day it came into force (and before now)
                    moment = min(_at(day, 9 + task.user_id % 6), self.now - timedelta(minutes=1))
                if moment > self.now or moment < _at(day, hour):
                    continue
                set_clock(moment)
                confirm_acknowledgement(task, task.user)

        self.on(_at(day, hour), read)

    def legal_basis(self, spec: dict) -> None:
        def register():
            fields = {
                k: spec[k] for k in ("number", "title", "issuer", "issued_on", "effective_on")
            }
            basis = procedure_ops.create_legal_basis(self.org.id, self.people["secretary"], fields)
            self.bases[basis.number] = basis
            if spec.get("replaces"):
                procedure_ops.mark_superseded(
                    self.bases[spec["replaces"]],
                    self.people["secretary"],
                    basis,
                    LegalChange(spec["kind"]),
                )
            for code in spec.get("cited_by", []):
                procedure = self.procedures[code]
                procedure_ops.set_legal_bases(
                    procedure, self.people["secretary"], [*procedure.legal_bases, basis]
                )

        self.on(_at(spec["registered_on"], 8), register)

    # --- people ------------------------------------------------------------------------------

    def people_change(self, spec: dict) -> None:
        admin = self.people["admin"]
        day = date.fromisoformat(spec["on"])

        def join():
            person = spec["join"]
            user = accounts.create_user(
                self.org,
                person["username"],
                person["full_name"],
                self.password,
                [Role(r) for r in person["roles"].split()],
                unit=person["unit"],
                position=person["position"],
                actor=admin,
                password_hash=admin.password_hash,
            )
            self.people[user.username] = user

        def leave():
            accounts.update_user(self.people[spec["leave"]], {"active": False}, actor=admin)

        if "join" in spec:
            self.on(_at(day, 8), join)
            self.readings(day, hour=9)
        else:
            self.on(_at(day, 16), leave)

    # --- audits ------------------------------------------------------------------------------

    def step(self, moment: datetime, **step) -> None:
        """One step of seed/audits.py's replay (the same operations as the 2020 story)."""
        self.on(moment, lambda: self.audits.run(step))

    def round(self, year: int, key: str, spec: dict, plan: dict, findings: list, day: date):
        name = f"{year}:{key}"
        rounds = self.audits.data.setdefault("rounds", {})
        rounds[name] = {
            k: spec[k]
            for k in ("kind", "title", "inspecting_body", "areas", "clauses")
            if k in spec
        } | {"plan_ref": plan["plan_ref"], "start_date": day, "end_date": self._end(key, day)}
        leader = next(u for u, role in spec["team"] if role == "leader")
        self.step(
            _at(plan["plan_day"] + timedelta(days=2), 8),
            do="create_round",
            name=name,
            by="secretary",
            procedures=plan[f"{key}_procedures"],
            team=spec["team"],
        )
        self.step(_at(_back(day, 5), 8), do="generate_checklist", round=name, by="secretary")
        self.step(_at(day, 7, 30), do="start_round", round=name, by=leader)
        end = rounds[name]["end_date"]
        results = [
            {**f, "name": f"{name}:{i}", "unit": f.get("unit", "")} for i, f in enumerate(findings)
        ]
        self.step(_at(end, 10), do="answer", round=name, by="inspector", results=results)
        for finding in results:
            if finding["result"] == "nonconform":
                self.action(finding, end)
        reported = add_working_days(end, 1)
        self.step(
            _at(reported, 16),
            do="update_round",
            round=name,
            by=leader,
            fields={"summary": spec["summary"], "conclusion": spec["conclusion"]},
        )
        self.step(_at(reported, 16, 30), do="report_round", round=name, by=leader)
        accepted = add_working_days(reported, 2)
        self.step(_at(accepted, 10), do="accept_report", round=name, by="qmr")
        self.step(_at(accepted, 10, 30), do="close_round", round=name, by="qmr")
        for finding in results:
            if finding["result"] != "nonconform":
                self.step(_at(accepted, 11), do="close_finding", finding=finding["name"], by="qmr")

    @staticmethod
    def _end(key: str, day: date) -> date:
        return day if key == "self_inspection" else add_working_days(day, 1)

    def action(self, finding: dict, end: date) -> None:
        name, owner = finding["name"], finding["owner"]
        action = f"{name}:action"
        self.step(
            _at(add_working_days(end, 1), 9),
            do="create_action",
            name=action,
            finding=name,
            by="inspector",
            owner=owner,
            due_date=end + timedelta(days=30),
            action=finding["action"],
            correction=finding["correction"],
            whys=finding["whys"],
            root_cause=finding["root_cause"],
        )
        done = add_working_days(end, 12)
        self.step(
            _at(done, 15),
            do="complete_action",
            action=action,
            by=owner,
            evidence=finding["evidence"],
        )
        verifier = "qmr" if owner == "inspector" else "inspector"
        checked = add_working_days(done, 3)
        self.step(
            _at(checked, 10),
            do="verify_action",
            action=action,
            by=verifier,
            effective=True,
            note="",
            new_due=None,
        )
        self.step(_at(checked, 11), do="close_finding", finding=name, by="qmr")

    def management_review(self, year: int, spec: dict, plan: dict, day: date, extra=()) -> None:
        name = f"{year}:review"
        self.step(
            _at(plan["plan_day"] + timedelta(days=3), 8),
            do="create_review",
            name=name,
            by="qmr",
            title=spec["title"],
            held_on=day,
            chair=spec["chair"],
            participants=spec["participants"],
            other_participants=spec["other_participants"],
        )
        self.step(_at(day, 16), do="hold_review", review=name, by="qmr", minutes=spec["minutes"])
        next_plan = plan["next_plan_day"]
        dues = [next_plan + timedelta(days=5), date(year + 1, 2, 28)]
        for i, decision in enumerate(spec["decisions"]):
            d = f"{name}:{i}"
            self.step(
                _at(day, 16, 30),
                do="add_review_decision",
                name=d,
                review=name,
                by="qmr",
                action=decision["action"],
                owner=decision["owner"],
                due_date=dues[i],
            )
            done = next_plan if i == 0 else _back(dues[i], 10)
            self.step(
                _at(done, 15),
                do="complete_action",
                action=d,
                by=decision["owner"],
                evidence=decision["evidence"],
            )
            self.step(
                _at(add_working_days(done, 2), 10),
                do="verify_action",
                action=d,
                by="qmr",
                effective=True,
                note="",
                new_due=None,
            )
        from .later_open_work import open_decision

        for decision in extra:
            open_decision(self, name, day, decision)

    # --- what waits for people today ---------------------------------------------------------


def seed_later_years(org: Organisation, password: str, reform: bool = False) -> bool:
    """Replay 2021 up to now for `org` unless already there; returns whether anything was made.
    With `reform`, the 2025 reform happens on the calendar and the story goes on in xã Quảng Điền
    from 01/07/2025 (reform.py); without it, in Quảng An to today."""
    from .later_open_work import periodic_reviews, tie_up_2020, today_work
    from .reform import after_reform, reform_data, schedule_reform

    data = load_json("later_years.json")
    set_clock(None)
    now = utcnow()
    last = now.astimezone(LOCAL_TZ).year
    plans = _plans(data, last)
    if db.session.scalar(
        sa.select(Round.id)
        .where(Round.organisation_id == org.id, Round.plan_ref == plans[FIRST_YEAR]["plan_ref"])
        .limit(1)
    ) or not db.session.scalar(
        sa.select(ManagementReview.id).where(ManagementReview.organisation_id == org.id).limit(1)
    ):
        return False
    story = _Story(org, password, now)
    tie_up_2020(story, data["tie_up_2020"])
    changes = reform_data() if reform else None
    if changes is not None:
        schedule_reform(story, changes)
    for year in range(FIRST_YEAR, last + 1):
        template, own = _year(data, year, plans)
        plan = {**plans[year], **{k: v for k, v in own.items() if k.endswith("_procedures")}}
        plan.setdefault("self_inspection_procedures", ["QT-BTXH-01"])
        plan.setdefault("internal_audit_procedures", ["QT.03", "QT-VH-01"])
        if changes is not None:  # from 2025 the rounds and the review are xã Quảng Điền's
            template, own, plan = after_reform(changes, year, template, own, plan)
        for month in (1, 4, 7, 10):
            periodic_reviews(story, _workday(date(year, month, 15)))
        for basis in own.get("legal_bases", []):
            story.legal_basis(basis)
        for change in own.get("people", []):
            story.people_change(change)
        for revision in [*template["revisions"], *own["revisions"]]:
            effective = _workday(date.fromisoformat(f"{year}-{revision['effective']}"))
            story.revise(revision, effective, _at(effective - timedelta(days=5), 14))
        si_day = _workday(date(year, 8, 17))
        story.round(
            year,
            "self_inspection",
            template["self_inspection"],
            plan,
            own["self_inspection"],
            si_day,
        )
        ia_day = _workday(date(year, 11, 23))
        story.round(
            year, "internal_audit", template["internal_audit"], plan, own["internal_audit"], ia_day
        )
        extra = _fill(data["today"]["decisions"], {"prev": str(year)}) if year == last - 1 else ()
        story.management_review(year, template["review"], plan, _workday(date(year, 12, 28)), extra)
    today_work(story, data["today"])
    try:
        story.play()
    finally:
        set_clock(None)
    return True
