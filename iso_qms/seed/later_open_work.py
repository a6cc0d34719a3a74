"""What the demo leaves open: the 2020 story's loose ends tied up as a commune would have, and the
work waiting for people on the day the demo is seeded, dated back from that day (data/later_years.json,
`tie_up_2020` and `today`; the calendar and the operations are later_years.py's)."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ..acknowledgements.models import Acknowledgement, AckStatus
from ..acknowledgements.operations import confirm_acknowledgement
from ..audits import operations as audit_ops
from ..audits.models import ActionStatus, CorrectiveAction, FindingStatus
from ..core.timeutil import LOCAL_TZ, add_working_days, set_clock
from ..extensions import db
from ..procedures import operations as procedure_ops
from ..procedures import permissions as signing
from ..procedures.models import ReviewOutcome, RevisionStatus
from ..procedures.operations.revisions import open_revision_of
from .later_years import _at, _back, _Story


def tie_up_2020(story: _Story, data: dict) -> None:
    """What the 2020 story left open, done as a commune would have done it."""
    spec = data["return_ht04"]
    pending = open_revision_of(story.procedures["QT-HT-04"])
    if pending is not None and pending.status is RevisionStatus.in_review:
        story.made["QT-HT-04"] = pending
        story.on(
            spec["at"],
            lambda: procedure_ops.return_revision(
                pending, story.people[spec["by"]], spec["comment"]
            ),
        )
    for revision in data["revisions"]:
        story.revise(revision, date.fromisoformat(revision["effective"]), revision["at"])
    caught_up = datetime.fromisoformat(data["late_readers_read_at"]).replace(tzinfo=LOCAL_TZ)
    story.on(caught_up, lambda: _late_readers(story))
    open_actions = db.session.scalars(
        sa.select(CorrectiveAction)
        .where(
            CorrectiveAction.organisation_id == story.org.id,
            CorrectiveAction.status.in_(
                (ActionStatus.planned, ActionStatus.in_progress, ActionStatus.done)
            ),
        )
        .order_by(CorrectiveAction.id)
    ).all()
    for action in open_actions:
        story.on(_at(date(2021, 1, 8), 15), _finish(story, action))


def _late_readers(story: _Story) -> None:
    """The people late with their 2020 readings catch up (after the 9-month report)."""
    tasks = (
        db.session.scalars(
            sa.select(Acknowledgement).where(
                Acknowledgement.organisation_id == story.org.id,
                Acknowledgement.status == AckStatus.pending,
                Acknowledgement.assigned_on < date(2020, 10, 10),
            )
        )
        .unique()
        .all()
    )
    for task in tasks:
        confirm_acknowledgement(task, task.user)


def _finish(story: _Story, action: CorrectiveAction) -> Callable[[], None]:
    """Completed if still open (the owner), verified a few days later, its finding closed."""

    def run():
        if action.status in (ActionStatus.planned, ActionStatus.in_progress):
            audit_ops.complete_action(
                action, action.owner, "Đã hoàn thành theo phiếu yêu cầu; hồ sơ lưu tại bộ phận."
            )
        if action.status is not ActionStatus.done:  # e.g. completed later by the 2021 steps
            return
        done = action.completed_at.astimezone(LOCAL_TZ).date()
        set_clock(max(_at(add_working_days(done, 3), 10), _at(date(2021, 1, 13), 10)))
        verifier = "qmr" if action.owner.username == "inspector" else "inspector"
        if action.review_id:
            verifier = "qmr"
        audit_ops.verify_action(action, story.people[verifier], True, "", None)
        finding = action.finding
        if finding is not None and finding.status is FindingStatus.open:
            audit_ops.close_finding(finding, story.people["qmr"])

    return run


def today_work(story: _Story, data: dict) -> None:
    """The open work of the day the demo is seeded (dated back from it)."""
    today, secretary = story.today, story.people["secretary"]
    if story.made.get("QT-HT-04") is not None:  # Quảng An's of 2020, or (reform.py) Quảng Điền's
        day = _back(today, data["resubmit_ht04"]["working_days_ago"])
        story.on(
            _at(day, 9),
            lambda: procedure_ops.submit_revision(
                story.made["QT-HT-04"], secretary, story.password
            ),
        )
    spec = data["awaiting_approval"]

    def submit():
        story.made["awaiting"] = story.draft(spec)
        procedure_ops.submit_revision(story.made["awaiting"], secretary, story.password)

    def review():
        revision = story.made["awaiting"]
        procedure_ops.review_revision(
            revision, story.signer(revision, signing.can_review_revision), story.password
        )

    story.on(_at(_back(today, spec["submitted_working_days_ago"]), 10), submit)
    story.on(_at(_back(today, spec["reviewed_working_days_ago"]), 10), review)
    story.on(
        _at(_back(today, data["draft"]["working_days_ago"]), 10), lambda: story.draft(data["draft"])
    )
    for reading in data["readings"]:
        effective = _back(today, reading["effective_working_days_ago"])
        written = _at(effective - timedelta(days=5), 14)
        only = set(reading["read_by"]) if "read_by" in reading else None
        story.revise(reading, effective, written, reading.get("not_read_by", ()), only)
    legal = data["legal_update"]
    issued = today - timedelta(days=legal["days_ago"])
    number = legal["number"].format(n=legal["number_base"] + issued.timetuple().tm_yday)
    story.legal_basis(
        {
            "registered_on": today - timedelta(days=legal["registered_days_ago"]),
            "number": number,
            "title": legal["title"],
            "issuer": legal["issuer"],
            "issued_on": issued,
            "effective_on": issued,
            "replaces": legal["amends"],
            "kind": legal["kind"],
        }
    )


def open_decision(story: _Story, review: str, held: date, spec: dict) -> None:
    """A decision of last December's review, dated back from today (see `today`)."""
    name = f"{review}:{spec['name']}"
    decided = _at(held, 16, 45)
    due = max(story.today + timedelta(days=spec["due_in_days"]), held + timedelta(days=7))
    story.step(
        decided,
        do="add_review_decision",
        name=name,
        review=review,
        by="qmr",
        action=spec["action"],
        owner=spec["owner"],
        due_date=due,
    )
    after = held + timedelta(days=1)
    if "completed_working_days_ago" in spec:
        day = max(_back(story.today, spec["completed_working_days_ago"]), after)
        story.step(
            _at(day, 15),
            do="complete_action",
            action=name,
            by=spec["owner"],
            evidence=spec["evidence"],
        )
    if "request_working_days_ago" in spec:
        day = max(_back(story.today, spec["request_working_days_ago"]), after)
        story.step(
            _at(day, 14),
            do="request_postponement",
            name=f"{name}:p",
            action=name,
            by=spec["owner"],
            new_due=story.today + timedelta(days=spec["new_due_in_days"]),
            reason=spec["reason"],
        )
    if "postponed_to_days" in spec:
        asked = max(due - timedelta(days=5), after)
        new_due = max(
            story.today + timedelta(days=spec["postponed_to_days"]), due + timedelta(days=1)
        )
        story.step(_at(asked, 8), do="start_action", action=name, by=spec["owner"])
        story.step(
            _at(asked, 14),
            do="request_postponement",
            name=f"{name}:p",
            action=name,
            by=spec["owner"],
            new_due=new_due,
            reason=spec["reason"],
        )
        story.step(
            _at(asked + timedelta(days=1), 9),
            do="decide_postponement",
            request=f"{name}:p",
            by="qmr",
            approve=True,
            note=spec["note"],
        )


def periodic_reviews(story: _Story, day: date) -> None:
    """Each quarter the secretary reviews every procedure whose periodic review falls due before
    the next quarter and keeps it (its review moves on by its interval), so none runs overdue."""
    ahead = day + timedelta(days=92)

    def run() -> None:
        secretary = story.people["secretary"]
        for procedure in story.procedures.values():
            due = procedure.review_due_on
            if procedure.withdrawn_on is None and due is not None and due <= ahead:
                procedure_ops.record_periodic_review(
                    procedure,
                    secretary,
                    ReviewOutcome.keep,
                    "Rà soát định kỳ: quy trình còn phù hợp, giữ nguyên.",
                    on=day,
                )

    story.on(_at(day, 10), run)
