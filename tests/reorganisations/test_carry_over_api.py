"""The carry-over of a successor's QMS (issue 15, item 5): the side-by-side groups per TTHC, what
differs, what is adopted, in a fixed number of queries; GET /organisations/{id}/carry-over and
POST /organisations/{id}/adopt with their refusals."""

from datetime import date

import sqlalchemy as sa

from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures.models import Procedure, Revision
from iso_qms.reorganisations.adopt import adopt_procedure
from iso_qms.reorganisations.carry_over import carry_over, group_key
from tests.fixtures.factories import clock_on, create_org, create_revision, create_user
from tests.query_counter import count_queries
from tests.reorganisations.test_adopt import SHARED_LAW, _procedure_in, merged  # noqa: F401

TTHC = "tthc:1.001193"
#: One API token per user and test (making one is on the trail, which the refusals count).
TOKENS: dict = {}


def _group(data: dict, key: str = TTHC) -> dict:
    return next(g for g in data["groups"] if g["key"] == key)


def _counts() -> tuple:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Procedure, Revision, AuditEntry)
    )


def test_the_predecessors_procedures_of_one_tthc_stand_side_by_side(merged):  # noqa: F811
    world, successor, a_proc, b_proc = merged
    data = carry_over(successor.id)
    assert {p["name"] for p in data["predecessors"]} == {world.org.name, world.other_org.name}
    group = _group(data)
    assert [c["id"] for c in group["procedures"]] == [a_proc.id, b_proc.id]  # by organisation
    a = next(c for c in group["procedures"] if c["id"] == a_proc.id)
    assert a["revision"]["number"] == 3 and a["steps"]["count"] == 4
    assert a["legal_bases"] == sorted([SHARED_LAW, "60/2014/QH13"])
    # same statutory time and steps; A also cites the Law on civil status
    assert group["differs"] == ["legal_bases"]
    assert group["adopted"] is None
    assert data["totals"] == {"groups": 1, "adopted": 0, "not_adopted": 1}


def test_a_procedure_without_a_code_is_grouped_by_its_title(merged):  # noqa: F811
    world, successor, _a, _b = merged
    with clock_on(date(2027, 6, 20)):
        for org, user, code, title in (
            (world.org, world.users["iso_secretary"], "QT-HT-09", "Tiếp công dân"),
            (world.other_org, None, "QT-B-09", "TIẾP  CÔNG DÂN."),
        ):
            user = user or create_user(org, f"sec_{code}", "staff", "iso_secretary")
            proc_ops.create_procedure(
                org.id, user, {"code": code, "title": title, "kind": "system"}
            )
        db.session.commit()
    group = _group(carry_over(successor.id), group_key("", "Tiếp công dân"))
    assert sorted(c["code"] for c in group["procedures"]) == ["QT-B-09", "QT-HT-09"]


def test_adopted_and_written_new_count_as_carried_over(merged):  # noqa: F811
    world, successor, a_proc, _b = merged
    secretary = world.users["successor_secretary"]
    adopt_procedure(successor, a_proc, "QT-QD-01", secretary)
    proc_ops.create_procedure(
        successor.id,
        secretary,
        {"code": "QT-QD-02", "title": "Chứng thực", "kind": "tthc", "tthc_code": "2.000815",
         "statutory": "Trong ngày"},
    )  # fmt: skip
    db.session.commit()
    data = carry_over(successor.id)
    adopted = _group(data)["adopted"]
    assert adopted["code"] == "QT-QD-01" and adopted["adopted_from_id"] == a_proc.id
    assert adopted["written_new"] is False
    assert data["totals"] == {"groups": 1, "adopted": 1, "not_adopted": 0}


def test_a_procedure_written_new_for_the_tthc_counts_as_carried_over(merged):  # noqa: F811
    world, successor, _a, _b = merged
    assert _group(carry_over(successor.id))["adopted"] is None
    proc_ops.create_procedure(
        successor.id,
        world.users["successor_secretary"],
        {"code": "QT-QD-07", "title": "Đăng ký khai sinh (viết mới)", "kind": "tthc",
         "tthc_code": "1.001193", "statutory": "Trong ngày"},
    )  # fmt: skip
    db.session.commit()
    data = carry_over(successor.id)
    adopted = _group(data)["adopted"]
    assert adopted["code"] == "QT-QD-07" and adopted["written_new"] is True
    assert adopted["adopted_from_id"] is None
    assert data["totals"] == {"groups": 1, "adopted": 1, "not_adopted": 0}


def test_the_carry_over_runs_the_same_queries_for_few_and_many_procedures(merged):  # noqa: F811
    world, successor, _a, _b = merged
    with count_queries() as few:
        carry_over(successor.id)
    with clock_on(date(2027, 6, 20)):  # A still in force: its people of then write in it
        a_world = type(world)(world.province, world.district, world.org, world.other_org)
        a_world.users = {
            "iso_secretary": create_user(world.org, "a_sec2", "staff", "iso_secretary"),
            "qmr": create_user(world.org, "a_qmr2", "staff", "qmr"),
        }
        for n in range(6):
            procedure = _procedure_in(
                a_world, world.org, a_world.users["iso_secretary"], f"QT-X-{n}", tthc=f"9.{n}",
                numbers=(f"{n}/2020/TT-BTP",),
            )  # fmt: skip
            create_revision(procedure, a_world, status="approved", effective_date=date(2027, 6, 20))
        db.session.commit()
    with count_queries() as many:
        data = carry_over(successor.id)
    assert data["totals"]["groups"] == 7
    assert many.count == few.count <= 7, many.statements


# --- the API ----------------------------------------------------------------------------------


def test_get_carry_over_answers_the_successors_people(merged, client, token_for):  # noqa: F811
    world, successor, _a, _b = merged
    response = client.get(
        f"/api/v1/organisations/{successor.id}/carry-over", headers=token_for("qd_staff")
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["totals"]["not_adopted"] == 1
    column = _group(body)["procedures"][0]
    assert column["statutory_time"] == {"value": 3, "unit": "working_days"}
    assert set(column) >= {"organisation", "steps", "forms", "legal_bases", "revision"}


def test_get_carry_over_of_another_organisation_is_not_found(merged, client, token_for):  # noqa: F811
    world, successor, _a, _b = merged
    other = create_org("Z", "commune", world.district)
    create_user(other, "z_staff", "staff")
    db.session.commit()
    response = client.get(
        f"/api/v1/organisations/{successor.id}/carry-over", headers=token_for("z_staff")
    )
    assert response.status_code == 404
    response = client.get("/api/v1/organisations/999999/carry-over", headers=token_for("qd_staff"))
    assert response.status_code == 404


def test_post_adopt_answers_201_with_the_draft_and_the_provenance(merged, client, token_for):  # noqa: F811
    world, successor, a_proc, _b = merged
    response = client.post(
        f"/api/v1/organisations/{successor.id}/adopt",
        json={"procedure_id": a_proc.id, "code": "QT-QD-01"},
        headers=token_for("qd_sec"),
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["organisation_id"] == successor.id and body["code"] == "QT-QD-01"
    assert body["draft"]["number"] == 1 and body["draft"]["status"] == "draft"
    assert body["draft"]["steps_total"] == {"value": 3, "unit": "working_days"}
    assert body["provenance"] == {
        "procedure_id": a_proc.id,
        "code": "QT-HT-01",
        "organisation_id": world.org.id,
        "organisation": "UBND xã Quảng An",
        "revision_number": 3,
    }


def _post(client, token_for, successor, username, body):
    headers = TOKENS.get(username) or TOKENS.setdefault(username, token_for(username))
    return client.post(f"/api/v1/organisations/{successor.id}/adopt", json=body, headers=headers)


def test_post_adopt_refusals_write_nothing(merged, client, token_for):  # noqa: F811
    world, successor, a_proc, _b = merged
    z = create_org("Z", "commune", world.district)
    z_sec = create_user(z, "z_sec", "staff", "iso_secretary")
    own = proc_ops.create_procedure(z.id, z_sec, {"code": "QT-Z", "title": "Z", "kind": "system"})
    db.session.commit()
    TOKENS.clear()
    for username in ("qd_sec", "qd_staff", "z_sec"):
        _post(client, token_for, successor, username, {})
    before = _counts()
    cases = [
        ("qd_sec", {"procedure_id": a_proc.id}, 422),  # no code
        ("qd_sec", {"procedure_id": "x", "code": "QT-QD-01"}, 422),
        ("qd_sec", {"procedure_id": a_proc.id, "code": "x" * 41}, 422),
        ("qd_staff", {"procedure_id": a_proc.id, "code": "QT-QD-01"}, 403),  # not an editor
        ("qd_sec", {"procedure_id": own.id, "code": "QT-QD-01"}, 404),  # not a predecessor's
        ("qd_sec", {"procedure_id": 999999, "code": "QT-QD-01"}, 404),
        ("z_sec", {"procedure_id": a_proc.id, "code": "QT-QD-01"}, 404),  # another organisation
    ]
    got = [(u, b, _post(client, token_for, successor, u, b).status_code) for u, b, _s in cases]
    assert got == cases
    assert _counts() == before


def test_post_adopt_of_a_taken_code_is_422_naming_the_code(merged, client, token_for):  # noqa: F811
    world, successor, a_proc, b_proc = merged
    TOKENS.clear()
    assert _post(client, token_for, successor, "qd_sec", {"procedure_id": a_proc.id, "code": "QT-1"}).status_code == 201  # fmt: skip
    before = _counts()
    response = _post(
        client, token_for, successor, "qd_sec", {"procedure_id": b_proc.id, "code": "qt-1"}
    )
    assert response.status_code == 422 and "code" in response.json["error"]["fields"]
    response = _post(
        client, token_for, successor, "qd_sec", {"procedure_id": a_proc.id, "code": "QT-2"}
    )
    assert response.status_code == 422 and "procedure_id" in response.json["error"]["fields"]
    assert _counts() == before


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_checklist_and_the_columns_side_by_side(merged, login):  # noqa: F811
    world, successor, a_proc, b_proc = merged
    page = login("qd_sec").get("/carry-over")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1/1" in html and 'data-testid="open-work"' in html
    assert (
        f'data-testid="column-{a_proc.id}"' in html and f'data-testid="column-{b_proc.id}"' in html
    )
    assert "≠" in html  # the legal bases differ, said in text
    assert f'name="adopt-{a_proc.id}-code" required type="text" value="QT-HT-01"' in html
    assert 'href="/procedures/new"' in html


def test_staff_see_the_page_without_the_forms(merged, login):  # noqa: F811
    world, successor, a_proc, _b = merged
    html = login("qd_staff").get("/carry-over").get_data(as_text=True)
    assert f'data-testid="column-{a_proc.id}"' in html
    assert 'action="/carry-over/adopt"' not in html


def test_an_organisation_without_predecessors_is_told_so(merged, login):  # noqa: F811
    world, _s, _a, _b = merged
    z = create_org("Z", "commune", world.district)
    create_user(z, "z_staff", "staff")
    db.session.commit()
    html = login("z_staff").get("/carry-over").get_data(as_text=True)
    assert 'data-testid="no-predecessors"' in html


def test_adopting_from_the_page_shows_the_provenance_on_the_new_procedure(merged, login):  # noqa: F811
    world, successor, a_proc, _b = merged
    client = login("qd_sec")
    response = client.post(
        "/carry-over/adopt",
        data={"procedure_id": a_proc.id, f"adopt-{a_proc.id}-code": "QT-QD-01"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    html = client.get(response.location).get_data(as_text=True)
    assert 'data-testid="provenance"' in html and "QT-HT-01" in html and "UBND xã Quảng An" in html
    page = client.get("/carry-over").get_data(as_text=True)
    assert "0/1" in page and 'data-testid="adopted"' in page


def test_a_taken_code_on_the_page_is_shown_on_the_form_with_nothing_written(merged, login):  # noqa: F811
    world, successor, a_proc, _b = merged
    proc_ops.create_procedure(
        successor.id, world.users["successor_secretary"],
        {"code": "QT-1", "title": "Tiếp công dân", "kind": "system"},
    )  # fmt: skip
    db.session.commit()
    client = login("qd_sec")
    before = _counts()
    response = client.post(
        "/carry-over/adopt", data={"procedure_id": a_proc.id, f"adopt-{a_proc.id}-code": "qt-1"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'aria-describedby="adopt-{a_proc.id}-code-error"' in html and "QT-1" in html
    assert _counts() == before


def test_adopting_on_the_page_refuses_other_roles_and_procedures(merged, login):  # noqa: F811
    world, successor, a_proc, _b = merged
    body = {"procedure_id": a_proc.id, f"adopt-{a_proc.id}-code": "QT-QD-01"}
    assert login("qd_staff").post("/carry-over/adopt", data=body).status_code == 403
    client = login("qd_sec")
    assert client.post("/carry-over/adopt", data={"procedure_id": "x"}).status_code == 404
    body = {"procedure_id": 999999, "adopt-999999-code": "QT-QD-01"}
    assert client.post("/carry-over/adopt", data=body).status_code == 404


def _col(*steps) -> dict:
    items = [{"title": t, "responsible": r, "minutes": m, "duration_label": "", "differs": False}
             for t, r, m in steps]  # fmt: skip
    return {"statutory_minutes": 480, "forms": [], "legal_bases": [],
            "steps": {"rows": items, "count": len(items)}}  # fmt: skip


def test_the_step_tables_are_compared_row_by_row():
    from iso_qms.reorganisations.carry_over import differs, mark_steps

    receive = ("Tiếp nhận hồ sơ", "Công chức Tư pháp - Hộ tịch", 240)
    same = [_col(receive, ("Ký", "Chủ tịch", 240)), _col(receive, ("KÝ", "Chủ tịch", 240))]
    mark_steps(same)
    assert differs(same) == [] and not any(s["differs"] for c in same for s in c["steps"]["rows"])

    other = [_col(receive, ("Ký", "Chủ tịch", 240)),
             _col(receive, ("Ký", "Phó Chủ tịch", 240), ("Trả kết quả", "Bộ phận một cửa", 60))]  # fmt: skip
    mark_steps(other)
    assert differs(other) == ["steps"]
    assert [s["differs"] for s in other[0]["steps"]["rows"]] == [False, True]
    assert [s["differs"] for s in other[1]["steps"]["rows"]] == [False, True, True]


def test_the_proposed_code_follows_the_successors_scheme():
    from iso_qms.reorganisations.carry_over import next_free_code, suggest_codes

    assert next_free_code("QT-HT-01", set()) == "QT-HT-01"
    assert next_free_code("QT-HT-01", {"qt-ht-01", "qt-ht-02"}) == "QT-HT-03"
    assert next_free_code("QT-HT-9", {"qt-ht-9"}) == "QT-HT-10"
    assert next_free_code("QT-TIEP-DAN", {"qt-tiep-dan"}) == "QT-TIEP-DAN-2"
    groups = [
        {"procedures": [{"code": "QT-HT-01"}, {"code": "QT-TP-05"}]},
        {"procedures": [{"code": "qt-ht-01"}]},  # another TTHC, the same code elsewhere
        {"procedures": [{"code": "QT-VP-01"}]},
    ]
    suggest_codes(groups, ["QT-VP-01"])
    assert [[c["suggested_code"] for c in g["procedures"]] for g in groups] == [
        ["QT-HT-01", "QT-TP-05"],
        ["qt-ht-02"],
        ["QT-VP-02"],
    ]
    # a group already adopted proposes (and keeps) nothing: the next QT-HT-02 stays free
    groups = [
        {"adopted": {"code": "QT-HT-01"}, "procedures": [{"code": "QT-HT-01"}]},
        {"procedures": [{"code": "QT-HT-02"}]},
    ]
    suggest_codes(groups, ["QT-HT-01"])
    assert groups[1]["procedures"][0]["suggested_code"] == "QT-HT-02"
    assert "suggested_code" not in groups[0]["procedures"][0]


def test_a_withdrawn_procedures_code_is_not_proposed_again(merged):  # noqa: F811
    from iso_qms.procedures.models import Procedure

    world, successor, a_proc, _b = merged
    own = proc_ops.create_procedure(
        successor.id, world.users["successor_secretary"],
        {"code": "QT-HT-01", "title": "Một quy trình cũ", "kind": "system"},
    )  # fmt: skip
    db.session.get(Procedure, own.id).withdrawn_on = date(2027, 7, 2)
    db.session.commit()
    column = next(c for c in _group(carry_over(successor.id))["procedures"] if c["id"] == a_proc.id)
    assert column["suggested_code"] == "QT-HT-02"


def test_the_adoption_form_proposes_the_suggested_code(merged, login):  # noqa: F811
    world, successor, a_proc, _b = merged
    data = carry_over(successor.id)
    column = next(c for c in _group(data)["procedures"] if c["id"] == a_proc.id)
    assert column["suggested_code"] == "QT-HT-01"  # free in the successor
    html = login("qd_sec").get("/carry-over").get_data(as_text=True)
    assert f'id="adopt-{a_proc.id}-code"' in html and 'value="QT-HT-01"' in html
