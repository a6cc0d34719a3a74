"""The dossier import's page and API: roles, the mapping step, preview, apply, 422 on bad rows."""

import io
import json

import pytest
import sqlalchemy as sa

from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.performance.models import Dossier, DossierMapping
from tests.performance.test_dossier_import import BASIC, at, csv_bytes, row


@pytest.fixture
def register(world):
    from tests.fixtures.factories import create_procedure

    set_clock(at(2020, 10, 1, 9))
    create_procedure(world, "QT-HT-01", statutory="Trong ngày", tthc_code="1.001193")
    db.session.commit()
    return world


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Dossier.id)))


def test_the_api_previews_by_default_and_applies_all_or_nothing(register, client, token_for):
    headers = token_for("iso_secretary")

    def post(data, **form):
        body = {"file": (io.BytesIO(data), "hs.csv"), **form}
        return client.post("/api/v1/dossiers/import", data=body, headers=headers,
                           content_type="multipart/form-data")  # fmt: skip

    preview = post(csv_bytes(BASIC))
    assert preview.status_code == 200, preview.json
    assert (preview.json["rows"], preview.json["create"], preview.json["errors"]) == (4, 4, [])
    assert _count() == 0
    bad = BASIC + [row(5, "HS-5", "31/02/2020 08:00")]
    refused = post(csv_bytes(bad), dry_run="false")
    assert refused.status_code == 422
    assert refused.json["errors"] == [
        {"row": 8, "column": "Ngày tiếp nhận", "message": "Ngày 31/02/2020 không tồn tại."}
    ]
    assert _count() == 0 and db.session.scalar(sa.select(DossierMapping.id)) is None
    mapping = json.dumps({"code": "Mã hồ sơ", "tthc_code": "Mã TTHC",
                          "tthc_name": "Tên thủ tục hành chính",
                          "received_at": "Ngày tiếp nhận", "channel": "Kênh tiếp nhận",
                          "returned_at": "Ngày trả kết quả"})  # fmt: skip
    applied = post(csv_bytes(BASIC), dry_run="false", mapping=mapping)
    assert applied.status_code == 200, applied.json
    assert applied.json["create"] == 4
    assert _count() == 4
    again = post(csv_bytes(BASIC), dry_run="false")  # the remembered mapping
    assert (again.json["create"], again.json["unchanged"]) == (0, 4)


@pytest.mark.parametrize("user, status", [("staff", 403), ("head", 403), ("qmr", 200)])
def test_the_api_is_for_the_iso_secretary_and_the_qmr(register, client, token_for, user, status):
    response = client.post(
        "/api/v1/dossiers/import",
        data={"file": (io.BytesIO(csv_bytes(BASIC)), "hs.csv")},
        headers=token_for(user),
        content_type="multipart/form-data",
    )
    assert response.status_code == status


def test_a_bad_file_or_mapping_is_a_422_with_a_message(register, client, token_for):
    headers = token_for("qmr")
    for data, form in ((b"", {}), (csv_bytes(BASIC), {"mapping": "[1]"}),
                       (csv_bytes(BASIC), {"mapping": json.dumps({"nope": "x"})})):  # fmt: skip
        response = client.post("/api/v1/dossiers/import",
                               data={"file": (io.BytesIO(data), "hs.csv"), **form},
                               headers=headers, content_type="multipart/form-data")  # fmt: skip
        assert response.status_code == 422 and response.json["error"]["message"]


def test_the_page_maps_previews_and_applies(register, login):
    client = login("iso_secretary")
    assert "Nhập hồ sơ một cửa" in client.get("/").get_data(as_text=True)
    page = client.post("/performance/import", data={
        "step": "upload", "kind": "dossiers", "file": (io.BytesIO(csv_bytes(BASIC)), "hs.csv"),
    }, content_type="multipart/form-data")  # fmt: skip
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="mapping-form"' in text
    assert '<option value="Ngày tiếp nhận" selected>' in text  # guessed from the header
    token = text.split('name="token" value="')[1].split('"')[0]
    form = {"step": "preview", "token": token, "map_code": "Mã hồ sơ", "map_tthc_code": "Mã TTHC",
            "map_tthc_name": "Tên thủ tục hành chính",
            "map_received_at": "Ngày tiếp nhận", "map_channel": "Kênh tiếp nhận",
            "map_returned_at": "Ngày trả kết quả"}  # fmt: skip
    preview = client.post("/performance/import", data=form)
    assert preview.status_code == 200 and 'data-testid="import-apply"' in preview.get_data(True)
    assert _count() == 0
    mapping_json = preview.get_data(True).split('name="mapping_json" value="')[1].split('"')[0]
    import html

    done = client.post(
        "/performance/import",
        data={"step": "apply", "token": token, "mapping_json": html.unescape(mapping_json)},
    )
    assert done.status_code == 302 and _count() == 4


def test_the_page_shows_the_bad_cells_and_imports_nothing(register, login):
    client = login("qmr")
    data = csv_bytes(BASIC + [row(5, "HS-5", "05/03/2020 09:00", "", "04/03/2020 10:00")])
    page = client.post("/performance/import", data={"step": "upload",
                       "file": (io.BytesIO(data), "hs.csv")},
                       content_type="multipart/form-data")  # fmt: skip
    token = page.get_data(True).split('name="token" value="')[1].split('"')[0]
    preview = client.post("/performance/import", data={"step": "preview", "token": token,
                          "map_code": "Mã hồ sơ", "map_tthc_code": "Mã TTHC",
                          "map_tthc_name": "Tên thủ tục hành chính",
                          "map_received_at": "Ngày tiếp nhận", "map_channel": "Kênh tiếp nhận",
                          "map_returned_at": "Ngày trả kết quả"})  # fmt: skip
    text = preview.get_data(as_text=True)
    assert 'data-testid="import-errors"' in text and "<td>8</td><td>Ngày trả kết quả</td>" in text
    assert 'data-testid="import-apply"' not in text
    refused = client.post("/performance/import", data={"step": "apply", "token": token,
                          "mapping_json": json.dumps({"code": "Mã hồ sơ", "tthc_code": "Mã TTHC",
                          "received_at": "Ngày tiếp nhận", "channel": "Kênh tiếp nhận",
                          "returned_at": "Ngày trả kết quả"})})  # fmt: skip
    assert refused.status_code == 422 and _count() == 0


@pytest.mark.parametrize("user", ["staff", "head", "inspector", "admin", "supervisor"])
def test_the_page_is_refused_to_other_roles(register, login, user):
    assert login(user).get("/performance/import").status_code == 403
