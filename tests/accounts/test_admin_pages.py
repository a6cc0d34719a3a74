import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db


def test_admin_creates_a_user_in_their_organisation(world, login):
    client = login("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "phamthihuong",
            "full_name": "Phạm Thị Hương",
            "position": "Công chức",
            "unit": "Tài chính - Kế toán",
            "roles": ["staff", "inspector"],
            "password": "Mat-khau-123",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.username == "phamthihuong"))
    assert user.organisation_id == world.org.id and user.role_codes == ["inspector", "staff"]
    assert db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.action == "user.create", AuditEntry.object_id == str(user.id)
        )
    )


def test_bad_user_form_shows_translated_messages_and_writes_nothing(world, login):
    client = login("admin")
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    response = client.post(
        "/admin/users/new", data={"username": "Có Dấu", "full_name": "", "password": "123"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhập họ và tên" in page or "họ và tên" in page.lower()
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before


def test_admin_sets_roles_and_deactivates_without_deleting(world, login):
    client = login("admin")
    staff = world.users["staff"]
    response = client.post(
        f"/admin/users/{staff.id}",
        data={
            "full_name": staff.full_name,
            "unit": "Văn phòng",
            "position": "Công chức",
            "roles": ["staff", "iso_secretary"],
            "active": "",
            "lock_version": str(staff.lock_version),
        },
    )
    assert response.status_code == 302
    db.session.refresh(staff)
    assert staff.active is False and staff.role_codes == ["iso_secretary", "staff"]
    assert "user.deactivate" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_stale_user_form_is_a_conflict_not_an_overwrite(world, login):
    client = login("admin")
    staff = world.users["staff"]
    old_version = staff.lock_version
    data = {
        "full_name": "Tên mới",
        "unit": "Văn phòng",
        "roles": ["staff"],
        "active": "y",
        "lock_version": str(old_version),
    }
    assert client.post(f"/admin/users/{staff.id}", data=data).status_code == 302
    second = client.post(f"/admin/users/{staff.id}", data={**data, "full_name": "Tên khác"})
    assert second.status_code == 422
    db.session.refresh(staff)
    assert staff.full_name == "Tên mới"


def test_admin_resets_a_password_and_the_old_sessions_end(world, login):
    staff_client = login("staff")
    admin = login("admin")
    staff = world.users["staff"]
    assert (
        admin.post(
            f"/admin/users/{staff.id}/password", data={"reset-password": "Moi-mat-khau-1"}
        ).status_code
        == 302
    )
    assert staff_client.get("/").status_code == 302
    assert login("staff", "Moi-mat-khau-1").get("/").status_code == 200


def test_admin_cannot_deactivate_themselves(world, login):
    client = login("admin")
    me = world.users["admin"]
    response = client.post(
        f"/admin/users/{me.id}",
        data={
            "full_name": me.full_name,
            "roles": ["staff", "admin"],
            "active": "",
            "lock_version": str(me.lock_version),
        },
    )
    assert response.status_code == 422
    db.session.refresh(me)
    assert me.active is True


def test_user_list_searches_without_diacritics(world, login):
    world.users["staff"].full_name = "Trần Thị Mai"
    db.session.commit()
    page = login("admin").get("/admin/users?q=tran thi mai").get_data(as_text=True)
    assert "Trần Thị Mai" in page and "Qmr" not in page


def test_user_list_uses_a_fixed_number_of_queries(world, login, app_ctx):
    from tests.fixtures.factories import create_user
    from tests.query_counter import count_queries

    client = login("admin")
    with count_queries() as few:
        client.get("/admin/users")
    for i in range(30):
        create_user(world.org, f"extra{i}", "staff", "inspector")
    db.session.commit()
    with count_queries() as many:
        client.get("/admin/users?per_page=50")
    assert many.count == few.count
