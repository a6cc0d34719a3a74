from datetime import date

import sqlalchemy as sa

from iso_qms.accounts.models import ApiToken, Organisation, User
from iso_qms.extensions import db


def _cli(app, *args, env=None):
    return app.test_cli_runner().invoke(args=list(args), env=env)


def test_fresh_install_set_up_from_the_command_line(app_ctx, client):
    assert (
        _cli(
            app_ctx, "qms", "create-org", "X-QA", "--name", "UBND xã Quảng An", "--level", "commune"
        ).exit_code
        == 0
    )
    result = _cli(
        app_ctx,
        "qms",
        "create-user",
        "qmr1",
        "--org",
        "X-QA",
        "--name",
        "Hồ Đắc Tuấn",
        "--unit",
        "Văn phòng",
        "--position",
        "Phó Chủ tịch",
        "--role",
        "qmr",
        "--role",
        "staff",
        env={"QMS_PASSWORD": "Mat-khau-123"},
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.username == "qmr1"))
    assert user.role_codes == ["qmr", "staff"] and user.check_password("Mat-khau-123")
    token_run = _cli(app_ctx, "qms", "create-token", "qmr1")
    token = token_run.output.strip()
    assert token_run.exit_code == 0 and "\n" not in token
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["username"] == "qmr1"


def test_create_org_with_a_parent_and_a_duplicate_code(app_ctx):
    assert (
        _cli(
            app_ctx,
            "qms",
            "create-org",
            "H-QD",
            "--name",
            "UBND huyện Quảng Điền",
            "--level",
            "district",
        ).exit_code
        == 0
    )
    assert (
        _cli(
            app_ctx,
            "qms",
            "create-org",
            "X-QA",
            "--name",
            "UBND xã Quảng An",
            "--level",
            "commune",
            "--parent",
            "H-QD",
        ).exit_code
        == 0
    )
    child = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QA"))
    assert child.parent.code == "H-QD"
    duplicate = _cli(app_ctx, "qms", "create-org", "X-QA", "--name", "Khác", "--level", "commune")
    assert duplicate.exit_code == 2
    assert (
        _cli(
            app_ctx,
            "qms",
            "create-org",
            "X-Y",
            "--name",
            "Y",
            "--level",
            "commune",
            "--parent",
            "NOPE",
        ).exit_code
        == 2
    )


def test_create_user_refuses_bad_input_and_writes_nothing(app_ctx):
    _cli(app_ctx, "qms", "create-org", "X-QA", "--name", "UBND xã Quảng An", "--level", "commune")
    result = _cli(
        app_ctx,
        "qms",
        "create-user",
        "a",
        "--org",
        "X-QA",
        "--name",
        "A",
        "--role",
        "staff",
        env={"QMS_PASSWORD": "short"},
    )
    assert result.exit_code == 2
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_create_token_for_an_unknown_user_fails(app_ctx):
    assert _cli(app_ctx, "qms", "create-token", "nobody").exit_code == 2
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def test_seed_demo_is_idempotent_and_matches_the_report(app_ctx):
    first = _cli(app_ctx, "qms", "seed-demo")
    assert first.exit_code == 0, first.output
    assert "QuangAn@2020" in first.output and "supervisor" in first.output
    counts = db.session.scalar(sa.select(sa.func.count(User.id)))
    second = _cli(app_ctx, "qms", "seed-demo")
    assert "already present" in second.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == counts
    quang_an = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
    # The report's 22 are the staff of 2020; the story goes on to today (new staff join later).
    # Counted by the employment history: the demo's 2025 reform carried them to xã Quảng Điền.
    from iso_qms.accounts.models import organisation_on, present_on

    on = date(2020, 9, 14)
    people = db.session.scalars(
        sa.select(User).where(organisation_on(on) == quang_an.id, present_on(on))
    ).all()
    assert len(people) == 22
    names = {p.full_name: p for p in people}
    assert names["Lê Văn Hải"].position == "Chủ tịch UBND xã"
    assert names["Quách Đình Niệm"].position == "Công chức Văn phòng - Thống kê"
    assert "Phạm Bá Nam" in names
    from iso_qms.accounts.tree import name_on, parent_on

    district = parent_on(quang_an, on)  # the tree of 2020: the city was then the province
    assert name_on(district, on) == "UBND huyện Quảng Điền"
    assert name_on(parent_on(district, on), on) == "UBND tỉnh Thừa Thiên Huế"
    assert name_on(parent_on(district, on), date(2025, 7, 1)) == "UBND thành phố Huế"
    logins = {"admin", "qmr", "secretary", "inspector", "staff", "head", "supervisor"}
    roles = {
        u.username: u.role_codes
        for u in db.session.scalars(sa.select(User).where(User.username.in_(logins)))
    }
    assert (
        "admin" in roles["admin"]
        and "qmr" in roles["qmr"]
        and "iso_secretary" in roles["secretary"]
    )
    assert (
        "inspector" in roles["inspector"]
        and "head" in roles["head"]
        and roles["supervisor"] == ["supervisor"]
    )
    assert _cli(app_ctx, "qms", "verify-audit").exit_code == 0
