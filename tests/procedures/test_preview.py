"""Issue 13, item 9: the live preview renders a section by the revision page's Markdown rules
(markdown-it + nh3), for those who edit drafts only, and refuses bad input with a message."""

import pytest

from iso_qms.core.markdown import render_markdown
from iso_qms.procedures.content import MAX_SECTION_LENGTH

TEXT = "**Căn cứ**\n\n- Luật Hộ tịch\n- <script>alert(1)</script>"


@pytest.mark.parametrize("username", ["iso_secretary", "qmr"])
def test_the_preview_is_the_markdown_the_revision_page_shows(world, login, username):
    response = login(username).post("/revisions/preview", json={"text": TEXT})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert html == str(render_markdown(TEXT))
    assert "<strong>Căn cứ</strong>" in html and "<li>Luật Hộ tịch</li>" in html
    assert "<script>" not in html


@pytest.mark.parametrize("username", ["staff", "head", "inspector", "admin", "supervisor"])
def test_who_does_not_edit_drafts_gets_403(world, login, username):
    assert login(username).post("/revisions/preview", json={"text": "x"}).status_code == 403


def test_the_preview_needs_a_login(world, client):
    assert client.post("/revisions/preview", json={"text": "x"}).status_code in (302, 401)


@pytest.mark.parametrize(
    "body", [{"text": 5}, {"other": "x"}, [1, 2], {"text": "x" * (MAX_SECTION_LENGTH + 1)}]
)
def test_bad_input_is_a_clear_422(world, login, body):
    response = login("iso_secretary").post("/revisions/preview", json=body)
    assert response.status_code == 422


def test_a_form_post_works_too_and_empty_text_previews_nothing(world, login):
    response = login("iso_secretary").post("/revisions/preview", data={"text": ""})
    assert response.status_code == 200 and response.get_json() == {"html": ""}


def test_the_draft_form_has_growing_areas_with_a_preview(world, login):
    from iso_qms.extensions import db
    from tests.fixtures.factories import create_procedure, create_revision

    draft = create_revision(create_procedure(world), world)
    db.session.commit()
    html = login("iso_secretary").get(f"/revisions/{draft.id}/edit").get_data(as_text=True)
    assert 'name="muc_dich"' in html and "data-autogrow" in html
    assert 'data-testid="preview-muc_dich"' in html and "js/editor.js" in html
    assert "<p>Quy định trình tự giải quyết.</p>" in html  # rendered on load, before any typing
