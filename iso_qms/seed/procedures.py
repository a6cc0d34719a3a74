"""Quảng An's documented QMS (data/procedures.json), replayed through the real operations on the
dates it happened.

The clock is moved to each event (approval a few days before the effective date, announcements on
their decision dates), so signatures, the audit trail and "as of" views read as they would have.
"""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..core.timeutil import LOCAL_TZ, set_clock
from ..extensions import db
from ..procedures import announcements, operations
from ..procedures.durations import Duration
from ..procedures.models import LegalBasis, LegalChange, Procedure
from .loader import load_json


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), LOCAL_TZ)


def _events(data: dict) -> list[tuple[datetime, int, str, object]]:
    """Every dated event of the demo, in the order it happened."""
    events = []
    registered = data["legal_bases_registered_on"]
    for basis in data["legal_bases"]:
        events.append((_at(registered, 8), 0, "basis", basis))
    for change in data["legal_replacements"]:
        old, new, kind = change["old"], change["new"], change["kind"]
        effective = next(b["effective_on"] for b in data["legal_bases"] if b["number"] == new)
        events.append((_at(max(effective, registered), 8), 1, "replace", (old, new, kind)))
    for spec in data["procedures"]:
        for index, revision in enumerate(spec["revisions"]):
            when = _at(revision["effective_date"] - timedelta(days=3 if index == 0 else 5), 14)
            events.append((when, 2, "revision", (spec, index)))
        if spec.get("withdrawn_on"):
            events.append((_at(spec["withdrawn_on"], 8), 3, "withdraw", spec))
    for announcement in data["announcements"]:
        events.append((_at(announcement["decision_date"], 10), 4, "announce", announcement))
    return sorted(events, key=lambda e: (e[0], e[1]))


class _Replay:
    def __init__(self, org: Organisation, people: dict[str, User], password: str):
        self.org, self.people, self.password = org, people, password
        self.bases: dict[str, LegalBasis] = {}
        self.procedures: dict[str, Procedure] = {}

    def basis(self, spec: dict) -> None:
        self.bases[spec["number"]] = operations.create_legal_basis(
            self.org.id, self.people["secretary"], spec
        )

    def replace(self, item) -> None:
        old, new, kind = item
        operations.mark_superseded(
            self.bases[old], self.people["secretary"], self.bases[new], LegalChange(kind)
        )

    def _procedure(self, spec: dict) -> Procedure:
        if spec["code"] not in self.procedures:
            fields = {
                k: spec.get(k)
                for k in (
                    "code",
                    "title",
                    "kind",
                    "field",
                    "tthc_code",
                    "owner_unit",
                    "review_interval_months",
                )
            }
            fields["tthc_code"] = fields["tthc_code"] or ""
            if spec.get("statutory"):
                fields["statutory"] = Duration.parse(spec["statutory"])
            procedure = operations.create_procedure(self.org.id, self.people["secretary"], fields)
            operations.set_legal_bases(
                procedure,
                self.people["secretary"],
                [self.bases[n] for n in spec.get("legal_bases", [])],
            )
            self.procedures[spec["code"]] = procedure
        return self.procedures[spec["code"]]

    def revision(self, item) -> None:
        spec, index = item
        procedure = self._procedure(spec)
        content = spec["revisions"][index]
        payload = {
            key: content[key]
            for key in (
                "change_summary",
                "change_location",
                "significant",
                "content",
                "forms",
                "records",
            )
        }
        if procedure.is_tthc:
            payload["steps"] = content["steps"]
        secretary, qmr = self.people["secretary"], self.people["qmr"]
        revision = operations.create_revision(procedure, secretary, payload)
        official = procedure.statutory
        over = official is not None and revision.steps_total_minutes > official.minutes
        if over:  # approved under the longer time in force then; shortened later (see below)
            operations.update_procedure(procedure, secretary, {"statutory": revision.steps_total})
        operations.submit_revision(revision, secretary, self.password)
        operations.approve_revision(revision, qmr, self.password, content["effective_date"])
        if over:
            set_clock(_at(content["effective_date"] + timedelta(days=30), 8))
            operations.update_procedure(procedure, secretary, {"statutory": official})

    def withdraw(self, spec: dict) -> None:
        operations.withdraw_procedure(
            self.procedures[spec["code"]],
            self.people["qmr"],
            spec["withdrawn_reason"],
            spec["withdrawn_on"],
        )

    def announce(self, spec: dict) -> None:
        announcements.create_announcement(self.org.id, self.people["qmr"], spec)


def seed_procedures(org: Organisation, password: str) -> bool:
    """Replay the demo QMS for `org` unless it already has procedures."""
    if db.session.scalar(
        sa.select(Procedure.id).where(Procedure.organisation_id == org.id).limit(1)
    ):
        return False
    people = {
        u.username: u
        for u in db.session.scalars(
            sa.select(User).where(User.username.in_(("secretary", "qmr", "head")))
        )
    }
    replay = _Replay(org, people, password)
    data = load_json("procedures.json")
    try:
        for moment, _order, kind, item in _events(data):
            set_clock(moment)
            getattr(replay, kind)(item)
        set_clock(data["open_work"]["at"])
        _open_work(replay, data["open_work"]["revisions"])
        _acknowledgements(org, data["late_readers"])
    finally:
        set_clock(None)
    return True


def _acknowledgements(org: Organisation, late_readers: list[dict]) -> None:
    """Most people read each issue within a few working days; a few are late: those listed in
    `late_readers` for the latest entry whose `assigned_on` the issue's day has reached."""
    from ..acknowledgements.models import Acknowledgement, AckStatus
    from ..acknowledgements.operations import confirm_acknowledgement, sync_organisation
    from ..core.timeutil import add_working_days
    from ..procedures.models import Revision, RevisionStatus

    days = sorted(
        set(
            db.session.scalars(
                sa.select(Revision.effective_date).where(
                    Revision.organisation_id == org.id, Revision.status == RevisionStatus.approved
                )
            )
        )
    )
    for day in days:
        set_clock(_at(day, 8))
        sync_organisation(org.id, day)
        tasks = (
            db.session.scalars(
                sa.select(Acknowledgement).where(
                    Acknowledgement.organisation_id == org.id,
                    Acknowledgement.status == AckStatus.pending,
                    Acknowledgement.assigned_on == day,
                )
            )
            .unique()
            .all()
        )
        reached = [r for r in late_readers if r["assigned_on"] <= day]
        late = set(max(reached, key=lambda r: r["assigned_on"])["usernames"]) if reached else set()
        for task in tasks:
            if task.user.username in late:
                continue
            set_clock(_at(add_working_days(day, 1 + task.user_id % 3), 10 + task.user_id % 6))
            confirm_acknowledgement(task, task.user)


def _open_work(replay: _Replay, revisions: list[dict]) -> None:
    """Work in progress: revisions left as drafts, or submitted and waiting for the QMR. A draft
    with its own `content` (steps, forms, records) changes it; `add_legal_bases` are the new texts
    the register cites for it from then on (the replaced ones stay cited until it is in force)."""
    secretary = replay.people["secretary"]
    for spec in revisions:
        keys = ("change_summary", "change_location", "significant", "content", "forms", "records")
        payload = {k: spec[k] for k in keys if k in spec}
        procedure = replay.procedures[spec["procedure"]]
        if procedure.is_tthc and "steps" in spec:
            payload["steps"] = spec["steps"]
        if spec.get("add_legal_bases"):
            added = [replay.bases[n] for n in spec["add_legal_bases"]]
            operations.set_legal_bases(procedure, secretary, [*procedure.legal_bases, *added])
        revision = operations.create_revision(procedure, secretary, payload)
        if spec["submit"]:
            operations.submit_revision(revision, secretary, replay.password)
