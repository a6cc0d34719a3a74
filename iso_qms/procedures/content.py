"""The Vietnamese procedure template: its sections, and checking what a revision carries."""

import hashlib
import json

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
    ("noi_dung", _l("Content")),
]
#: Sections of an administrative procedure (TTHC): hồ sơ, thời gian, nơi tiếp nhận, lệ phí.
TTHC_SECTIONS = [
    ("ho_so", _l("Dossier components")),
    ("thoi_gian", _l("Processing time")),
    ("noi_tiep_nhan", _l("Where dossiers are received and results returned")),
    ("le_phi", _l("Fees and charges")),
]
SECTION_KEYS = [key for key, _label in COMMON_SECTIONS + TTHC_SECTIONS]
MAX_SECTION_LENGTH = 50_000


def sections_for(is_tthc: bool) -> list[tuple[str, object]]:
    return COMMON_SECTIONS + (TTHC_SECTIONS if is_tthc else [])


def section_label(key: str) -> str:
    return str(dict(COMMON_SECTIONS + TTHC_SECTIONS).get(key, key))


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
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
