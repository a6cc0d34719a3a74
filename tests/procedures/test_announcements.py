"""Announcements freeze their scope; changes since the previous one; công bố lại due; exports."""

import io
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from iso_qms.core.errors import PermissionDenied, ValidationFailed
from iso_qms.extensions import db
from iso_qms.procedures import announcements as ann
from iso_qms.procedures import operations as ops
from iso_qms.procedures.exports import scope_docx, scope_xlsx
from tests.fixtures.factories import create_procedure, create_revision


def _announce(world, on, reason="first", ids=None, no="1/QĐ-UBND"):
    data = {"decision_no": no, "decision_date": on, "signer": "Lê Văn Hải", "reason": reason}
    return ann.create_announcement(world.org.id, world.users["qmr"], data, ids)


@pytest.fixture
def three(world):
    a = create_procedure(world, code="QT-A")
    b = create_procedure(world, code="QT-B")
    c = create_procedure(world, code="QT-C")
    create_revision(a, world, status="approved", effective_date=date(2019, 7, 26))
    create_revision(b, world, status="approved", effective_date=date(2019, 7, 26))
    return a, b, c


def test_scope_is_frozen_from_what_is_in_force_on_the_decision_date(world, three):
    a, b, c = three
    first = _announce(world, date(2019, 8, 16))
    assert first.ordinal == 1
    assert [(i.procedure_code, i.revision_number) for i in first.items] == [
        ("QT-A", 1),
        ("QT-B", 1),
    ]
    create_revision(a, world, status="approved", effective_date=date(2020, 3, 2), summary="Sửa")
    assert [(i.procedure_code, i.revision_number) for i in first.items] == [
        ("QT-A", 1),
        ("QT-B", 1),
    ]


def test_changes_since_previous_list_added_revised_and_removed(world, three):
    a, b, c = three
    _announce(world, date(2019, 8, 16))
    create_revision(a, world, status="approved", effective_date=date(2020, 3, 2), summary="Sửa")
    create_revision(c, world, status="approved", effective_date=date(2020, 4, 1))
    ops.withdraw_procedure(b, world.users["qmr"], "Chuyển thẩm quyền", date(2020, 5, 1))
    due, _changes = ann.republish_due(world.org.id, date(2020, 6, 1))
    assert due
    third = _announce(world, date(2020, 8, 18), "revision", no="353/QĐ-UBND")
    assert third.ordinal == 2
    changes = ann.changes_since_previous(third)
    assert [c["code"] for c in changes.added] == ["QT-C"]
    assert [
        (c["code"], c["previous_revision_number"], c["revision_number"]) for c in changes.revised
    ] == [("QT-A", 1, 2)]
    assert [c["code"] for c in changes.removed] == ["QT-B"]
    assert ann.republish_due(world.org.id, date(2020, 9, 1))[0] is False


def test_chosen_procedures_must_be_in_force(world, three):
    a, b, c = three
    only_a = _announce(world, date(2019, 8, 16), ids=[a.id])
    assert [i.procedure_code for i in only_a.items] == ["QT-A"]
    with pytest.raises(ValidationFailed):
        _announce(world, date(2019, 9, 1), ids=[c.id], no="2/QĐ-UBND")


def test_decision_date_cannot_go_back_or_into_the_future(world, three):
    _announce(world, date(2019, 8, 16))
    with pytest.raises(ValidationFailed):
        _announce(world, date(2019, 8, 1), no="2/QĐ-UBND")
    with pytest.raises(ValidationFailed):
        _announce(world, date(2999, 1, 1), no="3/QĐ-UBND")


def test_only_the_qmr_announces(world, three):
    with pytest.raises(PermissionDenied):
        ann.create_announcement(
            world.org.id,
            world.users["iso_secretary"],
            {
                "decision_no": "1",
                "decision_date": date(2019, 8, 16),
                "signer": "X",
                "reason": "first",
            },
        )


def test_scope_exports_are_real_files_read_back(world, three):
    announcement = _announce(world, date(2019, 8, 16), no="292/QĐ-UBND")
    sheet = load_workbook(io.BytesIO(scope_xlsx(announcement, "UBND xã Quảng An"))).active
    assert "LẦN 01" in sheet["A1"].value and "292/QĐ-UBND" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == [
        "TT",
        "Mã hiệu",
        "Tên quy trình",
        "Lĩnh vực",
        "Lần ban hành",
        "Ngày hiệu lực",
    ]
    assert sheet["B5"].value == "QT-A" and sheet["F5"].value == datetime(2019, 7, 26)
    document = Document(io.BytesIO(scope_docx(announcement, "UBND xã Quảng An")))
    assert "292/QĐ-UBND" in document.paragraphs[1].text
    table = document.tables[0]
    assert table.rows[1].cells[1].text == "QT-A" and len(table.rows) == 3
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_export_routes_download_both_formats(world, three, login):
    announcement = _announce(world, date(2019, 8, 16))
    db.session.commit()
    client = login("staff")
    xlsx = client.get(f"/announcements/{announcement.id}/scope.xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.content_type
    assert load_workbook(io.BytesIO(xlsx.data)).active["B5"].value == "QT-A"
    docx = client.get(f"/announcements/{announcement.id}/scope.docx")
    assert (
        docx.status_code == 200
        and Document(io.BytesIO(docx.data)).tables[0].rows[1].cells[1].text == "QT-A"
    )
