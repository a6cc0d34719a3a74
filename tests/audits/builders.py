"""Callables that build audit objects through the real operations, for tests."""

from datetime import date, timedelta

import sqlalchemy as sa

from iso_qms.audits import operations as ops
from iso_qms.audits.models import ChecklistLine, ChecklistTemplate, LineResult
from iso_qms.core.timeutil import today
from iso_qms.extensions import db
from tests.fixtures.factories import PASSWORD, World, create_procedure, create_revision, create_user

AUDIT_DAY = date(2020, 8, 17)


def team(*entries) -> list[dict]:
    """team((user, "leader"), (user, "member")) → the operations' team list."""
    return [{"user_id": user.id, "role": role} for user, role in entries]


def make_round(
    world: World,
    kind: str = "self_inspection",
    members=None,
    procedures=(),
    areas=("CCHC",),
    clauses=(),
    start: date = AUDIT_DAY,
    end: date | None = None,
    actor: str = "iso_secretary",
    **extra,
):
    """A planned round; by default the inspector leads and the QMR is a member."""
    members = members or [(world.users["inspector"], "leader"), (world.users["qmr"], "member")]
    data = {
        "kind": kind,
        "title": extra.pop("title", f"Đợt {kind} {start.year}"),
        "plan_ref": extra.pop("plan_ref", "Kế hoạch số 482/KH-UBND ngày 19/12/2019"),
        "start_date": start,
        "end_date": end or start,
        "areas": list(areas),
        "clauses": list(clauses),
        "procedure_ids": [p.id for p in procedures],
        "team": team(*members),
        **extra,
    }
    if kind == "external_inspection":  # an external inspection names its body
        data.setdefault("inspecting_body", "Sở Khoa học và Công nghệ")
    return ops.create_round(world.org.id, world.users[actor], data)


def started_round(world: World, **kwargs):
    """A round in progress with its checklist generated."""
    round_ = make_round(world, **kwargs)
    ops.generate_checklist(round_, world.users["iso_secretary"])
    ops.start_round(round_, world.users["iso_secretary"])
    return round_


def lines_of(round_) -> list[ChecklistLine]:
    return list(
        db.session.scalars(
            sa.select(ChecklistLine)
            .where(ChecklistLine.round_id == round_.id)
            .order_by(ChecklistLine.position)
        )
    )


def answer_all(round_, user, result=LineResult.conform) -> None:
    for line in lines_of(round_):
        if line.result is None:
            ops.record_line_result(
                line, user, result, "Đạt" if result is LineResult.conform else "Có lỗi"
            )


def make_finding(world: World, round_, finding_type: str = "nc_minor", **data):
    payload = {
        "type": finding_type,
        "description": data.pop("description", "Sổ theo dõi chưa ghi đủ."),
        "auditee_unit": "Văn hóa - Xã hội",
        **data,
    }
    return ops.record_finding(round_, world.users["inspector"], payload)


def make_action(world: World, finding, owner: str = "staff", due: date | None = None, **data):
    payload = {
        "action": data.pop("action", "Cập nhật sổ theo dõi hằng ngày."),
        "owner_id": world.users[owner].id,
        "due_date": due or today() + timedelta(days=14),
        "whys": data.pop("whys", ["Sổ không được cập nhật.", "Chưa giao người phụ trách."]),
        "root_cause": data.pop("root_cause", "Chưa phân công trách nhiệm."),
        **data,
    }
    return ops.create_action(finding, world.users["inspector"], payload)


def action_in(world: World, status: str, finding=None):
    """An action brought to `status` (planned, in_progress, done, closed, cancelled)."""
    if finding is None:
        finding = make_finding(world, started_round(world))
    action = make_action(world, finding)
    staff, inspector, qmr = world.users["staff"], world.users["inspector"], world.users["qmr"]
    if status in ("in_progress", "done", "closed"):
        ops.start_action(action, staff)
    if status in ("done", "closed"):
        ops.complete_action(action, staff, "Đã cập nhật sổ.")
    if status == "closed":
        ops.verify_action(action, inspector, True, "Đã kiểm tra sổ.")
    if status == "cancelled":
        ops.cancel_action(action, qmr, "Trùng với hành động khác.")
    return action


def reported_round(world: World):
    """A reported round with one minor NC (its CAR issued) and every line answered."""
    round_ = started_round(world)
    answer_all(round_, world.users["inspector"])
    finding = make_finding(world, round_)
    make_action(world, finding)
    ops.report_round(
        round_, world.users["iso_secretary"], "Các bộ phận thực hiện tốt; còn 01 tồn tại."
    )
    return round_


def audit_objects(world: World, org, editor, qmr, procedure) -> dict[str, int]:
    """One of each audit object in `org`, the round closed, for the route × role test."""
    owner = create_user(org, f"owner-{org.code.lower()}", "staff", unit="Văn hóa - Xã hội")
    due = today() + timedelta(days=10)
    round_ = ops.create_round(
        org.id,
        editor,
        {
            "kind": "self_inspection",
            "title": "Tự kiểm tra",
            "start_date": today(),
            "end_date": today(),
            "areas": ["CCHC"],
            "procedure_ids": [procedure.id],
            "team": team((qmr, "leader")),
        },
    )
    ops.generate_checklist(round_, editor)
    ops.start_round(round_, editor)
    lines = lines_of(round_)
    first = next(line for line in lines if line.procedure_id)
    for line in lines:
        result = LineResult.nonconform if line is first else LineResult.conform
        ops.record_line_result(line, editor, result, "Có lỗi")
    finding = ops.raise_finding_from_line(first, editor)
    action = ops.create_action(
        finding,
        editor,
        {
            "action": "Sửa",
            "owner_id": owner.id,
            "due_date": due,
            "whys": ["Vì sao"],
            "root_cause": "Nguyên nhân",
        },
    )
    postponement = ops.request_postponement(action, owner, due + timedelta(days=5), "Chờ hướng dẫn")
    ops.decide_postponement(postponement, qmr, True)
    ops.complete_action(action, owner, "Đã sửa")
    ops.verify_action(action, qmr, True)
    ops.close_finding(finding, qmr)
    ops.report_round(round_, editor, "Tóm tắt")
    ops.accept_report(round_, qmr, PASSWORD)
    ops.close_round(round_, qmr)
    ops.adopt_default_templates(org.id, editor)
    template = db.session.scalar(
        sa.select(ChecklistTemplate).where(ChecklistTemplate.organisation_id == org.id)
    )
    review = ops.create_review(org.id, qmr, {"title": "Xem xét của lãnh đạo", "held_on": today()})
    ops.hold_review(review, qmr, "Kết luận")
    return {
        "round_id": round_.id,
        "line_id": first.id,
        "finding_id": finding.id,
        "action_id": action.id,
        "postponement_id": postponement.id,
        "review_id": review.id,
        "template_id": template.id,
    }


__all__ = [
    "PASSWORD",
    "AUDIT_DAY",
    "create_procedure",
    "create_revision",
    "team",
    "make_round",
    "started_round",
    "lines_of",
    "answer_all",
    "make_finding",
    "make_action",
    "action_in",
    "reported_round",
    "audit_objects",
]
