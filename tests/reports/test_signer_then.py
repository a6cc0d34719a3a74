"""The report's Word file is signed by the head the organisation had on its as-of date (by the
employment history), not by today's head."""

import io
from datetime import datetime

import docx
import pytest

from iso_qms.accounts import operations as account_ops
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_user


@pytest.fixture
def changed_head(world):
    set_clock(datetime(2027, 1, 10, 9, tzinfo=LOCAL_TZ))
    old = world.users["head"]
    old.full_name = "Lê Văn Hải"
    db.session.commit()
    set_clock(datetime(2027, 6, 1, 9, tzinfo=LOCAL_TZ))
    account_ops.update_user(old, {"active": False}, actor=world.users["admin"])
    create_user(world.org, "newhead", "staff", "head", full_name="Nguyễn Văn Mới",
                position="Chủ tịch UBND xã")  # fmt: skip
    db.session.commit()
    set_clock(datetime(2027, 10, 5, 9, tzinfo=LOCAL_TZ))
    yield world
    set_clock(None)


def _signed_by(client, as_of: str, period: str) -> str:
    answer = client.get(f"/reports/compliance.docx?{period}&as_of={as_of}")
    assert answer.status_code == 200
    document = docx.Document(io.BytesIO(answer.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_head_of_the_as_of_date_signs(changed_head, login):
    client = login("qmr")
    first = _signed_by(client, "2027-03-31", "from=2027-01-01&to=2027-03-31")
    assert "Lê Văn Hải" in first and "Nguyễn Văn Mới" not in first
    third = _signed_by(client, "2027-09-30", "from=2027-07-01&to=2027-09-30")
    assert "Nguyễn Văn Mới" in third and "Lê Văn Hải" not in third
