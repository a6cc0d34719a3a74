"""Issue 13, item 11: the demo reads as a living system on the day it is seeded. Its story goes on
from 2020 up to the current year (a self-inspection, an internal audit and a management review
each year, revisions read by nearly everyone, people joining and leaving), the current year stands
as a commune would have it today, every demo login has something waiting, and the 9-month 2020
report is byte for byte what it was before the later years were added."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, User
from iso_qms.audits.models import (
    ActionStatus,
    CorrectiveAction,
    ManagementReview,
    ReviewStatus,
    Round,
    RoundKind,
    RoundStatus,
)
from iso_qms.core.audit import verify_chain
from iso_qms.core.inbox import inbox_for
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures.integrity import check_revision_signatures
from iso_qms.procedures.models import Revision, RevisionStatus, SignatureMeaning
from iso_qms.seed import DEMO_PASSWORD, seed_demo

REPORT_2020 = "/api/v1/reports/compliance?from=2020-01-01&to=2020-09-14&as_of=2020-09-14"
LOGINS = ("admin", "qmr", "secretary", "inspector", "staff", "head")


def _report_2020(app) -> bytes:
    from iso_qms.accounts import operations as account_ops

    qmr = db.session.scalar(sa.select(User).where(User.username == "qmr"))
    token = account_ops.create_api_token(qmr, "demo-today")
    db.session.commit()
    response = app.test_client().get(REPORT_2020, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.get_data()


@pytest.fixture(scope="module")
def seeded(app):
    """The 2019-2020 demo first (its 2020 report kept), then the later years on top of it."""
    from iso_qms.seed import later_years
    from tests.conftest import _wipe

    real = later_years.seed_later_years
    with app.app_context():
        _wipe()
        later_years.seed_later_years = lambda *args: False
        try:
            seed_demo()
        finally:
            later_years.seed_later_years = real
        db.session.commit()
        before = _report_2020(app)
        org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        assert later_years.seed_later_years(org, DEMO_PASSWORD) is True
        db.session.commit()
        after = _report_2020(app)
        db.session.remove()
    yield {"before": before, "after": after}
    with app.app_context():
        _wipe()
        db.session.remove()


@pytest.fixture
def demo(seeded, app):
    with app.test_request_context():
        yield db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        db.session.rollback()
        db.session.remove()


def test_the_2020_report_is_byte_identical_after_the_later_years(seeded):
    assert seeded["after"] == seeded["before"]


def test_every_year_has_its_self_inspection_internal_audit_and_review(demo):
    rounds = db.session.scalars(sa.select(Round).where(Round.organisation_id == demo.id)).all()
    reviews = db.session.scalars(
        sa.select(ManagementReview).where(ManagementReview.organisation_id == demo.id)
    ).all()
    for year in range(2020, today().year + 1):
        kinds = {r.kind for r in rounds if r.start_date.year == year}
        assert {RoundKind.self_inspection, RoundKind.internal_audit} <= kinds, year
        assert [r.held_on.month for r in reviews if r.held_on.year == year] == [12], year
    past = [r for r in rounds if r.end_date < today()]
    assert all(r.status is RoundStatus.closed and r.is_accepted for r in past[:-1])
    for review in reviews:
        held = review.held_on < today()
        assert (review.status is ReviewStatus.held) == held, review.held_on
        if held:
            assert review.decisions


def test_this_year_is_dated_as_of_today(demo):
    rounds = db.session.scalars(
        sa.select(Round).where(
            Round.organisation_id == demo.id, Round.start_date >= date(today().year, 1, 1)
        )
    ).all()
    for round_ in rounds:
        assert (round_.status is RoundStatus.planned) == (round_.start_date > today())
    latest = db.session.scalar(sa.select(sa.func.max(Revision.approved_at)))
    assert latest.date() <= today()


def test_revisions_are_signed_by_the_chain_and_read_by_most(demo):
    later = db.session.scalars(
        sa.select(Revision).where(
            Revision.organisation_id == demo.id,
            Revision.status == RevisionStatus.approved,
            Revision.effective_date > date(2020, 12, 31),
        )
    ).all()
    assert len(later) >= 6 and any(r.significant for r in later)
    assert any(not r.significant for r in later)
    for revision in later:
        approval = revision.signature(SignatureMeaning.approved)
        review = revision.signature(SignatureMeaning.reviewed)
        assert review is not None and approval.signer_id != review.signer_id
    assert list(check_revision_signatures()) == []
    assert verify_chain().ok


def test_people_joined_and_one_left(demo):
    people = {u.username: u for u in db.session.scalars(sa.select(User))}
    assert people["hothithutrang"].active and people["trandinhkhoa"].active
    assert not people["ngovantrung"].active


def test_every_demo_login_has_something_to_do_today(demo):
    for username in LOGINS:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        kinds = {g.kind for g in inbox_for(user, refresh=True).groups if g.count}
        assert kinds, username
    qmr = db.session.scalar(sa.select(User).where(User.username == "qmr"))
    head = db.session.scalar(sa.select(User).where(User.username == "head"))
    secretary = db.session.scalar(sa.select(User).where(User.username == "secretary"))
    assert {"review_revision", "decide_postponement", "verify_action"} <= _kinds(qmr)
    assert "approve_revision" in _kinds(head)
    assert "legal_update_due" in _kinds(secretary)


def _kinds(user) -> set[str]:
    return {g.kind for g in inbox_for(user).groups if g.count}


def test_readings_overdue_and_not_yet_due_and_an_overdue_action(demo):
    from iso_qms.acknowledgements.models import Acknowledgement, AckStatus

    pending = db.session.scalars(
        sa.select(Acknowledgement).where(
            Acknowledgement.organisation_id == demo.id,
            Acknowledgement.status == AckStatus.pending,
        )
    ).all()
    assert any(t.due_on < today() for t in pending)
    assert any(t.due_on >= today() for t in pending)
    assert all(t.assigned_on.year >= today().year - 1 for t in pending)
    actions = db.session.scalars(
        sa.select(CorrectiveAction).where(CorrectiveAction.organisation_id == demo.id)
    ).all()
    assert any(a.status is ActionStatus.done for a in actions)
    assert all(a.status is ActionStatus.closed for a in actions if a.due_date.year < today().year)


def test_seeding_again_changes_nothing(demo):
    count = db.session.scalar(sa.select(sa.func.count(Round.id)))
    assert seed_demo() is False
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == count


def test_periodic_reviews_are_kept_up_each_quarter(demo):
    """Each quarter the secretary reviews what falls due before the next, so today no procedure of
    the demo is listed as overdue for its periodic review (they were, since 2020, before)."""
    from iso_qms.procedures.models import Procedure
    from iso_qms.procedures.queries import register_rows

    procedures = db.session.scalars(
        sa.select(Procedure).where(Procedure.organisation_id == demo.id)
    ).all()
    overdue = [
        row.procedure.code for row in register_rows(procedures, today()) if row.review_overdue
    ]
    assert overdue == []
