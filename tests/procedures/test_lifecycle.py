"""The revision lifecycle: draft → in review → approved, return to draft, and what may not happen."""

from datetime import date

import pytest

from iso_qms.core.errors import EditConflict, InvalidState, PermissionDenied, ValidationFailed
from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures.models import Revision, RevisionStatus, SignatureMeaning
from iso_qms.procedures.queries import history, in_force, revision_in_force
from tests.fixtures.factories import PASSWORD, clock_on, create_procedure, create_revision

ACTIONS = {
    "update": lambda r, w: ops.update_revision(
        r, w.users["iso_secretary"], {"change_summary": "x"}
    ),
    "submit": lambda r, w: ops.submit_revision(r, w.users["iso_secretary"]),
    "return": lambda r, w: ops.return_revision(r, w.users["qmr"], "Sửa bước 2"),
    "approve": lambda r, w: ops.approve_revision(r, w.users["qmr"], PASSWORD, None),
}
# state × action: the state after, or the error raised
TABLE = {
    ("draft", "update"): "draft",
    ("draft", "submit"): "in_review",
    ("draft", "return"): InvalidState,
    ("draft", "approve"): InvalidState,
    ("in_review", "update"): InvalidState,
    ("in_review", "submit"): InvalidState,
    ("in_review", "return"): "draft",
    ("in_review", "approve"): "approved",
    ("approved", "update"): InvalidState,
    ("approved", "submit"): InvalidState,
    ("approved", "return"): InvalidState,
    ("approved", "approve"): InvalidState,
}


@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_state_action_table(world, state, action):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world, status=state)
    db.session.commit()
    expected = TABLE[(state, action)]
    if isinstance(expected, str):
        ACTIONS[action](revision, world)
        assert revision.status is RevisionStatus(expected)
    else:
        with pytest.raises(expected):
            ACTIONS[action](revision, world)
        db.session.rollback()
        assert db.session.get(Revision, revision.id).status is RevisionStatus(state)


def test_author_cannot_approve_own_revision(world):
    procedure = create_procedure(world)
    qmr = world.users["qmr"]
    revision = ops.create_revision(
        procedure,
        qmr,
        {
            "steps": [
                {"title": "Xử lý", "responsible": "Công chức", "duration": "01 ngày làm việc"}
            ],
            "change_summary": "Ban hành lần đầu",
        },
    )
    ops.submit_revision(revision, qmr)
    with pytest.raises(PermissionDenied):
        ops.approve_revision(revision, qmr, PASSWORD, None)


def test_only_a_qmr_approves(world):
    revision = create_revision(create_procedure(world), world, status="in_review")
    with pytest.raises(PermissionDenied):
        ops.approve_revision(revision, world.users["head"], PASSWORD, None)


def test_wrong_password_is_refused_and_counts_toward_lock_out(world):
    revision = create_revision(create_procedure(world), world, status="in_review")
    qmr = world.users["qmr"]
    with pytest.raises(ops.WrongPassword):
        ops.approve_revision(revision, qmr, "sai-mat-khau", None)
    assert qmr.failed_logins == 1
    assert revision.status is RevisionStatus.in_review


def test_approval_signs_the_exact_content(world):
    revision = create_revision(create_procedure(world), world, status="approved")
    signature = revision.signature(SignatureMeaning.approved)
    assert signature.signer_id == world.users["qmr"].id
    assert (
        signature.content_sha256 == revision.content_sha256 and len(signature.content_sha256) == 64
    )
    assert signature.password_confirmed
    assert (
        revision.signature(SignatureMeaning.authored).signer_id == world.users["iso_secretary"].id
    )


def test_approved_content_can_never_change(world):
    revision = create_revision(create_procedure(world), world, status="approved")
    db.session.commit()
    revision.content = {"muc_dich": "đổi lén"}
    with pytest.raises(RuntimeError, match="cannot change"):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(InvalidState):
        ops.update_revision(revision, world.users["iso_secretary"], {"content": {"muc_dich": "x"}})


def test_at_most_one_open_draft_per_procedure(world):
    procedure = create_procedure(world)
    create_revision(procedure, world)
    with pytest.raises(InvalidState):
        ops.create_revision(procedure, world.users["iso_secretary"])


def test_stale_edit_of_a_draft_is_a_conflict(world):
    revision = create_revision(create_procedure(world), world)
    version = revision.lock_version
    ops.update_revision(revision, world.users["iso_secretary"], {"change_summary": "a"}, version)
    db.session.flush()
    with pytest.raises(EditConflict):
        ops.update_revision(
            revision, world.users["iso_secretary"], {"change_summary": "b"}, version
        )


def test_return_needs_a_comment_and_keeps_it(world):
    revision = create_revision(create_procedure(world), world, status="in_review")
    with pytest.raises(ValidationFailed):
        ops.return_revision(revision, world.users["qmr"], "  ")
    ops.return_revision(revision, world.users["qmr"], "Bổ sung biểu mẫu")
    assert revision.status is RevisionStatus.draft and revision.return_comment == "Bổ sung biểu mẫu"


def test_revision_in_force_on_past_and_future_dates(world):
    procedure = create_procedure(world)
    first = create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    second = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 3, 2),
        summary="Sửa thời gian",
    )
    future = create_revision(
        procedure, world, status="approved", effective_date=date(2099, 1, 1), summary="Sửa tiếp"
    )
    assert revision_in_force(procedure, date(2019, 7, 25)) is None
    assert revision_in_force(procedure, date(2019, 7, 26)) == first
    assert revision_in_force(procedure, date(2020, 3, 1)) == first
    assert revision_in_force(procedure, date(2020, 3, 2)) == second
    assert revision_in_force(procedure, date(2098, 12, 31)) == second
    assert revision_in_force(procedure, date(2099, 1, 1)) == future
    assert [row.number for row in history(procedure)] == [1, 2, 3]


def test_withdrawn_procedure_has_nothing_in_force_after_the_date(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    ops.withdraw_procedure(procedure, world.users["qmr"], "Chuyển thẩm quyền", date(2020, 3, 1))
    assert revision_in_force(procedure, date(2020, 2, 29)) is not None
    assert revision_in_force(procedure, date(2020, 3, 1)) is None
    with pytest.raises(InvalidState):
        ops.create_revision(procedure, world.users["iso_secretary"])


def test_effective_date_cannot_go_before_the_previous_revision(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 3, 2))
    revision = create_revision(procedure, world, status="in_review", summary="Sửa")
    with clock_on(date(2019, 12, 1)), pytest.raises(ValidationFailed) as refused:
        ops.approve_revision(revision, world.users["qmr"], PASSWORD, date(2020, 1, 1))
    assert "02/03/2020" in refused.value.fields["effective_date"]


def test_effective_date_cannot_be_in_the_past(world):
    revision = create_revision(create_procedure(world), world, status="in_review")
    with clock_on(date(2026, 12, 2)), pytest.raises(ValidationFailed) as refused:
        ops.approve_revision(revision, world.users["qmr"], PASSWORD, date(2020, 9, 1))
    assert "02/12/2026" in refused.value.fields["effective_date"]
    assert revision.status is RevisionStatus.in_review and revision.effective_date is None
    with clock_on(date(2026, 12, 2)):
        ops.approve_revision(revision, world.users["qmr"], PASSWORD, date(2026, 12, 2))
    assert revision.effective_date == date(2026, 12, 2)


def test_in_force_map_uses_the_same_queries_for_2_or_8_procedures(world):
    from tests.query_counter import count_queries

    def measure(n):
        for i in range(n):
            procedure = create_procedure(world, code=f"QT-{n}-{i:02d}")
            create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 1))
        db.session.commit()
        db.session.expire_all()
        with count_queries() as counter:
            current = in_force(world.org.id, date(2020, 6, 1))
        return counter.count, len(current)

    few, n_few = measure(2)
    many, n_many = measure(6)
    assert (n_few, n_many) == (2, 8)
    assert many == few
