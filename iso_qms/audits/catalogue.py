"""ISO 9001:2015 clauses and the default checklist templates an organisation starts from.

The default areas and questions are Vietnamese working text, like a procedure's content: an
organisation adopts them and edits its own copy.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .models import TemplateKind

#: Top-level clauses of TCVN ISO 9001:2015 that an internal audit covers.
ISO_CLAUSES = {
    "4": _l("Context of the organization"),
    "5": _l("Leadership"),
    "6": _l("Planning"),
    "7": _l("Support"),
    "8": _l("Operation"),
    "9": _l("Performance evaluation"),
    "10": _l("Improvement"),
}
CLAUSE_RE = re.compile(r"^(4|5|6|7|8|9|10)(\.\d{1,2}){0,3}$")


def clause_label(code: str) -> str:
    top = (code or "").split(".")[0]
    title = ISO_CLAUSES.get(top)
    return f"{code} — {title}" if title and code == top else (code or "")


def valid_clause(code: str) -> bool:
    """The one clause rule of rounds, checklist lines and findings: 4 to 10 or a sub-clause."""
    return bool(CLAUSE_RE.match(code or ""))


def clean_clauses(values) -> tuple[list[str], list[str]]:
    """(the clauses once each, in the order given; those that are not ISO 9001 clauses)."""
    clauses = list(dict.fromkeys(v.strip().rstrip(".") for v in values if v.strip()))
    return clauses, [c for c in clauses if not valid_clause(c)]


def top_clause(code: str) -> str:
    return (code or "").split(".")[0]


def within(code: str, scope: str) -> bool:
    """7.5.3 is within 7, 7.5 and 7.5.3; 7.5 is not within 7.5.3."""
    return bool(code) and (code == scope or code.startswith(scope + "."))


def covered(code: str, scope: list[str]) -> bool:
    return any(within(code, s) for s in scope)


@dataclass
class TemplateSpec:
    """A template as the defaults define it (same attributes as a ChecklistTemplate row)."""

    kind: TemplateKind
    key: str
    title: str
    questions: list[dict] = field(default_factory=list)
    active: bool = True
    position: int = 0
    id: int | None = None


def _q(text: str, clause: str = "") -> dict:
    return {"clause": clause, "text": text}


#: The self-inspection areas of a commune (configurable per organisation once adopted).
DEFAULT_AREAS = [
    (
        "CCHC",
        "Công tác cải cách hành chính",
        [
            _q("Kế hoạch CCHC năm được ban hành đúng thời hạn và triển khai đầy đủ các nhiệm vụ?"),
            _q("Các báo cáo CCHC định kỳ (quý, 6 tháng, 9 tháng, năm) được gửi đúng hạn?"),
            _q(
                "Công tác tuyên truyền CCHC được thực hiện, cập nhật trên trang thông tin điện tử của xã?"
            ),
        ],
    ),
    (
        "KSTTHC",
        "Kiểm soát thủ tục hành chính",
        [
            _q("Bộ TTHC được niêm yết công khai, đầy đủ, đúng quy định tại Bộ phận một cửa?"),
            _q(
                "Hồ sơ TTHC được tiếp nhận, giải quyết và trả kết quả đúng hạn; sổ theo dõi ghi đầy đủ?",
                "8.5.1",
            ),
            _q("Hồ sơ trễ hạn có phiếu xin lỗi và hẹn lại ngày trả kết quả đúng quy định?", "8.7"),
        ],
    ),
    (
        "ISO",
        "Áp dụng, duy trì HTQLCL theo TCVN ISO 9001:2015",
        [
            _q(
                "Tài liệu sử dụng tại nơi làm việc là bản hiện hành; bản lỗi thời được thu hồi?",
                "7.5.3",
            ),
            _q(
                "Cán bộ, công chức đã đọc và hiểu các quy trình liên quan đến công việc của mình?",
                "7.3",
            ),
            _q(
                "Sự không phù hợp được ghi nhận, xử lý và hành động khắc phục được theo dõi?",
                "10.2",
            ),
        ],
    ),
    (
        "KLKC",
        "Kỷ luật, kỷ cương hành chính",
        [
            _q(
                "Cán bộ, công chức chấp hành thời gian làm việc, đeo thẻ công chức khi thi hành công vụ?"
            ),
            _q("Quy chế văn hóa công sở được thực hiện nghiêm túc?"),
        ],
    ),
    (
        "YKCD",
        "Thực hiện ý kiến chỉ đạo",
        [
            _q(
                "Các nhiệm vụ theo ý kiến chỉ đạo của cấp trên được theo dõi bằng sổ hoặc phần mềm?"
            ),
            _q("Nhiệm vụ được thực hiện và báo cáo kết quả đúng hạn?"),
        ],
    ),
]

DEFAULT_CLAUSE_QUESTIONS = {
    "4": [
        _q(
            "Các vấn đề nội bộ, bên ngoài và yêu cầu của các bên quan tâm được xác định và xem xét?",
            "4.1",
        ),
        _q("Phạm vi HTQLCL được xác định và công bố?", "4.3"),
    ],
    "5": [
        _q("Chính sách chất lượng được phổ biến và thấu hiểu trong cơ quan?", "5.2"),
        _q("Trách nhiệm, quyền hạn (kể cả đại diện lãnh đạo) được phân công rõ ràng?", "5.3"),
    ],
    "6": [
        _q("Rủi ro và cơ hội được xác định, có biện pháp xử lý?", "6.1"),
        _q("Mục tiêu chất lượng được thiết lập, có kế hoạch thực hiện và được theo dõi?", "6.2"),
    ],
    "7": [
        _q("Tài liệu được kiểm soát: bản hiện hành có sẵn tại nơi sử dụng?", "7.5.3"),
        _q("Cán bộ, công chức có năng lực và nhận thức phù hợp với công việc?", "7.2"),
    ],
    "8": [
        _q("Các quá trình giải quyết TTHC được hoạch định và kiểm soát?", "8.1"),
        _q("Đầu ra không phù hợp (hồ sơ trễ hạn, sai sót) được nhận biết và xử lý?", "8.7"),
    ],
    "9": [
        _q("Sự hài lòng của người dân được theo dõi?", "9.1.2"),
        _q(
            "Đánh giá nội bộ và xem xét của lãnh đạo được thực hiện ít nhất mỗi năm một lần?", "9.2"
        ),
    ],
    "10": [
        _q("Sự không phù hợp được xử lý và hành động khắc phục được xác minh hiệu lực?", "10.2"),
        _q("Có các sáng kiến, cơ hội cải tiến được ghi nhận và thực hiện?", "10.3"),
    ],
}
DEFAULT_CLAUSE_TITLES = {
    "4": "Bối cảnh của tổ chức",
    "5": "Sự lãnh đạo",
    "6": "Hoạch định",
    "7": "Hỗ trợ",
    "8": "Thực hiện",
    "9": "Đánh giá kết quả hoạt động",
    "10": "Cải tiến",
}
PROCEDURE_KEY = "PROC"
DEFAULT_PROCEDURE_QUESTIONS = [
    _q("Bản quy trình sử dụng tại nơi làm việc là lần ban hành đang có hiệu lực?", "7.5.3"),
    _q(
        "Hồ sơ được giải quyết theo đúng các bước, trách nhiệm và thời gian của quy trình?", "8.5.1"
    ),
    _q(
        "Biểu mẫu đúng mẫu của quy trình; hồ sơ cần lưu được lưu đúng nơi, đúng thời gian?", "7.5.3"
    ),
]


def default_templates() -> list[TemplateSpec]:
    specs = [
        TemplateSpec(TemplateKind.area, key, title, list(questions), position=i)
        for i, (key, title, questions) in enumerate(DEFAULT_AREAS)
    ]
    specs += [
        TemplateSpec(
            TemplateKind.clause,
            key,
            DEFAULT_CLAUSE_TITLES[key],
            list(DEFAULT_CLAUSE_QUESTIONS[key]),
            position=i,
        )
        for i, key in enumerate(ISO_CLAUSES)
    ]
    specs.append(
        TemplateSpec(
            TemplateKind.procedure,
            PROCEDURE_KEY,
            "Câu hỏi cho mỗi quy trình",
            list(DEFAULT_PROCEDURE_QUESTIONS),
        )
    )
    return specs
