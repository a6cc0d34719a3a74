"""The Vietnamese procedure template: its sections, and checking what a revision carries."""

import hashlib
import json
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.text import nfc
from .durations import Duration, sum_durations

#: Sections every document has (mục đích, phạm vi, tài liệu viện dẫn, định nghĩa/viết tắt, nội dung).
COMMON_SECTIONS = [
    ("muc_dich", _l("Purpose")),
    ("pham_vi", _l("Scope")),
    ("tai_lieu_vien_dan", _l("Referenced documents")),
    ("dinh_nghia", _l("Definitions and abbreviations")),
    ("noi_dung", _l("Content of the procedure")),
]
#: The sub-sections 5.1-5.6 of an administrative procedure (TTHC), in the template's order.
TTHC_SECTIONS = [
    ("co_so_phap_ly", _l("Legal basis")),
    ("ho_so", _l("Dossier components")),
    ("so_luong_ho_so", _l("Number of dossiers")),
    ("thoi_gian", _l("Processing time")),
    ("noi_tiep_nhan", _l("Where dossiers are received and results returned")),
    ("le_phi", _l("Fees and charges")),
]
SECTION_KEYS = [key for key, _label in COMMON_SECTIONS + TTHC_SECTIONS]


@dataclass(frozen=True)
class Part:
    """One numbered heading of the Vietnamese template: a text section of the revision's content
    (stored under its key, so signed content and its hash never change with the numbering), or
    one of the tables: the steps, the forms, the records."""

    number: str  #: "1" ... "5", "5.1" ... "5.7", "6", "7"
    key: str  #: a section key, or "steps", "forms", "records"
    label: object

    @property
    def is_text(self) -> bool:
        return self.key in SECTION_KEYS

    @property
    def is_sub(self) -> bool:
        return "." in self.number

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.label}"


STEPS_LABEL = _l("Work process")
FORMS_LABEL = _l("Forms")
RECORDS_LABEL = _l("Records to keep")


def outline(is_tthc: bool) -> list[Part]:
    """The template's numbering: 1-5, then for a TTHC 5.1 Cơ sở pháp lý ... 5.6 Lệ phí and
    5.7 Quy trình xử lý công việc (the step table), then 6 Biểu mẫu and 7 Hồ sơ cần lưu."""
    parts = [Part(str(n), key, label) for n, (key, label) in enumerate(COMMON_SECTIONS, 1)]
    if is_tthc:
        parts += [Part(f"5.{n}", key, label) for n, (key, label) in enumerate(TTHC_SECTIONS, 1)]
        parts.append(Part(f"5.{len(TTHC_SECTIONS) + 1}", "steps", STEPS_LABEL))
    return parts + [Part("6", "forms", FORMS_LABEL), Part("7", "records", RECORDS_LABEL)]


class Sections(list):
    """The text sections as (key, label) pairs, carrying the whole numbered `outline` along, so
    every page that renders a revision body numbers it the same way."""

    def __init__(self, is_tthc: bool):
        self.outline = outline(is_tthc)
        super().__init__((p.key, p.label) for p in self.outline if p.is_text)


def sections_for(is_tthc: bool) -> Sections:
    return Sections(is_tthc)


_NUMBERS = {part.key: part.number for part in outline(True)}


def section_number(key: str) -> str:
    return _NUMBERS.get(key, "")


def section_label(key: str) -> str:
    """A section's heading with its number, as change locations cite it ("5.1. Legal basis")."""
    label = str(dict(COMMON_SECTIONS + TTHC_SECTIONS).get(key, key))
    number = section_number(key)
    return f"{number}. {label}" if number else label


MAX_SECTION_LENGTH = 50_000


def clean_content(content, errors: dict) -> dict:
    """Known sections only, NFC text."""
    if not isinstance(content, dict):
        errors["content"] = _("The content must be a set of named sections.")
        return {}
    unknown = sorted(set(content) - set(SECTION_KEYS))
    if unknown:
        errors["content"] = _("Unknown sections: %(names)s.", names=", ".join(unknown))
    result = {}
    for key in SECTION_KEYS:
        value = nfc(content.get(key) or "")
        if not isinstance(value, str):
            errors[f"content.{key}"] = _("A section is text.")
        elif len(value) > MAX_SECTION_LENGTH:
            errors[f"content.{key}"] = _("This section is too long.")
        elif value:
            result[key] = value
    return result


def _duration_of(raw, errors: dict, key: str, index: int) -> Duration | None:
    try:
        if isinstance(raw, dict):
            return Duration.from_api(raw)
        if isinstance(raw, str) and raw.strip():
            return Duration.parse(raw)
    except ValueError:
        pass
    errors[key] = _(
        'Step %(n)d: write the time as working days or hours, e.g. "01 ngày làm việc", '
        '"04 giờ làm việc" or "Trong ngày".',
        n=index,
    )
    return None


def clean_steps(steps, errors: dict) -> list[dict]:
    """Step table rows: title, responsible, duration (working time), output."""
    if not isinstance(steps, list):
        errors["steps"] = _("The steps must be a list.")
        return []
    result = []
    for index, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            errors[f"steps.{index}"] = _("Each step needs a title, who is responsible and a time.")
            continue
        title, responsible = nfc(step.get("title") or ""), nfc(step.get("responsible") or "")
        if not title:
            errors[f"steps.{index}.title"] = _("Step %(n)d: describe the work.", n=index)
        if not responsible:
            errors[f"steps.{index}.responsible"] = _("Step %(n)d: say who is responsible.", n=index)
        duration = _duration_of(step.get("duration"), errors, f"steps.{index}.duration", index)
        result.append(
            {
                "title": title,
                "responsible": responsible,
                "output": nfc(step.get("output") or ""),
                "duration": duration.to_storage() if duration else None,
            }
        )
    return result


def steps_total_minutes(steps: list[dict]) -> int:
    return sum_durations(
        Duration.from_storage(s["duration"]) for s in steps if s.get("duration")
    ).minutes


def clean_rows(rows, keys: tuple[str, ...], name: str, errors: dict) -> list[dict]:
    """Forms (code, name, attachment_id) or records (name, keeper, retention)."""
    if not isinstance(rows, list):
        errors[name] = _("This must be a list.")
        return []
    result = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors[f"{name}.{index}"] = _("Row %(n)d is not valid.", n=index)
            continue
        clean = {
            key: nfc(row.get(key) or "") if key != "attachment_id" else row.get(key) for key in keys
        }
        if not clean.get("name"):
            errors[f"{name}.{index}.name"] = _("Row %(n)d: enter a name.", n=index)
        result.append(clean)
    return result


def content_hash(revision) -> str:
    """SHA-256 of exactly what is signed: the document's identity and every controlled field."""
    payload = {
        # The revision's own copy: renaming the procedure cannot change what was signed.
        "procedure": {"code": revision.procedure_code, "title": revision.procedure_title},
        "number": revision.number,
        "content": revision.content,
        "steps": revision.steps,
        "forms": revision.forms,
        "records": revision.records,
        "change_summary": revision.change_summary,
        "change_location": revision.change_location,
        "significant": revision.significant,
    }
    if (revision.hash_version or 1) >= 2:  # the statutory time printed on the issue is signed too
        payload["statutory_minutes"] = revision.statutory_minutes
        payload["hash_version"] = revision.hash_version
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
