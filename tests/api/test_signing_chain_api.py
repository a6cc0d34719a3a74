"""The signing chain through the API (issue 12, case 11): POST /revisions/{id}/review, the head's
approval, GET/PUT /signing-chain; the second attempt still answers 409 (issue 13, item 6)."""

import pytest
import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision, RevisionStatus
from iso_qms.procedures.signing_chain import SigningChain
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision
from tests.procedures.test_signing_chain import commune_chain

API = "/api/v1"


def _in_review(world, chain=True) -> Revision:
    if chain:
        commune_chain(world)
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    return revision


def _approve(client, headers, revision):
    body = {"password": PASSWORD, "effective_date": today().isoformat()}
    return client.post(f"{API}/revisions/{revision.id}/approve", json=body, headers=headers)


def _review(client, headers, revision, password=PASSWORD):
    return client.post(
        f"{API}/revisions/{revision.id}/review", json={"password": password}, headers=headers
    )


def test_the_qmr_reviews_and_the_head_approves_through_the_api(world, client, token_for):
    revision = _in_review(world)
    head, qmr = token_for("head"), token_for("qmr")
    waiting = _approve(client, head, revision)
    assert waiting.status_code == 409
    assert "QT-HT-01 lần 01" in waiting.get_json()["error"]["message"]
    reviewed = _review(client, qmr, revision)
    assert reviewed.status_code == 200
    body = reviewed.get_json()
    assert body["status"] == "in_review" and body["signature"]["meaning"] == "reviewed"
    assert body["signature"]["signer"] == "Qmr"
    again = _review(client, qmr, revision)
    assert again.status_code == 409 and "Qmr" in again.get_json()["error"]["message"]
    assert _approve(client, qmr, revision).status_code == 403  # the chain names the head
    approved = _approve(client, head, revision)
    assert approved.status_code == 200
    assert approved.get_json()["signature"]["signer"] == "Head"
    assert approved.get_json()["approved_by"]["username"] == "head"
    assert _approve(client, head, revision).status_code == 409  # the second attempt
    meanings = [s["meaning"] for s in approved.get_json()["signatures"]]
    assert meanings == ["authored", "reviewed", "approved"]


def test_without_a_chain_the_api_keeps_its_contract(world, client, token_for):
    revision = _in_review(world, chain=False)
    assert _approve(client, token_for("head"), revision).status_code == 403
    assert _approve(client, token_for("qmr"), revision).status_code == 200


@pytest.mark.parametrize(
    ("username", "status"),
    [("staff", 403), ("iso_secretary", 403), ("admin", 403), ("head", 403), ("supervisor", 403)],
)
def test_only_the_chains_reviewer_signs_the_review(world, client, token_for, username, status):
    revision = _in_review(world)
    assert _review(client, token_for(username), revision).status_code == status
    db.session.expire_all()
    assert len(db.session.get(Revision, revision.id).signatures) == 1


def test_a_wrong_review_password_is_403_and_signs_nothing(world, client, token_for):
    revision = _in_review(world)
    response = _review(client, token_for("qmr"), revision, password="sai")
    assert response.status_code == 403
    db.session.expire_all()
    assert len(db.session.get(Revision, revision.id).signatures) == 1


def test_another_organisations_revision_is_not_found_for_review(world, client, token_for):
    from tests.fixtures.factories import World, create_user

    other_qmr = create_user(world.other_org, "other_qmr", "staff", "iso_secretary", "qmr")
    other = World(world.province, world.district, world.other_org, world.org, {})
    other.users.update(iso_secretary=other_qmr, qmr=other_qmr)
    revision = create_revision(create_procedure(other), other, status="in_review")
    db.session.commit()
    assert _review(client, token_for("qmr"), revision).status_code == 404
    response = client.post(
        f"{API}/revisions/{revision.id}/review", json={}, headers=token_for("qmr")
    )
    assert response.status_code == 404  # whatever the body


def test_the_chain_is_read_and_set_through_the_api(world, client, token_for):
    default = client.get(f"{API}/signing-chain", headers=token_for("staff")).get_json()
    assert default["is_default"] and default["approve_role"] == "qmr"
    assert default["drafter_roles"] == ["iso_secretary", "qmr"]
    admin = token_for("admin")
    body = {"review_role": "qmr", "approve_role": "head", "review_required": True}
    saved = client.put(f"{API}/signing-chain", json=body, headers=admin)
    assert saved.status_code == 200
    chain = saved.get_json()
    assert (chain["review_role"], chain["approve_role"], chain["is_default"]) == (
        "qmr",
        "head",
        False,
    )
    assert chain["updated_by"] == "Admin" and chain["organisation_id"] == world.org.id
    stale = {**body, "lock_version": chain["lock_version"] + 5}
    assert client.put(f"{API}/signing-chain", json=stale, headers=admin).status_code == 409
    fresh = {**body, "review_required": False, "lock_version": chain["lock_version"]}
    assert client.put(f"{API}/signing-chain", json=fresh, headers=admin).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"review_role": "staff", "approve_role": "head"}, "review_role"),
        ({"review_role": "qmr", "approve_role": "king"}, "approve_role"),
        ({}, "approve_role"),
    ],
)
def test_a_bad_chain_is_422_naming_the_field(world, client, token_for, body, field):
    response = client.put(f"{API}/signing-chain", json=body, headers=token_for("admin"))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.session.scalar(sa.select(sa.func.count(SigningChain.id))) == 0


@pytest.mark.parametrize("username", ["qmr", "head", "iso_secretary", "staff", "supervisor"])
def test_only_the_admin_sets_the_chain(world, client, token_for, username):
    body = {"review_role": "qmr", "approve_role": "head"}
    response = client.put(f"{API}/signing-chain", json=body, headers=token_for(username))
    assert response.status_code == 403


def test_the_supervisor_reads_a_communes_chain_and_nobody_reads_another_tree(
    world, client, token_for
):
    commune_chain(world)
    db.session.commit()
    url = f"{API}/signing-chain?organisation_id={world.org.id}"
    answer = client.get(url, headers=token_for("supervisor"))
    assert answer.status_code == 200 and answer.get_json()["approve_role"] == "head"
    other = f"{API}/signing-chain?organisation_id={world.org.id}"
    assert client.get(other, headers=token_for("other_admin")).status_code == 404


def test_the_approved_revision_stays_approved_once(world, client, token_for):
    revision = _in_review(world, chain=False)
    qmr = token_for("qmr")
    assert _approve(client, qmr, revision).status_code == 200
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).status is RevisionStatus.approved
    assert _review(client, qmr, revision).status_code == 409
