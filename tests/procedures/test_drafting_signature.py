"""The drafting step is an e-signature too (issue 12: "each step an e-signature with its
meaning"): the page asks the author's password; the API takes it when given."""

import sqlalchemy as sa

from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures.models import Revision, RevisionStatus, Signature, SignatureMeaning
from tests.fixtures.factories import PASSWORD, create_procedure


def _draft(world, code: str = "QT-HT-90"):
    procedure = create_procedure(world, kind="system", statutory=None, code=code)
    revision = ops.create_revision(
        procedure, world.users["iso_secretary"], {"change_summary": "Ban hành lần đầu"}
    )
    db.session.commit()
    return revision


def _authored(revision_id: int) -> list[bool]:
    return list(
        db.session.scalars(
            sa.select(Signature.password_confirmed).where(
                Signature.revision_id == revision_id,
                Signature.meaning == SignatureMeaning.authored,
            )
        )
    )


def _status(revision_id: int) -> RevisionStatus:
    db.session.expire_all()
    return db.session.get(Revision, revision_id).status


def test_the_page_signs_the_draft_with_the_authors_password(world, login):
    revision = _draft(world)
    client = login("iso_secretary")
    page = client.get(f"/revisions/{revision.id}").get_data(as_text=True)
    assert 'data-testid="submit-form"' in page and 'id="submit-password"' in page
    assert "Ký và gửi phê duyệt" in page

    missing = client.post(f"/revisions/{revision.id}/submit", follow_redirects=True)
    assert "Vui lòng nhập mật khẩu để ký." in missing.get_data(as_text=True)
    assert _status(revision.id) is RevisionStatus.draft and _authored(revision.id) == []

    wrong = client.post(f"/revisions/{revision.id}/submit", data={"password": "sai"},
                        follow_redirects=True)  # fmt: skip
    assert wrong.status_code == 200
    assert "Mật khẩu không đúng" in wrong.get_data(as_text=True)
    assert _status(revision.id) is RevisionStatus.draft and _authored(revision.id) == []

    done = client.post(f"/revisions/{revision.id}/submit", data={"password": PASSWORD})
    assert done.status_code == 302
    assert _status(revision.id) is RevisionStatus.in_review
    assert _authored(revision.id) == [True]


def test_the_api_signs_with_the_password_when_given(world, client, token_for):
    headers = token_for("iso_secretary")
    signed, unsigned, wrong = (_draft(world, code) for code in ("QT-A", "QT-B", "QT-C"))
    answer = client.post(f"/api/v1/revisions/{signed.id}/submit", json={"password": PASSWORD},
                         headers=headers)  # fmt: skip
    assert answer.status_code == 200 and answer.get_json()["status"] == "in_review"
    assert _authored(signed.id) == [True]
    bare = client.post(f"/api/v1/revisions/{unsigned.id}/submit", headers=headers)  # no body
    assert bare.status_code == 200 and _authored(unsigned.id) == [False]
    refused = client.post(f"/api/v1/revisions/{wrong.id}/submit", json={"password": "sai"},
                          headers=headers)  # fmt: skip
    assert refused.status_code == 403
    assert _status(wrong.id) is RevisionStatus.draft and _authored(wrong.id) == []
