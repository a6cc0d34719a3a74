"""The procedure rules on the Quảng An demo: the catalogue import finds the register's legal bases,
the change locations point at numbers the print has, the signatures still verify, and the pending
QT-HT-04 lần 02 really brings in Thông tư số 04/2020/TT-BTP (issue 12 cases 9-10, issue 13 item 3)."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, User
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import importing
from iso_qms.procedures import operations as ops
from iso_qms.procedures import permissions as rules
from iso_qms.procedures.catalogue import read_catalogue
from iso_qms.procedures.content import outline
from iso_qms.procedures.integrity import check_revision_signatures
from iso_qms.procedures.models import LegalBasis, Procedure, Revision, RevisionStatus
from iso_qms.procedures.queries import legal_flags
from iso_qms.seed import DEMO_PASSWORD

#: Quảng An's story on the 2020 map to today (`qms seed-demo --no-reform-2025`): this
#: module's facts are Quảng An's after 2025 too; the default demo is tests/reorganisations'.
DEMO_REFORM = False


@pytest.fixture
def demo(_seeded, app):
    """The seeded demo; whatever a test changes is rolled back (nothing is committed)."""
    with app.test_request_context():
        yield db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        db.session.rollback()
        db.session.remove()


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _procedure(org, code: str) -> Procedure:
    return db.session.scalar(
        sa.select(Procedure).where(Procedure.organisation_id == org.id, Procedure.code == code)
    )


def _bases(org) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(LegalBasis.id)).where(LegalBasis.organisation_id == org.id)
    )


CATALOGUE = (
    "Mã TTHC;Tên thủ tục;Lĩnh vực;Thời hạn giải quyết;Căn cứ pháp lý\n"
    "1.001193;Đăng ký khai sinh;Hộ tịch;Trong ngày;"
    '"Luật Hộ tịch 2014\nNghị định số 123/2015/ND-CP ngày 15/11/2015"\n'
    "1.000894;Đăng ký kết hôn;Hộ tịch;Trong ngày;"
    "Luật số 60/2014/QH13 ngày 20/11/2014 của Quốc hội - Luật Hộ tịch\n"
    "2.000001;Thủ tục mới;Hộ tịch;03 ngày làm việc;Luật Hộ tịch năm 2014\n"
)


def test_the_import_finds_luat_ho_tich_2014_in_the_register_and_adds_no_copy(demo):
    rows = read_catalogue("danh-muc.csv", CATALOGUE.encode())
    preview = importing.preview(demo.id, rows)
    assert [r.legal_basis_numbers for r in preview.rows] == [
        ["60/2014/QH13", "123/2015/NĐ-CP"],
        ["60/2014/QH13"],
        ["60/2014/QH13"],
    ]
    assert all(not r.new_legal_bases for r in preview.rows)
    before = _bases(demo)
    result = importing.apply(demo.id, _user("secretary"), rows)
    assert result.applied and _bases(demo) == before
    created = _procedure(demo, "TTHC-2.000001")
    assert [b.number for b in created.legal_bases] == ["60/2014/QH13"]


def test_an_unknown_law_is_added_once_however_often_it_is_cited(demo):
    text = (
        "Mã TTHC;Tên thủ tục;Thời hạn giải quyết;Căn cứ pháp lý\n"
        "2.000002;A;Trong ngày;Luật Đất đai số 45/2013/QH13\n"
        "2.000003;B;Trong ngày;Luật Đất đai 2013\n"
        "2.000004;C;Trong ngày;45/2013/qh13\n"
    )
    before = _bases(demo)
    importing.apply(demo.id, _user("secretary"), read_catalogue("x.csv", text.encode()))
    assert _bases(demo) == before + 1
    added = db.session.scalar(
        sa.select(LegalBasis).where(
            LegalBasis.organisation_id == demo.id, LegalBasis.number == "45/2013/QH13"
        )
    )
    assert added.title == "Luật Đất đai"


def test_the_legal_basis_register_refuses_a_number_written_another_way(demo):
    from iso_qms.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        ops.create_legal_basis(demo.id, _user("secretary"), {"number": "61/2018/ND-CP"})
    assert "61/2018/NĐ-CP" in str(error.value.fields["number"])


_LOCATION_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")


def test_every_change_location_of_the_demo_points_at_a_number_the_print_has(demo):
    revisions = db.session.scalars(
        sa.select(Revision).where(Revision.organisation_id == demo.id)
    ).all()
    checked = 0
    for revision in revisions:
        location = revision.change_location
        if location in ("Toàn bộ", ""):  # a draft a finding opened has none yet
            continue
        numbers = {p.number for p in outline(revision.procedure.is_tthc)}
        # "Mục 3, 5, 5.1, 5.7 (bước 2), 6 (biểu mẫu)": the numbers outside the brackets.
        cited = _LOCATION_NUMBER.findall(re.sub(r"\([^)]*\)", "", location))
        assert cited and set(cited) <= numbers, (revision.procedure.code, location)
        checked += 1
    assert checked >= 10


def test_the_demos_signed_revisions_still_verify(demo):
    assert list(check_revision_signatures()) == []


def test_the_demos_tthc_issues_carry_legal_basis_and_number_of_dossiers(demo):
    birth = _procedure(demo, "QT-HT-01")
    current = max(
        (r for r in birth_revisions(birth) if r.status is RevisionStatus.approved),
        key=lambda r: r.number,
    )
    assert "Luật Hộ tịch số 60/2014/QH13" in current.content["co_so_phap_ly"]
    assert "04/2020/TT-BTP" in current.content["co_so_phap_ly"]
    assert current.content["so_luong_ho_so"] == "01 (một) bộ."


def birth_revisions(procedure):
    return db.session.scalars(sa.select(Revision).where(Revision.procedure_id == procedure.id))


def _pending(demo) -> tuple[Procedure, Revision, Revision]:
    procedure = _procedure(demo, "QT-HT-04")
    revisions = {r.number: r for r in birth_revisions(procedure)}
    return procedure, revisions[1], revisions[2]


def _cited(revision: Revision) -> str:
    return " ".join(
        [*revision.content.values(), *(f["name"] for f in revision.forms), revision.change_summary]
    )


def test_qt_ht_04_issue_02_really_updates_to_tt_04_2020(demo):
    procedure, first, second = _pending(demo)
    assert second.status is RevisionStatus.in_review
    assert second.content != first.content and second.forms != first.forms
    assert "15/2015/TT-BTP" in _cited(first) and "04/2020/TT-BTP" not in _cited(first)
    assert "04/2020/TT-BTP" in _cited(second) and "15/2015/TT-BTP" not in _cited(second)
    assert "04/2020/TT-BTP" in second.content["co_so_phap_ly"]
    assert "04/2020/TT-BTP" in {b.number for b in procedure.legal_bases}


def test_the_legal_update_of_qt_ht_04_stays_due_until_issue_02_is_approved(demo):
    procedure, _first, second = _pending(demo)
    flags = legal_flags([procedure.id], date(2020, 9, 14))[procedure.id]
    assert [(f.basis.number, f.basis.superseded_by.number) for f in flags] == [
        ("15/2015/TT-BTP", "04/2020/TT-BTP")
    ]
    _approve(second)
    assert legal_flags([procedure.id], today()).get(procedure.id, []) == []


def _approve(revision: Revision) -> None:
    """Through the organisation's signing chain, whoever it names (reviewer, then approver)."""
    people = [_user(name) for name in ("qmr", "head")]
    if not any(rules.can_approve_revision(u, revision) for u in people):
        reviewer = next(u for u in people if rules.can_review_revision(u, revision))
        ops.review_revision(revision, reviewer, DEMO_PASSWORD)
    approver = next(u for u in people if rules.can_approve_revision(u, revision))
    ops.approve_revision(revision, approver, DEMO_PASSWORD, today())
    assert revision.status is RevisionStatus.approved
