"""Quảng An's 2020 inspections, replayed through the real operations on the dates they happened.

The self-inspection of 17/08/2020 under Kế hoạch số 482/KH-UBND ngày 19/12/2019 is in the báo cáo
CCHC (shared/seed/); its individual findings, the internal audit of November 2020, its plan number
and the management review of December 2020 are invented but typical.
"""

from datetime import date, datetime, time

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..core.timeutil import LOCAL_TZ, set_clock
from ..extensions import db
from ..procedures.models import Procedure
from . import operations as ops
from .models import ChecklistLine, ChecklistTemplate, LineResult, Round

PLAN_482 = "Kế hoạch số 482/KH-UBND ngày 19/12/2019"
PEOPLE = (
    "qmr",
    "head",
    "secretary",
    "inspector",
    "staff",
    "dangthingoc",
    "lequocbao",
    "huynhvantai",
)

SELF_INSPECTION = {
    "kind": "self_inspection",
    "plan_ref": PLAN_482,
    "title": "Tự kiểm tra công tác CCHC, kiểm soát TTHC, ISO và thực hiện ý kiến chỉ đạo năm 2020",
    "start_date": date(2020, 8, 17),
    "end_date": date(2020, 8, 17),
    "areas": ["CCHC", "KSTTHC", "ISO", "YKCD"],
}
#: (area or procedure code, words of the question) → (result, note, finding type, auditee unit)
SELF_RESULTS = {
    ("CCHC", "tuyên truyền"): (
        "nonconform",
        "Trang thông tin điện tử của xã chưa đăng tải Kế hoạch CCHC năm 2020 và các báo "
        "cáo CCHC quý I, quý II năm 2020.",
        "nc_minor",
        "Văn phòng - Thống kê",
    ),
    ("QT-BTXH-01", "đúng các bước"): (
        "nonconform",
        "02 hồ sơ hỗ trợ chi phí mai táng (tháng 6/2020) giải quyết quá thời hạn nhưng không "
        "có phiếu xin lỗi và hẹn lại ngày trả kết quả; sổ theo dõi chưa ghi ngày trả kết quả.",
        "nc_minor",
        "",
    ),
    ("ISO", "bản hiện hành"): (
        "observation",
        "Bộ phận Tư pháp - Hộ tịch còn để bản QT-HT-01 lần ban hành 01 tại nơi làm việc, "
        "cạnh lần ban hành 02 có hiệu lực từ 10/08/2020.",
        "observation",
        "Tư pháp - Hộ tịch",
    ),
    ("YKCD", "đúng hạn"): (
        "nonconform",
        "02 nhiệm vụ theo ý kiến chỉ đạo của UBND huyện tại Công văn số 1050/UBND ngày "
        "02/6/2020 chưa được báo cáo kết quả đúng hạn.",
        "nc_minor",
        "Văn phòng - Thống kê",
    ),
}

INTERNAL_AUDIT = {
    "kind": "internal_audit",
    "plan_ref": "Kế hoạch số 398/KH-UBND ngày 26/10/2020",
    "title": "Đánh giá nội bộ HTQLCL theo TCVN ISO 9001:2015 năm 2020",
    "start_date": date(2020, 11, 23),
    "end_date": date(2020, 11, 24),
    "clauses": ["4", "5", "6", "7", "8", "9", "10"],
}
AUDIT_RESULTS = {
    ("QT.03", "Biểu mẫu"): (
        "nonconform",
        "Sổ theo dõi sự không phù hợp (BM.03.02) chưa cập nhật kết quả xác minh hiệu lực "
        "các hành động khắc phục của đợt tự kiểm tra tháng 8/2020.",
        "nc_minor",
        "",
    ),
    ("10", "sáng kiến"): (
        "observation",
        "Nên số hóa sổ theo dõi hồ sơ TTHC và sổ theo dõi ý kiến chỉ đạo để tra cứu, tổng "
        "hợp nhanh.",
        "ofi",
        "Văn phòng - Thống kê",
    ),
}


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL_TZ)


class _Replay:
    def __init__(self, org: Organisation, people: dict[str, User], password: str):
        self.org, self.people, self.password = org, people, password
        codes = ("QT-BTXH-01", "QT.03", "QT-TG-01", "QT-VH-01")
        self.procedures = {
            p.code: p
            for p in db.session.scalars(
                sa.select(Procedure).where(
                    Procedure.organisation_id == org.id, Procedure.code.in_(codes)
                )
            )
        }

    def at(self, day: date, hour: int = 9, minute: int = 0) -> None:
        set_clock(_at(day, hour, minute))

    def team(self, *entries: tuple[str, str]) -> list[dict]:
        return [{"user_id": self.people[name].id, "role": role} for name, role in entries]

    def answer(self, round_: Round, results: dict, who: str) -> dict:
        """Answer every line (conform unless listed) and raise the listed findings."""
        lines = db.session.scalars(
            sa.select(ChecklistLine)
            .where(ChecklistLine.round_id == round_.id)
            .order_by(ChecklistLine.position)
        ).all()
        findings, used = {}, set()
        for line in lines:
            key = next((k for k in results if k not in used and self._matches(line, k)), None)
            if key is None:
                ops.record_line_result(line, self.people[who], LineResult.conform, "")
                continue
            used.add(key)
            result, note, finding_type, unit = results[key]
            ops.record_line_result(line, self.people[who], result, note)
            data = {"type": finding_type, **({"auditee_unit": unit} if unit else {})}
            findings[key] = ops.raise_finding_from_line(line, self.people[who], data)
        return findings

    def _matches(self, line: ChecklistLine, key: tuple[str, str]) -> bool:
        scope, words = key
        in_scope = (
            line.area == scope
            or line.clause.split(".")[0] == scope
            or (
                line.procedure_id
                and self.procedures.get(scope)
                and line.procedure_id == self.procedures[scope].id
            )
        )
        return bool(in_scope) and words in line.question

    def action(
        self,
        finding,
        owner: str,
        due: date,
        action: str,
        correction: str = "",
        whys: list[str] | None = None,
        root_cause: str = "",
    ):
        return ops.create_action(
            finding,
            self.people["inspector"],
            {
                "owner_id": self.people[owner].id,
                "due_date": due,
                "action": action,
                "correction": correction,
                "whys": whys or [],
                "root_cause": root_cause,
            },
        )

    def done(self, action, day: date, evidence: str, hour: int = 15) -> None:
        self.at(day, hour)
        ops.complete_action(action, action.owner, evidence)

    def verify(
        self,
        action,
        day: date,
        effective: bool = True,
        note: str = "",
        new_due: date | None = None,
        who: str = "inspector",
    ) -> None:
        self.at(day, 10)
        ops.verify_action(action, self.people[who], effective, note, new_due)


def _self_inspection(replay: _Replay) -> None:
    people = replay.people
    replay.at(date(2020, 8, 12), 8)
    round_ = ops.create_round(
        replay.org.id,
        people["secretary"],
        {
            **SELF_INSPECTION,
            "procedure_ids": [replay.procedures["QT-BTXH-01"].id],
            "team": replay.team(
                ("qmr", "leader"), ("inspector", "member"), ("huynhvantai", "member")
            ),
        },
    )
    ops.generate_checklist(round_, people["secretary"])
    replay.at(date(2020, 8, 17), 7, 30)
    ops.start_round(round_, people["qmr"])
    replay.at(date(2020, 8, 17), 10)
    found = replay.answer(round_, SELF_RESULTS, "inspector")
    replay.at(date(2020, 8, 18), 9)
    cchc, btxh, iso, ykcd = (found[k] for k in SELF_RESULTS)
    a1 = replay.action(
        cchc,
        "dangthingoc",
        date(2020, 8, 31),
        "Phân công công chức Văn phòng cập nhật trang thông tin điện tử hằng tuần; bổ sung "
        "nhiệm vụ này vào quy chế làm việc.",
        "Đăng tải ngay Kế hoạch CCHC năm 2020.",
        [
            "Kế hoạch chưa được đăng tải.",
            "Không ai được giao cập nhật trang thông tin.",
            "Quy chế làm việc chưa quy định việc này.",
        ],
        "Chưa phân công trách nhiệm cập nhật trang thông tin điện tử.",
    )
    a2 = replay.action(
        btxh,
        "staff",
        date(2020, 9, 15),
        "Theo dõi thời hạn từng hồ sơ trên sổ; lập phiếu xin lỗi trước ngày trễ hạn theo bước 4 "
        "của QT-BTXH-01.",
        "Lập phiếu xin lỗi gửi 02 công dân có hồ sơ trễ hạn.",
        [
            "Hồ sơ trễ hạn không có phiếu xin lỗi.",
            "Công chức không theo dõi ngày hẹn trả.",
            "Sổ theo dõi không có cột ngày trả kết quả.",
        ],
        "Sổ theo dõi chưa theo mẫu mới.",
    )
    a3 = replay.action(
        iso,
        "lequocbao",
        date(2020, 8, 31),
        'Thu hồi các bản quy trình lỗi thời; đóng dấu "Tài liệu hết hiệu lực" trên bản lưu.',
        whys=["Bản cũ chưa được thu hồi khi ban hành lần 02."],
        root_cause="Chưa thực hiện bước thu hồi tài liệu lỗi thời của QT.01.",
    )
    a4 = replay.action(
        ykcd,
        "secretary",
        date(2020, 9, 4),
        "Lập sổ theo dõi ý kiến chỉ đạo; báo cáo kết quả 02 nhiệm vụ còn tồn.",
        whys=["Nhiệm vụ không được theo dõi hạn."],
        root_cause="Chưa có sổ theo dõi ý kiến chỉ đạo.",
    )
    replay.at(date(2020, 8, 19), 16)
    ops.update_round(
        round_,
        people["qmr"],
        {
            "summary": "Đoàn đã tự kiểm tra 04 nội dung: công tác CCHC, kiểm soát TTHC, áp dụng HTQLCL theo "
            "TCVN ISO 9001:2015 và thực hiện ý kiến chỉ đạo. Nhìn chung các bộ phận thực hiện tốt "
            "nhiệm vụ; còn 03 điểm không phù hợp nhẹ và 01 điểm lưu ý cần khắc phục.",
            "conclusion": "Yêu cầu các bộ phận khắc phục các tồn tại theo phiếu yêu cầu hành động khắc phục, "
            "báo cáo kết quả về Văn phòng UBND xã đúng thời hạn.",
            "report_no": "126/BB-UBND",
        },
    )
    ops.report_round(round_, people["qmr"])
    replay.at(date(2020, 8, 21), 10)
    ops.accept_report(round_, people["qmr"], replay.password)
    ops.close_round(round_, people["qmr"])
    _self_inspection_follow_up(replay, a1, a2, a3, a4)


def _self_inspection_follow_up(replay: _Replay, a1, a2, a3, a4) -> None:
    people = replay.people
    replay.done(
        a3,
        date(2020, 8, 25),
        "Đã thu hồi 03 bản QT-HT-01 lần 01; bản lưu đã đóng dấu hết hiệu lực.",
    )
    replay.verify(a3, date(2020, 8, 28))
    ops.close_finding(a3.finding, people["qmr"])
    replay.done(
        a1,
        date(2020, 8, 26),
        "Đã đăng tải kế hoạch và báo cáo; Quyết định phân công số 301/QĐ-UBND.",
    )
    replay.verify(a1, date(2020, 9, 4))
    ops.close_finding(a1.finding, people["qmr"])
    replay.at(date(2020, 9, 1), 8)
    ops.start_action(a2, people["staff"])
    replay.done(a4, date(2020, 9, 3), "Đã lập sổ theo dõi ý kiến chỉ đạo.")
    replay.verify(
        a4,
        date(2020, 9, 8),
        False,
        "Sổ chưa ghi hạn xử lý và người thực hiện từng nhiệm vụ; 01 nhiệm vụ vẫn chưa báo cáo.",
        date(2020, 9, 30),
    )
    replay.at(date(2020, 9, 10), 14)
    request = ops.request_postponement(
        a2,
        people["staff"],
        date(2020, 9, 30),
        "Chờ Phòng LĐ-TB&XH huyện hướng dẫn mẫu sổ theo dõi mới.",
    )
    replay.at(date(2020, 9, 11), 9)
    ops.decide_postponement(request, people["qmr"], True, "Đồng ý gia hạn đến 30/09/2020.")
    replay.done(
        a4, date(2020, 9, 25), "Sổ đã ghi đủ hạn xử lý, người thực hiện; 02 nhiệm vụ đã báo cáo."
    )
    replay.verify(a4, date(2020, 10, 2))
    ops.close_finding(a4.finding, people["qmr"])


def _internal_audit(replay: _Replay) -> None:
    people = replay.people
    replay.at(date(2020, 11, 2), 8)
    procedure_ids = [replay.procedures[c].id for c in ("QT.03", "QT-TG-01", "QT-VH-01")]
    round_ = ops.create_round(
        replay.org.id,
        people["secretary"],
        {
            **INTERNAL_AUDIT,
            "procedure_ids": procedure_ids,
            "team": replay.team(("inspector", "leader"), ("huynhvantai", "member")),
        },
    )
    ops.generate_checklist(round_, people["secretary"])
    replay.at(date(2020, 11, 23), 7, 30)
    ops.start_round(round_, people["inspector"])
    replay.at(date(2020, 11, 24), 10)
    found = replay.answer(round_, AUDIT_RESULTS, "inspector")
    nc, ofi = (found[k] for k in AUDIT_RESULTS)
    replay.at(date(2020, 11, 25), 9)
    a5 = replay.action(
        nc,
        "dangthingoc",
        date(2020, 12, 31),
        "Cập nhật sổ theo dõi sự không phù hợp sau mỗi lần xác minh; thư ký ISO kiểm tra hằng tháng.",
        whys=["Kết quả xác minh chỉ ghi trên phiếu, không ghi vào sổ."],
        root_cause="QT.03 chưa quy định ai cập nhật sổ sau khi xác minh.",
    )
    ops.update_round(
        round_,
        people["inspector"],
        {
            "summary": "Hệ thống quản lý chất lượng được duy trì phù hợp với TCVN ISO 9001:2015 và các quy trình "
            "đã ban hành. Đoàn ghi nhận 01 điểm không phù hợp nhẹ và 01 cơ hội cải tiến.",
            "conclusion": "Đề nghị sửa đổi QT.03 để quy định trách nhiệm cập nhật sổ theo dõi.",
        },
    )
    ops.report_round(round_, people["inspector"])
    replay.at(date(2020, 11, 26), 9)
    ops.open_revision_from_finding(nc, people["secretary"])
    replay.at(date(2020, 11, 27), 10)
    ops.accept_report(round_, people["qmr"], replay.password)
    replay.at(date(2020, 11, 30), 10)
    ops.close_round(round_, people["qmr"])
    ops.close_finding(ofi, people["qmr"])
    replay.done(
        a5, date(2020, 12, 18), "Sổ BM.03.02 đã cập nhật đủ kết quả xác minh đợt tháng 8/2020."
    )


def _management_review(replay: _Replay) -> None:
    people = replay.people
    replay.at(date(2020, 12, 21), 8)
    review = ops.create_review(
        replay.org.id,
        people["qmr"],
        {
            "title": "Họp xem xét của lãnh đạo về HTQLCL năm 2020",
            "held_on": date(2020, 12, 28),
            "chair_id": people["head"].id,
            "participant_ids": [
                people[n].id for n in ("head", "qmr", "secretary", "inspector", "dangthingoc")
            ],
            "other_participants": "Đại diện Phòng Nội vụ huyện Quảng Điền",
        },
    )
    replay.at(date(2020, 12, 28), 16)
    ops.hold_review(
        review,
        people["qmr"],
        (
            "HTQLCL được duy trì phù hợp; đã tự kiểm tra (17/08/2020) và đánh giá nội bộ (23-24/11/2020). "
            "Còn 01 hành động khắc phục quá hạn về theo dõi hồ sơ trễ hạn. Thống nhất: ban hành kế hoạch đánh "
            "giá nội bộ năm 2021; số hóa sổ theo dõi ý kiến chỉ đạo."
        ),
    )
    d1 = ops.add_review_decision(
        review,
        people["qmr"],
        {
            "action": "Ban hành kế hoạch tự kiểm tra và đánh giá nội bộ năm 2021.",
            "owner_id": people["secretary"].id,
            "due_date": date(2021, 1, 15),
        },
    )
    d2 = ops.add_review_decision(
        review,
        people["qmr"],
        {
            "action": "Số hóa sổ theo dõi ý kiến chỉ đạo trên phần mềm quản lý văn bản.",
            "owner_id": people["dangthingoc"].id,
            "due_date": date(2021, 3, 31),
        },
    )
    replay.done(d1, date(2021, 1, 12), "Kế hoạch số 12/KH-UBND ngày 12/01/2021.")
    replay.verify(d1, date(2021, 1, 14), who="qmr")
    replay.done(d2, date(2021, 3, 25), "Sổ theo dõi đã chuyển lên phần mềm từ 22/03/2021.")


def seed_audits(org: Organisation, password: str) -> bool:
    """Replay the 2020 rounds, actions and management review for `org` unless already there."""
    if db.session.scalar(
        sa.select(Round.id)
        .where(Round.organisation_id == org.id, Round.plan_ref == PLAN_482)
        .limit(1)
    ):
        return False
    people = {
        u.username: u for u in db.session.scalars(sa.select(User).where(User.username.in_(PEOPLE)))
    }
    replay = _Replay(org, people, password)
    try:
        replay.at(date(2020, 8, 10), 8)
        if not db.session.scalar(
            sa.select(ChecklistTemplate.id)
            .where(ChecklistTemplate.organisation_id == org.id)
            .limit(1)
        ):
            ops.adopt_default_templates(org.id, people["secretary"])
        _self_inspection(replay)
        _internal_audit(replay)
        _management_review(replay)
    finally:
        set_clock(None)
    return True
