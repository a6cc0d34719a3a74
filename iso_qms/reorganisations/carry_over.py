"""What a successor builds its QMS from (issue 15, item 5): per TTHC (national code; a procedure
without one by its title), the predecessors' procedures side by side with the issue in force on
each predecessor's last day, what differs between them, and whether the successor has adopted
one (or written its own). A fixed number of queries whatever the number of procedures."""

import re
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from ..accounts.models import Organisation
from ..accounts.tree import predecessor_ids
from ..core.text import fold
from ..core.timeutil import today
from ..extensions import db
from ..procedures.durations import Duration, DurationUnit
from ..procedures.legal_citations import number_key
from ..procedures.models import (
    LegalBasis,
    Procedure,
    Revision,
    RevisionStatus,
    procedure_legal_bases,
)

#: The columns compared across the predecessors' procedures, in the page's order.
COMPARED = ("statutory_time", "steps", "forms", "legal_bases")


def title_key(title: str | None) -> str:
    """A title as grouped: folded (no accents, lower case), punctuation and blanks collapsed."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(title or "")).split())


def group_key(tthc_code: str | None, title: str | None) -> str:
    code = (tthc_code or "").strip()
    return f"tthc:{code.casefold()}" if code else f"title:{title_key(title)}"


def _duration(minutes: int | None) -> Duration | None:
    if minutes is None:
        return None
    unit = DurationUnit.working_hours if minutes % 480 else DurationUnit.working_days
    return Duration(minutes, unit)


def _procedures(org_ids: set[int], last_days: dict[int, date]) -> list[Procedure]:
    """The predecessors' procedures not withdrawn by their organisation's last day."""
    rows = db.session.scalars(
        sa.select(Procedure)
        .where(Procedure.organisation_id.in_(org_ids))
        .options(sa.orm.lazyload(Procedure.organisation), sa.orm.lazyload(Procedure.legal_bases))
        .order_by(Procedure.code, Procedure.id)
    ).all()
    return [
        p for p in rows if p.withdrawn_on is None or p.withdrawn_on > last_days[p.organisation_id]
    ]


def _revisions_on_last_day(org_ids: set[int], last_days: dict[int, date]) -> dict[int, Revision]:
    """{procedure id: the issue in force on its organisation's last day (else the latest
    approved)}, one ranked query: issues effective by the last day rank first."""
    last_day = sa.case(
        *[(Revision.organisation_id == org_id, day) for org_id, day in last_days.items()],
        else_=today(),
    )
    in_time = sa.case((Revision.effective_date <= last_day, 0), else_=1)
    rank = sa.func.row_number().over(
        partition_by=Revision.procedure_id,
        order_by=(in_time, Revision.effective_date.desc(), Revision.number.desc()),
    )
    ranked = (
        sa.select(Revision.id, rank.label("rank"))
        .where(Revision.organisation_id.in_(org_ids), Revision.status == RevisionStatus.approved)
        .subquery()
    )
    revisions = db.session.scalars(
        sa.select(Revision)
        .join(ranked, ranked.c.id == Revision.id)
        .where(ranked.c.rank == 1)
        .options(
            load_only(
                Revision.id,
                Revision.procedure_id,
                Revision.number,
                Revision.effective_date,
                Revision.steps,
                Revision.forms,
                Revision.steps_total_minutes,
                Revision.statutory_minutes,
            ),
            sa.orm.lazyload(Revision.procedure),
            sa.orm.lazyload(Revision.author),
            sa.orm.lazyload(Revision.approved_by),
            sa.orm.lazyload(Revision.signatures),
        )
    ).all()
    return {revision.procedure_id: revision for revision in revisions}


def _legal_numbers(procedure_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not procedure_ids:
        return found
    link = procedure_legal_bases.c
    for procedure_id, number in db.session.execute(
        sa.select(link.procedure_id, LegalBasis.number)
        .join(LegalBasis, LegalBasis.id == link.legal_basis_id)
        .where(link.procedure_id.in_(procedure_ids))
        .order_by(LegalBasis.number)
    ):
        found.setdefault(procedure_id, []).append(number)
    return found


def _column(procedure: Procedure, org: Organisation, revision, numbers: list[str]) -> dict:
    steps = list(revision.steps or []) if revision is not None else []
    forms = list(revision.forms or []) if revision is not None else []
    total = _duration(revision.steps_total_minutes if revision is not None else None)
    statutory = procedure.statutory
    return {
        "id": procedure.id,
        "organisation_id": org.id,
        "organisation": org.name,
        "code": procedure.code,
        "title": procedure.title,
        "kind": procedure.kind.value,
        "tthc_code": procedure.tthc_code or "",
        "statutory_minutes": procedure.statutory_minutes,
        "statutory_time": statutory.to_api() if statutory else None,
        "statutory_label": statutory.label() if statutory else "",
        "steps": {
            "rows": [_step(step) for step in steps],
            "count": len(steps),
            "total_minutes": total.minutes if total else None,
            "total": total.to_api() if total else None,
            "total_label": total.label() if total else "",
        },
        "forms": [{"code": f.get("code") or "", "name": f.get("name") or ""} for f in forms],
        "legal_bases": numbers,
        "revision": None
        if revision is None
        else {
            "id": revision.id,
            "number": revision.number,
            "effective_date": revision.effective_date,
        },
    }


def _step(step: dict) -> dict:
    """One row of a predecessor's step table as compared: what, who, how long."""
    duration = Duration.from_storage(step["duration"]) if step.get("duration") else None
    return {
        "title": step.get("title") or "",
        "responsible": step.get("responsible") or "",
        "minutes": duration.minutes if duration else None,
        "duration_label": duration.label() if duration else "",
        "differs": False,
    }


def _step_key(step: dict) -> tuple:
    return title_key(step["title"]), title_key(step["responsible"]), step["minutes"]


def mark_steps(columns: list[dict]) -> None:
    """Each step that is not the same (work, who, time) at its place in every other column of
    the group is marked `differs`, so the page shows which rows of the step tables differ."""
    if len(columns) < 2:
        return
    longest = max(len(c["steps"]["rows"]) for c in columns)
    for index in range(longest):
        at = [c["steps"]["rows"][index] if index < len(c["steps"]["rows"]) else None
              for c in columns]  # fmt: skip
        same = None not in at and len({_step_key(step) for step in at}) == 1
        for step in at:
            if step is not None:
                step["differs"] = not same


def _signature(column: dict, what: str):
    """What is compared of a column for `what`."""
    if what == "statutory_time":
        return column["statutory_minutes"]
    if what == "steps":
        return tuple(_step_key(step) for step in column["steps"]["rows"])
    if what == "forms":
        return frozenset(title_key(f["name"]) for f in column["forms"])
    return frozenset(number_key(n) for n in column["legal_bases"])


def differs(columns: list[dict]) -> list[str]:
    """Which of the compared columns are not the same in all the procedures of a group."""
    if len(columns) < 2:
        return []
    return [w for w in COMPARED if len({_signature(c, w) for c in columns}) > 1]


def next_free_code(code: str, taken: set[str]) -> str:
    """`code` if the successor has no procedure of that code (whatever its case), else the next
    number of its series: QT-HT-01 taken → QT-HT-02 …, a code without a number → CODE-2 …"""
    if code.casefold() not in taken:
        return code
    found = re.match(r"^(.*?)(\d+)$", code)
    stem, number, width = (found[1], int(found[2]), len(found[2])) if found else (code + "-", 1, 1)
    while True:
        number += 1
        candidate = f"{stem}{number:0{width}d}"
        if candidate.casefold() not in taken:
            return candidate


def suggest_codes(groups: list[dict], successor_codes: list[str]) -> None:
    """The code each adoption form proposes (`suggested_code`), per the successor's scheme: the
    predecessor's code where the successor has none such (withdrawn ones count: a code is never
    reused), else the next free number of the same series; what one group proposes is kept from
    the groups after it, so two predecessors' QT-HT-01 of different procedures are proposed as
    QT-HT-01 and QT-HT-02. A group already adopted proposes nothing."""
    taken = {code.casefold() for code in successor_codes}
    for group in groups:
        if group.get("adopted") is not None:  # no form: its adopted code is the successor's
            continue
        proposed = []
        for column in group["procedures"]:
            column["suggested_code"] = next_free_code(column["code"], taken)
            proposed.append(column["suggested_code"].casefold())
        taken |= set(proposed)


def _successor_procedures(successor_id: int) -> list:
    """All the successor's procedures, withdrawn ones too (their codes stay taken)."""
    return db.session.execute(
        sa.select(
            Procedure.id,
            Procedure.code,
            Procedure.title,
            Procedure.tthc_code,
            Procedure.adopted_from_id,
            Procedure.withdrawn_on,
        ).where(Procedure.organisation_id == successor_id)
    ).all()


def _adoption(group: dict, successor_rows: list) -> dict | None:
    ids = {c["id"] for c in group["procedures"]}
    for row in successor_rows:
        if row.adopted_from_id in ids:
            return _adopted(row, written_new=False)
    for row in successor_rows:
        if row.adopted_from_id is None and group_key(row.tthc_code, row.title) == group["key"]:
            return _adopted(row, written_new=True)
    return None


def _adopted(row, *, written_new: bool) -> dict:
    return {
        "id": row.id,
        "code": row.code,
        "title": row.title,
        "adopted_from_id": row.adopted_from_id,
        "written_new": written_new,
    }


def _predecessors(successor_id: int) -> list[Organisation]:
    ids = predecessor_ids(successor_id)
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )


def carry_over(successor_id: int) -> dict:
    """The side-by-side view of a successor's predecessors' procedures, grouped per TTHC."""
    orgs = _predecessors(successor_id)
    by_id = {org.id: org for org in orgs}
    last_days = {org.id: org.valid_to or today() for org in orgs}
    procedures = _procedures(set(by_id), last_days) if orgs else []
    revisions = _revisions_on_last_day(set(by_id), last_days) if procedures else {}
    numbers = _legal_numbers([p.id for p in procedures])
    groups: dict[str, dict] = {}
    for procedure in procedures:
        key = group_key(procedure.tthc_code, procedure.title)
        group = groups.setdefault(
            key,
            {
                "key": key,
                "tthc_code": procedure.tthc_code or "",
                "title": procedure.title,
                "procedures": [],
            },
        )
        group["procedures"].append(
            _column(
                procedure,
                by_id[procedure.organisation_id],
                revisions.get(procedure.id),
                numbers.get(procedure.id, []),
            )
        )
    every = _successor_procedures(successor_id) if groups else []
    successor_rows = [row for row in every if row.withdrawn_on is None]
    result = sorted(groups.values(), key=lambda g: (g["tthc_code"] == "", g["tthc_code"], g["key"]))
    for group in result:
        group["procedures"].sort(key=lambda c: (c["organisation"], c["code"]))
        group["differs"] = differs(group["procedures"])
        mark_steps(group["procedures"])
        group["adopted"] = _adoption(group, successor_rows)
    suggest_codes(result, [row.code for row in every])
    adopted = sum(1 for g in result if g["adopted"] is not None)
    return {
        "organisation_id": successor_id,
        "predecessors": [
            {"id": o.id, "code": o.code, "name": o.name, "valid_to": o.valid_to} for o in orgs
        ],
        "groups": result,
        "totals": {"groups": len(result), "adopted": adopted, "not_adopted": len(result) - adopted},
    }
