"""`flask qms reorganise ...` and `flask qms organisations --as-of` (issue 15): each change through
the operation, as the admin named by --as; a refused change prints the reasons, exits 2 and
changes nothing."""

from datetime import date, datetime

import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, User
from iso_qms.core.errors import PermissionDenied
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_org, create_procedure, create_revision
from tests.reorganisations.tree_state import WITH_PEOPLE, row_counts

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["qms", *args])


def _change(app, *args, actor="padmin", day="2027-07-01"):
    return _cli(app, "reorganise", *args, "--date", day, "--basis", BASIS, "--as", actor)


def _counts() -> tuple:
    return row_counts(WITH_PEOPLE)


def test_merge_new_then_apply_due_carries_the_people(app_ctx, tree):
    result = _change(
        app_ctx, "merge-new", "--into-code", "X-QD", "--into-name", "UBND xã Quảng Điền",
        "--level", "commune", "--parent", "D", "--open-work", "checklist", "A", "B",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "in force from 01/07/2027" in result.output and "A, B -> X-QD" in result.output
    new = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QD"))
    assert new.valid_from == date(2027, 7, 1)
    assert db.session.get(Organisation, tree.org.id).valid_to == date(2027, 6, 30)
    staff = db.session.get(User, tree.users["staff"].id)
    assert staff.organisation_id == tree.org.id  # not yet due
    set_clock(datetime(2027, 7, 1, 7, tzinfo=LOCAL_TZ))
    result = _cli(app_ctx, "reorganise", "apply-due")
    assert result.exit_code == 0, result.output
    assert "organisations brought up to date" in result.output
    db.session.expire_all()
    staff = db.session.get(User, tree.users["staff"].id)
    assert staff.organisation_id == new.id and staff.roles_to_review


def test_organisations_as_of_prints_the_tree_then(app_ctx, tree):
    assert _change(app_ctx, "rename", "A", "--name", "UBND xã Quảng An mới").exit_code == 0
    before = _cli(app_ctx, "organisations", "--as-of", "14/09/2020")
    assert before.exit_code == 0, before.output
    lines = before.output.splitlines()
    assert lines[0] == "Organisations in force on 14/09/2020:"
    assert any(line.startswith("P  ") for line in lines)
    assert any(line.startswith("  D  ") for line in lines)
    assert any(line.startswith("    A  UBND xã Quảng An  [commune]") for line in lines)
    after = _cli(app_ctx, "organisations", "--as-of", "2027-07-01")
    assert "    A  UBND xã Quảng An mới  [commune]" in after.output


def test_end_level_moves_the_children_to_the_province(app_ctx, tree):
    result = _change(app_ctx, "end-level", "D", "--children-to", "P", "--open-work", "close")
    assert result.exit_code == 0, result.output
    shown = _cli(app_ctx, "organisations", "--as-of", "2027-07-01").output
    assert "  A  UBND xã Quảng An" in shown and "\n  D  " not in shown
    ended = _cli(app_ctx, "organisations", "--as-of", "2027-06-30").output
    assert "  D  UBND D  [district] (… – 30/06/2027)" in ended


def test_merge_into_and_move(app_ctx, tree):
    create_org("D2", "district", tree.province)
    db.session.commit()
    assert _change(app_ctx, "move", "B", "--under", "D2").exit_code == 0
    result = _change(app_ctx, "merge-into", "B", "A", "--open-work", "transfer", day="2027-08-01")
    assert result.exit_code == 0, result.output
    assert "A -> B" in result.output
    assert db.session.get(Organisation, tree.org.id).valid_to == date(2027, 7, 31)


def test_a_refused_change_prints_the_reasons_and_changes_nothing(app_ctx, tree):
    before = _counts()
    circle = _change(app_ctx, "move", "D", "--under", "A")
    assert circle.exit_code == 2 and "target:" in circle.output and "vòng lặp" in circle.output
    not_above = _change(
        app_ctx, "merge-new", "--into-code", "X", "--into-name", "X", "--level", "commune",
        "--parent", "D", "--open-work", "close", "A", "B", actor="admin",
    )  # fmt: skip
    assert not_above.exit_code == 2 and "sources:" in not_above.output
    not_admin = _change(app_ctx, "rename", "A", "--name", "Y", actor="staff")
    assert not_admin.exit_code == 2 and str(PermissionDenied.default_message) in not_admin.output
    unknown = _change(app_ctx, "move", "NOPE", "--under", "P")
    assert unknown.exit_code == 2 and "No organisation with code NOPE" in unknown.output
    nobody = _change(app_ctx, "rename", "A", "--name", "Y", actor="nobody")
    assert nobody.exit_code == 2 and "No active user nobody" in nobody.output
    bad_date = _cli(app_ctx, "reorganise", "rename", "A", "--name", "Y", "--date", "31/02/2027",
                    "--basis", BASIS, "--as", "padmin")  # fmt: skip
    assert bad_date.exit_code == 2
    assert _counts() == before


def test_open_work_must_be_decided_before_an_organisation_ends(app_ctx, tree):
    create_revision(create_procedure(tree), tree)  # a draft not yet approved
    db.session.commit()
    before = _counts()
    result = _change(
        app_ctx, "merge-new", "--into-code", "X", "--into-name", "UBND xã X", "--level",
        "commune", "--parent", "D", "A", "B",
    )  # fmt: skip
    assert result.exit_code == 2 and "open_work:" in result.output, result.output
    assert _counts() == before
