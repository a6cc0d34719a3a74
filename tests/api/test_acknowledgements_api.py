from datetime import date

import sqlalchemy as sa

from iso_qms.acknowledgements import operations as ack_operations
from iso_qms.acknowledgements.models import Acknowledgement
from iso_qms.extensions import db
from tests.fixtures.factories import create_procedure, create_revision, create_user


def _setup(world):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 6))
    db.session.commit()
    return revision


def test_my_acknowledgements_lists_overdue_and_confirm_works(world, client, token_for):
    revision = _setup(world)
    headers = token_for("staff")
    body = client.get("/api/v1/me/acknowledgements?status=overdue", headers=headers).get_json()
    assert body["total"] == 1 and body["items"][0]["revision"]["id"] == revision.id
    assert (
        body["items"][0]["procedure"]["code"] == "QT-HT-01"
        and body["items"][0]["status"] == "overdue"
    )
    task_id = body["items"][0]["id"]
    confirmed = client.post(f"/api/v1/acknowledgements/{task_id}/confirm", headers=headers)
    assert confirmed.status_code == 200 and confirmed.get_json()["acknowledged_at"]
    again = client.post(f"/api/v1/acknowledgements/{task_id}/confirm", headers=headers)
    assert again.status_code == 409
    done = client.get("/api/v1/me/acknowledgements?status=done", headers=headers).get_json()
    assert done["total"] == 1


def test_confirming_someone_elses_task_is_403_and_another_orgs_is_404(world, client, token_for):
    _setup(world)
    ack_operations.sync_organisation(world.org.id)
    db.session.commit()
    qmr_task = db.session.scalar(
        sa.select(Acknowledgement.id).where(Acknowledgement.user_id == world.users["qmr"].id)
    )
    assert (
        client.post(
            f"/api/v1/acknowledgements/{qmr_task}/confirm", headers=token_for("staff")
        ).status_code
        == 403
    )
    outsider = create_user(world.other_org, "outsider", "staff")
    db.session.commit()
    assert (
        outsider
        and client.post(
            f"/api/v1/acknowledgements/{qmr_task}/confirm", headers=token_for("outsider")
        ).status_code
        == 404
    )


def test_revision_acknowledgements_for_the_qmr_only(world, client, token_for):
    revision = _setup(world)
    body = client.get(
        f"/api/v1/revisions/{revision.id}/acknowledgements", headers=token_for("qmr")
    ).get_json()
    assert body["assigned"] == 6 and body["acknowledged"] == 0 and body["overdue"] == 6
    assert {p["full_name"] for p in body["people"]} >= {"Staff", "Qmr"}
    assert (
        client.get(
            f"/api/v1/revisions/{revision.id}/acknowledgements", headers=token_for("staff")
        ).status_code
        == 403
    )
