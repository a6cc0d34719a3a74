"""Issue 15, item 7: the demo with the 2025 reform (the default `qms seed-demo`): Quảng Phước,
Quảng An, Quảng Thọ and Sịa become xã Quảng Điền on 01/07/2025, Quảng Thành goes into phường Hương
Phong, huyện Quảng Điền ends on 30/06/2025; xã Quảng Điền adopts its predecessors' procedures and
announces lần 01. The 2020 report of Quảng An and the 2020 roll-up of the district are the same,
byte for byte, as in the demo without the reform."""

import io
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import Organisation, User
from iso_qms.core.timeutil import set_clock
from iso_qms.extensions import db
from iso_qms.procedures.models import Announcement, Procedure, Revision, RevisionStatus
from iso_qms.seed import seed_demo
from tests.fixtures.demo_snapshot import load_demo

REPORT = "/api/v1/reports/compliance{ext}?from=2020-01-01&to=2020-09-14&as_of=2020-09-14&org="
ROLLUP = "/api/v1/reports/rollup?from=2020-01-01&to=2020-09-14&as_of=2020-09-14&org=H-QUANGDIEN"


def _get(app, username: str, url: str) -> bytes:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    token = account_ops.create_api_token(user, "compare")
    db.session.commit()
    response = app.test_client().get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, (url, response.status_code, response.get_data()[:300])
    return response.get_data()


def _docx_body(data: bytes) -> bytes:
    """The document's text and layout (the package's creation time aside)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def _the_2020_figures(app) -> dict[str, bytes]:
    quang_an = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
    return {
        "report": _get(app, "qmr", REPORT.format(ext="") + str(quang_an.id)),
        "docx": _docx_body(_get(app, "qmr", REPORT.format(ext=".docx") + str(quang_an.id))),
        "rollup": _get(app, "supervisor", ROLLUP),
    }


def _org(code: str) -> Organisation:
    return db.session.scalar(sa.select(Organisation).where(Organisation.code == code))


@pytest.fixture
def both_demos(app):
    """The 2020 figures of the demo without the reform, then the demo with it (left seeded)."""
    from tests.conftest import _wipe

    with app.app_context():  # each demo in an app context of its own (request caches in g)
        _wipe()
        seed_demo(reform=False)
        db.session.commit()
        before = _the_2020_figures(app)
        _wipe()
        db.session.remove()
    with app.app_context():
        load_demo()  # the default demo: with the reform
        yield app, before
        set_clock(None)
        db.session.rollback()
        _wipe()
        db.session.remove()


def test_the_reform_demo(both_demos):
    app, before = both_demos
    # the 2020 report and roll-up, byte for byte, read by the same people after the change
    assert _the_2020_figures(app) == before

    # the tree of today
    quang_dien, quang_an = _org("X-QUANGDIEN"), _org("X-QUANGAN")
    assert quang_dien.valid_from == date(2025, 7, 1) and quang_dien.parent.code == "T-TTHUE"
    for code in ("X-QUANGAN", "X-QUANGPHUOC", "X-QUANGTHO", "TT-SIA", "X-QUANGTHANH"):
        assert _org(code).valid_to == date(2025, 6, 30)
    assert _org("H-QUANGDIEN").valid_to == date(2025, 6, 30)
    assert _org("T-TTHUE").name == "UBND thành phố Huế"
    assert _org("P-HUONGPHONG").valid_to is None

    # people carried over: Quảng An's (same accounts) are xã Quảng Điền's; the supervisor the city's
    people = dict(db.session.execute(sa.select(User.username, User.organisation_id)).all())
    for username in ("admin", "qmr", "secretary", "inspector", "staff", "head"):
        assert people[username] == quang_dien.id
    assert people["supervisor"] == _org("T-TTHUE").id
    active = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.organisation_id == quang_dien.id, User.active.is_(True))
    )
    assert active >= 22

    # the successor's procedures, adopted from the predecessors, lần 01 in force, provenance kept
    adopted = db.session.scalars(
        sa.select(Procedure).where(Procedure.organisation_id == quang_dien.id)
    ).all()
    assert len(adopted) >= 20 and all(p.adopted_from_id for p in adopted)
    ht01 = next(p for p in adopted if p.code == "QT-HT-01")
    assert db.session.get(Procedure, ht01.adopted_from_id).organisation.code == "TT-SIA"
    first = db.session.scalars(
        sa.select(Revision).where(
            Revision.organisation_id == quang_dien.id,
            Revision.number == 1,
            Revision.status == RevisionStatus.approved,
        )
    ).all()
    assert len(first) == len(adopted)

    # its first announcement; the predecessors' stay in their archives
    announcements = db.session.scalars(
        sa.select(Announcement).where(Announcement.organisation_id == quang_dien.id)
    ).all()
    assert [(a.ordinal, a.decision_no) for a in announcements] == [(1, "215/QĐ-UBND")]
    assert announcements[0].decision_date == date(2025, 9, 15)
    kept = db.session.scalars(
        sa.select(Announcement.decision_no).where(Announcement.organisation_id == quang_an.id)
    ).all()
    assert "353/QĐ-UBND" in kept

    # a 2026 roll-up at the city shows the new communes, not the ones they were made of
    import json

    city = json.loads(_get(app, "supervisor", "/api/v1/reports/rollup?from=2026-01-01"
                           "&to=2026-09-30&as_of=2026-09-30&org=T-TTHUE"))  # fmt: skip
    codes = {row["code"] for row in city["rows"]}
    assert {"X-QUANGDIEN", "P-HUONGPHONG"} <= codes, codes
    assert not codes & {"X-QUANGAN", "X-QUANGTHO", "X-QUANGPHUOC", "TT-SIA", "X-QUANGTHANH",
                        "H-QUANGDIEN"}  # fmt: skip

    # the city's supervisor opens the ended district's 2020 roll-up page (an archive they read)
    from iso_qms.seed import DEMO_PASSWORD

    client = app.test_client()
    client.post("/login", data={"username": "supervisor", "password": DEMO_PASSWORD})
    page = client.get(
        "/reports/rollup?from=01/01/2020&to=14/09/2020&as_of=14/09/2020&org=H-QUANGDIEN"
    )
    assert page.status_code == 200 and "UBND xã Quảng An" in page.get_data(as_text=True)
    commune = client.get(
        "/reports/rollup?from=01/01/2020&to=14/09/2020&as_of=14/09/2020&org=P-HUONGPHONG"
    )
    assert commune.status_code == 403  # a current organisation not one's own
