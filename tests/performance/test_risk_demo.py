"""The demo's register of 2020 (seed/risks.py): a handful of risks and opportunities per field,
made after the 9-month report, and the December review weighing the actions on them."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.audits.models import ManagementReview
from iso_qms.core.timeutil import LOCAL_TZ
from iso_qms.extensions import db
from iso_qms.performance import risks
from iso_qms.performance.risk_models import Risk, RiskKind
from iso_qms.seed.risks import seed_risks
from tests.fixtures.demo_snapshot import load_demo


@pytest.fixture(scope="module")
def demo(app):
    from tests.conftest import _wipe

    with app.app_context():
        load_demo()
        yield db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        db.session.rollback()
        _wipe()
        db.session.remove()


def test_the_demo_register_has_risks_and_opportunities_per_field(demo):
    entries = db.session.scalars(sa.select(Risk).where(Risk.organisation_id == demo.id)).all()
    kinds = {r.kind for r in entries}
    assert kinds == {RiskKind.risk, RiskKind.opportunity} and len(entries) >= 6
    texts = " ".join(r.description for r in entries)
    for words in ("thiếu nhân lực", "hồ sơ giấy", "phần mềm một cửa", "mức độ 4"):
        assert words in texts
    fields = {r.procedure.field for r in entries if r.procedure is not None}
    assert {"Hộ tịch", "Chứng thực", "Bảo trợ xã hội"} <= fields
    # made after the 9-month report (as of 14/09/2020), so that report is unchanged
    assert min(r.created_at.astimezone(LOCAL_TZ).date() for r in entries) > date(2020, 9, 14)
    limits = risks.thresholds(demo.id)
    assert {risks.level_of(r.score, limits).value for r in entries} == {"low", "medium", "high"}


def test_the_december_review_weighs_the_actions_on_them(demo):
    review = db.session.scalar(
        sa.select(ManagementReview)
        .where(ManagementReview.organisation_id == demo.id)
        .order_by(ManagementReview.held_on)
    )
    figures = risks.risk_action_effectiveness(demo.id, (date(2020, 1, 1), review.held_on))
    assert (figures["actions"], figures["done_on_time"], figures["done_late"]) == (5, 3, 1)
    assert (figures["open"], figures["verified_effective"]) == (1, 3)
    frozen = (review.input_pack or {}).get("risk_actions")
    if frozen is not None:  # the pack's measurement inputs (the objectives' slice)
        assert frozen["actions"] == 5 and frozen["done_late"] == 1


def test_seeding_the_register_again_changes_nothing(demo):
    count = db.session.scalar(sa.select(sa.func.count(Risk.id)))
    assert seed_risks(demo) is False
    assert db.session.scalar(sa.select(sa.func.count(Risk.id))) == count
