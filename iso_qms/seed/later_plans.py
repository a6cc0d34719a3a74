"""The yearly template of the later years (data/later_years.json) filled for one year: each year's
plan (Kế hoạch …/KH-UBND: number, day, reference) and the year's rounds, review and revisions with
{year}, {next} … filled in (seed/later_years.py plays them)."""

from datetime import date, timedelta
from typing import Any

from ..core.timeutil import is_working_day

FIRST_YEAR = 2021
DATE_KEYS = ("_on", "_date", "_due", "_day")


def _workday(day: date) -> date:
    """The day itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


class _Names(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # filled later (the plan's number and day)


def _fill(value: Any, names: dict[str, str]) -> Any:
    """The data with {year}, {next} … filled in; ISO strings under date keys become dates."""
    if isinstance(value, str):
        return value.format_map(_Names(names)) if "{" in value else value
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = _fill(item, names)
            if isinstance(item, str) and key.endswith(DATE_KEYS) and item[:2] in ("19", "20"):
                item = date.fromisoformat(item)
            out[key] = item
        return out
    return value


def _plans(data: dict, last: int) -> dict[int, dict]:
    """Each year's plan: its number, day and reference (the year after's too, for the review)."""
    plans = {}
    for year in range(FIRST_YEAR, last + 2):
        own = data["years"].get(str(year), {})
        number = own.get("plan_no") or f"{5 + year % 7:02d}"
        day = own.get("plan_day") or _workday(date(year, 1, 10))
        if isinstance(day, str):
            day = date.fromisoformat(day)
        ref = data["year"]["plan_ref"].format(plan_no=number, plan_day=day.strftime("%d/%m/%Y"))
        plans[year] = {"plan_no": number, "plan_day": day, "plan_ref": ref}
    for year in range(FIRST_YEAR, last + 1):
        plans[year]["next_plan_day"] = plans[year + 1]["plan_day"]
        plans[year]["next_plan_ref"] = plans[year + 1]["plan_ref"]
    return plans


def _year(data: dict, year: int, plans: dict) -> tuple[dict, dict]:
    names = {"year": str(year), "next": str(year + 1), "prev": str(year - 1)}
    names["next_plan_ref"] = plans[year]["next_plan_ref"]
    template = _fill(data["year"], names)
    own = data["years"].get(str(year), {})
    merged = {**data["years"]["default"], **own}
    merged = _fill({k: v for k, v in merged.items() if k not in ("plan_no", "plan_day")}, names)
    return template, merged
