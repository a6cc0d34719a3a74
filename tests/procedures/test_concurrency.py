"""Two people at once, on a real PostgreSQL: one approval wins, the other gets 409; a stale edit
gets 409, never an overwrite."""

import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision, RevisionStatus, Signature, SignatureMeaning
from tests.fixtures.concurrency import at_once
from tests.fixtures.factories import create_procedure, create_revision, create_user


def test_two_qmrs_approving_the_same_revision_at_once_one_wins(world, postgres_only, login):
    create_user(world.org, "qmr2", "staff", "qmr")
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    first, second = login("qmr"), login("qmr2")
    # Effective today: a date in the past is refused (issue 12), whatever the race.
    data = {"password": "Password-123", "effective_date": today().strftime("%d/%m/%Y")}
    url = f"/revisions/{revision.id}/approve"
    responses = at_once(lambda: first.post(url, data=data), lambda: second.post(url, data=data))
    # the winner is sent to the revision (303); the other is told who signed it and when (200)
    assert sorted(r.status_code for r in responses) == [200, 303]
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).status is RevisionStatus.approved
    approvals = db.session.scalars(
        sa.select(Signature).where(
            Signature.revision_id == revision.id, Signature.meaning == SignatureMeaning.approved
        )
    ).all()
    assert len(approvals) == 1


def test_two_api_approvals_at_once_one_gets_409(world, postgres_only, client, token_for):
    create_user(world.org, "qmr2", "staff", "qmr")
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    headers = [token_for("qmr"), token_for("qmr2")]
    url = f"/api/v1/revisions/{revision.id}/approve"
    body = {"password": "Password-123", "effective_date": today().isoformat()}
    responses = at_once(
        *[
            (lambda h=h: client.application.test_client().post(url, json=body, headers=h))
            for h in headers
        ]
    )
    assert sorted(r.status_code for r in responses) == [200, 409]


def test_concurrent_stale_edits_one_wins_the_other_gets_409(world, postgres_only, token_for):
    revision = create_revision(create_procedure(world), world)
    db.session.commit()
    headers = token_for("iso_secretary")
    version = revision.lock_version
    url = f"/api/v1/revisions/{revision.id}"
    from flask import current_app

    client_a, client_b = current_app.test_client(), current_app.test_client()
    responses = at_once(
        lambda: client_a.patch(
            url, json={"change_summary": "A", "lock_version": version}, headers=headers
        ),
        lambda: client_b.patch(
            url, json={"change_summary": "B", "lock_version": version}, headers=headers
        ),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], codes
    db.session.expire_all()
    winner = next(r for r in responses if r.status_code == 200).get_json()["change_summary"]
    assert db.session.get(Revision, revision.id).change_summary == winner
