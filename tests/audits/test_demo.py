"""The demo's 2020 inspections: the 17/08/2020 self-inspection under KH 482, the internal audit, the
management review; replayed once, seeding again changes nothing."""

from datetime import date

import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingStatus,
    ManagementReview,
    Round,
    RoundKind,
    RoundStatus,
)
from iso_qms.audits.queries import annual_duties
from iso_qms.core.audit import verify_chain
from iso_qms.core.timeutil import LOCAL_TZ, today
from iso_qms.extensions import db
from iso_qms.seed import DEMO_PASSWORD
from iso_qms.seed.audits import PLAN_482, seed_audits
from tests.fixtures.demo_snapshot import load_demo


def test_the_demo_rounds_findings_actions_and_review(app_ctx):
    load_demo(reform=False)  # Quảng An's story on the 2020 map to today
    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
    rounds = db.session.scalars(
        sa.select(Round)
        .where(Round.organisation_id == org.id, Round.start_date < date(2021, 1, 1))
        .order_by(Round.start_date)
    ).all()
    self_inspection, internal = rounds
    assert (
        self_inspection.kind is RoundKind.self_inspection and self_inspection.plan_ref == PLAN_482
    )
    assert self_inspection.start_date == date(2020, 8, 17)
    assert self_inspection.areas == ["CCHC", "KSTTHC", "ISO", "YKCD"]
    assert self_inspection.created_at.astimezone(LOCAL_TZ).date() == date(2020, 8, 12)
    assert internal.kind is RoundKind.internal_audit and internal.start_date.year == 2020
    assert {r.status for r in rounds} == {RoundStatus.closed} and all(r.is_accepted for r in rounds)
    findings = db.session.scalars(
        sa.select(Finding).where(Finding.round_id == self_inspection.id)
    ).all()
    # the last one open in 2020 (late BTXH dossiers) was closed in January 2021 (later_years.py)
    assert len(findings) == 4 and sum(f.status is FindingStatus.open for f in findings) == 0
    actions = db.session.scalars(
        sa.select(CorrectiveAction).where(CorrectiveAction.organisation_id == org.id)
    ).all()
    statuses = [a.status for a in actions]
    assert statuses.count(ActionStatus.closed) >= 4
    overdue = [a for a in actions if a.is_overdue(today())]
    assert len(overdue) == 1 and overdue[0].postponements[0].status.value == "approved"
    assert any(a.status is ActionStatus.done for a in actions)  # open: awaiting verification
    assert any(
        v.effective is False for a in actions for v in a.verifications
    )  # a not-effective verdict
    review = db.session.scalar(
        sa.select(ManagementReview)
        .where(ManagementReview.organisation_id == org.id)
        .order_by(ManagementReview.held_on)
    )
    assert review.held_on == date(2020, 12, 28) and review.input_pack["audits"] and review.decisions
    assert annual_duties(org.id, 2020)["missing"] == []
    assert any(
        f.revision_id for f in db.session.scalars(sa.select(Finding))
    )  # a revision opened from one
    count = db.session.scalar(sa.select(sa.func.count(Finding.id)))
    assert seed_audits(org, DEMO_PASSWORD) is False
    assert db.session.scalar(sa.select(sa.func.count(Finding.id))) == count
    assert verify_chain().ok
