"""The signing pages (issue 13, item 6, and issue 12, case 11): Post/Redirect/Get after a signature,
a second attempt shows who signed when (200, not "Lỗi 409"), a mistyped password comes back to the
form through a redirect; the head approves on the page; the administrator's chain page."""

import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.core.audit import AuditEntry
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision, RevisionStatus, Signature
from iso_qms.procedures.signing_chain import SigningChain
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision
from tests.procedures.test_signing_chain import commune_chain


def _revision(world, chain=True) -> Revision:
    if chain:
        commune_chain(world)
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    return revision


def _approve(client, revision, password=PASSWORD):
    data = {"password": password, "effective_date": today().strftime("%d/%m/%Y")}
    return client.post(f"/revisions/{revision.id}/approve", data=data)


def _signatures(revision_id: int) -> list[str]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Signature).where(Signature.revision_id == revision_id))
    return sorted(s.meaning.value for s in rows)


def test_after_approving_the_browser_is_sent_to_the_revision(world, login):
    revision = _revision(world, chain=False)
    qmr = login("qmr")
    response = _approve(qmr, revision)
    assert response.status_code == 303
    assert response.location.endswith(f"/revisions/{revision.id}")
    assert "đã được phê duyệt" in qmr.get(response.location).get_data(as_text=True).lower()


def test_a_second_approval_lands_on_a_page_saying_who_signed_when(world, login):
    revision = _revision(world, chain=False)
    qmr = login("qmr")
    assert _approve(qmr, revision).status_code == 303
    for response in (qmr.get(f"/revisions/{revision.id}/approve"), _approve(qmr, revision)):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert 'data-testid="already-signed"' in page and "Qmr" in page and "phê duyệt lúc" in page
        assert f'href="/revisions/{revision.id}"' in page
        assert 'data-testid="sign"' not in page  # no form to sign again
    assert _signatures(revision.id) == ["approved", "authored"]


def test_a_mistyped_password_comes_back_to_the_form_through_a_redirect(world, login):
    revision = _revision(world, chain=False)
    qmr = login("qmr")
    response = _approve(qmr, revision, password="sai")
    assert response.status_code == 303
    assert response.location.endswith(f"/revisions/{revision.id}/approve")
    form = qmr.get(response.location)
    assert form.status_code == 200 and "Mật khẩu không đúng" in form.get_data(as_text=True)
    again = qmr.get(response.location).get_data(as_text=True)  # shown once, then gone
    assert "Mật khẩu không đúng" not in again
    db.session.expire_all()
    assert db.session.get(User, world.users["qmr"].id).failed_logins == 1  # the attempt counts
    assert db.session.get(Revision, revision.id).status is RevisionStatus.in_review


def test_the_head_approves_on_the_page_after_the_qmrs_review(world, login):
    revision = _revision(world)
    head, qmr = login("head"), login("qmr")
    page = head.get(f"/revisions/{revision.id}").get_data(as_text=True)
    assert 'data-testid="approve"' not in page  # waits for the review
    waiting = head.get(f"/revisions/{revision.id}/approve")
    assert waiting.status_code == 303
    assert "đang chờ xem xét" in head.get(waiting.location).get_data(as_text=True)

    page = qmr.get(f"/revisions/{revision.id}").get_data(as_text=True)
    assert 'data-testid="review"' in page and 'data-testid="approve"' not in page
    assert qmr.get(f"/revisions/{revision.id}/review").status_code == 200
    signed = qmr.post(f"/revisions/{revision.id}/review", data={"password": PASSWORD})
    assert signed.status_code == 303 and signed.location.endswith(f"/revisions/{revision.id}")
    second = qmr.post(f"/revisions/{revision.id}/review", data={"password": PASSWORD})
    assert second.status_code == 200 and "xem xét lúc" in second.get_data(as_text=True)

    assert 'data-testid="approve"' in head.get(f"/revisions/{revision.id}").get_data(as_text=True)
    assert _approve(head, revision).status_code == 303
    assert _signatures(revision.id) == ["approved", "authored", "reviewed"]
    printed = head.get(f"/revisions/{revision.id}/print").get_data(as_text=True)
    for name in ("Iso_Secretary", "Qmr", "Head"):
        assert name in printed
    for heading in ("Người soạn thảo", "Người xem xét", "Người phê duyệt"):
        assert heading in printed


def test_a_mistyped_review_password_comes_back_to_the_review_form(world, login):
    revision = _revision(world)
    qmr = login("qmr")
    response = qmr.post(f"/revisions/{revision.id}/review", data={"password": "sai"})
    assert response.status_code == 303
    assert response.location.endswith(f"/revisions/{revision.id}/review")
    assert "Mật khẩu không đúng" in qmr.get(response.location).get_data(as_text=True)
    assert _signatures(revision.id) == ["authored"]


def test_the_qmr_cannot_approve_on_the_page_when_the_head_approves(world, login):
    revision = _revision(world)
    qmr = login("qmr")
    qmr.post(f"/revisions/{revision.id}/review", data={"password": PASSWORD})
    response = _approve(qmr, revision)
    assert response.status_code == 403
    assert _signatures(revision.id) == ["authored", "reviewed"]


def test_the_signing_pages_of_another_organisation_are_not_found(world, login):
    from tests.fixtures.factories import World, create_user

    other_qmr = create_user(world.other_org, "other_qmr", "staff", "iso_secretary", "qmr")
    other = World(world.province, world.district, world.other_org, world.org, {})
    other.users.update(iso_secretary=other_qmr, qmr=other_qmr)
    revision = create_revision(create_procedure(other), other, status="in_review")
    db.session.commit()
    head = login("head")
    for url in ("approve", "review"):
        assert head.get(f"/revisions/{revision.id}/{url}").status_code == 404
        assert head.post(f"/revisions/{revision.id}/{url}", data={}).status_code == 404


# --- the administrator's chain page -----------------------------------------------------------


def test_the_admin_sets_the_chain_on_its_page(world, login):
    admin = login("admin")
    page = admin.get("/signing-chain")
    assert page.status_code == 200 and "Trình tự ký" in page.get_data(as_text=True)
    data = {"review_role": "qmr", "review_required": "y", "approve_role": "head"}
    saved = admin.post("/signing-chain", data=data)
    assert saved.status_code == 303
    assert "Đã lưu trình tự ký" in admin.get(saved.location).get_data(as_text=True)
    db.session.expire_all()
    row = db.session.scalar(sa.select(SigningChain))
    assert (row.organisation_id, row.review_role.value, row.approve_role.value) == (
        world.org.id,
        "qmr",
        "head",
    )
    assert row.review_required
    assert db.session.scalar(
        sa.select(AuditEntry.id).where(AuditEntry.action == "signing_chain.update")
    )


def test_a_bad_chain_on_the_page_is_a_form_error_and_changes_nothing(world, login):
    world.users["head"].role_rows.clear()
    db.session.commit()
    response = login("admin").post(
        "/signing-chain", data={"review_role": "qmr", "approve_role": "head"}
    )
    assert response.status_code == 422
    assert "Chưa có người nào" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(SigningChain.id))) == 0


def test_only_the_admin_opens_the_chain_page(world, login):
    for username in ("qmr", "head", "iso_secretary", "staff", "supervisor"):
        assert login(username).get("/signing-chain").status_code == 403
    assert login("other_admin").get("/signing-chain").status_code == 200  # its own commune's
