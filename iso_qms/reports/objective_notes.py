"""The quality objectives (mục tiêu chất lượng, ISO 9001:2015 6.2) in the báo cáo CCHC: the
`objectives` of the report's JSON and the sentences of sections III.1 and III.2.

Which objectives: those of the year the period ends in, each in the version in force (approved)
by the end of the as-of date; each weighed over the year so far as of that date
(performance.objective_status). A bounded number of queries whatever their number: the objectives
and their versions in one, the typed values of the manual ones in one, each metric once.

What the sentences say (README, "Quality objectives in the reform report"):
- once the year is over on the as-of date, the objectives whose value misses the target are
  "không đạt";
- before that, those whose value misses the target so far are "chưa đạt tại thời điểm báo cáo"
  (true of the value known then; the year may still bring them to target);
- an objective without a value (no dossier imported, nothing typed) is neither: "chưa có dữ liệu"
  in the JSON, not named in the sentences;
- III.1 counts those achieved (n/N of the objectives in force) when there is at least one.
"""

from datetime import date

import sqlalchemy as sa

from ..core.timeutil import end_of
from ..extensions import db
from .sentences import n2, pct


def _objectives_in_force(org_id: int, year: int, as_of: date) -> list:
    """The year's objectives with a version approved by the end of the day, their versions
    loaded with them (one query)."""
    from ..performance.objective_models import QualityObjective

    found = (
        db.session.scalars(
            sa.select(QualityObjective)
            .where(QualityObjective.organisation_id == org_id, QualityObjective.year == year)
            .options(sa.orm.joinedload(QualityObjective.versions))
            .order_by(QualityObjective.number)
        )
        .unique()
        .all()
    )
    known = end_of(as_of)
    return [o for o in found if o.in_force(known) is not None]


def _item(s) -> dict:
    v = s.version
    return {
        "reference": s.objective.reference,
        "text": v.text,
        "indicator": v.indicator,
        "version": v.version,
        "target": {
            "op": v.target_op.value,
            "value": v.target_value,
            "unit": v.target_unit,
            "label": v.target_label,
        },
        "value": s.value,
        "achieved": s.achieved,
        "state": s.state,
    }


def objective_figures(org_id: int, period) -> dict:
    """`objectives` of the report: the year's objectives in force as of the date, their value,
    verdict (True / False / None for no data) and the counts."""
    # objective_status builds on compliance.Period: imported here, not at the top
    from ..performance.objective_status import standings, year_period

    year = period.end.year
    objectives = _objectives_in_force(org_id, year, period.as_of)
    items = [_item(s) for s in standings(objectives, period.as_of)]
    whole_year = year_period(year, period.as_of)
    return {
        "year": year,
        "year_over": bool(whole_year and whole_year.as_of >= whole_year.end),
        "items": items,
        "total": len(items),
        "achieved": sum(1 for i in items if i["achieved"] is True),
        "not_achieved": sum(1 for i in items if i["achieved"] is False),
        "no_data": sum(1 for i in items if i["achieved"] is None),
    }


def _number(value: float, unit: str, digits: int = 1) -> str:
    if unit == "%" and digits == 1:
        return pct(value)
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".").replace(".", ",")
    return text + (unit if unit in ("%", "") else f" {unit}")


def _result(item: dict) -> str:
    """ "MTCL-01/2020: kết quả 99,9%, chỉ tiêu ≥ 100%"; a value short of its target is never
    rounded onto it (99,96% against 100% shows 99,96%)."""
    target = item["target"]
    shown = _number(item["value"], target["unit"])
    if shown == _number(target["value"], target["unit"]):
        shown = _number(item["value"], target["unit"], digits=4)
    return f"{item['reference']}: kết quả {shown}, chỉ tiêu {target['label']}"


def _quoted(text: str) -> str:
    """The objective's text inside the sentence: without its full stop, and with " - " as an en
    dash (III.2 is split into its items at " - ")."""
    return " ".join(text.split()).rstrip(".").replace(" - ", " – ")


def _objectives(status: dict) -> dict | None:
    found = status.get("objectives")
    return found if found and found.get("total") else None


def objectives_weakness(status: dict) -> str:
    """Section III.2: the objectives not met, "" when none is."""
    o = _objectives(status)
    if o is None or not o["not_achieved"]:
        return ""
    missed = [i for i in o["items"] if i["achieved"] is False]
    verdict = "không đạt" if o["year_over"] else "chưa đạt tại thời điểm báo cáo"
    lead = "Có" if o["year_over"] else "Còn"
    listed = "; ".join(f"“{_quoted(i['text'])}” ({_result(i)})" for i in missed)
    return (
        f"{lead} {n2(len(missed))}/{n2(o['total'])} mục tiêu chất lượng năm {o['year']} "
        f"{verdict}: {listed}."
    )


def objectives_strength(status: dict) -> str:
    """Section III.1: how many objectives were achieved, "" when none was."""
    o = _objectives(status)
    if o is None or not o["achieved"]:
        return ""
    when = "" if o["year_over"] else " tại thời điểm báo cáo"
    return (
        f"Có {n2(o['achieved'])}/{n2(o['total'])} mục tiêu chất lượng năm {o['year']} đạt chỉ "
        f"tiêu đề ra{when}."
    )
