"""A signature stays linked to exactly what it signed: tampering underneath is found and named."""

from datetime import date

import sqlalchemy as sa

from iso_qms.core.integrity import run_checks
from iso_qms.extensions import db
from iso_qms.procedures.models import Revision
from tests.fixtures.factories import create_procedure, create_revision


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["qms", *args])


def _approved(world):
    procedure = create_procedure(world, code="QT-HT-01")
    revision = create_revision(procedure, world, status="approved", effective_date=date(2020, 3, 1))
    db.session.commit()
    return revision


TRIGGER = "trg_revisions_signed_frozen"


def _tamper(revision_id: int, content: dict) -> None:
    """What someone with full access to the database could do: take the trigger that guards
    signed rows out of the way, change the signed row directly, and put the trigger back."""
    update = (
        sa.update(Revision.__table__)
        .where(Revision.__table__.c.id == revision_id)
        .values(content=content)
    )
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text(f"ALTER TABLE revisions DISABLE TRIGGER {TRIGGER}"))
        db.session.execute(update)
        db.session.execute(sa.text(f"ALTER TABLE revisions ENABLE TRIGGER {TRIGGER}"))
    else:
        create = db.session.scalar(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
            {"n": TRIGGER},
        )
        db.session.execute(sa.text(f"DROP TRIGGER {TRIGGER}"))
        db.session.execute(update)
        db.session.execute(sa.text(create))
    db.session.commit()
    db.session.expire_all()


def test_intact_records_verify(world, app_ctx):
    _approved(world)
    assert all(not found for found in run_checks().values())
    result = _cli(app_ctx, "verify")
    assert result.exit_code == 0, result.output
    assert "revision signatures: intact." in result.output


def test_content_edited_underneath_its_signature_is_named(world, app_ctx):
    revision = _approved(world)
    _tamper(revision.id, {**revision.content, "purpose": "Nội dung đã bị sửa ngầm."})
    found = run_checks()["revision signatures"]
    assert found[0].kind == "revision" and {m.kind for m in found[1:]} == {"signature"}
    assert "QT-HT-01 lần 01" in found[0].record
    result = _cli(app_ctx, "verify")
    assert result.exit_code == 1
    assert "QT-HT-01 lần 01" in result.output and "does not match" in result.output


def test_a_stored_file_changed_on_disk_is_named(world, app_ctx, tmp_path):
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    from iso_qms.core.files import store_upload

    upload = FileStorage(BytesIO(b"%PDF-1.4\n% bien ban\n%%EOF\n"), filename="bien-ban.pdf")
    attachment = store_upload(upload, world.org.id, field="evidence")
    db.session.commit()
    attachment.path.write_bytes(b"%PDF-1.4\n% sua ngam\n%%EOF\n")
    found = run_checks()["files"]
    assert len(found) == 1 and "bien-ban.pdf" in found[0].record
    attachment.path.unlink()
    assert run_checks()["files"][0].problem == "missing on disk"


def test_pages_and_api_warn_when_signed_content_was_changed_underneath(
    world, app_ctx, login, token_for
):
    revision = _approved(world)
    staff = login("staff")
    page = staff.get(f"/revisions/{revision.id}")
    assert page.status_code == 200 and "không khớp chữ ký" not in page.get_data(as_text=True)
    headers = token_for("staff")
    body = app_ctx.test_client().get(f"/api/v1/revisions/{revision.id}", headers=headers)
    assert body.get_json()["content_matches_signature"] is True

    _tamper(revision.id, {**revision.content, "purpose": "Nội dung đã bị sửa ngầm."})
    for url in (
        f"/revisions/{revision.id}",
        f"/procedures/{revision.procedure_id}",
        f"/revisions/{revision.id}/print",
    ):
        html = staff.get(url).get_data(as_text=True)
        assert "Nội dung không khớp chữ ký" in html, url
    body = app_ctx.test_client().get(f"/api/v1/revisions/{revision.id}", headers=headers)
    assert body.get_json()["content_matches_signature"] is False
