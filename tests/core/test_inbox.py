"""Each person's inbox ("Việc của tôi"): what waits for whom, grouped and counted, in a fixed number
of queries; the page, the menu badge, the home page's top and GET /api/v1/me/inbox (issue 13, 1)."""

import re
from datetime import date, timedelta

import pytest

from iso_qms.audits import operations as audit_ops
from iso_qms.audits import permissions as audit_rules
from iso_qms.core.inbox import inbox_for
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures import permissions as proc_rules
from iso_qms.procedures.models import Revision, RevisionStatus
from tests.audits.builders import action_in, make_action, make_finding, reported_round
from tests.fixtures.factories import PASSWORD, create_procedure, create_revision, create_user
from tests.query_counter import count_queries

API = "/api/v1"


def _kinds(user) -> dict[str, list]:
    db.session.expire_all()
    return {g.kind: g.items for g in inbox_for(user, refresh=True).groups}


def _ids(user, kind: str) -> list:
    return [item.object_id for item in _kinds(user).get(kind, [])]


def _expected_signing_kind(user, revision) -> str | None:
    """What the named rules say the person does with the revision now (the inbox follows them)."""
    if proc_rules.can_approve_revision(user, revision):
        return "approve_revision"
    if proc_rules.can_review_revision(user, revision):
        return "review_revision"
    return None


def test_a_submitted_revision_waits_for_whoever_the_rules_say_signs_it(world, app_ctx):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    seen = {}
    for name in ("qmr", "head", "iso_secretary", "staff", "inspector"):
        user = world.users[name]
        expected = _expected_signing_kind(user, revision)
        kinds = _kinds(user)
        for kind in ("approve_revision", "review_revision"):
            listed = revision.id in [i.object_id for i in kinds.get(kind, [])]
            assert listed == (kind == expected), (name, kind)
        seen[name] = expected
    assert seen["iso_secretary"] is None  # the author never signs
    assert seen["staff"] is None
    assert "approve_revision" in seen.values() or "review_revision" in seen.values()


def test_with_the_default_chain_the_qmr_approves_from_a_link_to_the_approval_page(world, app_ctx):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    items = _kinds(world.users["qmr"])["approve_revision"]
    assert [i.url for i in items] == [f"/revisions/{revision.id}/approve"]
    assert items[0].title.startswith("QT-HT-01")


def test_an_approved_revision_leaves_the_inbox_and_its_readings_arrive(world, app_ctx):
    revision = create_revision(create_procedure(world), world, status="approved")
    db.session.commit()
    assert "approve_revision" not in _kinds(world.users["qmr"])
    staff_items = _kinds(world.users["staff"])["read_revision"]
    assert staff_items and staff_items[0].url.startswith("/acknowledgements/")
    assert staff_items[0].due_date is not None
    assert revision.status is RevisionStatus.approved


def test_a_draft_sent_back_waits_for_its_author_with_the_comment(world, app_ctx):
    revision = create_revision(create_procedure(world), world, status="in_review")
    proc_ops.return_revision(revision, world.users["qmr"], "Bổ sung căn cứ pháp lý.")
    db.session.commit()
    items = _kinds(world.users["iso_secretary"])["returned_revision"]
    assert [i.object_id for i in items] == [revision.id]
    assert "Bổ sung căn cứ pháp lý." in items[0].note
    assert items[0].url == f"/revisions/{revision.id}/edit"
    assert "returned_revision" not in _kinds(world.users["qmr"])


def test_owner_sees_own_actions_and_the_verifiers_see_those_reported_done(world, app_ctx):
    open_action = action_in(world, "in_progress")
    done = action_in(world, "done")
    db.session.commit()
    assert _ids(world.users["staff"], "own_action") == [open_action.id]
    for name in ("qmr", "inspector", "head", "staff"):
        user = world.users[name]
        expected = [done.id] if audit_rules.can_verify_action(user, done) else []
        assert _ids(user, "verify_action") == expected, name
    assert _ids(world.users["inspector"], "verify_action") == [done.id]


def test_the_qmr_decides_a_postponement_and_the_owner_does_not(world, app_ctx):
    action = action_in(world, "planned")
    request = audit_ops.request_postponement(
        action, world.users["staff"], action.due_date + timedelta(days=7), "Chờ hướng dẫn"
    )
    db.session.commit()
    assert _ids(world.users["qmr"], "decide_postponement") == [request.id]
    assert _ids(world.users["staff"], "decide_postponement") == []
    assert _ids(world.users["head"], "decide_postponement") == []  # the QMR is there to decide


def test_a_qmr_asking_for_more_time_is_decided_by_the_head(world, app_ctx):
    finding = make_finding(world, reported_round(world))
    action = make_action(world, finding, owner="qmr")
    request = audit_ops.request_postponement(
        action, world.users["qmr"], action.due_date + timedelta(days=7), "Chờ hướng dẫn"
    )
    db.session.commit()
    assert _ids(world.users["head"], "decide_postponement") == [request.id]
    assert _ids(world.users["qmr"], "decide_postponement") == []


def test_a_reported_round_waits_for_acceptance_and_the_leader_sees_rounds_to_run(world, app_ctx):
    from tests.audits.builders import make_round

    reported = reported_round(world)
    planned = make_round(world, start=today() + timedelta(days=3))
    db.session.commit()
    assert _ids(world.users["qmr"], "accept_report") == [reported.id]
    assert (
        _kinds(world.users["qmr"])["accept_report"][0].url == f"/audits/rounds/{reported.id}/accept"
    )
    assert _ids(world.users["inspector"], "accept_report") == []
    assert planned.id in _ids(world.users["inspector"], "lead_round")  # the inspector leads
    assert reported.id not in _ids(world.users["inspector"], "lead_round")


def test_periodic_reviews_and_legal_updates_due_for_the_keepers_and_the_owning_unit(world, app_ctx):
    procedure = create_procedure(world, owner_unit="Tư pháp - Hộ tịch")
    old = proc_ops.create_legal_basis(
        world.org.id, world.users["iso_secretary"], {"number": "15/2015/TT-BTP"}
    )
    new = proc_ops.create_legal_basis(
        world.org.id,
        world.users["iso_secretary"],
        {"number": "04/2020/TT-BTP", "effective_on": date(2020, 7, 16)},
    )
    from iso_qms.procedures.models import LegalChange
    from iso_qms.procedures.operations.register import set_legal_bases

    set_legal_bases(procedure, world.users["iso_secretary"], [old])
    create_revision(procedure, world, status="approved")
    proc_ops.mark_superseded(old, world.users["iso_secretary"], new, LegalChange.replaced)
    procedure.review_due_on = today() - timedelta(days=1)
    clerk = create_user(world.org, "tuphap", "staff", unit="Tư pháp - Hộ tịch")
    db.session.commit()
    for user, sees in (
        (world.users["iso_secretary"], True),
        (clerk, True),
        (world.users["staff"], False),
    ):
        kinds = _kinds(user)
        assert (procedure.id in [i.object_id for i in kinds.get("legal_update_due", [])]) == sees
        assert (procedure.id in [i.object_id for i in kinds.get("review_due", [])]) == sees
    legal = _kinds(clerk)["legal_update_due"][0]
    assert legal.due_date == date(2020, 10, 16) and legal.overdue


def test_another_organisations_work_never_shows(world, app_ctx):
    other_editor = create_user(world.other_org, "b_editor", "staff", "iso_secretary")
    other_qmr = create_user(world.other_org, "b_qmr", "staff", "qmr")
    procedure = proc_ops.create_procedure(
        world.other_org.id, other_editor, {"code": "QT-B-01", "title": "B", "kind": "system"}
    )
    revision = proc_ops.create_revision(procedure, other_editor, {"change_summary": "Mới"})
    proc_ops.submit_revision(revision, other_editor)
    db.session.commit()
    assert _ids(other_qmr, "approve_revision") == [revision.id]
    assert "approve_revision" not in _kinds(world.users["qmr"])


def test_the_inbox_runs_the_same_queries_for_two_or_eight_of_everything(world, app_ctx):
    def grow(start: int, n: int) -> int:
        for i in range(start, start + n):
            create_revision(create_procedure(world, code=f"QT-{i:02d}"), world, status="in_review")
            approved = create_procedure(world, code=f"QT-A-{i:02d}")
            create_revision(approved, world, status="approved")
            action_in(world, "in_progress")
            action_in(world, "done")
        db.session.commit()
        inbox_for(world.users["qmr"], refresh=True)  # reading tasks made now, not counted
        db.session.expire_all()
        from flask import g

        g.pop("inbox", None)
        with count_queries() as counter:
            inbox = inbox_for(world.users["qmr"])
        assert inbox.total > 0
        return counter.count

    assert grow(0, 2) == grow(2, 6)


# --- pages, menu and API ------------------------------------------------------------------


def test_inbox_page_lists_the_groups_and_the_menu_counts_them(world, login):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    client = login("qmr")
    page = client.get("/inbox").get_data(as_text=True)
    assert 'data-testid="inbox-group-approve_revision"' in page
    assert f'href="/revisions/{revision.id}/approve"' in page
    home = client.get("/").get_data(as_text=True)
    badge = re.search(r'data-testid="badge-core.inbox">(\d+)', home)
    total = re.search(r'data-testid="inbox-top-total">(\d+)', home)
    assert badge and total and badge.group(1) == total.group(1) and int(badge.group(1)) >= 1
    assert "Việc của tôi" in home


def test_the_qmr_signs_from_the_home_page_in_two_clicks_and_the_password(world, login):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    client = login("qmr")
    home = client.get("/").get_data(as_text=True)
    link = f"/revisions/{revision.id}/approve"
    assert f'href="{link}"' in home  # click 1: the inbox item on the home page
    form = client.get(link)  # the approval page with the signing form
    assert form.status_code == 200 and 'name="password"' in form.get_data(as_text=True)
    signed = client.post(  # click 2: sign, with the password
        link, data={"password": PASSWORD, "effective_date": today().strftime("%d/%m/%Y")}
    )
    assert signed.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).status is RevisionStatus.approved


def test_nobody_waiting_shows_an_empty_inbox_without_a_badge(world, login):
    page = login("staff").get("/inbox").get_data(as_text=True)
    assert 'data-testid="inbox-empty"' in page and 'data-testid="badge-core.inbox"' not in page


@pytest.mark.parametrize("role", ["staff", "qmr", "supervisor", "admin"])
def test_every_role_opens_its_inbox(world, login, role):
    assert login(role).get("/inbox").status_code == 200


def test_api_inbox_answers_groups_counts_and_items(world, client, token_for):
    revision = create_revision(create_procedure(world), world, status="in_review")
    db.session.commit()
    assert client.get(f"{API}/me/inbox").status_code == 401
    body = client.get(f"{API}/me/inbox", headers=token_for("qmr")).get_json()
    groups = {g["kind"]: g for g in body["groups"]}
    approve = groups["approve_revision"]
    assert approve["count"] == len(approve["items"]) == 1
    item = approve["items"][0]
    assert set(item) >= {"title", "url", "due_date", "object_type", "object_id"}
    assert item["object_type"] == "revision" and item["object_id"] == revision.id
    assert body["total"] == sum(g["count"] for g in body["groups"])
