import re

import sqlalchemy as sa

from iso_qms.core import audit
from iso_qms.core.audit import AuditEntry, verify_chain
from iso_qms.extensions import db


def _run_verify(app):
    return app.test_cli_runner().invoke(args=["qms", "verify-audit"])


def _raw(sql: str, **params) -> None:
    db.session.execute(sa.text(sql), params)
    db.session.commit()


def test_every_state_change_of_the_world_is_chained(world, app_ctx):
    report = verify_chain()
    assert report.ok and report.checked > 5
    result = _run_verify(app_ctx)
    assert result.exit_code == 0, result.output


def test_entry_records_who_what_old_new_and_reason(world):
    entry = audit.record(
        "test.change",
        world.users["staff"],
        actor=world.users["admin"],
        old={"unit": "A"},
        new={"unit": "B"},
        reason="Điều chuyển",
    )
    db.session.commit()
    assert entry.actor_name == "admin" and entry.organisation_id == world.org.id
    assert entry.old == {"unit": "A"} and entry.new == {"unit": "B"}
    assert entry.reason == "Điều chuyển" and entry.object_type == "User"


def test_verify_audit_catches_an_edited_entry(world, app_ctx):
    _raw("UPDATE audit_entries SET reason = 'sửa lén' WHERE seq = 3")
    result = _run_verify(app_ctx)
    assert result.exit_code == 1
    assert "seq=3" in result.output


def test_verify_audit_catches_a_deleted_entry(world, app_ctx):
    _raw("DELETE FROM audit_entries WHERE seq = 4")
    result = _run_verify(app_ctx)
    assert result.exit_code == 1
    assert "seq=4" in result.output


def test_verify_audit_catches_a_deleted_last_entry(world, app_ctx):
    last = db.session.scalar(sa.select(sa.func.max(AuditEntry.seq)))
    _raw("DELETE FROM audit_entries WHERE seq = :s", s=last)
    assert _run_verify(app_ctx).exit_code == 1


def test_verify_audit_catches_reordered_entries(world, app_ctx):
    _raw("UPDATE audit_entries SET seq = -1 WHERE seq = 2")
    _raw("UPDATE audit_entries SET seq = 2 WHERE seq = 5")
    _raw("UPDATE audit_entries SET seq = 5 WHERE seq = -1")
    result = _run_verify(app_ctx)
    assert result.exit_code == 1
    assert "seq=2" in result.output


def test_the_orm_refuses_to_edit_or_delete_entries(world):
    entry = db.session.scalar(sa.select(AuditEntry).limit(1))
    entry.reason = "x"
    try:
        db.session.flush()
    except RuntimeError as exc:
        assert "append-only" in str(exc)
    else:  # pragma: no cover - the listener must refuse
        raise AssertionError("an audit entry was updated")
    finally:
        db.session.rollback()


def test_no_route_edits_or_deletes_audit_entries(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("core.audit"):  # the audit trail (not the audit rounds)
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_audit_page_filters_by_action(world, login):
    client = login("admin")
    page = client.get("/audit?action=user.create").get_data(as_text=True)
    texts = " ".join(re.findall(r'data-testid="audit-text">(.*?)</td>', page, re.S))
    assert "Tạo tài khoản" in texts  # the trail in words (issue 13, item 5); codes are options
    assert "Tạo cơ quan" not in texts


def test_audit_page_refuses_a_bad_date_with_a_message(world, login):
    client = login("qmr")
    response = client.get("/audit?from=31-31-2020")
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.get_data(as_text=True)


def test_older_audit_pages_continue_from_the_last_entry_shown(world, login):
    import re

    from iso_qms.core.audit import AuditEntry

    client = login("admin")
    seqs = db.session.scalars(
        sa.select(AuditEntry.seq)
        .where(AuditEntry.organisation_id == world.org.id)
        .order_by(AuditEntry.seq.desc())
    ).all()
    assert len(seqs) > 4
    first = client.get("/audit?per_page=2").get_data(as_text=True)
    link = re.search(r'href="([^"]*before=(\d+)[^"]*)" data-testid="audit-older"', first)
    assert link and int(link.group(2)) == seqs[1]
    older = client.get(link.group(1).replace("&amp;", "&"))
    assert older.status_code == 200
    html = older.get_data(as_text=True)
    assert 'data-testid="audit-keyset"' in html
    assert client.get(f"/audit?per_page=2&before={seqs[3]}").status_code == 200
    assert f"before={seqs[3]}" in html  # the next older page continues from the last shown
    assert client.get("/audit?before=99999999999999").status_code == 422
