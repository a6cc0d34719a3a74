"""The roll-up for the level above: one row per organisation below, with the total.

The rows come from grouped queries over all the organisations at once (`aggregate.figures`);
`row_from_status` gives the same row from one organisation's full status, which the tests use to
hold the two to the same figures.
"""

import sqlalchemy as sa

from ..accounts.models import Organisation
from ..extensions import db
from . import aggregate
from .compliance import Period


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1)


def _row(org: Organisation, figures: dict) -> dict:
    compliant, total = figures["c342"]
    coverage = figures["coverage"]
    open_, overdue = figures["actions"]
    return {
        "id": org.id,
        "code": org.code,
        "name": org.name,
        "has_data": figures["has_data"],
        "announcement": figures["announcement"],
        "c342": {"compliant": compliant, "total": total, "percent": _percent(compliant, total)}
        if total
        else None,
        "ack": (
            {
                "people": coverage.people,
                "acknowledged": coverage.acknowledged,
                "coverage_percent": coverage.percent,
            }
            if figures["has_data"] and coverage.people
            else None
        ),
        "rounds": figures["rounds"],
        "actions_open": open_,
        "actions_overdue": overdue,
    }


def row_from_status(org: Organisation, status: dict) -> dict:
    """The roll-up row of one organisation from its `compliance_status`."""
    c, a = status["criterion_3_4_2"], status["acknowledgement"]
    return {
        "id": org.id,
        "code": org.code,
        "name": org.name,
        "has_data": status["has_data"],
        "announcement": (
            {k: status["announcement"][k] for k in ("ordinal", "decision_no", "decision_date")}
            if status["announcement"]
            else None
        ),
        "c342": {"compliant": c["compliant"], "total": c["total"], "percent": c["percent"]}
        if c["total"]
        else None,
        "ack": (
            {
                "people": a["people"],
                "acknowledged": a["acknowledged"],
                "coverage_percent": a["coverage_percent"],
            }
            if status["has_data"] and a["people"]
            else None
        ),
        "rounds": len(status["rounds"]),
        "actions_open": status["actions"]["open"],
        "actions_overdue": status["actions"]["overdue"],
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
        "ack": {
            "people": people,
            "acknowledged": read,
            "coverage_percent": round(100.0 * read / people, 1) if people else None,
        }
        if people
        else None,
        "rounds": sum(r["rounds"] for r in rows),
        "actions_open": sum(r["actions_open"] for r in rows),
        "actions_overdue": sum(r["actions_overdue"] for r in rows),
    }


def rollup(supervising: Organisation, period: Period) -> dict:
    """The organisations directly below `supervising`, each computed as of the same date."""
    below = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.parent_id == supervising.id)
        .order_by(Organisation.name)
    ).all()
    figures = aggregate.figures([org.id for org in below], period)
    rows = [_row(org, figures[org.id]) for org in below]
    return {
        "organisation": {"id": supervising.id, "code": supervising.code, "name": supervising.name},
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "as_of": period.as_of.isoformat(),
        },
        "rows": rows,
        "totals": _totals(rows),
    }
