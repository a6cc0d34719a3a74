"""Quảng An's documented QMS, replayed through the real operations on the dates it happened.

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
from . import procedures_data as data


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), LOCAL_TZ)


def _events() -> list[tuple[datetime, int, str, object]]:
    """Every dated event of the demo, in the order it happened."""
    events = []
    for basis in data.LEGAL_BASES:
        events.append((_at(date(2019, 7, 1), 8), 0, "basis", basis))
    for old, new, kind in data.LEGAL_REPLACEMENTS:
        effective = next(b["effective_on"] for b in data.LEGAL_BASES if b["number"] == new)
        events.append((_at(max(effective, date(2019, 7, 1)), 8), 1, "replace", (old, new, kind)))
    for spec in data.PROCEDURES:
        for index, revision in enumerate(spec["revisions"]):
            when = _at(revision["effective_date"] - timedelta(days=3 if index == 0 else 5), 14)
            events.append((when, 2, "revision", (spec, index)))
        if spec.get("withdrawn_on"):
            events.append((_at(spec["withdrawn_on"], 8), 3, "withdraw", spec))
    for announcement in data.ANNOUNCEMENTS:
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
        operations.submit_revision(revision, secretary)
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
    try:
        for moment, _order, kind, item in _events():
            set_clock(moment)
            getattr(replay, kind)(item)
        set_clock(_at(date(2020, 9, 1), 9))
        _open_work(replay)
        _acknowledgements(org)
    finally:
        set_clock(None)
    return True


#: Who had not yet read the hộ tịch procedures revised on 10/08/2020 (overdue on 05/09/2020).
LAGGARDS = {"lethanhson", "ngovantrung"}
#: Who had not yet read the chứng thực chữ ký issue that came into force on 01/10/2020.
LATE_READERS = {"lethanhson", "ngovantrung", "vovannam"}


def _acknowledgements(org: Organisation) -> None:
    """Most people read each issue within a few working days; a few are late (see above)."""
    from ..core.timeutil import add_working_days
    from ..acknowledgements.models import Acknowledgement, AckStatus
    from ..acknowledgements.operations import confirm_acknowledgement, sync_organisation
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
        late = (
            LATE_READERS
            if day >= date(2020, 10, 1)
            else LAGGARDS
            if day >= date(2020, 8, 10)
            else set()
        )
        for task in tasks:
            if task.user.username in late:
                continue
            set_clock(_at(add_working_days(day, 1 + task.user_id % 3), 10 + task.user_id % 6))
            confirm_acknowledgement(task, task.user)


def _open_work(replay: _Replay) -> None:
    """Work in progress: a draft, and a revision waiting for the QMR's approval."""
    secretary = replay.people["secretary"]
    pending = replay.procedures["QT-HT-04"]
    revision = operations.create_revision(
        pending,
        secretary,
        {
            "change_summary": "Cập nhật căn cứ pháp lý theo Thông tư số 04/2020/TT-BTP; sửa biểu mẫu tờ khai",
            "change_location": "Mục 3, mục 5.1",
            "significant": True,
        },
    )
    operations.submit_revision(revision, secretary)
    draft = replay.procedures["QT.02"]
    operations.create_revision(
        draft,
        secretary,
        {
            "change_summary": "Bổ sung kế hoạch đánh giá nội bộ năm 2020",
            "change_location": "Mục 5.2",
            "significant": False,
        },
    )
