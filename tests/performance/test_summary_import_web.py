"""The summary import (per TTHC and month) through the API and the page: a preview by default,
422 naming the bad cell with nothing written, the mapping remembered, and the page's kind=summary."""

import html
import io
import json
from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.performance.models import DossierMapping, DossierSummary, ImportKind
from tests.performance.test_dossier_import import at, csv_bytes

HEADERS = ["Mã TTHC", "Tên TTHC", "Tháng", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Trễ hạn",
           "Đang giải quyết"]  # fmt: skip
ROWS = [["1.001193", "Đăng ký khai sinh", "03/2020", 20, 0, 19, 1, 0],
        ["1.001193", "Đăng ký khai sinh", "Tháng 4/2020", 12, 2, 10, 0, 0]]  # fmt: skip
MAP = {"tthc_code": "Mã TTHC", "tthc_name": "Tên TTHC", "month": "Tháng",
       "received": "Tiếp nhận", "early": "Trước hạn", "on_time": "Đúng hạn",
       "late": "Trễ hạn", "pending": "Đang giải quyết"}  # fmt: skip


@pytest.fixture
def register(world):
    from tests.fixtures.factories import create_procedure

    set_clock(at(2020, 10, 1, 9))
    birth = create_procedure(world, "QT-HT-01", statutory="Trong ngày", tthc_code="1.001193")
    db.session.commit()
    return {"world": world, "birth": birth}


def _stored() -> list[tuple]:
    return db.session.execute(
        sa.select(DossierSummary.month, DossierSummary.received, DossierSummary.late).order_by(
            DossierSummary.month
        )
    ).all()


def _post(client, headers, data: bytes, **form):
    body = {"file": (io.BytesIO(data), "tonghop.csv"), **form}
    return client.post("/api/v1/dossiers/import-summary", data=body, headers=headers,
                       content_type="multipart/form-data")  # fmt: skip


def test_the_summary_api_previews_refuses_a_bad_cell_applies_and_remembers(
    register, client, token_for
):
    headers = token_for("iso_secretary")
    preview = _post(client, headers, csv_bytes(ROWS, HEADERS))
    assert preview.status_code == 200, preview.json
    assert preview.json["kind"] == ImportKind.summary.value
    assert (preview.json["dry_run"], preview.json["applied"]) == (True, False)
    assert (preview.json["rows"], preview.json["create"], preview.json["errors"]) == (2, 2, [])
    assert _stored() == []  # a preview writes nothing

    bad = ROWS + [["1.001193", "Đăng ký khai sinh", "13/2020", 1, 0, 1, 0, 0]]
    refused = _post(client, headers, csv_bytes(bad, HEADERS), dry_run="false")
    assert refused.status_code == 422
    assert refused.json["errors"] == [{"row": 6, "column": "Tháng",
        "message": "“13/2020” không phải là tháng: hãy ghi mm/yyyy (03/2020)."}]  # fmt: skip
    assert refused.json["error"]["code"] == "validation_error"
    assert _stored() == [] and db.session.scalar(sa.select(DossierMapping.id)) is None

    applied = _post(client, headers, csv_bytes(ROWS, HEADERS), dry_run="false",
                    mapping=json.dumps(MAP))  # fmt: skip
    assert applied.status_code == 200 and applied.json["applied"] is True
    assert _stored() == [(date(2020, 3, 1), 20, 1), (date(2020, 4, 1), 12, 0)]
    remembered = db.session.scalar(
        sa.select(DossierMapping).where(DossierMapping.kind == ImportKind.summary)
    )
    assert remembered is not None

    # No mapping given: the remembered one is used; a changed count updates its row
    changed = [["1.001193", "Đăng ký khai sinh", "03/2020", 21, 0, 19, 2, 0]]
    again = _post(client, headers, csv_bytes(changed, HEADERS), dry_run="false")
    assert again.status_code == 200, again.json
    assert (again.json["create"], again.json["update"]) == (0, 1)
    assert _stored()[0] == (date(2020, 3, 1), 21, 2)


@pytest.mark.parametrize("user, status", [("staff", 403), ("head", 403), ("inspector", 403),
                                          ("qmr", 200)])  # fmt: skip
def test_the_summary_api_is_for_the_iso_secretary_and_the_qmr(register, client, token_for, user,
                                                              status):  # fmt: skip
    response = _post(client, token_for(user), csv_bytes(ROWS, HEADERS))
    assert response.status_code == status


def test_the_page_imports_a_summary(register, login):
    client = login("qmr")
    page = client.post("/performance/import", data={
        "step": "upload", "kind": "summary",
        "file": (io.BytesIO(csv_bytes(ROWS, HEADERS)), "tonghop.csv"),
    }, content_type="multipart/form-data")  # fmt: skip
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="mapping-form"' in text
    assert '<option value="Tháng" selected>' in text  # guessed from the header
    token = text.split('name="token" value="')[1].split('"')[0]
    form = {"step": "preview", "token": token, **{f"map_{k}": v for k, v in MAP.items()}}
    preview = client.post("/performance/import", data=form)
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'data-testid="import-apply"' in body
    assert _stored() == []
    mapping_json = body.split('name="mapping_json" value="')[1].split('"')[0]
    done = client.post("/performance/import", data={
        "step": "apply", "token": token, "mapping_json": html.unescape(mapping_json)})  # fmt: skip
    assert done.status_code == 302
    assert _stored() == [(date(2020, 3, 1), 20, 1), (date(2020, 4, 1), 12, 0)]
