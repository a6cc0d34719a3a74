"""Notifications at the event (issue 13, item 2): submit, review, return, approve, assign, report
done, verify, postpone and decide tell the people concerned at once, in their language, never the
one who acted; `qms send-notifications` makes one digest per person and run; read one or all."""

import re
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from iso_qms.audits import operations as audit_ops
from iso_qms.audits import permissions as audit_rules
from iso_qms.core.notifications import Notification, run_due_providers, unread_count
from iso_qms.core.timeutil import set_clock
from iso_qms.core.transaction import transaction
from iso_qms.extensions import db
from iso_qms.procedures import operations as proc_ops
from iso_qms.procedures import permissions as proc_rules
from tests.audits.builders import action_in, make_action, make_finding, reported_round
from tests.core.test_notifications import _wait, _with_email, smtp  # noqa: F401  (fixture)
from tests.fixtures.factories import create_procedure, create_revision

API = "/api/v1"


def _notices(user, kind: str | None = None) -> list[Notification]:
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query.order_by(Notification.id)))


def test_a_submission_tells_whoever_may_sign_it_now_and_never_its_author(world, app_ctx):
    revision = create_revision(create_procedure(world), world, status="in_review")
    told = []
    for name in ("qmr", "head", "staff", "inspector"):
        user = world.users[name]
        kinds = {n.kind for n in _notices(user)}
        if proc_rules.can_approve_revision(user, revision):
            assert "revision_to_approve" in kinds, name
            told.append(name)
        elif proc_rules.can_review_revision(user, revision):
            assert "revision_to_review" in kinds, name
            told.append(name)
        else:
            assert not kinds & {"revision_to_approve", "revision_to_review"}, name
    assert told
    assert _notices(world.users["iso_secretary"]) == []  # the author submitted it


def test_with_the_default_chain_the_qmr_is_told_in_vietnamese_with_a_link(world, app_ctx):
    revision = create_revision(create_procedure(world), world, status="in_review")
    [notice] = _notices(world.users["qmr"], "revision_to_approve")
    assert notice.link == f"/revisions/{revision.id}/approve"
    assert "QT-HT-01" in notice.subject and "lần ban hành 01" in notice.subject
    assert "chờ bạn phê duyệt" in notice.subject


def test_return_and_approval_tell_the_author(world, app_ctx):
    procedure = create_procedure(world)
    revision = create_revision(procedure, world, status="in_review")
    qmr, author = world.users["qmr"], world.users["iso_secretary"]
    proc_ops.return_revision(revision, qmr, "Bổ sung biểu mẫu.")
    [returned] = _notices(author, "revision_returned")
    assert returned.body == "Bổ sung biểu mẫu." and returned.link.endswith("/edit")
    proc_ops.submit_revision(revision, author)
    proc_ops.approve_revision(revision, qmr, "Password-123", None)
    [approved] = _notices(author, "revision_approved")
    assert "đã phê duyệt" in approved.subject
    assert _notices(qmr, "revision_approved") == []  # never the one who acted


def test_the_action_owner_is_told_of_the_assignment_and_the_verifiers_of_its_completion(
    world, app_ctx
):
    action = action_in(world, "in_progress")
    staff = world.users["staff"]
    [assigned] = _notices(staff, "action_assigned")
    assert assigned.link == f"/audits/actions/{action.id}" and "đã giao bạn" in assigned.subject
    audit_ops.complete_action(action, staff, "Đã cập nhật sổ.")
    for name in ("qmr", "inspector", "head", "staff"):
        user = world.users[name]
        told = bool(_notices(user, "action_to_verify"))
        assert told == (audit_rules.can_verify_action(user, action) and name != "staff"), name
    audit_ops.verify_action(action, world.users["inspector"], False, "Chưa đủ bằng chứng.")
    [verified] = _notices(staff, "action_verified")
    assert "chưa có hiệu lực" in verified.subject and verified.body == "Chưa đủ bằng chứng."


def test_a_postponement_request_goes_to_the_decider_and_the_decision_to_the_owner(world, app_ctx):
    action = action_in(world, "planned")
    staff, qmr = world.users["staff"], world.users["qmr"]
    request = audit_ops.request_postponement(
        action, staff, action.due_date + timedelta(days=7), "Chờ hướng dẫn"
    )
    [asked] = _notices(qmr, "postponement_to_decide")
    assert asked.body == "Chờ hướng dẫn"
    assert _notices(world.users["head"], "postponement_to_decide") == []
    audit_ops.decide_postponement(request, qmr, True, "Đồng ý")
    [decided] = _notices(staff, "postponement_decided")
    assert "đã đồng ý gia hạn" in decided.subject


def test_a_qmr_asking_for_more_time_tells_the_head_not_themself(world, app_ctx):
    action = make_action(world, make_finding(world, reported_round(world)), owner="qmr")
    audit_ops.request_postponement(
        action, world.users["qmr"], action.due_date + timedelta(days=7), "Chờ kinh phí"
    )
    assert _notices(world.users["head"], "postponement_to_decide")
    assert _notices(world.users["qmr"], "postponement_to_decide") == []


def test_a_reported_round_tells_the_qmr_it_waits_for_acceptance(world, app_ctx):
    round_ = reported_round(world)
    [notice] = _notices(world.users["qmr"], "report_to_accept")
    assert notice.link == f"/audits/rounds/{round_.id}/accept"


def test_a_notice_at_the_event_is_e_mailed_only_after_the_commit(world, smtp):  # noqa: F811
    _with_email(world)
    with transaction():
        create_revision(create_procedure(world), world, status="in_review")
        assert smtp.messages == []
    _wait(smtp, 1)
    assert "qmr@quangan.example" in [r for m in smtp.messages for r in m.rcpt_tos]


# --- the cron command's digest ------------------------------------------------------------


def _overdue_readings(world):
    """Several people's readings three working days overdue: the QMR gets several escalations."""
    from iso_qms.accounts.models import User

    db.session.execute(sa.update(User).values(created_at=datetime(2019, 1, 1, tzinfo=UTC)))
    set_clock(datetime(2020, 1, 2, 3, tzinfo=UTC))
    create_revision(
        create_procedure(world), world, status="approved", effective_date=date(2020, 1, 6)
    )
    db.session.commit()
    set_clock(datetime(2020, 1, 17, 3, tzinfo=UTC))


def test_one_run_makes_one_digest_per_person_and_a_later_run_repeats_nothing(world, app_ctx):
    _overdue_readings(world)
    qmr = world.users["qmr"]
    before = {n.id for n in _notices(qmr)}
    with transaction():
        made = run_due_providers()
    assert made > 2
    fresh = [n for n in _notices(qmr) if n.id not in before]
    digests = [n for n in fresh if n.kind == "digest"]
    assert len(digests) == 1
    parts = [n for n in fresh if n.digest_id == digests[0].id]
    assert len(parts) == len(fresh) - 1 >= 2
    assert all(p.subject in digests[0].body for p in parts)
    assert unread_count(qmr) == len(
        [n for n in _notices(qmr) if n.digest_id is None and not n.read_at]
    )
    with transaction():
        assert run_due_providers() == 0
    assert len(_notices(qmr)) == len(before) + len(fresh)


def test_the_digest_is_the_one_e_mail_of_the_run(world, smtp):  # noqa: F811
    _overdue_readings(world)
    _with_email(world)
    with transaction():
        run_due_providers()
    _wait(smtp, 2)
    to_qmr = [m for m in smtp.messages if "qmr@quangan.example" in m.rcpt_tos]
    assert len(to_qmr) == 1


def test_the_list_shows_the_digest_with_its_parts_and_opening_marks_read(world, login, app_ctx):
    _overdue_readings(world)
    with transaction():
        run_due_providers()
    client = login("qmr")
    home = client.get("/").get_data(as_text=True)
    badge = re.search(r'data-testid="badge-core.notifications">(\d+)', home)
    assert badge and int(badge.group(1)) == unread_count(world.users["qmr"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "lời nhắc và thông báo gửi bạn" in page
    single = next(n for n in _notices(world.users["staff"]) if n.digest_id is None and n.link)
    staff = login("staff")
    opened = staff.get(f"/notifications/{single.id}")
    assert opened.status_code == 302 and opened.location.endswith(single.link)
    db.session.expire_all()
    assert db.session.get(Notification, single.id).read_at is not None
    assert client.get(f"/notifications/{single.id}").status_code == 404  # another person's
    assert client.post("/notifications").status_code == 302  # mark all read
    db.session.expire_all()
    assert unread_count(world.users["qmr"]) == 0


def test_api_lists_filters_and_marks_one_read_and_another_persons_id_is_404(
    world, client, token_for
):
    action_in(world, "planned")
    db.session.commit()
    headers = token_for("staff")
    unread = client.get(f"{API}/me/notifications?unread=true", headers=headers).get_json()
    assert unread and set(unread[0]) == {"id", "created_at", "kind", "text", "url", "read"}
    assert unread[0]["read"] is False and unread[0]["url"].startswith("/audits/actions/")
    notice_id = unread[0]["id"]
    other = token_for("qmr")
    assert client.post(f"{API}/me/notifications/{notice_id}/read", headers=other).status_code == 404
    answer = client.post(f"{API}/me/notifications/{notice_id}/read", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["read"] is True
    left = client.get(f"{API}/me/notifications?unread=true", headers=headers).get_json()
    assert notice_id not in [n["id"] for n in left]
    read = client.get(f"{API}/me/notifications?unread=false", headers=headers).get_json()
    assert notice_id in [n["id"] for n in read]
    assert client.get(f"{API}/me/notifications").status_code == 401
