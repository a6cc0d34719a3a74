"""A catalogue import never renames a signed procedure: it proposes the new title as a draft
revision (or puts it in the open draft), and the procedure takes it when that is approved
(issue 12: "imports propose such changes as drafts, never apply them to what is in force")."""

import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import importing
from iso_qms.procedures import operations as ops
from iso_qms.procedures.catalogue import read_catalogue
from iso_qms.procedures.integrity import signature_matches
from iso_qms.procedures.models import Procedure, Revision, RevisionStatus
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision
from tests.procedures.test_import import xlsx

BIRTH = "Thủ tục đăng ký khai sinh"
NEW = "Đăng ký khai sinh"
ROWS = [["1.001193", NEW, "Hộ tịch", "03 ngày làm việc", ""]]


def _signed(world):
    procedure = create_procedure(world, code="QT-HT-01", title=BIRTH, tthc_code="1.001193")
    revision = create_revision(procedure, world, status="approved", effective_date=today())
    db.session.commit()
    return procedure, revision


def _import(world, user="iso_secretary"):
    result = importing.apply(world.org.id, world.users[user], read_catalogue("d.xlsx", xlsx(ROWS)))
    db.session.commit()
    db.session.expire_all()
    return result


def _revisions(procedure) -> list[tuple]:
    return db.session.execute(
        sa.select(Revision.number, Revision.status, Revision.procedure_title)
        .where(Revision.procedure_id == procedure.id)
        .order_by(Revision.number)
    ).all()


def test_a_new_title_is_proposed_as_a_draft_and_taken_when_approved(world):
    procedure, first = _signed(world)
    result = _import(world)
    row = result.rows[0]
    assert row.through_revision == ["title"] and row.draft_revision_id is not None
    assert row.as_json()["draft_revision_id"] == row.draft_revision_id
    assert db.session.get(Procedure, procedure.id).title == BIRTH  # in force: unchanged
    assert signature_matches(db.session.get(Revision, first.id))
    assert _revisions(procedure) == [(1, RevisionStatus.approved, BIRTH),
                                     (2, RevisionStatus.draft, NEW)]  # fmt: skip
    draft = db.session.get(Revision, row.draft_revision_id)
    assert draft.significant is False and NEW in draft.change_summary
    assert draft.steps == first.steps and draft.content == first.content

    again = _import(world)  # the same file again: the same draft, no second one
    assert again.rows[0].draft_revision_id == draft.id and len(_revisions(procedure)) == 2

    ops.submit_revision(draft, world.users["iso_secretary"])
    ops.approve_revision(draft, world.users["qmr"], PASSWORD, today())
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Procedure, procedure.id).title == NEW


def test_the_open_draft_takes_the_new_title(world):
    procedure, _first = _signed(world)
    draft = create_revision(procedure, world, summary="Cập nhật biểu mẫu")
    db.session.commit()
    result = _import(world)
    assert result.rows[0].draft_revision_id == draft.id
    assert _revisions(procedure)[-1] == (2, RevisionStatus.draft, NEW)
    assert db.session.get(Revision, draft.id).change_summary == "Cập nhật biểu mẫu"


def test_a_revision_in_review_is_left_as_it_was_sent(world):
    procedure, _first = _signed(world)
    create_revision(procedure, world, status="in_review", summary="Cập nhật biểu mẫu")
    db.session.commit()
    result = _import(world)
    assert result.rows[0].draft_revision_id is None
    assert _revisions(procedure)[-1] == (2, RevisionStatus.in_review, BIRTH)
    assert result.rows[0].as_json()["draft_revision_id"] is None


def test_the_import_page_says_how_many_titles_became_drafts(world, login):
    import io

    _signed(world)
    client = login("iso_secretary")
    page = client.post("/procedures/import", data={"file": (io.BytesIO(xlsx(ROWS)), "dm.xlsx")},
                       content_type="multipart/form-data")  # fmt: skip
    text = page.get_data(as_text=True)
    assert 'data-testid="through-revision"' in text and "đề xuất tên mới" in text
    token = text.split('name="token" value="')[1].split('"')[0]
    done = client.post("/procedures/import", data={"token": token, "confirm": "1"},
                       follow_redirects=True)  # fmt: skip
    assert "Đã đề xuất 1 tên mới thành bản dự thảo sửa đổi" in done.get_data(as_text=True)
