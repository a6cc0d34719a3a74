"""Issue 12, done when: the 9-month 2020 report of the demo is the same, byte for byte, after a year
of later operations on a copy of the demo (this test replays them through the JSON API, with the
clock moved through the year after the demo's today, as the commune would live it)."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import Organisation, User
from iso_qms.core.audit import verify_chain
from iso_qms.core.timeutil import LOCAL_TZ, set_clock, today
from iso_qms.extensions import db
from iso_qms.procedures.models import Procedure, Revision, RevisionStatus
from iso_qms.seed import DEMO_PASSWORD
from tests.fixtures.demo_snapshot import load_demo
from tests.reports.test_criteria_sets import SET_2021

REPORT_2020 = "/api/v1/reports/compliance?from=2020-01-01&to=2020-09-14&as_of=2020-09-14"
ROLLUP_2020 = "/api/v1/reports/rollup?from=2020-01-01&to=2020-09-14&as_of=2020-09-14"
#: The real report: 9 months of 2020 (01/01–30/09), written as of 14/09/2020.
REPORT_9M_2020 = "/api/v1/reports/compliance?from=2020-01-01&to=2020-09-30&as_of=2020-09-14"


@pytest.fixture
def demo_copy(app):
    from tests.conftest import _wipe

    with app.app_context():
        load_demo(reform=False)  # Quảng An's story on the 2020 map to today
        yield app
        set_clock(None)
        db.session.rollback()
        _wipe()
        db.session.remove()


#: The demo lives up to today; the replayed year starts tomorrow.
BASE = today()


def D(days: int) -> date:  # noqa: N802 — reads like the dates it stands for
    return BASE + timedelta(days=days)


def _at(day: date, hour: int = 9) -> None:
    set_clock(datetime(day.year, day.month, day.day, hour, 0, tzinfo=LOCAL_TZ))


class Api:
    """The demo's people talking to the API, each with their own token."""

    def __init__(self, app):
        self.client = app.test_client()
        self.tokens: dict[str, dict] = {}

    def headers(self, username: str) -> dict:
        if username not in self.tokens:
            user = db.session.scalar(sa.select(User).where(User.username == username))
            token = account_ops.create_api_token(user, "replay")
            db.session.commit()
            self.tokens[username] = {"Authorization": f"Bearer {token}"}
        return self.tokens[username]

    def call(self, method: str, username: str, url: str, expect=(200, 201), **kwargs):
        response = self.client.open(url, method=method, headers=self.headers(username), **kwargs)
        assert response.status_code in expect, (method, url, response.status_code, response.json)
        return response

    def report_bytes(self, url: str, username: str) -> bytes:
        return self.call("GET", username, url).get_data()


def _procedure(code: str) -> Procedure:
    return db.session.scalar(
        sa.select(Procedure)
        .join(Organisation)
        .where(Procedure.code == code, Organisation.code == "X-QUANGAN")
    )


def _sign_off(api: Api, revision_id: int, effective: date) -> None:
    """Review and approve by whoever the commune's signing chain names (QMR, then the head)."""
    review = f"/api/v1/revisions/{revision_id}/review"
    api.call(
        "POST", "qmr", review, expect=(200, 201, 404, 405, 409), json={"password": DEMO_PASSWORD}
    )
    body = {"password": DEMO_PASSWORD, "effective_date": effective.isoformat()}
    url = f"/api/v1/revisions/{revision_id}/approve"
    for signer in ("head", "qmr"):
        response = api.call("POST", signer, url, expect=(200, 403), json=body)
        if response.status_code == 200:
            return
    raise AssertionError("nobody could approve the revision")


def _revise(api: Api, code: str, summary: str, day: date, effective: date) -> None:
    _at(day)
    procedure = _procedure(code)
    made = api.call(
        "POST",
        "secretary",
        f"/api/v1/procedures/{procedure.id}/revisions",
        json={"change_summary": summary, "significant": False},
    ).json
    revision = api.call("GET", "secretary", f"/api/v1/revisions/{made['id']}").json
    content = dict(revision.get("content") or {})
    key = next(iter(content), "purpose")
    content[key] = f"{content.get(key, '')}\n\n{summary}".strip()
    api.call(
        "PATCH",
        "secretary",
        f"/api/v1/revisions/{made['id']}",
        json={"content": content, "lock_version": revision["lock_version"]},
    )
    api.call("POST", "secretary", f"/api/v1/revisions/{made['id']}/submit")
    _at(day, 15)
    _sign_off(api, made["id"], effective)


def test_a_year_of_later_operations_leaves_the_2020_report_byte_identical(demo_copy):
    api = Api(demo_copy)
    _at(D(1))
    report_before = api.report_bytes(REPORT_2020, "qmr")
    nine_months_before = api.report_bytes(REPORT_9M_2020, "qmr")
    assert b'"2020-09-30"' in nine_months_before
    rollup_before = api.report_bytes(
        ROLLUP_2020 + "&org=" + str(_org("H-QUANGDIEN").id), "supervisor"
    )

    # The signed title cannot be changed in place: the rename is refused with the field named.
    ht01 = _procedure("QT-HT-01")
    current = api.call("GET", "secretary", f"/api/v1/procedures/{ht01.id}").json
    refused = api.call(
        "PATCH",
        "secretary",
        f"/api/v1/procedures/{ht01.id}",
        expect=(422,),
        json={"title": "Đăng ký khai sinh (đổi tên)", "lock_version": current["lock_version"]},
    )
    assert list(refused.json["error"]["fields"]) == ["title"]

    # Revisions come into force in the coming year.
    _revise(
        api,
        "QT-HT-01",
        "Cập nhật biểu mẫu theo Thông tư 04/2020/TT-BTP",
        D(7),
        D(11),
    )
    _revise(api, "QT-CT-01", "Bổ sung hướng dẫn chứng thực điện tử", D(60), D(67))

    # People leave and come back; a new colleague joins.
    _at(D(90))
    staff = db.session.scalar(sa.select(User).where(User.username == "staff"))
    for active in (False, True):
        row = api.call("GET", "admin", f"/api/v1/users?q={staff.username}").json["items"][0]
        api.call(
            "PATCH",
            "admin",
            f"/api/v1/users/{staff.id}",
            json={"active": active, "lock_version": row["lock_version"]},
        )
    api.call(
        "POST",
        "admin",
        "/api/v1/users",
        json={
            "username": f"nguoimoi{D(90).year}",
            "full_name": "Nguyễn Văn Mới",
            "unit": "Văn phòng - Thống kê",
            "position": "Công chức",
            "roles": ["staff"],
            "password": "Password-Moi-01!",
        },
    )

    # Every reading task in force is confirmed.
    _at(D(130))
    for username in ("staff", "secretary", "inspector"):
        tasks = api.call("GET", username, "/api/v1/me/acknowledgements?status=pending").json
        for task in tasks.get("items", tasks) if isinstance(tasks, dict) else tasks:
            api.call("POST", username, f"/api/v1/acknowledgements/{task['id']}/confirm")

    # A self-inspection with a finding and its corrective action, closed.
    _at(D(240))
    inspector = db.session.scalar(sa.select(User).where(User.username == "inspector"))
    made = api.call(
        "POST",
        "qmr",
        "/api/v1/rounds",
        json={
            "kind": "self_inspection",
            "title": f"Tự kiểm tra CCHC năm {D(254).year}",
            "plan_ref": f"Kế hoạch số 15/KH-UBND ngày {D(1):%d/%m/%Y}",
            "start_date": D(254).isoformat(),
            "end_date": D(255).isoformat(),
            "areas": ["CCHC", "ISO"],
            "clauses": ["8"],
            "procedure_ids": [],
            "team": [{"user_id": inspector.id, "role": "leader"}],
        },
    ).json
    _at(D(254))
    api.call("POST", "qmr", f"/api/v1/rounds/{made['id']}/start")
    finding = api.call(
        "POST",
        "inspector",
        f"/api/v1/rounds/{made['id']}/findings",
        json={"type": "nc_minor", "clause": "8", "description": "Sổ theo dõi hồ sơ chưa ghi đủ."},
    ).json
    owner = db.session.scalar(sa.select(User).where(User.username == "secretary"))
    action = api.call(
        "POST",
        "qmr",
        f"/api/v1/findings/{finding['id']}/actions",
        json={
            "correction": "Ghi bổ sung sổ.",
            "whys": ["Chưa có mẫu sổ"],
            "root_cause": "Chưa có mẫu sổ thống nhất",
            "action": "Ban hành mẫu sổ",
            "owner_id": owner.id,
            "due_date": D(284).isoformat(),
        },
    ).json
    _at(D(255), 16)
    api.call(
        "POST",
        "inspector",
        f"/api/v1/rounds/{made['id']}/report",
        json={"summary": "Đoàn đã kiểm tra; phát hiện 01 tồn tại."},
    )
    _at(D(270))
    api.call(
        "POST",
        "secretary",
        f"/api/v1/actions/{action['id']}/complete",
        json={"evidence": "Mẫu sổ mới"},
    )
    api.call(
        "POST",
        "qmr",
        f"/api/v1/actions/{action['id']}/verify",
        json={"effective": True, "note": "Đạt"},
    )

    # The commune's own PAR criteria set for next year is imported (the 2020 report keeps its set).
    _at(D(280))
    api.call(
        "POST",
        "admin",
        "/api/v1/criteria-sets/import",
        data={
            "file": (BytesIO(SET_2021), "bo-tieu-chi.xlsx"),
            "year": str(D(280).year + 1),
            "name": f"Quảng An {D(280).year + 1}",
        },
        content_type="multipart/form-data",
    )

    # The pending QT-HT-04 lần 02 (the update to TT 04/2020/TT-BTP) is reviewed and approved.
    pending = db.session.scalars(
        sa.select(Revision).where(
            Revision.procedure_id == _procedure("QT-HT-04").id,
            Revision.status == RevisionStatus.in_review,
        )
    ).first()
    if pending is not None:
        _sign_off(api, pending.id, D(290))

    # A new announcement.
    _at(D(300))
    api.call(
        "POST",
        "qmr",
        "/api/v1/announcements",
        json={
            "decision_no": "210/QĐ-UBND",
            "decision_date": D(300).isoformat(),
            "signer": "Lê Văn Hải",
            "reason": "revision",
        },
    )

    _at(D(360))
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Revision.id)).where(
                Revision.status == RevisionStatus.approved,
                Revision.effective_date >= D(1),
            )
        )
        >= 2
    )
    assert api.report_bytes(REPORT_2020, "qmr") == report_before
    assert api.report_bytes(REPORT_9M_2020, "qmr") == nine_months_before
    assert (
        api.report_bytes(ROLLUP_2020 + "&org=" + str(_org("H-QUANGDIEN").id), "supervisor")
        == rollup_before
    )
    assert verify_chain().ok


def _org(code: str) -> Organisation:
    return db.session.scalar(sa.select(Organisation).where(Organisation.code == code))
