"""From its last day nothing can be written in an organisation (issue 15, item 3): a new, changed
or deleted record, or a change of its links, is refused with the reason (409 in HTTP), nothing
changed; everything stays readable."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.org_history import ReorgKind
from iso_qms.accounts.tree import Archived, apply_due
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures.models import LegalBasis, Procedure, ProcedureKind
from iso_qms.reorganisations.operations import reorganise
from tests.fixtures.factories import create_procedure, create_user

JULY = date(2027, 7, 1)
BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"


@pytest.fixture
def archive(world):
    """A (with a procedure and a legal basis) is merged into B on 01/07/2027; now 02/07/2027."""
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    admin = create_user(world.province, "padmin", "staff", "admin")
    procedure = create_procedure(world, "QT-HT-01")
    basis = ops.create_legal_basis(world.org.id, world.users["iso_secretary"],
                                   {"number": "60/2014/QH13", "title": "Luật Hộ tịch"})  # fmt: skip
    db.session.commit()
    reorganise(ReorgKind.merge_into, JULY, BASIS, [world.org], world.other_org, admin, "close")
    db.session.commit()
    set_clock(datetime(2027, 7, 2, 9, tzinfo=LOCAL_TZ))
    apply_due()
    db.session.commit()
    yield world, procedure.id, basis.id
    set_clock(None)


def _title(procedure_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Procedure, procedure_id).title


def test_changing_a_record_of_the_archive_is_refused_with_the_reason(archive):
    world, procedure_id, _basis_id = archive
    procedure = db.session.get(Procedure, procedure_id)
    before = procedure.title
    with pytest.raises(Archived) as refused:
        procedure.field = "Chứng thực"
        db.session.flush()
    db.session.rollback()
    assert refused.value.status == 409 and "được lưu trữ, chỉ để đọc" in str(refused.value)
    assert "UBND xã Quảng Thành" in str(refused.value)  # names the successor
    assert _title(procedure_id) == before


def test_adding_deleting_or_relinking_in_the_archive_is_refused(archive):
    world, procedure_id, basis_id = archive
    with pytest.raises(Archived):
        db.session.add(LegalBasis(organisation_id=world.org.id, number="1/2027/TT", title="x",
                                  issuer="", search_key="x"))  # fmt: skip
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Archived):
        db.session.delete(db.session.get(LegalBasis, basis_id))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Archived):
        procedure = db.session.get(Procedure, procedure_id)
        procedure.legal_bases.append(db.session.get(LegalBasis, basis_id))
        db.session.flush()
    db.session.rollback()
    count = db.session.scalar(
        sa.select(sa.func.count(LegalBasis.id)).where(LegalBasis.organisation_id == world.org.id)
    )
    assert count == 1 and db.session.get(Procedure, procedure_id).legal_bases == []


def test_over_http_the_archive_reads_but_takes_no_write(archive, client, token_for, login):
    world, procedure_id, _basis_id = archive
    headers = token_for("iso_secretary")  # carried over to B, reads A as a predecessor
    page = client.get(f"/api/v1/procedures/{procedure_id}", headers=headers)
    assert page.status_code == 200
    before = page.get_json()
    answer = client.patch(f"/api/v1/procedures/{procedure_id}", headers=headers,
                          json={"field": "Chứng thực", "lock_version": before["lock_version"]})  # fmt: skip
    assert answer.status_code == 409, answer.get_json()
    assert answer.get_json()["error"]["code"] == "archived"
    assert "chỉ để đọc" in answer.get_json()["error"]["message"]
    assert client.get(f"/api/v1/procedures/{procedure_id}", headers=headers).get_json() == before

    # the page: the same reason, flashed or shown, nothing changed
    page = login("iso_secretary").post(f"/procedures/{procedure_id}/edit", data={"field": "x"})
    assert page.status_code == 409 and "chỉ để đọc" in page.get_data(as_text=True)
    assert _title(procedure_id) == before["title"]


def test_another_organisations_ids_are_still_404(archive, client, token_for):
    world, _procedure_id, _basis_id = archive
    from tests.fixtures.factories import create_org

    stranger = create_org("Z", "commune", world.district)
    db.session.commit()
    other = Procedure(organisation_id=stranger.id, code="QT-Z-01", code_key="QT-Z-01", title="Z",
                      kind=ProcedureKind.system)  # fmt: skip
    db.session.add(other)
    db.session.commit()
    headers = token_for("iso_secretary")
    answer = client.patch(f"/api/v1/procedures/{other.id}", headers=headers, json={"field": "x"})
    assert answer.status_code == 404
