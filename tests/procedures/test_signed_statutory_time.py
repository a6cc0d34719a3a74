"""The statutory time printed on an issue is the one it was signed with, and the signature covers
it (issue 12, "everything a signature covers is frozen with it"); issues signed before the hash
covered it still verify."""

import pytest
import sqlalchemy as sa

from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import operations as ops
from iso_qms.procedures.content import content_hash
from iso_qms.procedures.integrity import signature_matches
from iso_qms.procedures.models import Revision
from iso_qms.procedures.queries import register_rows
from tests.fixtures.factories import create_procedure, create_revision


def _issue(world):
    procedure = create_procedure(world, statutory="03 ngày làm việc")  # steps: 3 days in all
    revision = create_revision(procedure, world, status="approved", effective_date=today())
    db.session.commit()
    db.session.refresh(revision)
    return procedure, revision


def _print(login, revision) -> str:
    return login("staff").get(f"/revisions/{revision.id}/print").get_data(as_text=True)


def test_the_print_keeps_the_statutory_time_signed_when_the_law_shortens_it(world, login):
    procedure, revision = _issue(world)
    assert revision.hash_version == 2 and revision.statutory_minutes == 3 * 480
    assert 'data-testid="within-time"' in _print(login, revision)
    ops.update_procedure(procedure, world.users["iso_secretary"],
                         {"statutory": "02 ngày làm việc"})  # fmt: skip
    db.session.commit()
    db.session.expire_all()
    printed = _print(login, revision)
    assert "trong thời hạn giải quyết 03 ngày làm việc" in printed
    assert "thời hạn giải quyết 02" not in printed and 'data-testid="over-time"' not in printed
    again = db.session.get(Revision, revision.id)
    assert again.within_statutory_time is True and signature_matches(again)
    # ... while the register says the issue in force no longer fits the law now in force
    (row,) = register_rows([db.session.get(type(procedure), procedure.id)], today())
    assert row.over_time is True


def test_the_signature_covers_the_statutory_time(world):
    _, revision = _issue(world)
    signed = content_hash(revision)
    assert signed == revision.content_sha256
    db.session.expunge(revision)  # in memory only: what a tampered row would hash to
    revision.statutory_minutes = 2 * 480
    assert content_hash(revision) != signed


def test_an_issue_signed_before_hash_version_2_still_verifies(world):
    """Rows signed before the migration have hash_version 1: the hash without the time."""
    _, revision = _issue(world)
    db.session.expunge(revision)
    revision.hash_version = 1  # as such a row is, in memory: its hash did not cover the time
    old = content_hash(revision)
    revision.statutory_minutes = 2 * 480
    assert content_hash(revision) == old


def test_the_database_refuses_to_change_the_hash_version_of_a_signed_issue(world):
    _, revision = _issue(world)
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(
            sa.text("UPDATE revisions SET hash_version = 1 WHERE id = :id"), {"id": revision.id}
        )
        db.session.flush()
    db.session.rollback()
