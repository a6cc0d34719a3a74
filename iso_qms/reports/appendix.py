"""The PAR-index appendix: criteria as data, notes computed by named metrics or typed by users."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ..core import audit
from ..core.errors import ValidationFailed
from ..core.spreadsheets import SpreadsheetRefused, read_rows
from ..core.text import fold, nfc
from ..core.timeutil import end_of
from ..extensions import db
from .compliance import Period
from .models import NoteSource, ParCriterion, ParNote
from .sentences import n2, pct

TTH_2020 = "Thừa Thiên Huế 2020"

#: The criteria of the real appendix (Công văn 1301/UBND ngày 07/9/2020), 3.4.2 computed.
DEFAULT_CRITERIA = [
    (
        "1.1.1",
        "Công tác chỉ đạo điều hành CCHC / Kế hoạch CCHC",
        "Ban hành kế hoạch CCHC",
        "Kế hoạch CCHC 2020",
        "Phòng Nội vụ",
        "",
    ),
    (
        "1.1.2",
        "Công tác chỉ đạo điều hành CCHC / Kế hoạch CCHC",
        "Mức độ hoàn thành kế hoạch CCHC",
        "Đảm bảo hoàn thành trên 90% các nhiệm vụ đã được đề ra tại Kế hoạch CCHC; báo cáo CCHC năm 2020 "
        "đánh giá rõ số lượng nhiệm vụ đã hoàn thành",
        "Các cơ quan, đơn vị, các xã, thị trấn; Phòng Nội vụ",
        "",
    ),
    (
        "1.4.2",
        "Công tác tuyên truyền CCHC",
        "Thực hiện các hình thức tuyên truyền CCHC",
        "Danh mục tin, bài tuyên truyền CCHC trên Trang thông tin điện tử năm 2019 và năm 2020; số lượng "
        "tin, bài năm 2020 tăng 15% trở lên so với năm 2019",
        "11 xã, thị trấn",
        "",
    ),
    (
        "3.2.2",
        "Công bố, công khai TTHC và kết quả giải quyết hồ sơ",
        "Cơ quan chuyên môn cấp huyện, UBND cấp xã công khai TTHC đầy đủ, đúng quy định tại nơi tiếp nhận, "
        "giải quyết TTHC",
        "Hình ảnh bảng niêm yết tại nơi tiếp nhận hồ sơ; niêm yết đầy đủ, đúng quy định",
        "Các cơ quan chuyên môn, UBND các xã, thị trấn",
        "",
    ),
    (
        "3.2.3",
        "Công bố, công khai TTHC và kết quả giải quyết hồ sơ",
        "Công khai TTHC trên Trang TTĐT của các cơ quan, đơn vị",
        "Hình ảnh công khai tại bảng niêm yết, đường link niêm yết công khai tại Trang thông tin điện tử",
        "UBND các xã, thị trấn, BPTNTKQ hiện đại các xã, thị trấn",
        "",
    ),
    (
        "3.2.4",
        "Công bố, công khai TTHC và kết quả giải quyết hồ sơ",
        "Công khai tiến độ, kết quả giải quyết hồ sơ TTHC trên Trang TTĐT của huyện, UBND cấp xã",
        "Công khai chậm nhất 5 ngày kể từ hạn cuối yêu cầu báo cáo tháng, quý",
        "UBND các xã, thị trấn; Bộ phận tiếp nhận và trả kết quả hiện đại cấp xã",
        "",
    ),
    (
        "3.3.1",
        "Thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "TTHC được tiếp nhận, trả kết quả tại TT HCC cấp huyện và Bộ phận Tiếp nhận và trả kết quả cấp xã",
        "100% TTHC thuộc thẩm quyền của UBND cấp xã được tiếp nhận qua phần mềm xử lý dịch vụ công tập "
        "trung và tại BPTNTKQ hiện đại cấp xã",
        "Bộ phận tiếp nhận và trả kết quả hiện đại cấp xã",
        "",
    ),
    (
        "3.4.2",
        "Cập nhật TTHC trên phần mềm",
        "TTHC được UBND cấp xã cập nhật và thiết lập đúng theo quy trình trên phần mềm",
        "Bảng thống kê TTHC được cập nhật và thiết lập quy trình trên phần mềm; 100% TTHC khi thiết lập quy "
        "trình tổng số thời gian thiết lập không được vượt quá thời gian xử lý",
        "UBND 11 xã, thị trấn",
        "criterion_3_4_2",
    ),
    (
        "3.5.2",
        "Kết quả giải quyết hồ sơ TTHC",
        "Hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn",
        "Trên 95% TTHC được tiếp nhận, xử lý, trả kết quả trước và đúng thời hạn",
        "UBND các xã, thị trấn",
        "",
    ),
    (
        "3.5.4",
        "Kết quả giải quyết hồ sơ TTHC",
        "Thực hiện việc xin lỗi người dân, tổ chức khi để xảy ra trễ hạn trong giải quyết hồ sơ TTHC",
        "100% TTHC trễ hạn được phát hành thư xin lỗi người dân",
        "Trung tâm hành chính công huyện; UBND các xã, thị trấn",
        "",
    ),
    (
        "3.5.5",
        "Kết quả giải quyết hồ sơ TTHC",
        "Thực hiện cập nhật, số hóa trên phần mềm",
        "100% TTHC được tiếp nhận tại Bộ phận TNTKQ hiện đại cấp xã được số hóa cả đầu vào và đầu ra",
        "Trung tâm hành chính công huyện; UBND các xã, thị trấn",
        "",
    ),
    (
        "3.5.6",
        "Kết quả giải quyết hồ sơ TTHC",
        "Thực hiện tạo tài khoản người sử dụng trên phần mềm",
        "100% người dân đến giải quyết TTHC được tạo tài khoản",
        "Trung tâm hành chính công huyện; UBND các xã, thị trấn",
        "",
    ),
    (
        "3.6.1",
        "Tiếp nhận, xử lý phản ánh, kiến nghị (PAKN) của cá nhân, tổ chức đối với TTHC",
        "Tổ chức thực hiện việc tiếp nhận PAKN của cá nhân, tổ chức đối với TTHC",
        "Hình ảnh niêm yết công khai địa chỉ, điện thoại tiếp nhận; quy trình tiếp nhận PAKN",
        "Văn phòng HĐND và UBND huyện; UBND các xã, thị trấn",
        "",
    ),
    (
        "7.1.1",
        "Hiện đại hóa hành chính / Ứng dụng CNTT",
        "Kết quả đánh giá xây dựng chính quyền điện tử",
        "Căn cứ kết quả đánh giá xây dựng chính quyền điện tử năm 2020",
        "Phòng Văn hóa và Thông tin; Văn phòng HĐND và UBND huyện",
        "",
    ),
    (
        "7.2",
        "Hiện đại hóa hành chính",
        "Thực hiện tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích (BCCI)",
        "Từ 15% hồ sơ TTHC được tiếp nhận qua dịch vụ BCCI tại UBND cấp xã",
        "UBND các xã, thị trấn",
        "",
    ),
]


def _note_3_4_2(status: dict) -> str:
    c = status["criterion_3_4_2"]
    if not c["total"]:
        return "- Chưa có quy trình giải quyết TTHC đang áp dụng."
    text = (
        f"- Danh sách quy trình thực hiện (3.4.2): {n2(c['compliant'])}/{n2(c['total'])} quy trình "
        f"({pct(c['percent'])}) có tổng thời gian các bước không vượt quá thời gian xử lý"
    )
    over = [i["code"] for i in c["items"] if not i["compliant"]]
    return text + (f"; vượt thời gian: {', '.join(over)}." if over else ".")


#: Named metrics a criterion's note can be computed by.
METRICS: dict[str, Callable[[dict], str]] = {"criterion_3_4_2": _note_3_4_2}


def ensure_default_criteria(organisation_id: int) -> int:
    """Give an organisation the Thừa Thiên Huế 2020 set if it has no criteria yet."""
    if db.session.scalar(
        sa.select(ParCriterion.id).where(ParCriterion.organisation_id == organisation_id).limit(1)
    ):
        return 0
    db.session.execute(
        sa.insert(ParCriterion),
        [
            {
                "organisation_id": organisation_id,
                "criteria_set": TTH_2020,
                "position": i,
                "code": code,
                "group": group,
                "text": text,
                "expected_output": output,
                "reporting_body": body,
                "note_source": NoteSource.metric if metric else NoteSource.manual,
                "metric": metric,
                "active": True,
                "lock_version": 1,
            }
            for i, (code, group, text, output, body, metric) in enumerate(DEFAULT_CRITERIA, start=1)
        ],
    )
    return len(DEFAULT_CRITERIA)


def criteria_of(organisation_id: int) -> list[ParCriterion]:
    return list(
        db.session.scalars(
            sa.select(ParCriterion)
            .where(ParCriterion.organisation_id == organisation_id, ParCriterion.active.is_(True))
            .order_by(ParCriterion.position, ParCriterion.id)
        )
    )


def notes_as_of(organisation_id: int, period: Period) -> dict[int, str]:
    """The latest note of each criterion for this period, as written by the as-of date."""
    rows = db.session.execute(
        sa.select(ParNote.criterion_id, ParNote.note)
        .where(
            ParNote.organisation_id == organisation_id,
            ParNote.period_start == period.start,
            ParNote.period_end == period.end,
            ParNote.created_at < end_of(period.as_of),
        )
        .order_by(ParNote.created_at, ParNote.id)
    ).all()
    return dict(rows)  # later rows overwrite earlier ones


def _criteria_with_notes(organisation_id: int, period: Period) -> list:
    """Every criterion of the organisation (in use or not) with its latest note for the period as
    written by the as-of date (notes_as_of's rule): one query."""
    note = (
        sa.select(ParNote.note)
        .where(
            ParNote.criterion_id == ParCriterion.id,
            ParNote.organisation_id == organisation_id,
            ParNote.period_start == period.start,
            ParNote.period_end == period.end,
            ParNote.created_at < end_of(period.as_of),
        )
        .order_by(ParNote.created_at.desc(), ParNote.id.desc())
        .limit(1)
        .correlate(ParCriterion)
        .scalar_subquery()
    )
    return db.session.execute(
        sa.select(
            ParCriterion.id,
            ParCriterion.active,
            ParCriterion.code,
            ParCriterion.group,
            ParCriterion.text,
            ParCriterion.expected_output,
            ParCriterion.reporting_body,
            ParCriterion.note_source,
            ParCriterion.metric,
            note.label("note"),
        )
        .where(ParCriterion.organisation_id == organisation_id)
        .order_by(ParCriterion.position, ParCriterion.id)
    ).all()


def appendix_rows(organisation_id: int, period: Period, status: dict) -> list[dict]:
    """The appendix rows of the criteria in use; the shipped set is given to an organisation that
    has none yet (ensure_default_criteria), so the usual report reads the criteria once."""
    criteria = _criteria_with_notes(organisation_id, period)
    if not criteria and ensure_default_criteria(organisation_id):
        criteria = _criteria_with_notes(organisation_id, period)
    rows = []
    for criterion in criteria:
        if not criterion.active:
            continue
        if criterion.note_source is NoteSource.metric and criterion.metric in METRICS:
            note = METRICS[criterion.metric](status)
        else:
            note = criterion.note or ""
        rows.append(
            {
                "tt": criterion.code,
                "group": criterion.group,
                "criterion": criterion.text,
                "expected_output": criterion.expected_output,
                "reporting_body": criterion.reporting_body,
                "note": note,
                "computed": criterion.note_source is NoteSource.metric,
                "criterion_id": criterion.id,
            }
        )
    return rows


def save_note(
    organisation_id: int, criterion: ParCriterion, period: Period, note: str, actor
) -> ParNote:
    """Write (append) the note of a manual criterion for a period."""
    if criterion.note_source is NoteSource.metric:
        raise ValidationFailed(
            fields={"note": _("This criterion's note is computed from the records.")}
        )
    row = ParNote(
        organisation_id=organisation_id,
        criterion_id=criterion.id,
        period_start=period.start,
        period_end=period.end,
        note=nfc(note or ""),
        written_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "par_note.write",
        row,
        actor=actor,
        organisation_id=organisation_id,
        new={"criterion": criterion.code, "from": period.start, "to": period.end},
    )
    return row


@dataclass
class ImportedCriteria:
    created: int
    updated: int


HEADERS = {
    "tt": ("tt", "ma", "ma tieu chi"),
    "group": ("nhom", "linh vuc", "nhom/linh vuc"),
    "text": ("tieu chi", "linh vuc/tieu chi/tieu chi thanh phan", "noi dung"),
    "expected_output": ("san pham dau ra",),
    "reporting_body": ("co quan bao cao",),
    "metric": ("cach tinh", "chi so tinh", "metric"),
}


def import_criteria(
    organisation_id: int, criteria_set: str, data: bytes, actor
) -> ImportedCriteria:
    """Import a criteria set from .xlsx (TT, nhóm, tiêu chí, sản phẩm đầu ra, cơ quan báo cáo,
    cách tính); all rows or none."""
    try:
        rows = [
            [nfc(str(c)) if c is not None else "" for c in row]
            for row in read_rows(data, active=True)
        ]
    except SpreadsheetRefused as exc:
        raise ValidationFailed(fields={"file": str(exc)}) from None
    header_at = next((i for i, row in enumerate(rows[:10]) if "tt" in [fold(c) for c in row]), None)
    if header_at is None:
        raise ValidationFailed(fields={"file": _('No header row with a "TT" column was found.')})
    columns = {}
    for index, title in enumerate(fold(c) for c in rows[header_at]):
        for key, names in HEADERS.items():
            if title in names and key not in columns:
                columns[key] = index
    if "text" not in columns:
        raise ValidationFailed(fields={"file": _('The file needs a "Tiêu chí" column.')})
    items, errors = [], {}
    for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        value = {key: (row[i] if i < len(row) else "").strip() for key, i in columns.items()}
        if not any(value.values()):
            continue
        if not value.get("tt") or not value.get("text"):
            errors[f"row {line}"] = _("Row %(n)d needs a code (TT) and a criterion.", n=line)
        elif value.get("metric") and value["metric"] not in METRICS:
            errors[f"row {line}"] = _("Row %(n)d: unknown metric %(m)s.", n=line, m=value["metric"])
        items.append(value)
    if errors:
        raise ValidationFailed(
            _("Nothing was imported: correct the rows with errors."), fields=errors
        )
    existing = {
        c.code: c
        for c in db.session.scalars(
            sa.select(ParCriterion).where(
                ParCriterion.organisation_id == organisation_id,
                ParCriterion.criteria_set == criteria_set,
            )
        )
    }
    created = updated = 0
    for position, value in enumerate(items, start=1):
        fields = {
            "group": value.get("group", ""),
            "text": value["text"],
            "position": position,
            "expected_output": value.get("expected_output", ""),
            "reporting_body": value.get("reporting_body", ""),
            "metric": value.get("metric", ""),
            "note_source": NoteSource.metric if value.get("metric") else NoteSource.manual,
            "active": True,
        }
        current = existing.get(value["tt"])
        if current is None:
            db.session.add(
                ParCriterion(
                    organisation_id=organisation_id,
                    criteria_set=criteria_set,
                    code=value["tt"],
                    **fields,
                )
            )
            created += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for key, v in fields.items():
                setattr(current, key, v)
            updated += 1
    others = db.session.scalars(
        sa.select(ParCriterion).where(
            ParCriterion.organisation_id == organisation_id,
            ParCriterion.criteria_set != criteria_set,
        )
    )
    for other in others:  # one set is in use at a time
        other.active = False
    db.session.flush()
    audit.record(
        "par_criteria.import",
        None,
        actor=actor,
        organisation_id=organisation_id,
        new={"set": criteria_set, "created": created, "updated": updated},
    )
    return ImportedCriteria(created, updated)


def update_criterion(
    criterion: ParCriterion, actor, data: dict, lock_version: int | None
) -> ParCriterion:
    """An administrator edits one criterion of the set in use."""
    from ..core.errors import EditConflict

    if lock_version is not None and lock_version != criterion.lock_version:
        raise EditConflict()
    if data.get("metric") and data["metric"] not in METRICS:
        raise ValidationFailed(fields={"metric": _("Unknown metric.")})
    data = {k: nfc(v) if isinstance(v, str) else v for k, v in data.items()}
    data["note_source"] = NoteSource.metric if data.get("metric") else NoteSource.manual
    old = {k: getattr(criterion, k) for k in data if getattr(criterion, k) != data[k]}
    for key in old:
        setattr(criterion, key, data[key])
    if old:
        db.session.flush()
        audit.record(
            "par_criterion.update", criterion, actor=actor, old=old, new={k: data[k] for k in old}
        )
    return criterion
