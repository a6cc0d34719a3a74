"""The roll-up for the level above: one row per organisation below, with the total.

The rows come from grouped queries over all the organisations at once (`aggregate.figures`);
`row_from_status` gives the same row from one organisation's full status, which the tests use to
hold the two to the same figures.
"""

from ..accounts.models import Organisation
from ..accounts.tree import name_on
from ..performance.figures import percent
from . import aggregate
from .compliance import Period
from .tree_rows import TreeRow, rows_below


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1)


def _ack(people: int, read: int, percent: float | None, not_yet_due: int, overdue: int) -> dict:
    """Reading in a row: read, not yet due and overdue people apart (they add up to people)."""
    return {
        "people": people,
        "acknowledged": read,
        "coverage_percent": percent,
        "not_yet_due": not_yet_due,
        "overdue": overdue,
    }


def on_time(performance: dict | None) -> dict | None:
    """The on-time column (issue 14): dossiers resolved with an appointment, those early or on
    time, the rate; None when no dossier was imported ("chưa có dữ liệu", never 0%)."""
    if not performance or not performance.get("has_data"):
        return None
    timed = performance["early"] + performance["on_time"] + performance["late"]
    return {
        "resolved": timed,
        "in_time": performance["early"] + performance["on_time"],
        "percent": performance["on_time_percent"],
    }


def _row(org: Organisation, figures: dict, name: str | None = None) -> dict:
    compliant, total = figures["c342"]
    coverage = figures["coverage"]
    open_, overdue = figures["actions"]
    return {
        "id": org.id,
        "code": org.code,
        "name": name or org.name,
        # imported dossiers are data too (issue 14)
        "has_data": figures["has_data"] or on_time(figures.get("performance")) is not None,
        "announcement": figures["announcement"],
        "c342": {"compliant": compliant, "total": total, "percent": _percent(compliant, total)}
        if total
        else None,
        # Nothing in force: nothing to have read, so no figure (not "2/2 (100%)").
        "ack": (
            _ack(
                coverage.people,
                coverage.acknowledged,
                coverage.percent,
                coverage.not_yet_due,
                coverage.late,
            )
            if figures["has_data"] and coverage.people and figures["in_force"]
            else None
        ),
        "rounds": figures["rounds"],
        "actions_open": open_,
        "actions_overdue": overdue,
        "on_time": on_time(figures.get("performance")),
    }


def row_from_status(org: Organisation, status: dict) -> dict:
    """The roll-up row of one organisation from its `compliance_status`."""
    c, a = status["criterion_3_4_2"], status["acknowledgement"]
    return {
        "id": org.id,
        "code": org.code,
        "name": org.name,
        "has_data": status["has_data"] or on_time(status.get("performance")) is not None,
        "announcement": (
            {k: status["announcement"][k] for k in ("ordinal", "decision_no", "decision_date")}
            if status["announcement"]
            else None
        ),
        "c342": {"compliant": c["compliant"], "total": c["total"], "percent": c["percent"]}
        if c["total"]
        else None,
        "ack": (
            _ack(
                a["people"],
                a["acknowledged"],
                a["coverage_percent"],
                a["not_yet_due"],
                a["overdue"],
            )
            if status["has_data"] and a["coverage_percent"] is not None
            else None
        ),
        "rounds": len(status["rounds"]),
        "actions_open": status["actions"]["open"],
        "actions_overdue": status["actions"]["overdue"],
        "on_time": on_time(status.get("performance")),
    }


def _totals(rows: list[dict]) -> dict:
    with_data = [r for r in rows if r["has_data"]]
    compliant = sum(r["c342"]["compliant"] for r in with_data if r["c342"])
    total = sum(r["c342"]["total"] for r in with_data if r["c342"])
    people = sum(r["ack"]["people"] for r in with_data if r["ack"])
    read = sum(r["ack"]["acknowledged"] for r in with_data if r["ack"])
    return {
        "name": "Tổng cộng",
        "has_data": bool(with_data),
        "organisations": len(rows),
        "organisations_with_data": len(with_data),
        "announcement": None,
        "c342": {
            "compliant": compliant,
            "total": total,
            "percent": round(100.0 * compliant / total, 1) if total else None,
        }
        if total
        else None,
        "ack": _ack(
            people,
            read,
            round(100.0 * read / people, 1),
            sum(r["ack"]["not_yet_due"] for r in with_data if r["ack"]),
            sum(r["ack"]["overdue"] for r in with_data if r["ack"]),
        )
        if people
        else None,
        "rounds": sum(r["rounds"] for r in rows),
        "actions_open": sum(r["actions_open"] for r in rows),
        "actions_overdue": sum(r["actions_overdue"] for r in rows),
        "on_time": _on_time_total(rows),
    }


def _on_time_total(rows: list[dict]) -> dict | None:
    counted = [r["on_time"] for r in rows if r.get("on_time")]
    if not counted:
        return None
    resolved = sum(c["resolved"] for c in counted)
    in_time = sum(c["in_time"] for c in counted)
    return {"resolved": resolved, "in_time": in_time, "percent": percent(in_time, resolved)}


def _tree_row(row: TreeRow, figures: dict) -> dict:
    """A row as the tree stood: its name then; for one that ended during the period, its last day
    below (`until`); for one made by a reorganisation, whether its system is not yet announced.
    The keys are added only where the tree changed, so an unchanged tree's roll-up keeps its bytes."""
    org = row.organisation
    result = _row(org, figures[org.id], row.name)
    if row.until is not None:
        result["until"] = row.until.isoformat()
    if row.reorganised:
        result["not_yet_announced"] = result["announcement"] is None
    return result


def rollup(supervising: Organisation, period: Period) -> dict:
    """The organisations directly below `supervising` on the as-of date (and those below it during
    the period up to their change), each computed as of the same date."""
    name, below = rows_below(supervising.id, period)
    figures = aggregate.figures([row.organisation.id for row in below], period)
    rows = [_tree_row(row, figures) for row in below]
    return {
        "organisation": {
            "id": supervising.id,
            "code": supervising.code,
            "name": name or name_on(supervising, period.as_of),
        },
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "as_of": period.as_of.isoformat(),
        },
        "rows": rows,
        "totals": _totals(rows),
    }
