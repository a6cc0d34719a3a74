import sqlalchemy as sa

from iso_qms.accounts.models import User
from iso_qms.core.text import fold, nfc, search_clause
from iso_qms.extensions import db


def test_fold_removes_vietnamese_diacritics_and_case():
    assert fold("Quy trình Đăng ký khai sinh") == "quy trinh dang ky khai sinh"
    assert fold("  NGUYỄN   Thị ") == "nguyen thi"


def test_nfc_and_nfd_input_are_the_same_after_normalisation():
    nfd = "Quy tri\u0300nh"
    assert nfc(nfd) == "Quy trình"
    assert fold(nfd) == fold("Quy trình")


def test_search_finds_text_without_diacritics_on_this_database(world):
    world.users["staff"].full_name = "Quách Đình Niệm"
    world.users["qmr"].unit = "Tư pháp - Hộ tịch"
    db.session.commit()

    def found(query):
        return set(
            db.session.scalars(
                sa.select(User.username).where(search_clause(User.search_key, query))
            )
        )

    assert found("quach dinh niem") == {"staff"}
    assert found("ĐÌNH") == {"staff"}
    assert found("ho tich") == {"qmr"}
    assert found("50%") == set()
    assert search_clause(User.search_key, "   ") is None


def test_forms_store_nfc(world, login):
    client = login("admin")
    client.post(
        "/admin/users/new",
        data={
            "username": "nfd",
            "full_name": "Le\u0302 Va\u0306n Ha\u0309i",
            "roles": ["staff"],
            "password": "Mat-khau-123",
        },
    )
    user = db.session.scalar(sa.select(User).where(User.username == "nfd"))
    assert user.full_name == "Lê Văn Hải"
