"""The signing chain of an organisation (issue 12, case 11): by role, who reviews (xem xét) and who
approves (phê duyệt); the author never signs either; with two roles named, one person never signs
both; the approval waits for the review the chain requires. And the approval-integrity rules of
issue 13, item 3: an issue identical to the one in force is not submitted; an editorial approval
leaves the legal-update flag."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.core.audit import AuditEntry
from iso_qms.core.errors import EditConflict, InvalidState, PermissionDenied, ValidationFailed
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures import permissions as rules
from iso_qms.procedures.models import LegalChange, RevisionStatus, SignatureMeaning
from iso_qms.procedures.queries import register_rows
from iso_qms.procedures.signing_chain import ChainRole, chain_for, set_signing_chain, signoff
from tests.fixtures.factories import PASSWORD, clock_on, create_procedure, create_revision


def commune_chain(world, review="qmr", approve="head", required=True):
    """The chain of a typical commune: the QMR (Phó Chủ tịch) reviews, the Chủ tịch approves."""
    data = {"review_role": review, "approve_role": approve, "review_required": required}
    return set_signing_chain(world.org.id, world.users["admin"], data)


def in_review(world, code="QT-HT-01"):
    return create_revision(create_procedure(world, code=code), world, status="in_review")


# --- the default chain ---------------------------------------------------------------------


def test_without_a_chain_the_qmr_approves_and_may_review_first(world):
    chain = chain_for(world.org.id)
    assert chain.is_default and chain.approve_role is ChainRole.qmr and not chain.review_required
    revision = in_review(world)
    qmr = world.users["qmr"]
    assert rules.can_approve_revision(qmr, revision)  # no review needed
    ops.review_revision(revision, qmr, PASSWORD)
    ops.approve_revision(revision, qmr, PASSWORD, None)  # one role named: one person may do both
    assert [s.meaning.value for s in revision.signatures] == ["authored", "reviewed", "approved"]


def test_without_a_chain_the_head_cannot_approve(world):
    revision = in_review(world)
    with pytest.raises(PermissionDenied, match="Đại diện lãnh đạo"):
        ops.approve_revision(revision, world.users["head"], PASSWORD, None)


# --- a commune's chain: the QMR reviews, the head approves ----------------------------------


def test_the_head_approves_after_the_qmrs_review(world):
    commune_chain(world)
    revision = in_review(world)
    head, qmr = world.users["head"], world.users["qmr"]
    with pytest.raises(InvalidState) as waiting:
        ops.approve_revision(revision, head, PASSWORD, None)
    assert "QT-HT-01 lần 01" in str(waiting.value.message)
    assert "xem xét" in str(waiting.value.message)
    assert revision.status is RevisionStatus.in_review and not rules.can_approve_revision(
        head, revision
    )
    ops.review_revision(revision, qmr, PASSWORD)
    with pytest.raises(PermissionDenied):  # the QMR reviews here; the Chủ tịch approves
        ops.approve_revision(revision, qmr, PASSWORD, None)
    ops.approve_revision(revision, head, PASSWORD, None)
    signers = {s.meaning: s.signer_id for s in revision.signatures}
    assert signers == {
        SignatureMeaning.authored: world.users["iso_secretary"].id,
        SignatureMeaning.reviewed: qmr.id,
        SignatureMeaning.approved: head.id,
    }
    assert revision.approved_by_id == head.id
    assert all(s.password_confirmed for s in revision.signatures if s.meaning.value != "authored")


def test_with_two_roles_one_person_never_signs_both(world):
    from tests.fixtures.factories import create_user

    both = create_user(world.org, "ca.hai", "staff", "qmr", "head")
    commune_chain(world)
    revision = in_review(world)
    ops.review_revision(revision, both, PASSWORD)
    assert not rules.can_approve_revision(both, revision)
    with pytest.raises(PermissionDenied, match="xem xét"):
        ops.approve_revision(revision, both, PASSWORD, None)
    ops.approve_revision(revision, world.users["head"], PASSWORD, None)


def test_one_role_for_both_steps_lets_the_qmr_sign_both(world):
    commune_chain(world, review="qmr", approve="qmr", required=True)
    revision = in_review(world)
    qmr = world.users["qmr"]
    with pytest.raises(InvalidState):
        ops.approve_revision(revision, qmr, PASSWORD, None)
    ops.review_revision(revision, qmr, PASSWORD)
    ops.approve_revision(revision, qmr, PASSWORD, None)
    assert revision.status is RevisionStatus.approved


def test_the_author_never_signs_the_review_or_the_approval(world):
    from tests.fixtures.factories import create_user

    author = create_user(world.org, "qmr.viet", "staff", "qmr", "head")
    commune_chain(world, review="qmr", approve="qmr", required=False)
    procedure = create_procedure(world, code="QT.05", kind="system", statutory=None)
    revision = ops.create_revision(
        procedure, author, {"change_summary": "Ban hành", "content": {"muc_dich": "X"}}
    )
    ops.submit_revision(revision, author)
    with pytest.raises(PermissionDenied, match="Người soạn thảo"):
        ops.review_revision(revision, author, PASSWORD)
    with pytest.raises(PermissionDenied):
        ops.approve_revision(revision, author, PASSWORD, None)
    assert not rules.can_review_revision(author, revision)
    assert not rules.can_approve_revision(author, revision)


def test_the_reviewer_role_is_the_chains(world):
    commune_chain(world, review="head", approve="qmr")
    revision = in_review(world)
    with pytest.raises(PermissionDenied, match="Chủ tịch"):
        ops.review_revision(revision, world.users["qmr"], PASSWORD)
    ops.review_revision(revision, world.users["head"], PASSWORD)
    ops.approve_revision(revision, world.users["qmr"], PASSWORD, None)


def test_a_second_review_is_refused_saying_who_signed_when(world):
    commune_chain(world)
    revision = in_review(world)
    ops.review_revision(revision, world.users["qmr"], PASSWORD)
    with pytest.raises(InvalidState, match="Qmr"):
        ops.review_revision(revision, world.users["qmr"], PASSWORD)
    assert len(revision.signatures) == 2


def test_a_review_before_the_revision_was_sent_back_does_not_count(world):
    commune_chain(world)
    revision = in_review(world)
    qmr, head, secretary = world.users["qmr"], world.users["head"], world.users["iso_secretary"]
    ops.review_revision(revision, qmr, PASSWORD)
    ops.return_revision(revision, head, "Sửa bước 2")
    ops.update_revision(revision, secretary, {"content": {"muc_dich": "Đã sửa bước 2."}})
    ops.submit_revision(revision, secretary)
    with pytest.raises(InvalidState):
        ops.approve_revision(revision, head, PASSWORD, None)
    assert rules.can_review_revision(qmr, revision)
    ops.review_revision(revision, qmr, PASSWORD)
    ops.approve_revision(revision, head, PASSWORD, None)


def test_a_wrong_password_signs_nothing(world):
    commune_chain(world)
    revision = in_review(world)
    with pytest.raises(ops.WrongPassword):
        ops.review_revision(revision, world.users["qmr"], "sai")
    assert [s.meaning.value for s in revision.signatures] == ["authored"]


# --- setting the chain ----------------------------------------------------------------------


def test_only_the_organisations_admin_sets_the_chain_and_it_is_audited(world):
    data = {"review_role": "qmr", "approve_role": "head", "review_required": True}
    for username in ("qmr", "head", "iso_secretary"):
        with pytest.raises(PermissionDenied):
            set_signing_chain(world.org.id, world.users[username], data)
    with pytest.raises(PermissionDenied):  # another organisation's admin
        set_signing_chain(world.org.id, world.users["other_admin"], data)
    chain = set_signing_chain(world.org.id, world.users["admin"], data)
    assert not chain.is_default and chain.approve_role is ChainRole.head
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "signing_chain.update")
    )
    assert entry.actor_id == world.users["admin"].id and entry.organisation_id == world.org.id
    assert '"approve_role":"qmr"' in entry.old_values.replace(" ", "")
    assert '"approve_role":"head"' in entry.new_values.replace(" ", "")
    assert chain_for(world.other_org.id).is_default  # the other commune keeps its own


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"review_role": "staff", "approve_role": "head"}, "review_role"),
        ({"review_role": "qmr", "approve_role": "admin"}, "approve_role"),
        ({"review_role": "qmr"}, "approve_role"),
        (
            {"review_role": "qmr", "approve_role": "head", "review_required": "có"},
            "review_required",
        ),
    ],
)
def test_a_bad_chain_is_refused_with_the_field_named_and_nothing_changes(world, data, field):
    with pytest.raises(ValidationFailed) as refused:
        set_signing_chain(world.org.id, world.users["admin"], data)
    assert field in refused.value.fields
    assert chain_for(world.org.id).is_default


def test_a_role_nobody_holds_cannot_be_named(world):
    world.users["head"].role_rows.clear()  # nobody is Chủ tịch any more
    db.session.flush()
    with pytest.raises(ValidationFailed) as refused:
        commune_chain(world)
    assert "Chủ tịch" in refused.value.fields["approve_role"]


def test_a_stale_chain_is_a_conflict(world):
    first = commune_chain(world)
    data = {"review_role": "qmr", "approve_role": "qmr", "review_required": False}
    set_signing_chain(world.org.id, world.users["admin"], data, first.lock_version)
    with pytest.raises(EditConflict):
        set_signing_chain(world.org.id, world.users["admin"], data, first.lock_version)


# --- the sign-off block ---------------------------------------------------------------------


def test_the_signoff_names_the_three_people_and_whom_it_waits_for(world):
    commune_chain(world)
    revision = in_review(world)
    cells = signoff(revision)
    assert cells["authored"].name == "Iso_Secretary" and cells["authored"].signed_at
    assert cells["reviewed"].name == "" and "QMR" in cells["reviewed"].waiting_for
    assert "Chủ tịch" in cells["approved"].waiting_for
    ops.review_revision(revision, world.users["qmr"], PASSWORD)
    ops.approve_revision(revision, world.users["head"], PASSWORD, None)
    cells = signoff(revision)
    assert (cells["reviewed"].name, cells["approved"].name) == ("Qmr", "Head")
    assert cells["approved"].position == "Công chức" and not cells["approved"].waiting_for


# --- approval integrity (issue 13, item 3) --------------------------------------------------


def test_an_issue_identical_to_the_one_in_force_cannot_be_submitted(world):
    procedure = create_procedure(world, code="QT-HT-04")
    create_revision(procedure, world, status="approved")
    secretary = world.users["iso_secretary"]
    copy = ops.create_revision(procedure, secretary, {"change_summary": "Cập nhật căn cứ"})
    with pytest.raises(ValidationFailed) as refused:
        ops.submit_revision(copy, secretary)
    message = refused.value.fields["content"]
    assert "QT-HT-04 lần 02" in message and "lần 01" in message
    assert copy.status is RevisionStatus.draft
    ops.update_revision(copy, secretary, {"content": {**copy.content, "muc_dich": "Mới."}})
    ops.submit_revision(copy, secretary)
    assert copy.status is RevisionStatus.in_review


def test_a_new_title_alone_is_a_change(world):
    procedure = create_procedure(world, code="QT-HT-05")
    create_revision(procedure, world, status="approved")
    secretary = world.users["iso_secretary"]
    renamed = ops.create_revision(
        procedure, secretary, {"change_summary": "Đổi tên", "procedure_title": "Tên mới"}
    )
    ops.submit_revision(renamed, secretary)
    assert renamed.status is RevisionStatus.in_review


def test_the_first_issue_is_never_identical(world):
    revision = in_review(world)
    assert revision.status is RevisionStatus.in_review


def test_submitting_an_identical_issue_on_the_page_flashes_the_reason(world, login):
    procedure = create_procedure(world, code="QT-HT-04")
    create_revision(procedure, world, status="approved")
    copy = ops.create_revision(procedure, world.users["iso_secretary"], {"change_summary": "x"})
    db.session.commit()
    client = login("iso_secretary")
    response = client.post(
        f"/revisions/{copy.id}/submit", data={"password": PASSWORD}, follow_redirects=True
    )
    assert "QT-HT-04 lần 02" in response.get_data(as_text=True)
    db.session.expire_all()
    assert copy.status is RevisionStatus.draft


def _legal_flag(procedure, on):
    return register_rows([procedure], on)[0].legal_update_due


def test_an_editorial_approval_by_the_head_leaves_the_legal_update_flag(world):
    """The one rule (queries.legal_update_settled) decides, whoever signs: an approval while the
    procedure still cites only the replaced circular settles nothing."""
    secretary, qmr, head = (world.users[u] for u in ("iso_secretary", "qmr", "head"))
    old = ops.create_legal_basis(world.org.id, secretary, {"number": "15/2015/TT-BTP"})
    new = ops.create_legal_basis(
        world.org.id, secretary, {"number": "04/2020/TT-BTP", "effective_on": date(2020, 7, 16)}
    )
    procedure = create_procedure(world, code="QT-HT-04")
    ops.set_legal_bases(procedure, secretary, [old])
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    with clock_on(date(2020, 7, 16)):
        ops.mark_superseded(old, secretary, new, LegalChange.replaced)
    commune_chain(world)

    def sign_off(summary, content):
        draft = ops.create_revision(
            procedure, secretary, {"change_summary": summary, "significant": False, **content}
        )
        ops.submit_revision(draft, secretary)
        ops.review_revision(draft, qmr, PASSWORD)
        ops.approve_revision(draft, head, PASSWORD, today())

    sign_off("Sửa lỗi chính tả", {"content": {"muc_dich": "Quy định trình tự (sửa lỗi)."}})
    assert _legal_flag(procedure, today())
    ops.set_legal_bases(procedure, secretary, [new])
    sign_off("Cập nhật Thông tư 04/2020/TT-BTP", {"content": {"muc_dich": "Theo TT 04/2020."}})
    assert not _legal_flag(procedure, today())
