"""The demo's 2020 quality objectives: drafted by the ISO secretary, approved by the QMR in early
January 2020 with the e-signature, and weighed by the 2020 management review's frozen pack."""

from datetime import date

import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.audits.models import ManagementReview
from iso_qms.core.timeutil import LOCAL_TZ
from iso_qms.extensions import db
from iso_qms.performance.objective_models import QualityObjective
from iso_qms.performance.objectives import check_signatures
from iso_qms.seed import DEMO_PASSWORD
from iso_qms.seed.objectives import seed_objectives
from tests.fixtures.demo_snapshot import load_demo


def test_the_demo_objectives_are_approved_in_january_2020_and_in_the_review_pack(app_ctx):
    load_demo()
    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
    objectives = db.session.scalars(
        sa.select(QualityObjective).where(QualityObjective.organisation_id == org.id)
    ).all()
    assert [o.reference for o in objectives] == [f"MTCL-0{n}/2020" for n in range(1, 5)]
    for objective in objectives:
        version = objective.in_force()
        assert version.signer_name == "Hồ Đắc Tuấn"
        assert version.approved_at.astimezone(LOCAL_TZ).date() == date(2020, 1, 8)
    assert list(check_signatures()) == []
    review = db.session.scalar(
        sa.select(ManagementReview).where(
            ManagementReview.organisation_id == org.id,
            ManagementReview.held_on == date(2020, 12, 28),
        )
    )
    pack = review.input_pack
    assert [o["reference"] for o in pack["objectives"]] == [o.reference for o in objectives]
    assert {"process_performance", "nonconforming_outputs", "risk_actions"} <= set(pack)
    assert seed_objectives(org, DEMO_PASSWORD) is False  # seeding again changes nothing
