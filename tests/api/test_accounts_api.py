import sqlalchemy as sa

from iso_qms.accounts.models import ApiToken, User
from iso_qms.extensions import db


def test_no_token_or_a_bad_token_answers_401_in_the_contract_format(world, client):
    for headers in ({}, {"Authorization": "Bearer qms_nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        body = response.get_json()
        assert body["error"]["code"] == "unauthenticated"
        assert body["error"]["message"]


def test_me_describes_the_caller(world, client, token_for):
    response = client.get("/api/v1/me", headers=token_for("qmr"))
    assert response.status_code == 200
    me = response.get_json()
    assert me["username"] == "qmr"
    assert set(me["roles"]) == {"qmr", "staff"}
    assert me["organisation"] == {
        "id": world.org.id,
        "code": "A",
        "name": "UBND xã Quảng An",
        "level": "commune",
        "parent_id": world.district.id,
    }


def test_tokens_are_stored_hashed(world, token_for):
    header = token_for("staff")["Authorization"]
    token = header.split()[1]
    stored = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    assert token not in stored and ApiToken.hash_token(token) in stored


def test_a_revoked_token_no_longer_works(world, client, token_for, login):
    headers = token_for("staff")
    token_id = db.session.scalar(sa.select(ApiToken.id))
    web = login("staff")
    assert web.post(f"/profile/tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_profile_page_makes_a_token_that_works(world, client, login):
    web = login("staff")
    page = web.post("/profile", data={"action": "token", "tk-name": "Báo cáo huyện"}).get_data(
        as_text=True
    )
    token = page.split('data-testid="new-token">')[1].split("<")[0]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_supervisor_lists_the_organisations_below(world, client, token_for):
    body = client.get("/api/v1/organisations", headers=token_for("supervisor")).get_json()
    codes = {item["code"] for item in body["items"]}
    assert codes == {"D", "A", "B"} and body["total"] == 3 and body["page"] == 1


def test_commune_user_lists_only_their_organisation(world, client, token_for):
    body = client.get("/api/v1/organisations", headers=token_for("staff")).get_json()
    assert [item["code"] for item in body["items"]] == ["A"]


def test_user_list_searches_without_diacritics_and_paginates(world, client, token_for):
    world.users["staff"].full_name = "Trần Thị Mai"
    db.session.commit()
    headers = token_for("admin")
    body = client.get("/api/v1/users?q=tran thi&per_page=2", headers=headers).get_json()
    assert [u["username"] for u in body["items"]] == ["staff"]
    page = client.get("/api/v1/users?per_page=2&page=2", headers=headers).get_json()
    assert page["page"] == 2 and len(page["items"]) == 2 and page["total"] == 6
    assert client.get("/api/v1/users?per_page=500", headers=headers).status_code == 422


def test_admin_creates_a_user_through_the_api_with_nfc_text(world, client, token_for):
    nfd_name = "Nguye\u0302\u0303n Va\u0306n A"  # "Nguyễn Văn A" typed in NFD
    response = client.post(
        "/api/v1/users",
        headers=token_for("admin"),
        json={
            "username": "nguyenvana",
            "full_name": nfd_name,
            "unit": "Tư pháp - Hộ tịch",
            "roles": ["staff", "inspector"],
            "password": "Mat-khau-123",
        },
    )
    assert response.status_code == 201, response.get_json()
    user = db.session.scalar(sa.select(User).where(User.username == "nguyenvana"))
    assert user.full_name == "Nguyễn Văn A"
    assert user.organisation_id == world.org.id


def test_bad_fields_get_422_naming_each_field_and_nothing_is_written(world, client, token_for):
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    response = client.post(
        "/api/v1/users",
        headers=token_for("admin"),
        json={"username": "Bad Name!", "full_name": "", "password": "short", "roles": ["staff"]},
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert {"username", "full_name", "password"} <= set(fields)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before


def test_unknown_role_is_a_422(world, client, token_for):
    response = client.post(
        "/api/v1/users",
        headers=token_for("admin"),
        json={"username": "x1", "full_name": "X", "password": "Mat-khau-123", "roles": ["king"]},
    )
    assert response.status_code == 422
    assert "roles" in response.get_json()["error"]["fields"]


def test_a_username_is_never_reused(world, client, token_for):
    response = client.post(
        "/api/v1/users",
        headers=token_for("admin"),
        json={"username": "staff", "full_name": "X", "password": "Mat-khau-123"},
    )
    assert response.status_code == 422
    assert "username" in response.get_json()["error"]["fields"]


def test_non_admin_cannot_create_users(world, client, token_for):
    response = client.post(
        "/api/v1/users",
        headers=token_for("qmr"),
        json={"username": "x2", "full_name": "X", "password": "Mat-khau-123"},
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_patch_needs_the_current_lock_version(world, client, token_for):
    headers = token_for("admin")
    staff = world.users["staff"]
    url = f"/api/v1/users/{staff.id}"
    version = staff.lock_version
    first = client.patch(
        url, headers=headers, json={"unit": "Văn hóa - Xã hội", "lock_version": version}
    )
    assert first.status_code == 200
    assert first.get_json()["lock_version"] == version + 1
    stale = client.patch(url, headers=headers, json={"unit": "Khác", "lock_version": version})
    assert stale.status_code == 409
    missing = client.patch(url, headers=headers, json={"unit": "Khác"})
    assert missing.status_code == 422
    with_header = client.patch(
        url,
        headers={**headers, "If-Match": str(first.get_json()["lock_version"])},
        json={"position": "Công chức"},
    )
    assert with_header.status_code == 200


def test_deactivating_never_deletes_and_ends_api_access(world, client, token_for):
    admin_headers = token_for("admin")
    staff_headers = token_for("staff")
    staff = world.users["staff"]
    response = client.patch(
        f"/api/v1/users/{staff.id}",
        headers=admin_headers,
        json={"active": False, "lock_version": staff.lock_version},
    )
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert db.session.get(User, staff.id) is not None
    assert client.get("/api/v1/me", headers=staff_headers).status_code == 401


def test_error_messages_follow_the_users_language(world, client, token_for):
    headers = token_for("qmr")
    world.users["qmr"].locale = "en"
    db.session.commit()
    body = client.post("/api/v1/users", headers=headers, json={}).get_json()
    assert body["error"]["message"] == "You do not have permission to do this."


def test_openapi_document_is_generated_from_the_code(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {
        "/api/v1/me",
        "/api/v1/users",
        "/api/v1/users/{user_id}",
        "/api/v1/organisations",
    } <= set(spec["paths"])
    assert "bearerAuth" in spec["components"]["securitySchemes"]
