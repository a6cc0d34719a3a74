"""Callables that build register entries and their actions through the real operations."""

from datetime import date, timedelta

from iso_qms.audits import operations as audit_ops
from iso_qms.core.timeutil import today
from iso_qms.performance import risks


def risk_data(**extra) -> dict:
    return {
        "kind": "risk",
        "process": "Tiếp nhận và trả kết quả",
        "description": "Hồ sơ trễ hạn do thiếu nhân lực",
        "cause": "01 công chức kiêm nhiệm nhiều việc",
        "consequence": "Phải xin lỗi công dân",
        "likelihood": 3,
        "impact": 4,
        "treatment": "reduce",
        **extra,
    }


def make_risk(world, actor: str = "qmr", **extra):
    return risks.create_risk(world.org.id, world.users[actor], risk_data(**extra))


def make_risk_action(world, risk, owner: str = "staff", due: date | None = None, **extra):
    data = {
        "action": extra.pop("action", "Phân công công chức dự phòng"),
        "owner_id": world.users[owner].id,
        "due_date": due or today() + timedelta(days=10),
        **extra,
    }
    return risks.add_risk_action(risk, world.users["qmr"], data)


def finish(world, action, verify: bool = True, owner: str = "staff"):
    audit_ops.complete_action(action, world.users[owner], "Đã thực hiện")
    if verify:
        audit_ops.verify_action(action, world.users["inspector"], True, "")
    return action
