"""Issue 12, case 9 (procedures) and case 10: codes unique whatever their case, a withdrawn
procedure has no review due, công bố lại only on a change of scope, the step total printed once,
and the template's numbering (5.1 ... 5.7, 6, 7)."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.core.errors import ValidationFailed
from iso_qms.extensions import db
from iso_qms.procedures import announcements as ann
from iso_qms.procedures import operations as ops
from iso_qms.procedures.content import outline, section_label
from iso_qms.procedures.models import Procedure, ReviewOutcome
from iso_qms.procedures.queries import register_rows, status_clause
from tests.fixtures.factories import clock_on, create_procedure, create_revision

API = "/api/v1"


# --- codes unique whatever their letter case -------------------------------------------------


@pytest.mark.parametrize("other", ["qt-ui-01", "Qt-Ui-01", "QT-UI-01 "])
def test_a_code_differing_only_by_case_is_refused(world, other):
    create_procedure(world, code="QT-UI-01", kind="system", statutory=None)
    with pytest.raises(ValidationFailed) as error:
        create_procedure(world, code=other, kind="system", statutory=None)
    assert "QT-UI-01" in str(error.value.fields["code"])
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 1


def test_vietnamese_letters_fold_too(world):
    create_procedure(world, code="QT-ĐT-01", kind="system", statutory=None)
    with pytest.raises(ValidationFailed):
        create_procedure(world, code="qt-đt-01", kind="system", statutory=None)


def test_renaming_to_another_procedures_code_in_other_case_is_refused(world):
    create_procedure(world, code="QT-UI-01", kind="system", statutory=None)
    other = create_procedure(world, code="QT-UI-02", kind="system", statutory=None)
    with pytest.raises(ValidationFailed):
        ops.update_procedure(other, world.users["iso_secretary"], {"code": "qt-ui-01"})
    ops.update_procedure(other, world.users["iso_secretary"], {"code": "qt-ui-02"})
    assert other.code == "qt-ui-02"  # its own code in another case: the form typed is kept


def test_the_same_code_in_another_organisation_is_fine(world):
    create_procedure(world, code="QT-UI-01", kind="system", statutory=None)
    ops.create_procedure(
        world.other_org.id,
        world.users["other_admin"],
        {"code": "qt-ui-01", "title": "Khác", "kind": "system"},
    )


def test_the_database_refuses_a_code_differing_only_by_case(world):
    create_procedure(world, code="QT-UI-01", kind="system", statutory=None)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.insert(Procedure),
            [
                {
                    "organisation_id": world.org.id,
                    "code": "qt-ui-01",
                    "title": "Trùng",
                    "kind": "system",
                    "lock_version": 1,
                }
            ],
        )
        db.session.flush()
    db.session.rollback()


def test_a_bulk_insert_without_the_key_gets_it_from_the_code(world):
    db.session.execute(
        sa.insert(Procedure),
        [{"organisation_id": world.org.id, "code": "QT-Đ-09", "title": "T", "kind": "system"}],
    )
    key = db.session.scalar(sa.select(Procedure.code_key).where(Procedure.code == "QT-Đ-09"))
    assert key == "qt-đ-09"


def test_the_form_names_the_code_already_taken(world, login):
    create_procedure(world, code="QT-UI-01", kind="system", statutory=None)
    db.session.commit()
    response = login("iso_secretary").post(
        "/procedures/new",
        data={"code": "qt-ui-01", "title": "X", "kind": "system", "review_interval_months": "12"},
    )
    assert response.status_code == 422
    assert "QT-UI-01" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 1


def test_the_api_answers_a_code_in_other_case_as_a_duplicate(world, client, token_for):
    create_procedure(world, code="QT-UI-01", kind="system", statutory=None)
    other = create_procedure(world, code="QT-UI-02", kind="system", statutory=None)
    db.session.commit()
    headers = token_for("iso_secretary")
    response = client.post(
        f"{API}/procedures",
        headers=headers,
        json={"code": "qt-ui-01", "title": "T", "kind": "system"},
    )
    assert response.status_code == 409
    assert "QT-UI-01" in str(response.get_json()["error"]["fields"]["code"])
    response = client.patch(
        f"{API}/procedures/{other.id}",
        headers=headers,
        json={"code": "Qt-Ui-01", "lock_version": other.lock_version},
    )
    assert response.status_code == 409
    assert db.session.get(Procedure, other.id).code == "QT-UI-02"


def test_an_import_row_whose_code_is_taken_in_other_case_is_an_error(world):
    from iso_qms.procedures import importing
    from iso_qms.procedures.catalogue import read_catalogue

    create_procedure(world, code="tthc-1.001193", statutory="Trong ngày")
    csv = "Mã TTHC,Tên thủ tục,Thời hạn giải quyết\n1.001193,Đăng ký khai sinh,Trong ngày\n"
    rows = read_catalogue("danh-muc.csv", csv.encode())
    result = importing.preview(world.org.id, rows)
    assert "tthc-1.001193" in result.rows[0].errors["tthc_code"]


# --- a withdrawn procedure has no review due --------------------------------------------------


def test_withdrawing_clears_the_review_due_date(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    assert procedure.review_due_on == date(2020, 7, 26)
    ops.withdraw_procedure(procedure, world.users["qmr"], "Chuyển lên huyện", date(2020, 3, 1))
    assert procedure.review_due_on is None
    rows = register_rows([procedure], date(2021, 1, 1))
    assert not rows[0].review_overdue
    overdue = status_clause("review_overdue", date(2021, 1, 1))
    assert db.session.scalars(sa.select(Procedure.id).where(overdue)).all() == []


def test_a_withdrawal_from_a_later_date_already_ends_the_reviews(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    with clock_on(date(2020, 6, 1)):
        ops.withdraw_procedure(procedure, world.users["qmr"], "Chuyển lên huyện", date(2020, 9, 1))
    assert procedure.review_due_on is None
    assert not register_rows([procedure], date(2020, 8, 1))[0].review_overdue


def test_a_review_that_withdraws_leaves_no_next_review(world):
    procedure = create_procedure(world)
    ops.record_periodic_review(
        procedure, world.users["qmr"], ReviewOutcome.withdraw, "Bãi bỏ", date(2020, 3, 1)
    )
    assert procedure.withdrawn_on == date(2020, 3, 1) and procedure.review_due_on is None


def test_no_operation_can_give_a_withdrawn_procedure_a_review_date(world):
    procedure = create_procedure(world)
    ops.withdraw_procedure(procedure, world.users["qmr"], "Bãi bỏ", date(2020, 3, 1))
    procedure.review_due_on = date(2021, 3, 1)  # as an approval or a review would
    assert procedure.review_due_on is None


def test_the_detail_page_shows_no_next_review_for_a_withdrawn_procedure(world, login):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    ops.withdraw_procedure(procedure, world.users["qmr"], "Bãi bỏ", date(2020, 3, 1))
    db.session.commit()
    page = login("staff").get(f"/procedures/{procedure.id}").get_data(as_text=True)
    assert "26/07/2020" not in page


# --- công bố lại only when the scope changes -------------------------------------------------


def _announce(world, day, reason="first", no="292/QĐ-UBND"):
    with clock_on(day):
        return ann.create_announcement(
            world.org.id,
            world.users["qmr"],
            {"decision_no": no, "decision_date": day, "signer": "Lê Văn Hải", "reason": reason},
        )


def test_an_editorial_revision_calls_for_no_new_announcement(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    _announce(world, date(2019, 8, 16))
    create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 3, 2),
        significant=False,
        summary="Sửa lỗi chính tả",
    )
    due, changes = ann.republish_due(world.org.id, date(2020, 4, 1))
    assert due is False
    assert [c["code"] for c in changes.revised] == ["QT-HT-01"]


def test_adding_or_removing_a_procedure_calls_for_a_new_announcement(world):
    first = create_procedure(world)
    create_revision(first, world, status="approved", effective_date=date(2019, 7, 26))
    _announce(world, date(2019, 8, 16))
    added = create_procedure(world, code="QT-HT-02")
    create_revision(added, world, status="approved", effective_date=date(2020, 3, 2))
    assert ann.republish_due(world.org.id, date(2020, 4, 1))[0] is True
    _announce(world, date(2020, 4, 1), "scope_widened", "100/QĐ-UBND")
    assert ann.republish_due(world.org.id, date(2020, 4, 2))[0] is False
    ops.withdraw_procedure(first, world.users["qmr"], "Chuyển lên huyện", date(2020, 5, 1))
    due, changes = ann.republish_due(world.org.id, date(2020, 5, 2))
    assert due is True and [c["code"] for c in changes.removed] == ["QT-HT-01"]


def test_the_register_says_nothing_about_announcing_after_a_revision(world, login):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    _announce(world, date(2019, 8, 16))
    create_revision(procedure, world, status="approved", effective_date=date(2020, 3, 2))
    db.session.commit()
    client = login("qmr")
    assert 'data-testid="republish-due"' not in client.get("/procedures").get_data(as_text=True)
    page = client.get("/announcements").get_data(as_text=True)
    assert 'data-testid="republish-due"' not in page and 'data-testid="revised-since"' in page


# --- the print: the step total once, the template's numbering --------------------------------


def _tthc_revision(world, **content):
    procedure = create_procedure(world)
    revision = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 1, 2),
        content={
            "muc_dich": "Mục đích.",
            "noi_dung": "Nội dung.",
            "co_so_phap_ly": "- Luật Hộ tịch số 60/2014/QH13",
            "so_luong_ho_so": "01 (một) bộ.",
            **content,
        },
        forms=[{"code": "BM.01", "name": "Tờ khai"}],
        records=[{"name": "Sổ", "keeper": "Công chức", "retention": "Vĩnh viễn"}],
    )
    db.session.commit()
    return revision


def _steps_table(page: str) -> str:
    start = page.index('data-testid="steps"')
    return page[start : page.index("</table>", start)]


def test_the_step_total_is_the_last_row_of_the_table_not_a_repeating_footer(world, login):
    revision = _tthc_revision(world)
    page = login("staff").get(f"/revisions/{revision.id}/print").get_data(as_text=True)
    table = _steps_table(page)
    assert "<tfoot" not in table
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    assert body.count('data-testid="steps-total"') == 1
    assert body.rstrip().endswith("</tr>") and body.rindex("steps-total-row") > body.rindex("B4")


def _headings(page: str) -> list[str]:
    return re.findall(r'data-section="([\d.]+)"', page)


@pytest.mark.parametrize("path", ["/revisions/{id}/print", "/revisions/{id}", "/procedures/{pid}"])
def test_a_tthc_is_numbered_as_the_vietnamese_template(world, login, path):
    revision = _tthc_revision(world)
    url = path.format(id=revision.id, pid=revision.procedure_id)
    page = login("staff").get(url).get_data(as_text=True)
    expected = ["1", "2", "3", "4", "5", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "6", "7"]
    assert _headings(page) == expected
    for heading in (
        "5. Nội dung quy trình",
        "5.1. Cơ sở pháp lý",
        "5.2. Thành phần hồ sơ",
        "5.3. Số lượng hồ sơ",
        "5.4. Thời gian xử lý",
        "5.5. Nơi tiếp nhận và trả kết quả",
        "5.6. Lệ phí",
        "5.7. Quy trình xử lý công việc",
        "6. Biểu mẫu",
        "7. Hồ sơ cần lưu",
    ):
        assert heading in page, heading
    assert "Luật Hộ tịch số 60/2014/QH13" in page and "01 (một) bộ." in page
    assert page.index("5.7. Quy trình xử lý công việc") < page.index('data-testid="steps"')


def test_a_system_procedure_is_numbered_1_to_7_without_sub_sections(world, login):
    procedure = create_procedure(world, code="QT.01", kind="system", statutory=None)
    revision = create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    db.session.commit()
    page = login("staff").get(f"/revisions/{revision.id}/print").get_data(as_text=True)
    assert _headings(page) == ["1", "2", "3", "4", "5", "6", "7"]
    assert 'data-testid="steps"' not in page


def test_the_edit_form_uses_the_same_numbers(world, login):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world)
    db.session.commit()
    page = login("iso_secretary").get(f"/revisions/{revision.id}/edit").get_data(as_text=True)
    positions = [
        page.index(text)
        for text in (
            "1. Mục đích",
            "5. Nội dung quy trình",
            "5.1. Cơ sở pháp lý",
            "5.3. Số lượng hồ sơ",
            "5.6. Lệ phí",
            "5.7. Quy trình xử lý công việc",
            "6. Biểu mẫu",
            "7. Hồ sơ cần lưu",
        )
    ]
    assert positions == sorted(positions)
    assert 'name="co_so_phap_ly"' in page and 'name="so_luong_ho_so"' in page


def test_the_new_sections_are_saved_and_signed(world):
    revision = _tthc_revision(world)
    assert revision.content["co_so_phap_ly"] == "- Luật Hộ tịch số 60/2014/QH13"
    from iso_qms.procedures.integrity import signature_matches

    assert signature_matches(revision)


def test_section_labels_carry_their_numbers():
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        assert section_label("co_so_phap_ly") == "5.1. Legal basis"
        assert section_label("muc_dich") == "1. Purpose"
    assert [p.number for p in outline(False)] == ["1", "2", "3", "4", "5", "6", "7"]
