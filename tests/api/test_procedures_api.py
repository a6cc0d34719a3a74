"""The procedures API: register, revisions through approval, history, diffs and announcements."""

import unicodedata
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import Role, User
from iso_qms.core.audit import AuditEntry
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import announcements as ann
from iso_qms.procedures import operations as ops
from iso_qms.procedures.durations import Duration, DurationUnit
from iso_qms.procedures.models import (
    Announcement,
    LegalChange,
    Procedure,
    Revision,
    RevisionStatus,
)
from tests.fixtures.factories import (
    PASSWORD,
    STEPS_3_DAYS,
    create_procedure,
    create_revision,
    create_user,
)
from tests.query_counter import count_queries

API = "/api/v1"


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _reload(model, object_id):
    db.session.expire_all()
    return db.session.get(model, object_id)


def _other_org_objects(world) -> SimpleNamespace:
    """A procedure of commune B with an approved revision, an open draft and an announcement."""
    secretary = create_user(world.other_org, "other_sec", "staff", "iso_secretary")
    qmr = create_user(world.other_org, "other_qmr", "staff", "qmr")
    procedure = ops.create_procedure(
        world.other_org.id,
        secretary,
        {
            "code": "QT-B-01",
            "title": "Quy trình xã B",
            "kind": "tthc",
            "statutory": "03 ngày làm việc",
        },
    )
    approved = ops.create_revision(
        procedure, secretary, {"change_summary": "Ban hành", "steps": STEPS_3_DAYS}
    )
    ops.submit_revision(approved, secretary)
    ops.approve_revision(approved, qmr, PASSWORD, today())
    draft = ops.create_revision(procedure, secretary, {"change_summary": "Sửa"})
    announcement = ann.create_announcement(
        world.other_org.id,
        qmr,
        {
            "decision_no": "01/QĐ-UBND",
            "decision_date": today(),
            "signer": "Chủ tịch",
            "reason": "first",
        },
    )
    db.session.commit()
    return SimpleNamespace(
        procedure=procedure, approved=approved, draft=draft, announcement=announcement
    )


# --- authentication and roles --------------------------------------------------------------

ENDPOINTS = [
    ("GET", "/procedures"),
    ("POST", "/procedures"),
    ("GET", "/procedures/{p}"),
    ("PATCH", "/procedures/{p}"),
    ("GET", "/procedures/{p}/revisions"),
    ("POST", "/procedures/{p}/revisions"),
    ("GET", "/procedures/{p}/history"),
    ("POST", "/procedures/{p}/withdraw"),
    ("GET", "/revisions/{r}"),
    ("PATCH", "/revisions/{r}"),
    ("POST", "/revisions/{r}/submit"),
    ("POST", "/revisions/{r}/return"),
    ("POST", "/revisions/{r}/approve"),
    ("GET", "/revisions/{r}/diff"),
    ("GET", "/announcements"),
    ("POST", "/announcements"),
]


def test_every_endpoint_needs_a_token(world, client):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world)
    db.session.commit()
    for method, path in ENDPOINTS:
        url = API + path.format(p=procedure.id, r=revision.id)
        response = client.open(url, method=method, json={} if method != "GET" else None)
        assert response.status_code == 401, (method, path)
        assert response.get_json()["error"]["code"] == "unauthenticated"


FORBIDDEN = [
    ("staff", "POST", "/procedures"),
    ("supervisor", "POST", "/procedures"),
    ("head", "PATCH", "/procedures/{p}"),
    ("staff", "POST", "/procedures/{p}/revisions"),
    ("head", "PATCH", "/revisions/{r}"),
    ("head", "POST", "/revisions/{r}/submit"),
    ("staff", "POST", "/revisions/{r}/return"),
    ("iso_secretary", "POST", "/revisions/{r}/approve"),
    ("head", "POST", "/revisions/{r}/approve"),
    ("iso_secretary", "POST", "/procedures/{p}/withdraw"),
    ("iso_secretary", "POST", "/announcements"),
]


@pytest.mark.parametrize(("role", "method", "path"), FORBIDDEN)
def test_a_role_that_may_not_act_gets_403_and_nothing_changes(
    world, client, token_for, role, method, path
):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world, status="in_review")
    db.session.commit()
    body = {
        "code": "QT-X",
        "title": "X",
        "kind": "system",
        "password": PASSWORD,
        "comment": "x",
        "reason": "x",
        "date": today().isoformat(),
    }
    url = API + path.format(p=procedure.id, r=revision.id)
    response = client.open(url, method=method, headers=token_for(role), json=body)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert _reload(Revision, revision.id).status is RevisionStatus.in_review
    assert _count(Procedure) == 1 and _reload(Procedure, procedure.id).withdrawn_on is None


OTHER_ORG_CALLS = [
    ("GET", "/procedures/{p}", None),
    ("PATCH", "/procedures/{p}", {"title": "Đổi", "lock_version": 1}),
    ("GET", "/procedures/{p}/revisions", None),
    ("GET", "/procedures/{p}/history", None),
    ("POST", "/procedures/{p}/revisions", {"change_summary": "x"}),
    ("POST", "/procedures/{p}/withdraw", {"reason": "x", "date": "2024-01-01"}),
    ("GET", "/revisions/{r}", None),
    ("PATCH", "/revisions/{d}", {"change_summary": "x", "lock_version": 1}),
    ("POST", "/revisions/{d}/submit", None),
    ("POST", "/revisions/{d}/return", {"comment": "x"}),
    ("POST", "/revisions/{d}/approve", {"password": PASSWORD}),
    ("GET", "/revisions/{r}/diff", None),
    ("GET", "/announcements/{a}", None),
    ("GET", "/procedures?organisation_id={o}", None),
    ("GET", "/announcements?organisation_id={o}", None),
]


def test_another_organisations_ids_answer_404_and_nothing_changes(world, client, token_for):
    other = _other_org_objects(world)
    headers = token_for("qmr")  # holds every role of document control in commune A
    ids = {
        "p": other.procedure.id,
        "r": other.approved.id,
        "d": other.draft.id,
        "a": other.announcement.id,
        "o": world.other_org.id,
    }
    for method, path, body in OTHER_ORG_CALLS:
        response = client.open(API + path.format(**ids), method=method, headers=headers, json=body)
        assert response.status_code == 404, (method, path, response.get_json())
        assert response.get_json()["error"]["code"] == "not_found"
    assert _reload(Revision, other.draft.id).status is RevisionStatus.draft
    assert _reload(Procedure, other.procedure.id).title == "Quy trình xã B"


def test_a_body_that_would_be_invalid_still_gets_404_for_another_organisations_object(
    world, client, token_for
):
    other = _other_org_objects(world)
    response = client.post(
        f"{API}/revisions/{other.draft.id}/approve",
        headers=token_for("qmr"),
        json={"lock_version": 1},
    )
    assert response.status_code == 404


# --- the register --------------------------------------------------------------------------


@pytest.fixture
def register(world):
    """Four documents: one in force (review overdue), one draft, one withdrawn, a policy."""
    birth = create_procedure(world, "QT-HT-01", title="Đăng ký khai sinh")
    create_revision(birth, world, status="approved", effective_date=date(2019, 7, 26))
    marriage = create_procedure(world, "QT-HT-02", title="Đăng ký kết hôn")
    create_revision(marriage, world)
    copies = create_procedure(world, "QT-CT-01", title="Chứng thực bản sao", field="Chứng thực")
    create_revision(copies, world, status="approved", effective_date=date(2019, 7, 26))
    ops.withdraw_procedure(copies, world.users["qmr"], "Chuyển thẩm quyền", date(2020, 1, 1))
    policy = create_procedure(
        world, "CS-01", kind="policy", statutory=None, title="Chính sách chất lượng", field=""
    )
    create_revision(policy, world, status="approved")
    db.session.commit()
    return SimpleNamespace(birth=birth, marriage=marriage, copies=copies, policy=policy)


def _codes(client, headers, query: str) -> list[str]:
    response = client.get(f"{API}/procedures{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["code"] for item in response.get_json()["items"]]


def test_register_lists_procedures_with_their_revision_in_force_and_flags(
    world, client, token_for, register
):
    body = client.get(f"{API}/procedures", headers=token_for("staff")).get_json()
    assert body["total"] == 4 and body["page"] == 1
    items = {item["code"]: item for item in body["items"]}
    birth = items["QT-HT-01"]
    assert birth["title"] == "Đăng ký khai sinh" and birth["kind"] == "tthc"
    assert birth["statutory_time"] == {"value": 3, "unit": "working_days"}
    assert birth["current_revision"]["number"] == 1
    assert birth["current_revision"]["effective_date"] == "2019-07-26"
    assert birth["in_force"] is True and birth["over_time"] is False
    assert birth["review_overdue"] is True and birth["review_due_on"] == "2020-07-26"
    assert birth["legal_update_due"] is False and birth["lock_version"] >= 1
    assert items["QT-HT-02"]["current_revision"] is None
    assert items["QT-HT-02"]["open_revision"]["status"] == "draft"
    assert items["QT-CT-01"]["withdrawn_on"] == "2020-01-01" and not items["QT-CT-01"]["in_force"]
    assert items["CS-01"]["statutory_time"] is None and items["CS-01"]["review_overdue"] is False


def test_register_searches_without_diacritics_and_filters(world, client, token_for, register):
    headers = token_for("staff")
    assert _codes(client, headers, "?q=dang ky") == ["QT-HT-01", "QT-HT-02"]
    assert _codes(client, headers, "?q=DANG KY khai") == ["QT-HT-01"]
    assert _codes(client, headers, "?q=Đăng ký kết") == ["QT-HT-02"]
    assert _codes(client, headers, "?kind=policy") == ["CS-01"]
    assert _codes(client, headers, "?field=Chứng thực") == ["QT-CT-01"]
    assert _codes(client, headers, "?status=in_force") == ["CS-01", "QT-HT-01"]
    assert _codes(client, headers, "?status=draft") == ["QT-HT-02"]
    assert _codes(client, headers, "?status=withdrawn") == ["QT-CT-01"]
    assert _codes(client, headers, "?status=review_overdue") == ["QT-HT-01"]
    page = client.get(f"{API}/procedures?per_page=3&page=2", headers=headers).get_json()
    assert (page["total"], page["page"], len(page["items"])) == (4, 2, 1)


@pytest.mark.parametrize("query", ["?status=bogus", "?kind=law", "?per_page=101"])
def test_register_answers_422_for_an_unknown_filter(world, client, token_for, query):
    response = client.get(f"{API}/procedures{query}", headers=token_for("staff"))
    assert response.status_code == 422
    name = query[1:].split("=")[0]
    assert name in response.get_json()["error"]["fields"]


def test_a_procedure_whose_statutory_time_shrinks_below_its_steps_is_over_time(
    world, client, token_for, register
):
    headers = token_for("iso_secretary")
    birth = register.birth
    response = client.patch(
        f"{API}/procedures/{birth.id}",
        headers=headers,
        json={
            "statutory_time": {"value": 2, "unit": "working_days"},
            "lock_version": birth.lock_version,
        },
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["over_time"] is True
    assert _codes(client, headers, "?status=over_time") == ["QT-HT-01"]


def test_register_uses_the_same_number_of_queries_for_3_and_12_procedures(world, client, token_for):
    headers = token_for("staff")

    def measure(start: int, count: int) -> tuple[int, int]:
        for i in range(start, start + count):
            procedure = create_procedure(world, code=f"QT-{i:02d}")
            create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 1))
            create_revision(procedure, world, summary="Sửa")
        db.session.commit()
        with count_queries() as counter:
            response = client.get(f"{API}/procedures", headers=headers)
        assert response.status_code == 200
        return counter.count, response.get_json()["total"]

    few, total_few = measure(0, 3)
    many, total_many = measure(3, 9)
    assert (total_few, total_many) == (3, 12)
    assert many == few


# --- creating and changing a register entry ------------------------------------------------


def test_create_procedure_answers_201_with_the_stored_entry(world, client, token_for):
    basis = ops.create_legal_basis(
        world.org.id, None, {"number": "123/2015/NĐ-CP", "title": "Nghị định hộ tịch"}
    )
    db.session.commit()
    nfd_title = unicodedata.normalize("NFD", "Đăng ký khai tử")
    response = client.post(
        f"{API}/procedures",
        headers=token_for("iso_secretary"),
        json={
            "code": "QT-HT-05",
            "title": nfd_title,
            "kind": "tthc",
            "field": "Hộ tịch",
            "tthc_code": "1.000656",
            "statutory_time": {"value": 4, "unit": "working_hours"},
            "owner_unit": "Tư pháp - Hộ tịch",
            "review_interval_months": 24,
            "distribution": {"units": ["Tư pháp - Hộ tịch"], "roles": ["qmr"]},
            "legal_basis_ids": [basis.id],
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["code"] == "QT-HT-05" and body["title"] == "Đăng ký khai tử"
    assert body["statutory_time"] == {"value": 4, "unit": "working_hours"}
    assert body["distribution"] == {"units": ["Tư pháp - Hộ tịch"], "roles": ["qmr"]}
    assert body["review_interval_months"] == 24 and body["current_revision"] is None
    assert [b["number"] for b in body["legal_bases"]] == ["123/2015/NĐ-CP"]
    stored = _reload(Procedure, body["id"])
    assert stored.organisation_id == world.org.id
    assert stored.statutory == Duration(240, DurationUnit.working_hours)
    assert stored.distribution_roles == ["qmr"]


def test_a_duplicate_code_is_409_on_create_and_on_patch(world, client, token_for):
    create_procedure(world, "QT-HT-01")
    other = create_procedure(world, "QT-HT-02")
    db.session.commit()
    headers = token_for("iso_secretary")
    response = client.post(
        f"{API}/procedures",
        headers=headers,
        json={"code": "QT-HT-01", "title": "Trùng", "kind": "system"},
    )
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "duplicate" and "code" in error["fields"]
    response = client.patch(
        f"{API}/procedures/{other.id}",
        headers=headers,
        json={"code": "QT-HT-01", "lock_version": other.lock_version},
    )
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "duplicate"
    assert _count(Procedure) == 2


def test_bad_fields_get_422_naming_each_field_and_nothing_is_written(world, client, token_for):
    headers = token_for("iso_secretary")
    before = (_count(Procedure), _count(AuditEntry))
    response = client.post(
        f"{API}/procedures",
        headers=headers,
        json={
            "code": "",
            "title": "",
            "kind": "law",
            "statutory_time": {"value": -1, "unit": "weeks"},
            "review_interval_months": 99,
        },
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert {"code", "title", "kind", "statutory_time", "review_interval_months"} <= set(
        error["fields"]
    )
    assert (_count(Procedure), _count(AuditEntry)) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "QT-1", "title": "T", "kind": "tthc"}, "statutory_time"),
        (
            {"code": "QT-1", "title": "T", "kind": "tthc", "statutory_time": "03 ngày"},
            "statutory_time",
        ),
        (
            {
                "code": "QT-1",
                "title": "T",
                "kind": "tthc",
                "statutory_time": {"value": 1.234, "unit": "working_days"},
            },
            "statutory_time",
        ),
        ({"code": "QT-1", "title": "T", "kind": "system", "statutory": "3"}, "statutory"),
        (
            {"code": "QT-1", "title": "T", "kind": "system", "review_interval_months": "12x"},
            "review_interval_months",
        ),
        (
            {"code": "QT-1", "title": "T", "kind": "system", "distribution": {"roles": ["king"]}},
            "distribution_roles",
        ),
    ],
)
def test_one_bad_field_is_named(world, client, token_for, body, field):
    response = client.post(f"{API}/procedures", headers=token_for("iso_secretary"), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert _count(Procedure) == 0


def test_another_organisations_legal_basis_is_refused_with_the_other_bad_fields(
    world, client, token_for
):
    foreign = ops.create_legal_basis(world.other_org.id, None, {"number": "1/2020/TT-BTP"})
    db.session.commit()
    headers = token_for("iso_secretary")
    before = _count(AuditEntry)
    response = client.post(
        f"{API}/procedures",
        headers=headers,
        json={"code": "QT-1", "title": "", "kind": "system", "legal_basis_ids": [foreign.id]},
    )
    assert response.status_code == 422
    assert {"title", "legal_basis_ids"} <= set(response.get_json()["error"]["fields"])
    response = client.post(
        f"{API}/procedures",
        headers=headers,
        json={"code": "QT-1", "title": "Đúng", "kind": "system", "legal_basis_ids": [foreign.id]},
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"legal_basis_ids"}
    assert _count(Procedure) == 0 and _count(AuditEntry) == before


def test_patch_procedure_needs_the_current_lock_version(world, client, token_for):
    procedure = create_procedure(world)
    db.session.commit()
    headers = token_for("iso_secretary")
    url = f"{API}/procedures/{procedure.id}"
    version = procedure.lock_version
    first = client.patch(url, headers=headers, json={"title": "Tên mới", "lock_version": version})
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["title"] == "Tên mới"
    assert first.get_json()["lock_version"] == version + 1
    stale = client.patch(url, headers=headers, json={"title": "Khác", "lock_version": version})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "edit_conflict"
    missing = client.patch(url, headers=headers, json={"title": "Khác"})
    assert missing.status_code == 422 and "lock_version" in missing.get_json()["error"]["fields"]
    by_header = client.patch(
        url, headers={**headers, "If-Match": str(version + 1)}, json={"owner_unit": "Văn phòng"}
    )
    assert by_header.status_code == 200
    assert _reload(Procedure, procedure.id).title == "Tên mới"


# --- reading a procedure -------------------------------------------------------------------


@pytest.fixture
def issued(world):
    """A TTHC issued 26/07/2019, revised 02/03/2020 (a step changed), with a third draft open."""
    procedure = create_procedure(world)
    first = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2019, 7, 26),
        content={"muc_dich": "Quy định trình tự.\nÁp dụng tại xã.", "noi_dung": "Các bước."},
    )
    steps = [dict(step) for step in STEPS_3_DAYS]
    steps[1] = {**steps[1], "title": "Thẩm định hồ sơ"}
    second = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 3, 2),
        summary="Sửa bước thẩm định",
        change_location="Mục 5, bước 2",
        content={"muc_dich": "Quy định trình tự.\nÁp dụng tại UBND xã.", "noi_dung": "Các bước."},
        steps=steps,
    )
    draft = create_revision(procedure, world, summary="Rà soát")
    db.session.commit()
    return SimpleNamespace(procedure=procedure, first=first, second=second, draft=draft)


@pytest.mark.parametrize(
    ("as_of", "number"),
    [("2019-07-25", None), ("2019-07-26", 1), ("2020-03-01", 1), ("2020-03-02", 2), ("", 2)],
)
def test_procedure_shows_the_revision_in_force_on_as_of(
    world, client, token_for, issued, as_of, number
):
    query = f"?as_of={as_of}" if as_of else ""
    response = client.get(
        f"{API}/procedures/{issued.procedure.id}{query}", headers=token_for("staff")
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["as_of"] == (as_of or today().isoformat())
    current = body["current_revision"]
    assert (current and current["number"]) == number
    assert body["in_force"] is (number is not None)
    assert body["open_revision"]["number"] == 3 and body["open_revision"]["status"] == "draft"
    if number:
        assert current["status"] == "approved" and current["content"]["noi_dung"] == "Các bước."
        assert current["steps"][0]["duration"] == {"value": 4, "unit": "working_hours"}


def test_procedure_lists_its_legal_bases_and_flags_an_amended_one(world, client, token_for):
    procedure = create_procedure(world)
    old = ops.create_legal_basis(world.org.id, None, {"number": "123/2015/NĐ-CP"})
    new = ops.create_legal_basis(
        world.org.id, None, {"number": "87/2020/NĐ-CP", "effective_on": date(2020, 11, 1)}
    )
    ops.set_legal_bases(procedure, world.users["qmr"], [old])
    create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    ops.mark_superseded(old, None, new, LegalChange.amended)
    db.session.commit()
    body = client.get(f"{API}/procedures/{procedure.id}", headers=token_for("staff")).get_json()
    assert body["legal_update_due"] is True
    [basis] = body["legal_bases"]
    assert basis["number"] == "123/2015/NĐ-CP" and basis["change_kind"] == "amended"
    assert basis["superseded_by"]["number"] == "87/2020/NĐ-CP"
    assert basis["update_due_on"] == "2021-02-01"


def test_a_bad_as_of_date_is_422(world, client, token_for, issued):
    response = client.get(
        f"{API}/procedures/{issued.procedure.id}?as_of=26/07/2019", headers=token_for("staff")
    )
    assert response.status_code == 422 and "as_of" in response.get_json()["error"]["fields"]


def test_revisions_are_listed_newest_first_and_history_lists_the_approved_ones(
    world, client, token_for, issued
):
    headers = token_for("staff")
    revisions = client.get(
        f"{API}/procedures/{issued.procedure.id}/revisions", headers=headers
    ).get_json()
    assert revisions["total"] == 3
    assert [(r["number"], r["status"], r["effective_date"]) for r in revisions["items"]] == [
        (3, "draft", None),
        (2, "approved", "2020-03-02"),
        (1, "approved", "2019-07-26"),
    ]
    assert revisions["items"][1]["change_summary"] == "Sửa bước thẩm định"
    history = client.get(
        f"{API}/procedures/{issued.procedure.id}/history", headers=headers
    ).get_json()
    assert history["total"] == 2
    assert [
        (row["number"], row["effective_date"], row["change_location"], row["change_summary"])
        for row in history["items"]
    ] == [
        (1, "2019-07-26", "Toàn bộ", "Ban hành lần đầu"),
        (2, "2020-03-02", "Mục 5, bước 2", "Sửa bước thẩm định"),
    ]


# --- drafting ------------------------------------------------------------------------------


def test_create_revision_answers_201_with_a_draft(world, client, token_for):
    procedure = create_procedure(world)
    db.session.commit()
    response = client.post(
        f"{API}/procedures/{procedure.id}/revisions",
        headers=token_for("iso_secretary"),
        json={
            "change_summary": "Ban hành lần đầu",
            "change_location": "Toàn bộ",
            "significant": True,
            "content": {"muc_dich": "Quy định.", "ho_so": "- Tờ khai"},
            "steps": [
                {
                    "title": "Tiếp nhận",
                    "responsible": "Một cửa",
                    "duration": {"value": 4, "unit": "working_hours"},
                    "output": "Phiếu hẹn",
                },
                {"title": "Giải quyết", "responsible": "Công chức", "duration": "02 ngày làm việc"},
                {"title": "Trả kết quả", "responsible": "Một cửa", "duration": "04 giờ làm việc"},
            ],
            "forms": [{"code": "BM-01", "name": "Tờ khai", "attachment_id": None}],
            "records": [{"name": "Sổ đăng ký", "keeper": "Tư pháp", "retention": "Vĩnh viễn"}],
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "draft" and body["number"] == 1
    assert body["author"]["username"] == "iso_secretary" and body["approved_by"] is None
    assert body["content"] == {"muc_dich": "Quy định.", "ho_so": "- Tờ khai"}
    assert [s["duration"] for s in body["steps"]] == [
        {"value": 4, "unit": "working_hours"},
        {"value": 2, "unit": "working_days"},
        {"value": 4, "unit": "working_hours"},
    ]
    assert body["steps"][0]["output"] == "Phiếu hẹn"
    assert body["steps_total"] == {"value": 3, "unit": "working_days"}
    assert body["within_statutory_time"] is True
    assert body["forms"][0]["code"] == "BM-01" and body["records"][0]["retention"] == "Vĩnh viễn"
    assert body["content_sha256"] is None and body["signatures"] == []
    again = client.post(
        f"{API}/procedures/{procedure.id}/revisions", headers=token_for("iso_secretary"), json={}
    )
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invalid_state"


def test_bad_steps_are_named_one_by_one_and_no_draft_is_written(world, client, token_for):
    procedure = create_procedure(world)
    db.session.commit()
    response = client.post(
        f"{API}/procedures/{procedure.id}/revisions",
        headers=token_for("iso_secretary"),
        json={
            "content": {"muc_dich": "x", "bogus": "y"},
            "steps": [
                {"title": "", "responsible": "A", "duration": "1 ngày"},
                {"title": "B", "responsible": "B", "duration": {"value": 1, "unit": "weeks"}},
            ],
        },
    )
    assert response.status_code == 422
    assert {"content", "steps.1.title", "steps.2.duration"} <= set(
        response.get_json()["error"]["fields"]
    )
    assert _count(Revision) == 0


def test_a_revision_reads_with_its_steps_total_and_signatures(world, client, token_for):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world, status="in_review")
    policy = create_revision(create_procedure(world, "CS-01", kind="policy", statutory=None), world)
    db.session.commit()
    body = client.get(f"{API}/revisions/{revision.id}", headers=token_for("staff")).get_json()
    assert body["status"] == "in_review" and body["procedure_id"] == procedure.id
    assert body["steps_total"] == {"value": 3, "unit": "working_days"}
    assert body["within_statutory_time"] is True
    [signature] = body["signatures"]
    assert signature["meaning"] == "authored" and signature["signer"] == "Iso_Secretary"
    assert len(signature["content_sha256"]) == 64
    assert datetime.fromisoformat(signature["signed_at"]).utcoffset() is not None
    body = client.get(f"{API}/revisions/{policy.id}", headers=token_for("staff")).get_json()
    assert body["within_statutory_time"] is None and body["steps"] == []


def test_patch_revision_edits_a_draft_with_its_lock_version(world, client, token_for):
    revision = create_revision(create_procedure(world), world)
    db.session.commit()
    headers = token_for("iso_secretary")
    url = f"{API}/revisions/{revision.id}"
    version = revision.lock_version
    first = client.patch(
        url,
        headers=headers,
        json={
            "content": {"muc_dich": "Mới."},
            "change_summary": "Sửa mục đích",
            "lock_version": version,
        },
    )
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["content"] == {"muc_dich": "Mới."}
    assert first.get_json()["lock_version"] == version + 1
    stale = client.patch(
        url, headers=headers, json={"change_summary": "x", "lock_version": version}
    )
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "edit_conflict"
    assert client.post(f"{url}/submit", headers=headers).status_code == 200
    in_review = client.patch(
        url, headers=headers, json={"change_summary": "y", "lock_version": version + 2}
    )
    assert in_review.status_code == 409 and in_review.get_json()["error"]["code"] == "invalid_state"
    assert _reload(Revision, revision.id).change_summary == "Sửa mục đích"


# --- the step-time rule (PAR criterion 3.4.2) ----------------------------------------------

THREE_DAYS = [
    {
        "title": "Tiếp nhận",
        "responsible": "Một cửa",
        "duration": {"value": 8, "unit": "working_hours"},
    },
    {"title": "Giải quyết", "responsible": "Công chức", "duration": "02 ngày làm việc"},
]


def test_steps_equal_to_the_statutory_time_submit(world, client, token_for):
    revision = create_revision(create_procedure(world), world, steps=THREE_DAYS)
    db.session.commit()
    response = client.post(
        f"{API}/revisions/{revision.id}/submit", headers=token_for("iso_secretary")
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "in_review"


def test_one_working_hour_over_the_statutory_time_is_422_naming_both_figures(
    world, client, token_for
):
    steps = [*THREE_DAYS, {"title": "Trả", "responsible": "Một cửa", "duration": "01 giờ làm việc"}]
    revision = create_revision(create_procedure(world), world, steps=steps)
    db.session.commit()
    response = client.post(
        f"{API}/revisions/{revision.id}/submit", headers=token_for("iso_secretary")
    )
    assert response.status_code == 422
    [message] = response.get_json()["error"]["fields"]["steps"]
    assert "25" in message and "03" in message  # 25 working hours against 03 working days
    assert _reload(Revision, revision.id).status is RevisionStatus.draft


# --- review and approval -------------------------------------------------------------------


def test_return_sends_a_revision_back_with_the_comment(world, client, token_for):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    headers = token_for("head")
    url = f"{API}/revisions/{revision.id}/return"
    missing = client.post(url, headers=headers, json={})
    assert missing.status_code == 422 and "comment" in missing.get_json()["error"]["fields"]
    response = client.post(url, headers=headers, json={"comment": "Bổ sung biểu mẫu"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "draft" and body["return_comment"] == "Bổ sung biểu mẫu"
    again = client.post(url, headers=headers, json={"comment": "x"})
    assert again.status_code == 409


def test_approve_signs_and_answers_the_signature(world, client, token_for):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    url = f"{API}/revisions/{revision.id}/approve"
    headers = token_for("qmr")
    effective = (today() + timedelta(days=10)).isoformat()
    response = client.post(
        url, headers=headers, json={"password": PASSWORD, "effective_date": effective}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "approved" and body["effective_date"] == effective
    assert body["approved_by"]["username"] == "qmr"
    signature = body["signature"]
    assert signature["signer"] == "Qmr" and signature["meaning"] == "approved"
    assert signature["content_sha256"] == body["content_sha256"]
    assert len(signature["content_sha256"]) == 64
    assert datetime.fromisoformat(signature["signed_at"]).utcoffset() is not None
    twice = client.post(url, headers=headers, json={"password": PASSWORD})
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "invalid_state"
    assert _reload(Revision, revision.id).status is RevisionStatus.approved


def test_a_backdated_effective_date_is_refused_and_rewrites_nothing(world, client, token_for):
    from iso_qms.acknowledgements.models import Acknowledgement
    from iso_qms.procedures.queries import revision_in_force

    procedure = create_procedure(world)
    first = create_revision(procedure, world, status="approved", effective_date=date(2020, 8, 10))
    revision = create_revision(procedure, world, status="in_review", summary="Sửa đổi")
    db.session.commit()
    response = client.post(
        f"{API}/revisions/{revision.id}/approve",
        headers=token_for("qmr"),
        json={"password": PASSWORD, "effective_date": "2020-09-01"},
    )
    assert response.status_code == 422
    message = response.get_json()["error"]["fields"]["effective_date"][0]
    assert "quá khứ" in message and today().strftime("%d/%m/%Y") in message
    assert _reload(Revision, revision.id).status is RevisionStatus.in_review
    assert revision_in_force(procedure, date(2020, 9, 14)).id == first.id
    tasks = sa.select(sa.func.count()).where(Acknowledgement.revision_id == revision.id)
    assert db.session.scalar(tasks) == 0


def test_a_wrong_password_is_403_and_counts_toward_lock_out(world, client, token_for):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    response = client.post(
        f"{API}/revisions/{revision.id}/approve",
        headers=token_for("qmr"),
        json={"password": "sai-mat-khau"},
    )
    assert response.status_code == 403
    assert _reload(User, world.users["qmr"].id).failed_logins == 1
    assert _reload(Revision, revision.id).status is RevisionStatus.in_review


def test_the_author_cannot_approve_their_own_revision(world, client, token_for):
    procedure = create_procedure(world)
    qmr = world.users["qmr"]
    revision = ops.create_revision(
        procedure, qmr, {"change_summary": "Ban hành", "steps": STEPS_3_DAYS}
    )
    ops.submit_revision(revision, qmr)
    db.session.commit()
    response = client.post(
        f"{API}/revisions/{revision.id}/approve",
        headers=token_for("qmr"),
        json={"password": PASSWORD},
    )
    assert response.status_code == 403
    assert _reload(Revision, revision.id).status is RevisionStatus.in_review


def test_approving_a_draft_is_409_and_a_missing_password_422(world, client, token_for):
    revision = create_revision(create_procedure(world), world)
    db.session.commit()
    url = f"{API}/revisions/{revision.id}/approve"
    assert (
        client.post(url, headers=token_for("qmr"), json={"password": PASSWORD}).status_code == 409
    )
    missing = client.post(url, headers=token_for("qmr"), json={})
    assert missing.status_code == 422 and "password" in missing.get_json()["error"]["fields"]


# --- comparing revisions -------------------------------------------------------------------


def test_diff_shows_changed_sections_and_steps(world, client, token_for, issued):
    headers = token_for("staff")
    url = f"{API}/revisions/{issued.second.id}/diff"
    body = client.get(f"{url}?against={issued.first.id}", headers=headers).get_json()
    assert body["revision_id"] == issued.second.id and body["against_id"] == issued.first.id
    [section] = body["sections"]
    assert section["key"] == "muc_dich" and section["changed"] is True
    assert section["lines"] == [
        {"tag": "replace", "old": ["Áp dụng tại xã."], "new": ["Áp dụng tại UBND xã."]}
    ]
    assert body["steps_changed"] is True
    [step] = body["steps"]
    assert step["tag"] == "replace"
    assert step["old"][0].startswith("Thẩm định, trình ký") and "02 ngày làm việc" in step["old"][0]
    assert step["new"][0].startswith("Thẩm định hồ sơ")
    assert body["forms_changed"] is False and body["records_changed"] is False
    default = client.get(url, headers=headers).get_json()
    assert default["against_id"] == issued.first.id and default["sections"] == body["sections"]


def test_diff_against_another_procedures_or_organisations_revision_is_404(
    world, client, token_for, issued
):
    elsewhere = create_revision(create_procedure(world, "QT-HT-09"), world)
    db.session.commit()
    other = _other_org_objects(world)
    headers = token_for("staff")
    for against in (elsewhere.id, other.approved.id, 999999):
        response = client.get(
            f"{API}/revisions/{issued.second.id}/diff?against={against}", headers=headers
        )
        assert response.status_code == 404, against


# --- withdrawal ----------------------------------------------------------------------------


def test_withdraw_a_procedure(world, client, token_for, issued):
    headers = token_for("qmr")
    url = f"{API}/procedures/{issued.procedure.id}/withdraw"
    bad = client.post(url, headers=headers, json={"reason": ""})
    assert bad.status_code == 422 and {"reason", "date"} <= set(bad.get_json()["error"]["fields"])
    response = client.post(
        url, headers=headers, json={"reason": "Chuyển thẩm quyền", "date": today().isoformat()}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["withdrawn_on"] == today().isoformat() and body["in_force"] is False
    assert body["withdrawn_reason"] == "Chuyển thẩm quyền"
    again = client.post(url, headers=headers, json={"reason": "x", "date": today().isoformat()})
    assert again.status_code == 409


# --- announcements -------------------------------------------------------------------------


@pytest.fixture
def in_force(world):
    birth = create_procedure(world, "QT-HT-01", title="Đăng ký khai sinh")
    create_revision(birth, world, status="approved", effective_date=date(2020, 1, 1))
    marriage = create_procedure(world, "QT-HT-02", title="Đăng ký kết hôn")
    create_revision(marriage, world, status="approved", effective_date=date(2020, 1, 1))
    db.session.commit()
    return SimpleNamespace(birth=birth, marriage=marriage)


def _announce(client, headers, **extra):
    body = {
        "decision_no": "353/QĐ-UBND",
        "decision_date": "2020-02-01",
        "signer": "Nguyễn Văn A, Chủ tịch",
        "reason": "first",
        "note": "",
        **extra,
    }
    return client.post(f"{API}/announcements", headers=headers, json=body)


def test_announcements_freeze_their_scope_and_say_what_changed(world, client, token_for, in_force):
    headers = token_for("qmr")
    first = _announce(client, headers)
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["ordinal"] == 1 and body["decision_date"] == "2020-02-01"
    assert [
        (s["procedure_code"], s["revision_number"], s["effective_date"]) for s in body["scope"]
    ] == [("QT-HT-01", 1, "2020-01-01"), ("QT-HT-02", 1, "2020-01-01")]
    assert [a["code"] for a in body["changes_since_previous"]["added"]] == ["QT-HT-01", "QT-HT-02"]
    create_revision(
        in_force.birth,
        world,
        status="approved",
        effective_date=date(2020, 6, 1),
        summary="Sửa thời gian",
    )
    db.session.commit()
    second = _announce(
        client, headers, decision_no="500/QĐ-UBND", decision_date="2020-07-01", reason="revision"
    )
    assert second.status_code == 201, second.get_json()
    changes = second.get_json()["changes_since_previous"]
    assert changes["added"] == [] and changes["removed"] == []
    assert [
        (r["code"], r["previous_revision_number"], r["revision_number"]) for r in changes["revised"]
    ] == [("QT-HT-01", 1, 2)]
    third = _announce(
        client,
        headers,
        decision_no="600/QĐ-UBND",
        decision_date="2020-08-01",
        reason="scope_narrowed",
        procedure_ids=[in_force.birth.id],
    )
    assert third.status_code == 201
    assert [s["procedure_code"] for s in third.get_json()["scope"]] == ["QT-HT-01"]
    assert [r["code"] for r in third.get_json()["changes_since_previous"]["removed"]] == [
        "QT-HT-02"
    ]

    listing = client.get(f"{API}/announcements", headers=token_for("staff")).get_json()
    assert listing["total"] == 3
    assert [(a["ordinal"], a["scope_size"]) for a in listing["items"]] == [(3, 1), (2, 2), (1, 2)]
    assert listing["items"][1]["decision_no"] == "500/QĐ-UBND"
    detail = client.get(f"{API}/announcements/{body['id']}", headers=token_for("staff")).get_json()
    assert detail["scope"] == body["scope"] and detail["reason"] == "first"
    assert detail["scope"][0]["procedure_title"] == "Đăng ký khai sinh"


def test_announcement_bad_fields_are_422_and_nothing_is_written(world, client, token_for, in_force):
    headers = token_for("qmr")
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = _announce(
        client, headers, decision_no="", signer="", reason="bogus", decision_date=tomorrow
    )
    assert response.status_code == 422
    assert {"decision_no", "signer", "reason", "decision_date"} <= set(
        response.get_json()["error"]["fields"]
    )
    other = _other_org_objects(world)
    response = _announce(client, headers, procedure_ids=[other.procedure.id])
    assert response.status_code == 422 and "procedure_ids" in response.get_json()["error"]["fields"]
    assert _count(Announcement) == 1  # commune B's own


# --- supervisors ---------------------------------------------------------------------------


def test_a_supervisor_reads_a_communes_procedures_but_cannot_write_there(
    world, client, token_for, issued
):
    procedure, supervisor = issued.procedure, world.users["supervisor"]
    headers = token_for("supervisor")
    assert client.get(f"{API}/procedures/{procedure.id}", headers=headers).status_code == 200
    assert client.get(f"{API}/revisions/{issued.second.id}", headers=headers).status_code == 200
    assert (
        client.get(f"{API}/procedures/{procedure.id}/history", headers=headers).status_code == 200
    )
    listing = client.get(f"{API}/procedures?organisation_id={world.org.id}", headers=headers)
    assert [item["code"] for item in listing.get_json()["items"]] == [procedure.code]
    assert client.get(f"{API}/procedures", headers=headers).get_json()["total"] == 0
    above = client.get(f"{API}/procedures?organisation_id={world.province.id}", headers=headers)
    assert above.status_code == 404
    assert (
        client.post(
            f"{API}/procedures/{procedure.id}/revisions", headers=headers, json={}
        ).status_code
        == 403
    )
    # Even holding the editing roles at the district, the commune's records are not theirs to write.
    account_ops.update_user(
        supervisor, {"roles": {Role.supervisor, Role.iso_secretary, Role.qmr}}, actor=None
    )
    db.session.commit()
    writes = [
        ("PATCH", f"/procedures/{procedure.id}", {"title": "x", "lock_version": 1}),
        ("POST", f"/procedures/{procedure.id}/revisions", {}),
        ("PATCH", f"/revisions/{issued.draft.id}", {"change_summary": "x", "lock_version": 1}),
        ("POST", f"/revisions/{issued.draft.id}/submit", None),
        ("POST", f"/procedures/{procedure.id}/withdraw", {"reason": "x", "date": "2024-01-01"}),
    ]
    for method, path, body in writes:
        response = client.open(API + path, method=method, headers=headers, json=body)
        assert response.status_code == 404, (method, path)
    assert _reload(Revision, issued.draft.id).status is RevisionStatus.draft


def test_a_neighbouring_commune_cannot_read_the_procedure(world, client, token_for, issued):
    response = client.get(
        f"{API}/procedures/{issued.procedure.id}", headers=token_for("other_admin")
    )
    assert response.status_code == 404


def test_openapi_document_describes_the_procedure_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {
        "/api/v1/procedures",
        "/api/v1/procedures/{procedure_id}",
        "/api/v1/procedures/{procedure_id}/revisions",
        "/api/v1/procedures/{procedure_id}/history",
        "/api/v1/procedures/{procedure_id}/withdraw",
        "/api/v1/revisions/{revision_id}",
        "/api/v1/revisions/{revision_id}/submit",
        "/api/v1/revisions/{revision_id}/return",
        "/api/v1/revisions/{revision_id}/approve",
        "/api/v1/revisions/{revision_id}/diff",
        "/api/v1/announcements",
        "/api/v1/announcements/{announcement_id}",
    } <= set(spec["paths"])
