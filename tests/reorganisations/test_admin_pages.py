"""The organisations page (/admin/organisations, issue 15): the tree as of a date, the
reorganisations registered, the form that registers one; refusals on the form, nothing changed;
wrong role 403; another province's organisations are not choices."""

from datetime import date

import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, Role
from iso_qms.accounts.org_history import ReorgKind
from iso_qms.extensions import db
from iso_qms.reorganisations.admin_views import organisations
from iso_qms.reorganisations.operations import reorganise
from tests.fixtures.factories import create_org
from tests.reorganisations.tree_state import TREE, row_counts

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
PAGE = "/admin/organisations"


def _counts() -> tuple:
    return row_counts(TREE)


def _merge_form(tree, **extra) -> dict:
    return {
        "kind": "merge_new",
        "effective_date": "01/07/2027",
        "legal_basis": BASIS,
        "sources": [str(tree.org.id), str(tree.other_org.id)],
        "new_code": "X-QD",
        "new_name": "UBND xã Quảng Điền",
        "new_level": "commune",
        "new_parent_id": str(tree.district.id),
        "open_work": "checklist",
        **extra,
    }


def test_only_admins_open_the_page(tree, login, client):
    assert organisations.required_roles == frozenset({Role.admin})
    assert client.get(PAGE).status_code == 302  # to the login page
    for username in ("staff", "supervisor", "qmr", "iso_secretary"):
        assert login(username).get(PAGE).status_code == 403
        assert login(username).post(PAGE, data=_merge_form(tree)).status_code == 403
    assert login("admin").get(PAGE).status_code == 200


def test_the_tree_today_and_the_menu_entry(tree, login):
    page = login("padmin").get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for code in ("P", "D", "A", "B"):
        assert f'data-testid="org-{code}"' in html
    assert 'href="/admin/organisations"' in html  # Administration › Organisations
    assert 'for="as_of"' in html and 'for="sources"' in html and 'for="legal_basis"' in html


def test_registering_a_merge_then_the_tree_before_and_after(tree, login):
    admin = login("padmin")
    response = admin.post(PAGE, data=_merge_form(tree))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    new = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QD"))
    assert new is not None and new.valid_from == date(2027, 7, 1)
    html = admin.get(PAGE).get_data(as_text=True)  # today 20/06/2027: still A and B
    assert "01/07/2027" in html and BASIS in html
    assert 'data-testid="org-A"' in html and 'data-testid="org-X-QD"' not in html
    assert "UBND xã Quảng An, UBND xã Quảng Thành" in html  # from → to in the list
    after = admin.get(PAGE + "?as_of=01/07/2027").get_data(as_text=True)
    assert 'data-testid="org-X-QD"' in after and 'data-testid="org-A"' not in after
    assert 'data-testid="archive-A"' in after and "30/06/2027" in after
    past = admin.get(PAGE + "?as_of=14/09/2020").get_data(as_text=True)
    assert 'data-testid="org-A"' in past and 'data-testid="org-X-QD"' not in past


def test_a_rename_shows_the_old_and_new_names(tree, login):
    reorganise(ReorgKind.rename, date(2027, 7, 1), BASIS, [tree.org], "UBND xã Quảng An mới",
               tree.users["province_admin"])  # fmt: skip
    db.session.commit()
    html = login("padmin").get(PAGE).get_data(as_text=True)
    assert "<td>UBND xã Quảng An</td>" in html and "<td>UBND xã Quảng An mới</td>" in html
    assert (
        login("padmin")
        .get(PAGE + "?as_of=02/07/2027")
        .get_data(as_text=True)
        .count("UBND xã Quảng An mới")
        >= 2
    )


def test_a_refused_change_shows_the_reasons_on_the_form_and_changes_nothing(tree, login):
    admin, before = login("padmin"), _counts()
    circle = admin.post(PAGE, data={
        "kind": "move", "effective_date": "01/07/2027", "legal_basis": BASIS,
        "sources": [str(tree.district.id)], "target_id": str(tree.org.id),
    })  # fmt: skip
    assert circle.status_code == 422
    assert "is-invalid" in circle.get_data(as_text=True)
    no_basis = admin.post(PAGE, data=_merge_form(tree, legal_basis="", effective_date="31/02/2027"))
    assert no_basis.status_code == 422
    html = no_basis.get_data(as_text=True)
    assert html.count("invalid-feedback") >= 2  # the date and the legal basis
    no_code = admin.post(PAGE, data=_merge_form(tree, new_code=""))
    assert no_code.status_code == 422
    no_name = admin.post(PAGE, data={
        "kind": "rename", "effective_date": "01/07/2027", "legal_basis": BASIS,
        "sources": [str(tree.org.id)],
    })  # fmt: skip
    assert no_name.status_code == 422
    assert _counts() == before


def test_another_provinces_organisation_is_not_a_choice(tree, login):
    other = create_org("P2", "province")
    foreign = create_org("C2", "commune", other)
    db.session.commit()
    admin, before = login("padmin"), _counts()
    response = admin.post(PAGE, data=_merge_form(tree, sources=[str(tree.org.id), str(foreign.id)]))
    assert response.status_code == 422
    moved = admin.post(PAGE, data={
        "kind": "move", "effective_date": "01/07/2027", "legal_basis": BASIS,
        "sources": [str(tree.org.id)], "target_id": str(foreign.id),
    })  # fmt: skip
    assert moved.status_code == 422
    junk = admin.post(PAGE, data=_merge_form(tree, sources=["x"], new_parent_id="abc"))
    assert junk.status_code == 422
    assert "C2" not in admin.get(PAGE).get_data(as_text=True)
    assert _counts() == before


def test_a_commune_admin_sees_only_their_own(tree, login):
    html = login("admin").get(PAGE).get_data(as_text=True)
    assert 'data-testid="org-A"' in html and 'data-testid="org-B"' not in html
    refused = login("admin").post(PAGE, data=_merge_form(tree))
    assert refused.status_code == 422  # B is not a choice for A's admin


def test_a_bad_as_of_date_is_a_message_not_an_error(tree, login):
    response = login("padmin").get(PAGE + "?as_of=32/13/2020")
    assert response.status_code == 200
    assert 'id="as_of-error"' in response.get_data(as_text=True)
