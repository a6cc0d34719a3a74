"""What a signature covers is frozen with it: the title and code printed on a signed issue, and
the signed rows themselves, also against a raw UPDATE (issue 12, case 1)."""

import pytest
import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import importing
from iso_qms.procedures.catalogue import read_catalogue
from iso_qms.procedures.integrity import signature_matches
from iso_qms.procedures.models import Procedure, Revision
from tests.fixtures.factories import create_procedure, create_revision
from tests.procedures.test_import import xlsx

BIRTH = "Thủ tục đăng ký khai sinh"


def _signed(world, **kwargs):
    procedure = create_procedure(world, code="QT-HT-01", title=BIRTH, **kwargs)
    revision = create_revision(procedure, world, status="approved", effective_date=today())
    db.session.commit()
    return procedure, revision


def test_patching_the_title_of_a_signed_procedure_is_refused(world, app_ctx, token_for, login):
    procedure, revision = _signed(world)
    headers = token_for("iso_secretary")
    answer = app_ctx.test_client().patch(
        f"/api/v1/procedures/{procedure.id}",
        json={"title": "Đăng ký khai sinh", "lock_version": procedure.lock_version},
        headers=headers,
    )
    assert answer.status_code == 422, answer.get_json()
    assert "mở một lần sửa đổi mới" in str(answer.get_json())
    db.session.expire_all()
    assert db.session.get(Procedure, procedure.id).title == BIRTH
    printed = login("staff").get(f"/revisions/{revision.id}/print").get_data(as_text=True)
    assert BIRTH.upper() in printed
    assert signature_matches(db.session.get(Revision, revision.id))


def test_the_title_changes_through_a_new_revision(world, app_ctx, token_for, login):
    procedure, first = _signed(world)
    headers = token_for("iso_secretary")
    client = app_ctx.test_client()
    draft = client.post(
        f"/api/v1/procedures/{procedure.id}/revisions",
        json={"procedure_title": "Đăng ký khai sinh", "change_summary": "Đổi tên"},
        headers=headers,
    ).get_json()
    assert draft["procedure_title"] == "Đăng ký khai sinh"
    from iso_qms.procedures import operations as ops

    revision = db.session.get(Revision, draft["id"])
    ops.submit_revision(revision, world.users["iso_secretary"])
    ops.approve_revision(revision, world.users["qmr"], "Password-123", today())
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Procedure, procedure.id).title == "Đăng ký khai sinh"
    staff = login("staff")
    assert BIRTH.upper() in staff.get(f"/revisions/{first.id}/print").get_data(as_text=True)
    assert "ĐĂNG KÝ KHAI SINH" in staff.get(f"/revisions/{draft['id']}/print").get_data(
        as_text=True
    )
    assert all(signature_matches(r) for r in db.session.scalars(sa.select(Revision)))


def test_the_html_form_names_the_refused_title(world, login):
    procedure, _revision = _signed(world)
    page = login("iso_secretary").post(
        f"/procedures/{procedure.id}/edit",
        data={
            "code": procedure.code,
            "title": "Đăng ký khai sinh",
            "kind": procedure.kind.value,
            "statutory": procedure.statutory.label_vi(),
            "review_interval_months": 12,
            "lock_version": procedure.lock_version,
        },
    )
    assert page.status_code == 422
    assert "mở một lần sửa đổi mới" in page.get_data(as_text=True)


def test_the_import_lists_a_new_title_and_never_renames_what_is_in_force(world):
    procedure, revision = _signed(world, tthc_code="1.001193")
    rows = [["1.001193", "Đăng ký khai sinh", "Hộ tịch", "03 ngày làm việc", ""]]
    preview = importing.preview(world.org.id, read_catalogue("d.xlsx", xlsx(rows)))
    assert preview.rows[0].through_revision == ["title"]
    assert "title" not in preview.rows[0].changes
    assert preview.rows[0].as_json()["changes_through_revision"] == ["title"]
    importing.apply(
        world.org.id, world.users["iso_secretary"], read_catalogue("d.xlsx", xlsx(rows))
    )
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Procedure, procedure.id).title == BIRTH
    assert signature_matches(db.session.get(Revision, revision.id))


def test_the_import_page_says_a_new_title_goes_through_a_revision(world, login):
    import io

    _signed(world, tthc_code="1.001193")
    rows = [["1.001193", "Đăng ký khai sinh", "Hộ tịch", "03 ngày làm việc", ""]]
    page = login("iso_secretary").post(
        "/procedures/import",
        data={"file": (io.BytesIO(xlsx(rows)), "danh-muc.xlsx")},
        content_type="multipart/form-data",
    )
    assert 'data-testid="through-revision"' in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "assignment",
    [
        "content = '{}'",
        "procedure_title = 'Sửa ngầm'",
        "number = 9",
        "significant = NOT significant",
    ],
)
def test_the_database_refuses_to_update_a_signed_revision(world, assignment):
    _procedure, revision = _signed(world)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text(f"UPDATE revisions SET {assignment} WHERE id = :id"), {"id": revision.id}
        )
    db.session.rollback()


def test_the_database_still_lets_an_approved_revision_record_its_reading_tasks(world):
    _procedure, revision = _signed(world)
    db.session.execute(
        sa.text("UPDATE revisions SET tasks_created_at = NULL WHERE id = :id"), {"id": revision.id}
    )
    db.session.commit()


def test_the_database_refuses_to_update_a_signature(world):
    _procedure, revision = _signed(world)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text("UPDATE signatures SET signer_name = 'Người khác' WHERE revision_id = :id"),
            {"id": revision.id},
        )
    db.session.rollback()


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens, which carry the second they were made."""
    import re

    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)


def test_patching_the_code_of_a_signed_procedure_is_refused(world, app_ctx, token_for, login):
    procedure, revision = _signed(world)
    staff = login("staff")
    register_before = _without_tokens(staff.get("/procedures/").get_data(as_text=True))
    headers = token_for("iso_secretary")
    answer = app_ctx.test_client().patch(
        f"/api/v1/procedures/{procedure.id}",
        json={"code": "QT-HT-09", "lock_version": procedure.lock_version},
        headers=headers,
    )
    assert answer.status_code == 422, answer.get_json()
    fields = answer.get_json()["error"]["fields"]
    assert list(fields) == ["code"], fields
    assert "mở một lần sửa đổi mới" in str(fields["code"])
    db.session.expire_all()
    assert db.session.get(Procedure, procedure.id).code == "QT-HT-01"
    printed = staff.get(f"/revisions/{revision.id}/print").get_data(as_text=True)
    assert "QT-HT-01" in printed
    assert "QT-HT-09" not in printed
    assert _without_tokens(staff.get("/procedures/").get_data(as_text=True)) == register_before
    assert signature_matches(db.session.get(Revision, revision.id))
