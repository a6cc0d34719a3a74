"""Issue 13, item 3 and issue 12, case 6: the legal-update flag clears only when the approved issue
cites the replacement AND no longer cites the replaced text — what an issue cites is frozen at its
approval (`revision_citations`)."""

from datetime import date

import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures.models import LegalChange, revision_citations
from iso_qms.procedures.queries import register_rows
from tests.fixtures.factories import PASSWORD, clock_on, create_procedure, create_revision


def _flag(procedure, on) -> bool:
    return register_rows([procedure], on)[0].legal_update_due


def _setup(world):
    secretary = world.users["iso_secretary"]
    old = ops.create_legal_basis(world.org.id, secretary, {"number": "15/2015/TT-BTP"})
    new = ops.create_legal_basis(
        world.org.id, secretary, {"number": "04/2020/TT-BTP", "effective_on": date(2020, 7, 16)}
    )
    procedure = create_procedure(world, code="QT-HT-04")
    ops.set_legal_bases(procedure, secretary, [old])
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    with clock_on(date(2020, 7, 16)):
        ops.mark_superseded(old, secretary, new, LegalChange.replaced)
    return procedure, old, new


def _sign_off(world, procedure, text: str):
    secretary, qmr = world.users["iso_secretary"], world.users["qmr"]
    draft = ops.create_revision(
        procedure,
        secretary,
        {"change_summary": text[:60], "significant": False, "content": {"co_so_phap_ly": text}},
    )
    ops.submit_revision(draft, secretary)
    ops.approve_revision(draft, qmr, PASSWORD, today())
    return draft


def _cited(revision) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(revision_citations.c.legal_basis_id).where(
                revision_citations.c.revision_id == revision.id
            )
        )
    )


def test_an_issue_that_cites_both_texts_settles_nothing(world):
    procedure, old, new = _setup(world)
    ops.set_legal_bases(procedure, world.users["iso_secretary"], [old, new])
    both = _sign_off(
        world, procedure, "- Thông tư số 15/2015/TT-BTP;\n- Thông tư số 04/2020/TT-BTP."
    )
    assert _cited(both) == {old.id, new.id}
    assert _flag(procedure, today())


def test_an_issue_that_cites_only_the_old_text_settles_nothing(world):
    procedure, old, _new = _setup(world)
    editorial = _sign_off(world, procedure, "- Thông tư số 15/2015/TT-BTP (sửa lỗi chính tả).")
    assert _cited(editorial) == {old.id}
    assert _flag(procedure, today())


def test_the_issue_that_moves_to_the_replacement_settles_it(world):
    procedure, old, new = _setup(world)
    ops.set_legal_bases(procedure, world.users["iso_secretary"], [old, new])
    with clock_on(date(2030, 1, 7)):
        updated = _sign_off(world, procedure, "- Thông tư số 04/2020/TT-BTP ngày 28/5/2020.")
        # the register keeps linking the old text (history), but this issue no longer cites it
        assert {b.id for b in procedure.legal_bases} == {old.id, new.id}
        assert _cited(updated) == {new.id}
        assert not _flag(procedure, today())
