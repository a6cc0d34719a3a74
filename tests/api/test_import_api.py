import io

import sqlalchemy as sa

from iso_qms.extensions import db
from iso_qms.procedures.models import Procedure
from tests.procedures.test_import import ROWS, xlsx


def _post(client, headers, data, dry_run=None, name="danh-muc.xlsx"):
    form = {"file": (io.BytesIO(data), name)}
    if dry_run is not None:
        form["dry_run"] = "true" if dry_run else "false"
    return client.post(
        "/api/v1/procedures/import", data=form, headers=headers, content_type="multipart/form-data"
    )


def test_dry_run_is_the_default_and_writes_nothing(world, client, token_for):
    response = _post(client, token_for("iso_secretary"), xlsx(ROWS))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["dry_run"] is True and body["applied"] is False
    assert [row["action"] for row in body["rows"]] == ["create"] * 4
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0


def test_apply_then_reapply_is_unchanged(world, client, token_for):
    headers = token_for("iso_secretary")
    assert _post(client, headers, xlsx(ROWS), dry_run=False).get_json()["counts"]["create"] == 4
    again = _post(client, headers, xlsx(ROWS), dry_run=False).get_json()
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": 4, "error": 0}


def test_a_bad_row_gives_422_and_nothing_is_written(world, client, token_for):
    bad = [list(r) for r in ROWS] + [["", "Thiếu mã", "Hộ tịch", "Trong ngày", ""]]
    preview = _post(client, token_for("iso_secretary"), xlsx(bad)).get_json()
    assert "errors" in preview["rows"][-1]
    response = _post(client, token_for("iso_secretary"), xlsx(bad), dry_run=False)
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0


def test_unreadable_file_and_wrong_role(world, client, token_for):
    assert _post(client, token_for("iso_secretary"), b"junk", name="x.csv.exe").status_code == 422
    assert _post(client, token_for("staff"), xlsx(ROWS)).status_code == 403
