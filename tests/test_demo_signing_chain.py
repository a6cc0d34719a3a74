"""The demo's signing chain (issue 12, case 11): Quảng An's drafts are written by the ISO secretary,
reviewed by the QMR (Phó Chủ tịch) and approved by the Chủ tịch; the 2020 issues the QMR signed
stay as they were signed."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, User
from iso_qms.core.timeutil import LOCAL_TZ, today
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision, RevisionStatus, Signature, SignatureMeaning
from iso_qms.procedures.signing_chain import ChainRole, chain_for
from iso_qms.seed import DEMO_PASSWORD
from iso_qms.seed.people import demo_logins
from tests.fixtures.demo_snapshot import load_demo


@pytest.fixture
def demo(app):
    from tests.conftest import _wipe

    with app.app_context():
        load_demo(reform=False)  # Quảng An's story on the 2020 map to today
        yield app
        db.session.rollback()
        _wipe()
        db.session.remove()


def _quang_an() -> Organisation:
    return db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))


def test_quang_an_reviews_by_the_qmr_and_approves_by_the_head(demo):
    chain = chain_for(_quang_an().id)
    assert (chain.review_role, chain.review_required, chain.approve_role) == (
        ChainRole.qmr,
        True,
        ChainRole.head,
    )
    assert "head" in dict(demo_logins())


def _approvers(*where) -> list[str]:
    return db.session.scalars(
        sa.select(User.username)
        .join(Signature, Signature.signer_id == User.id)
        .where(
            Signature.meaning == SignatureMeaning.approved,
            Signature.organisation_id == _quang_an().id,  # the neighbours sign their own
            *where,
        )
        .distinct()
    ).all()


def test_the_2020_issues_keep_the_qmrs_signatures(demo):
    chain_set = datetime(2020, 9, 28, tzinfo=LOCAL_TZ)
    assert _approvers(Signature.signed_at < chain_set) == ["qmr"]
    later = _approvers(Signature.signed_at >= chain_set)  # the story after 2020 (seed/later_years)
    assert later in ([], ["head"])


def test_the_pending_revision_is_reviewed_by_the_qmr_then_approved_by_the_head(demo):
    # the demo leaves two in review: QT-HT-04 lần 02 resubmitted, and one the QMR has reviewed
    reviewed = sa.exists().where(
        Signature.revision_id == Revision.id, Signature.meaning == SignatureMeaning.reviewed
    )
    pending = db.session.scalars(
        sa.select(Revision)
        .where(
            Revision.organisation_id == _quang_an().id,
            Revision.status == RevisionStatus.in_review,
            ~reviewed,
        )
        .order_by(Revision.id)
    ).first()
    assert pending is not None, "the demo leaves a revision waiting for its review"

    def log_in(username):
        session = demo.test_client()
        session.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        return session

    head, qmr = log_in("head"), log_in("qmr")
    data = {"password": DEMO_PASSWORD, "effective_date": today().strftime("%d/%m/%Y")}
    assert head.get(f"/revisions/{pending.id}/approve").status_code == 303  # waits for the review
    assert (
        qmr.post(f"/revisions/{pending.id}/review", data={"password": DEMO_PASSWORD}).status_code
        == 303
    )
    assert qmr.post(f"/revisions/{pending.id}/approve", data=data).status_code == 403
    assert head.post(f"/revisions/{pending.id}/approve", data=data).status_code == 303
    db.session.expire_all()
    revision = db.session.get(Revision, pending.id)
    names = {s.meaning.value: s.signer_name for s in revision.signatures}
    assert names == {
        "authored": "Quách Đình Niệm",
        "reviewed": "Hồ Đắc Tuấn",
        "approved": "Lê Văn Hải",
    }
