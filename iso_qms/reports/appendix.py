"""The PAR-index appendix: the rows of the criteria set a report uses (criteria_sets), notes
computed by named metrics or typed by users, and the .xlsx import of a set."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from ..core import audit
from ..core.errors import ValidationFailed
from ..core.spreadsheets import SpreadsheetRefused, read_rows
from ..core.text import fold, nfc
from ..core.timeutil import MAX_YEAR, end_of, today
from ..extensions import db
from . import criteria_sets as sets
from .compliance import Period
from .criteria_sets import update_criterion  # noqa: F401  (the criteria page and API call it here)
from .models import CriteriaSetStatus, NoteSource, ParCriteriaSet, ParCriterion, ParNote
from .performance_notes import NOTE_METRICS
from .sentences import n2, pct
from .shipped_criteria import DEFAULT_CRITERIA, TTH_2020  # noqa: F401


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
METRICS.update(NOTE_METRICS)  # 3.5.2, 3.5.4, 3.5.5 and 7.2 from the dossier records (issue 14)


def ensure_default_criteria(organisation_id: int) -> int:
    """Give an organisation the shipped Thừa Thiên Huế 2020 set if no set is in its reach."""
    created = sets.ensure_shipped_set(organisation_id)
    return len(DEFAULT_CRITERIA) if created is not None else 0


def criteria_of(
    organisation_id: int, year: int | None = None, as_of: date | None = None
) -> list[ParCriterion]:
    """The criteria in use of the set a report of `year` (default: the newest year in reach)
    as of `as_of` (default today) uses."""
    if year is None:
        years = [s.year for s in sets.sets_in_reach(organisation_id) if s.published]
        if not years:
            return []
        year = max(years)
    return sets.criteria_in(sets.set_for(organisation_id, year, as_of or today()))


def _note_of(organisation_id: int, year: int, period: Period):
    """The organisation's latest note for the period, as written by the as-of date, of the
    criterion of the outer query: a note belongs to the criterion's code in a set of the same
    year, so it carries over to a new version of the set."""
    noted = aliased(ParCriterion)
    noted_set = aliased(ParCriteriaSet)
    return (
        sa.select(ParNote.note)
        .join(noted, noted.id == ParNote.criterion_id)
        .join(noted_set, noted_set.id == noted.set_id)
        .where(
            noted.code == ParCriterion.code,
            noted_set.year == year,
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


ROW_COLUMNS = (
    ParCriterion.id,
    ParCriterion.set_id,
    ParCriterion.active,
    ParCriterion.code,
    ParCriterion.group,
    ParCriterion.text,
    ParCriterion.expected_output,
    ParCriterion.reporting_body,
    ParCriterion.note_source,
    ParCriterion.metric,
)


def _criteria_with_notes(organisation_id: int, criteria_set, period: Period) -> list:
    """Every criterion of the set (in use or not) with its note (_note_of): one query."""
    note = _note_of(organisation_id, criteria_set.year, period)
    return db.session.execute(
        sa.select(*ROW_COLUMNS, note.label("note"))
        .where(ParCriterion.set_id == criteria_set.id)
        .order_by(ParCriterion.position, ParCriterion.id)
    ).all()


def _year_rows(organisation_id: int, year: int, period: Period):
    """The set a report of `year` uses and its criteria with their notes, in one query: the
    rows of every published set of the year in reach, the choice made among them here."""
    chain = sets.chain_cte(organisation_id)
    rows = db.session.execute(
        sa.select(
            *ROW_COLUMNS,
            _note_of(organisation_id, year, period).label("note"),
            chain.c.depth,
            ParCriteriaSet,
        )
        .select_from(ParCriterion)
        .join(ParCriteriaSet, ParCriteriaSet.id == ParCriterion.set_id)
        .join(chain, chain.c.id == ParCriteriaSet.organisation_id)
        .where(ParCriteriaSet.year == year, ParCriteriaSet.status == CriteriaSetStatus.published)
        .order_by(ParCriterion.position, ParCriterion.id)
    ).all()
    return rows


def period_year(period: Period) -> int:
    """The year whose criteria a report uses: the year its period ends in."""
    return period.end.year


def notes_as_of(organisation_id: int, period: Period) -> dict[int, str]:
    """The latest note of each criterion of the set the period uses, as written by the as-of date."""
    criteria_set = sets.set_for(organisation_id, period_year(period), period.as_of)
    if criteria_set is None:
        return {}
    rows = _criteria_with_notes(organisation_id, criteria_set, period)
    return {row.id: row.note for row in rows if row.note is not None}


def appendix_section(organisation_id: int, period: Period, status: dict) -> tuple[dict, list]:
    """The set the report uses (publisher, year, version; `id` None when there is none) and the
    appendix rows of its criteria in use."""
    year = period_year(period)
    criteria_set, rows = _chosen_rows(organisation_id, year, period)
    if criteria_set is None:  # a fresh install may get the shipped set (criteria_sets.set_for)
        criteria_set = sets.set_for(organisation_id, year, period.as_of)
        if criteria_set is not None:
            rows = _criteria_with_notes(organisation_id, criteria_set, period)
    appendix = [_row(criterion, status) for criterion in rows if criterion.active]
    return sets.summary(criteria_set, year), appendix


def _chosen_rows(organisation_id: int, year: int, period: Period):
    rows = _year_rows(organisation_id, year, period)
    if not rows:
        return None, []
    candidates = list({row.ParCriteriaSet.id: row.ParCriteriaSet for row in rows}.values())
    rank = {row.ParCriteriaSet.organisation_id: row.depth for row in rows}
    chosen = sets.choose(candidates, rank, period.as_of)
    return chosen, [row for row in rows if row.set_id == chosen.id]


def _row(criterion, status: dict) -> dict:
    if criterion.note_source is NoteSource.metric and criterion.metric in METRICS:
        note = METRICS[criterion.metric](status)
    else:
        note = criterion.note or ""
    return {
        "tt": criterion.code,
        "group": criterion.group,
        "criterion": criterion.text,
        "expected_output": criterion.expected_output,
        "reporting_body": criterion.reporting_body,
        "note": note,
        "computed": criterion.note_source is NoteSource.metric,
        "criterion_id": criterion.id,
    }


def appendix_rows(organisation_id: int, period: Period, status: dict) -> list[dict]:
    """The appendix rows of the set the report's period uses."""
    return appendix_section(organisation_id, period, status)[1]


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
    #: The version the file went into (the latest one when the file changed nothing).
    criteria_set: ParCriteriaSet | None = None
    removed: int = 0

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.updated or self.removed)


HEADERS = {
    "tt": ("tt", "ma", "ma tieu chi"),
    "group": ("nhom", "linh vuc", "nhom/linh vuc"),
    "text": ("tieu chi", "linh vuc/tieu chi/tieu chi thanh phan", "noi dung"),
    "expected_output": ("san pham dau ra",),
    "reporting_body": ("co quan bao cao",),
    "metric": ("cach tinh", "chi so tinh", "metric"),
}


def _read_items(data: bytes) -> list[dict]:
    """The rows of a criteria workbook, all checked; a bad one refuses the whole file."""
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
    items, errors, seen = [], {}, set()
    for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        value = {key: (row[i] if i < len(row) else "").strip() for key, i in columns.items()}
        if not any(value.values()):
            continue
        if not value.get("tt") or not value.get("text"):
            errors[f"row {line}"] = _("Row %(n)d needs a code (TT) and a criterion.", n=line)
        elif len(value["tt"]) > 20 or len(value.get("group", "")) > 300:
            errors[f"row {line}"] = _("Row %(n)d: the code or the group is too long.", n=line)
        elif value.get("metric") and value["metric"] not in METRICS:
            errors[f"row {line}"] = _("Row %(n)d: unknown metric %(m)s.", n=line, m=value["metric"])
        elif value["tt"] in seen:
            errors[f"row {line}"] = _("Row %(n)d repeats the code %(c)s.", n=line, c=value["tt"])
        seen.add(value.get("tt"))
        items.append(value)
    if errors:
        raise ValidationFailed(
            _("Nothing was imported: correct the rows with errors."), fields=errors
        )
    if not items:
        raise ValidationFailed(fields={"file": _("The file has no criteria.")})
    return items


def _fields(value: dict, position: int) -> dict:
    return {
        "code": value["tt"],
        "group": value.get("group", ""),
        "text": value["text"],
        "position": position,
        "expected_output": value.get("expected_output", ""),
        "reporting_body": value.get("reporting_body", ""),
        "metric": value.get("metric", ""),
        "note_source": NoteSource.metric if value.get("metric") else NoteSource.manual,
        "active": True,
    }


def year_of(name: str, year) -> int:
    """The set's year: the one given, else a year written in its name ("Thừa Thiên Huế 2021"),
    else this year (the page and the API always ask for it)."""
    if year in (None, ""):
        found = re.search(r"\b(20\d\d)\b", name or "")
        year = found.group(1) if found else today().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= MAX_YEAR:
        raise ValidationFailed(fields={"year": year_message()})
    return year


def year_message() -> str:
    return _("Enter a year such as 2021.")


def import_criteria(
    organisation_id: int,
    criteria_set: str,
    data: bytes,
    actor,
    *,
    year: int | None = None,
    publish: bool = True,
    basis: str = "",
) -> ImportedCriteria:
    """Import a set of one year from .xlsx (TT, nhóm, tiêu chí, sản phẩm đầu ra, cơ quan báo cáo,
    cách tính); all rows or none. The file goes into the year's draft, else into a new version
    (a published set is never changed); with `publish` that version is published at once. A file
    equal to the latest version of the year makes no new version. Other years are untouched."""
    name = nfc(criteria_set or "").strip()[:100]
    items = _read_items(data)
    year = year_of(name, year)
    target = sets.draft_of(organisation_id, year)
    previous = target or _latest(organisation_id, year)
    before = {c.code: c for c in sets.criteria_in(previous, active_only=False)}
    wanted = [_fields(value, position) for position, value in enumerate(items, start=1)]
    codes = {f["code"] for f in wanted}
    created = sum(1 for f in wanted if f["code"] not in before or not before[f["code"]].active)
    updated = sum(
        1
        for f in wanted
        if f["code"] in before
        and before[f["code"]].active
        and any(getattr(before[f["code"]], k) != v for k, v in f.items())
    )
    removed = sum(1 for code, c in before.items() if c.active and code not in codes)
    result = ImportedCriteria(created, updated, previous, removed)
    if target is None and previous is not None and result.unchanged:
        return result  # the same file again: no new version
    if target is None:
        target = ParCriteriaSet(
            organisation_id=organisation_id,
            year=year,
            version=sets.next_version(organisation_id, year),
            created_by_id=actor.id,
        )
        db.session.add(target)
        before = {}
    target.name = name or f"{year}"
    target.basis = nfc(basis or target.basis or "").strip()[:300]
    db.session.flush()
    _write_rows(target, before, wanted)
    result.criteria_set = target
    audit.record(
        "par_criteria.import",
        target,
        actor=actor,
        organisation_id=organisation_id,
        new={
            "set": target.name,
            "year": year,
            "version": target.version,
            "created": created,
            "updated": updated,
            "removed": removed,
        },
    )
    if publish:
        sets.publish_set(target, actor)
    return result


def _latest(organisation_id: int, year: int) -> ParCriteriaSet | None:
    return db.session.scalar(
        sa.select(ParCriteriaSet)
        .where(
            ParCriteriaSet.organisation_id == organisation_id,
            ParCriteriaSet.year == year,
            ParCriteriaSet.status == CriteriaSetStatus.published,
        )
        .order_by(ParCriteriaSet.version.desc())
        .limit(1)
    )


def _write_rows(target: ParCriteriaSet, draft_rows: dict, wanted: list[dict]) -> None:
    """The draft's rows become the file's; rows no longer in the file are taken out of use."""
    codes = {f["code"] for f in wanted}
    for fields in wanted:
        current = draft_rows.get(fields["code"])
        if current is None:
            db.session.add(
                ParCriterion(organisation_id=target.organisation_id, set_id=target.id, **fields)
            )
        else:
            for key, v in fields.items():
                if getattr(current, key) != v:
                    setattr(current, key, v)
    for code, current in draft_rows.items():
        if code not in codes and current.active:
            current.active = False
    db.session.flush()
