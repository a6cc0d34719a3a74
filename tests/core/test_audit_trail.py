"""The audit trail reads as an official would say it: events in words, people's names, links,
values formatted, the stored entry only behind "chi tiết"; filters from lists; one query for the
names of a page; the chain untouched."""

import ast
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_login import current_user, login_user

from iso_qms.core import audit, audit_words
from iso_qms.core.audit import AuditEntry, verify_chain
from iso_qms.extensions import db
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision
from tests.query_counter import count_queries

PACKAGE = Path(__file__).resolve().parents[2] / "iso_qms"


def _literal_codes(node: ast.AST, function: ast.AST | None, calls: dict) -> set[str]:
    """The action codes an argument can hold: literals, both sides of `a if c else b`, a local
    assigned from those, or a parameter filled by the callers in the same module."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literal_codes(node.body, function, calls) | _literal_codes(
            node.orelse, function, calls
        )
    if isinstance(node, ast.Name) and function is not None:
        found: set[str] = set()
        for inner in ast.walk(function):
            if isinstance(inner, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in inner.targets
            ):
                found |= _literal_codes(inner.value, None, calls)
        names = [a.arg for a in function.args.args]
        if node.id in names:
            position = names.index(node.id)
            for call in calls.get(function.name, []):
                if len(call.args) > position:
                    found |= _literal_codes(call.args[position], None, calls)
                found |= {
                    kw.value.value
                    for kw in call.keywords
                    if kw.arg == node.id and isinstance(kw.value, ast.Constant)
                }
        return found
    return set()


def recorded_codes() -> dict[str, str]:
    """Every action code passed to audit.record() anywhere in iso_qms, with where it is."""
    codes: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        calls: dict[str, list] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                calls.setdefault(node.func.id, []).append(node)
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            for node in ast.walk(function):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record"
                    and getattr(node.func.value, "id", "") == "audit"
                    and node.args
                ):
                    continue
                found = _literal_codes(node.args[0], function, calls)
                assert found, f"{path}:{node.lineno}: cannot tell the action code"
                for code in found:
                    codes.setdefault(code, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return codes


def test_every_action_code_recorded_anywhere_has_words(app):
    codes = recorded_codes()
    assert {"revision.approve", "round.start", "user.deactivate", "postponement.reject"} <= set(
        codes
    )
    missing = {code: where for code, where in codes.items() if code not in audit_words.EVENTS}
    assert missing == {}, "action codes without a label in a feature's audit_events.py"


def _approve_flow(world):
    procedure = create_procedure(world, code="QT-HT-04")
    create_revision(procedure, world, status="approved")
    second = create_revision(
        procedure,
        world,
        status="approved",
        summary="Cập nhật căn cứ",
        content={"muc_dich": "Quy định trình tự giải quyết.", "noi_dung": "Các bước mới."},
    )
    db.session.commit()
    return procedure, second


def test_the_trail_says_the_approval_in_words_with_the_persons_name_and_a_link(world, login):
    _procedure, second = _approve_flow(world)
    html = login("qmr").get("/audit").get_data(as_text=True)
    assert "Phê duyệt QT-HT-04 lần ban hành 02" in html
    assert f'href="/revisions/{second.id}"' in html
    qmr = world.users["qmr"]
    row = re.search(r'<tr data-seq="\d+">.*?Phê duyệt QT-HT-04 lần ban hành 02.*?</tr>', html, re.S)
    assert row and qmr.full_name in row.group(0)
    assert "Đang xem xét → Đã phê duyệt" in row.group(0) or "→" in row.group(0)
    # the technical JSON only behind the "chi tiết" toggle, no script
    visible = re.sub(r"<details>.*?</details>", "", row.group(0), flags=re.S)
    assert "revision.approve" not in visible and "content_sha256" not in visible
    assert "<summary>chi tiết</summary>" in row.group(0)
    assert "<script" not in html.split("<footer")[0].split("<main")[-1]


def test_dates_in_the_changes_read_dd_mm_yyyy_and_statuses_by_their_labels(world, login):
    _approve_flow(world)
    html = login("qmr").get("/audit?action=revision.approve").get_data(as_text=True)
    visible = re.sub(r"<details>.*?</details>", "", html, flags=re.S)
    assert re.search(r"\d{2}/\d{2}/\d{4}", visible)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", visible)
    assert "in_review" not in visible and "Đã phê duyệt" in visible


def test_filters_come_from_lists_built_from_the_registry(world, login):
    _approve_flow(world)
    client = login("admin")
    html = client.get("/audit").get_data(as_text=True)
    assert '<option value="revision.approve"' in html and ">Phê duyệt lần ban hành<" in html
    assert '<option value="Revision"' in html
    qmr = world.users["qmr"]
    assert f'<option value="{qmr.id}"' in html
    only = client.get(f"/audit?object_type=Revision&person={qmr.id}").get_data(as_text=True)
    texts = re.findall(r'data-testid="audit-text">(.*?)</td>', only, re.S)
    assert texts and all("lần ban hành" in t for t in texts)
    assert "Phê duyệt QT-HT-04" in only
    assert "Tạo tài khoản" not in " ".join(texts)


def test_a_value_not_in_a_filter_list_is_said_not_a_500(world, login):
    client = login("admin")
    response = client.get("/audit?action=khong.co&object_type=LocalProxy")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Chọn loại sự kiện trong danh sách." in html
    assert "Chọn loại hồ sơ trong danh sách." in html
    assert client.get("/audit?person=abc").status_code == 422


def test_the_home_page_shows_recent_activity_in_the_same_words(world, login):
    _approve_flow(world)
    html = login("qmr").get("/").get_data(as_text=True)
    assert 'data-testid="recent-activity"' in html
    assert "Phê duyệt QT-HT-04 lần ban hành 02" in html
    assert "<code>revision.approve</code>" not in html
    staff = login("staff").get("/").get_data(as_text=True)
    assert 'data-testid="recent-activity"' not in staff


def test_a_page_of_the_trail_names_everything_in_one_query(world, login, app_ctx):
    _approve_flow(world)
    entries = db.session.scalars(
        sa.select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(100)
    ).all()
    with app_ctx.test_request_context():
        with count_queries() as counter:
            lines = audit_words.present(entries)
    kinds = {e.object_type for e in entries}
    assert len(kinds) >= 3 and counter.count == 1, counter.statements
    assert all(line.text for line in lines)


def test_the_trail_page_runs_the_same_queries_for_few_and_many_entries(world, login):
    client = login("admin")
    client.get("/audit")
    with count_queries() as few:
        client.get("/audit")
    _approve_flow(world)
    for n in range(5):
        create_procedure(world, code=f"QT-TT-{n:02d}")
    db.session.commit()
    with count_queries() as many:
        client.get("/audit")
    assert many.count == few.count, (few.statements, many.statements)


def test_the_readable_text_is_not_stored_and_the_chain_still_verifies(world, login):
    _approve_flow(world)
    client = login("qmr")
    before = db.session.execute(sa.select(AuditEntry.seq, AuditEntry.hash)).all()
    client.get("/audit")
    client.get("/")
    assert db.session.execute(sa.select(AuditEntry.seq, AuditEntry.hash)).all() == before
    assert verify_chain().ok
    assert "text" not in AuditEntry.__table__.c


def test_an_entry_made_with_the_current_user_proxy_names_the_user_not_localproxy(world, app_ctx):
    from iso_qms.accounts.operations import register_failed_password

    qmr = world.users["qmr"]
    with app_ctx.test_request_context():
        login_user(qmr)
        register_failed_password(current_user)  # a wrong e-signature password
        entry = audit.record("user.update", current_user, new={"unit": "Văn phòng"})
        db.session.commit()
    failed = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "user.login_failed")
    )
    assert (failed.object_type, failed.object_id) == ("User", str(qmr.id))
    assert failed.actor_id == qmr.id and entry.object_type == "User"


def test_a_wrong_signature_password_reads_as_a_wrong_password_on_the_trail(world, login):
    procedure = create_procedure(world, code="QT-HT-04")
    revision = create_revision(procedure, world, status="in_review")
    db.session.commit()
    client = login("qmr")
    client.post(f"/revisions/{revision.id}/approve", data={"password": "sai-" + PASSWORD})
    html = client.get("/audit?action=user.login_failed").get_data(as_text=True)
    assert "LocalProxy" not in html
    assert "Nhập sai mật khẩu khi đăng nhập hoặc ký" in html


@pytest.mark.parametrize("role", ["staff", "iso_secretary", "head", "inspector", "supervisor"])
def test_the_trail_stays_closed_to_roles_that_do_not_read_it(world, login, role):
    assert login(role).get("/audit").status_code == 403


def test_another_organisations_entries_and_people_are_not_shown(world, login):
    _approve_flow(world)
    html = login("other_admin").get("/audit").get_data(as_text=True)
    assert "QT-HT-04" not in html
    assert f'<option value="{world.users["qmr"].id}"' not in html
