"""The document-control pages through HTTP: forms, bad input, permissions and query counts."""

from datetime import date

import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures.models import Procedure, Revision, RevisionStatus
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision
from tests.query_counter import count_queries


def test_secretary_creates_a_procedure_through_the_form(world, login):
    client = login("iso_secretary")
    response = client.post(
        "/procedures/new",
        data={
            "code": "QT-HT-01",
            "title": "Quy trình đăng ký khai sinh",
            "kind": "tthc",
            "field": "Hộ tịch",
            "statutory": "Trong ngày",
            "review_interval_months": "12",
        },
    )
    assert response.status_code == 302
    procedure = db.session.scalar(sa.select(Procedure))
    assert procedure.statutory.within_day and procedure.organisation_id == world.org.id


def test_bad_procedure_form_names_each_field_and_writes_nothing(world, login):
    client = login("iso_secretary")
    response = client.post(
        "/procedures/new",
        data={
            "code": "",
            "title": "",
            "kind": "tthc",
            "statutory": "ba ngày",
            "review_interval_months": "0",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhập mã hiệu" in page or "mã hiệu" in page
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0


def test_duplicate_code_is_refused_on_the_form(world, login):
    create_procedure(world, code="QT-HT-01")
    db.session.commit()
    client = login("iso_secretary")
    response = client.post(
        "/procedures/new",
        data={"code": "QT-HT-01", "title": "X", "kind": "system", "review_interval_months": "12"},
    )
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 1


def test_draft_edit_submit_and_approve_through_the_pages(world, login):
    procedure = create_procedure(world, statutory="02 ngày làm việc")
    db.session.commit()
    secretary = login("iso_secretary")
    assert secretary.post(f"/procedures/{procedure.id}/revisions/new").status_code == 302
    revision = db.session.scalar(sa.select(Revision))
    data = {
        "change_summary": "Ban hành lần đầu",
        "change_location": "Toàn bộ",
        "significant": "y",
        "muc_dich": "Quy định **trình tự**",
        "lock_version": str(revision.lock_version),
        "steps-0-title": "Tiếp nhận",
        "steps-0-responsible": "Một cửa",
        "steps-0-duration": "04 giờ làm việc",
        "steps-1-title": "Giải quyết",
        "steps-1-responsible": "Công chức",
        "steps-1-duration": "01 ngày làm việc",
        "records-0-name": "Sổ hộ tịch",
        "records-0-keeper": "Tư pháp",
        "records-0-retention": "Vĩnh viễn",
    }
    assert secretary.post(f"/revisions/{revision.id}/edit", data=data).status_code == 302
    assert (
        secretary.post(f"/revisions/{revision.id}/submit", data={"password": PASSWORD}).status_code
        == 302
    )
    qmr = login("qmr")
    wrong = qmr.post(
        f"/revisions/{revision.id}/approve",
        data={"password": "sai", "effective_date": today().strftime("%d/%m/%Y")},
    )
    assert wrong.status_code == 303  # Post/Redirect/Get: Back never resubmits (issue 13)
    assert "Mật khẩu không đúng" in qmr.get(wrong.location).get_data(as_text=True)
    ok = qmr.post(
        f"/revisions/{revision.id}/approve",
        data={"password": "Password-123", "effective_date": today().strftime("%d/%m/%Y")},
    )
    assert ok.status_code == 303
    db.session.expire_all()
    revision = db.session.get(Revision, revision.id)
    assert revision.status is RevisionStatus.approved and revision.effective_date == today()
    assert revision.steps_total_minutes == 12 * 60
    page = qmr.get(f"/procedures/{procedure.id}?as_of={today():%d/%m/%Y}").get_data(as_text=True)
    assert "<strong>trình tự</strong>" in page and "Sổ hộ tịch" in page


def test_a_backdated_effective_date_is_a_form_error_and_approves_nothing(world, login):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    qmr = login("qmr")
    response = qmr.post(
        f"/revisions/{revision.id}/approve",
        data={"password": "Password-123", "effective_date": "01/09/2020"},
    )
    assert response.status_code == 303  # back to the form, the message kept (issue 13, item 6)
    assert "Ngày hiệu lực không được ở quá khứ" in qmr.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).status is RevisionStatus.in_review


def test_stale_draft_form_is_a_conflict(world, login):
    revision = create_revision(create_procedure(world), world)
    db.session.commit()
    client = login("iso_secretary")
    data = {"change_summary": "a", "lock_version": str(revision.lock_version)}
    assert client.post(f"/revisions/{revision.id}/edit", data=data).status_code == 302
    second = client.post(f"/revisions/{revision.id}/edit", data={**data, "change_summary": "b"})
    assert second.status_code == 422
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).change_summary == "a"


def test_bad_step_time_shows_a_message_and_saves_nothing(world, login):
    revision = create_revision(create_procedure(world), world)
    db.session.commit()
    client = login("iso_secretary")
    response = client.post(
        f"/revisions/{revision.id}/edit",
        data={
            "change_summary": "x",
            "lock_version": str(revision.lock_version),
            "steps-0-title": "A",
            "steps-0-responsible": "B",
            "steps-0-duration": "mai",
        },
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).change_summary == "Ban hành lần đầu"


def test_staff_cannot_edit_or_approve(world, login):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    client = login("staff")
    assert client.get(f"/revisions/{revision.id}/edit").status_code == 403
    assert (
        client.post(
            f"/revisions/{revision.id}/approve", data={"password": "Password-123"}
        ).status_code
        == 403
    )
    assert client.get(f"/revisions/{revision.id}").status_code == 200


def test_supervisor_reads_a_commune_procedure_but_cannot_change_it(world, login):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    db.session.commit()
    client = login("supervisor")
    assert client.get(f"/procedures/{procedure.id}").status_code == 200
    assert client.post(f"/procedures/{procedure.id}/revisions/new").status_code == 403


def test_print_view_has_the_header_history_signoff_and_uncontrolled_footer(world, login):
    revision = create_revision(
        create_procedure(world), world, status="approved", effective_date=date(2020, 1, 2)
    )
    db.session.commit()
    page = login("staff").get(f"/revisions/{revision.id}/print").get_data(as_text=True)
    assert 'data-testid="print-header"' in page and "QT-HT-01" in page and "02/01/2020" in page
    assert "Bản không kiểm soát khi in" in page or "Uncontrolled copy" in page
    assert 'data-testid="signoff"' in page and 'data-testid="history"' in page


def test_diff_page_marks_added_and_removed_lines(world, login):
    procedure = create_procedure(world)
    first = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 1, 2),
        content={"muc_dich": "Dòng cũ"},
    )
    second = create_revision(procedure, world, content={"muc_dich": "Dòng mới"}, summary="Sửa")
    db.session.commit()
    page = (
        login("staff").get(f"/revisions/{second.id}/diff?against={first.id}").get_data(as_text=True)
    )
    assert "diff-del" in page and "diff-add" in page
    assert "Dòng <del>cũ</del>" in page and "Dòng <ins>mới</ins>" in page  # the changed word


def test_register_and_detail_use_a_fixed_number_of_queries(world, login):
    def add(n, start):
        for i in range(start, start + n):
            procedure = create_procedure(world, code=f"QT-{i:03d}")
            create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
            create_revision(procedure, world, summary="Sửa")
        db.session.commit()

    add(3, 0)
    client = login("staff")
    with count_queries() as few:
        assert client.get("/procedures/?per_page=50").status_code == 200
    add(12, 3)
    with count_queries() as many:
        assert client.get("/procedures/?per_page=50").status_code == 200
    assert many.count == few.count
    procedure = create_procedure(world, code="QT-MANY")
    for day in range(1, 7):
        create_revision(
            procedure, world, status="approved", effective_date=date(2020, 2, day), summary="Sửa"
        )
    create_revision(procedure, world, summary="Sửa tiếp")
    one = create_procedure(world, code="QT-ONE")  # the same shape with one approved revision
    create_revision(one, world, status="approved", effective_date=date(2020, 2, 1), summary="Sửa")
    create_revision(one, world, summary="Sửa tiếp")
    db.session.commit()
    with count_queries() as detail:
        client.get(f"/procedures/{procedure.id}")
    with count_queries() as detail_small:
        client.get(f"/procedures/{one.id}")
    assert detail.count == detail_small.count


def test_register_filters_by_status_and_searches_without_diacritics(world, login):
    a = create_procedure(world, code="QT-HT-01", title="Quy trình đăng ký khai sinh")
    create_revision(a, world, status="approved", effective_date=date(2020, 1, 2))
    b = create_procedure(world, code="QT-HT-02", title="Quy trình đăng ký kết hôn")
    create_revision(b, world)
    db.session.commit()
    client = login("staff")
    assert "QT-HT-02" not in client.get("/procedures/?status=in_force").get_data(as_text=True)
    assert "QT-HT-01" not in client.get("/procedures/?status=draft").get_data(as_text=True)
    found = client.get("/procedures/?q=khai sinh").get_data(as_text=True)
    assert "QT-HT-01" in found and "QT-HT-02" not in found


def test_revision_page_uses_a_fixed_number_of_queries(world, login):
    def build(code, issues):
        procedure = create_procedure(world, code=code)
        for day in range(1, issues + 1):
            last = create_revision(
                procedure,
                world,
                status="approved",
                effective_date=date(2020, 2, day),
                summary="Sửa",
            )
        db.session.commit()
        return last

    one, many = build("QT-R1", 1), build("QT-R6", 6)
    client = login("staff")
    client.get(f"/revisions/{one.id}")
    client.get(f"/revisions/{many.id}")
    with count_queries() as small:
        assert client.get(f"/revisions/{one.id}").status_code == 200
    with count_queries() as large:
        assert client.get(f"/revisions/{many.id}").status_code == 200
    assert large.count == small.count
