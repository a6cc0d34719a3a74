"""Legal bases, procedures, their revisions and signatures, announcements (công bố).

The content of every revision is one of the Quảng An demo documents (seed/data/procedures.json)
rewritten for the organisation; the hash signed is computed with the app's own content_hash.
"""

import bisect
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from iso_qms.core.text import fold, nfc
from iso_qms.core.timeutil import add_months
from iso_qms.procedures.content import (
    clean_content,
    clean_rows,
    clean_steps,
    content_hash,
    steps_total_minutes,
)
from iso_qms.procedures.durations import Duration
from iso_qms.seed.loader import DATA

from . import names
from .people import Org
from .writer import Writer

FIRST_ISSUES = (date(2019, 3, 1), date(2019, 10, 31))
LAST_ISSUE = date(2026, 12, 20)  # a few approvals take effect after today
UNIT_OF_FIELD = {
    "HT": 2, "CT": 2, "HG": 2, "NCN": 2, "DD": 3, "XD": 3, "NN": 3,
    "BTXH": 5, "LDTBXH": 5, "VH": 5, "TG": 5, "GD": 5, "TDKT": 1, "NV": 1,
}  # fmt: skip


@dataclass(slots=True)
class Rev:
    id: int
    number: int
    status: str
    effective: date | None
    sha: str
    significant: bool
    approved_at: object = None


@dataclass
class Proc:
    id: int
    org: Org
    code: str
    title: str
    kind: str
    field: str
    owner_unit: str
    dist_units: list
    withdrawn_on: date | None = None
    revs: list = field(default_factory=list)
    #: Effective dates of the approved revisions, for "in force on" look-ups.
    dates: list = field(default_factory=list)

    def in_force(self, day: date) -> Rev | None:
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return None
        i = bisect.bisect_right(self.dates, day)
        return self.approved()[i - 1] if i else None

    def approved(self) -> list[Rev]:
        return [r for r in self.revs if r.status == "approved"]

    def reads(self, person) -> bool:
        return not self.dist_units or person.unit in self.dist_units


def load_templates() -> tuple[dict, list]:
    """(legal bases data, [(kind, statutory, content, steps, forms, records, bases)])."""
    data = json.loads((DATA / "procedures.json").read_text(encoding="utf-8"))
    errors: dict = {}
    templates = []
    for spec in data["procedures"]:
        rev = spec["revisions"][-1]
        statutory = Duration.parse(spec["statutory"]) if spec.get("statutory") else None
        templates.append((
            spec["kind"], statutory, clean_content(rev["content"], errors),
            clean_steps(rev.get("steps", []), errors),
            clean_rows(rev.get("forms", []), ("code", "name", "attachment_id"), "forms", errors),
            clean_rows(rev.get("records", []), ("name", "keeper", "retention"), "records", errors),
            spec.get("legal_bases", []),
        ))  # fmt: skip
    if errors:
        raise RuntimeError(f"demo templates no longer clean: {errors}")
    return data, templates


def _for_org(text: str, org: Org) -> str:
    return text.replace("UBND xã Quảng An", org.name).replace("Quảng An", org.place)


def write_legal_bases(w: Writer, org: Org, data: dict) -> dict[str, int]:
    registered = date.fromisoformat(data["legal_bases_registered_on"])
    secretary = org.one("iso_secretary")
    ids = {}
    for spec in data["legal_bases"]:
        ids[spec["number"]] = w.new_id("legal_bases")
    replaced = {c["old"]: c for c in data["legal_replacements"]}
    by_number = {b["number"]: b for b in data["legal_bases"]}
    # A replaced text points at its replacement: the replacements go in first.
    for spec in sorted(data["legal_bases"], key=lambda b: b["number"] in replaced):
        when = w.at(registered, 8)
        change = replaced.get(spec["number"])
        marked = None
        if change:
            new_on = date.fromisoformat(by_number[change["new"]]["effective_on"])
            marked = w.at(max(new_on, registered), 8)
        w.add("legal_bases", {
            "id": ids[spec["number"]], "organisation_id": org.id, "number": spec["number"],
            "title": spec["title"], "issuer": spec["issuer"],
            "issued_on": date.fromisoformat(spec["issued_on"]),
            "effective_on": date.fromisoformat(spec["effective_on"]),
            "superseded_by_id": ids[change["new"]] if change else None,
            "change_kind": change["kind"] if change else None, "superseded_marked_at": marked,
            "lock_version": 1, "search_key": fold(f"{spec['number']} {spec['title']} {spec['issuer']}"),
            "created_at": when, "updated_at": marked or when,
        })  # fmt: skip
        w.event(when, secretary.ref, org.id, "legal_basis.create", "LegalBasis",
                ids[spec["number"]], new={"number": spec["number"]})  # fmt: skip
    return ids


def plan_procedures(w: Writer, org: Org) -> list[Proc]:
    rng = w.rng
    count = 100 if org.code == "X-BENCH" else rng.randint(85, 115)
    unit = org.units[6] if org.level == "commune" else org.units[1]
    plans = [(code, kind, title, "Hệ thống quản lý chất lượng",
              org.units[0] if kind != "system" else org.units[1])
             for code, kind, title in names.SYSTEM_PROCEDURES]  # fmt: skip
    tthc = [(f, c, t) for f, c, titles in names.FIELDS for t in titles]
    rng.shuffle(tthc)
    numbers: dict[str, int] = {}
    for i in range(count - len(plans)):
        field_name, code, title = tthc[i % len(tthc)]
        numbers[code] = numbers.get(code, 0) + 1
        suffix = "" if i < len(tthc) else " (liên thông)"
        owner = org.units[UNIT_OF_FIELD[code]] if org.level == "commune" else org.units[2 + i % 6]
        plans.append((f"QT-{code}-{numbers[code]:02d}", "tthc", f"Quy trình {title}{suffix}",
                      field_name, owner))  # fmt: skip
    procs = []
    for code, kind, title, field_name, owner in plans:
        narrowed = kind == "tthc" and rng.random() < 0.25
        procs.append(Proc(w.new_id("procedures"), org, code, nfc(title), kind, field_name, owner,
                          [owner, unit] if narrowed else []))  # fmt: skip
    org.procedures = procs
    return procs


def _issue_dates(w: Writer) -> list[date]:
    rng = w.rng
    n = rng.choices([1, 2, 3, 4, 5, 6], [3, 5, 22, 32, 30, 8])[0]
    first = (
        w.between(*FIRST_ISSUES)
        if rng.random() < 0.88
        else w.between(date(2020, 1, 1), date(2025, 6, 30))
    )
    later = sorted(w.between(first + timedelta(days=120), LAST_ISSUE) for _ in range(n - 1))
    dates = [first]
    for day in later:
        if (day - dates[-1]).days >= 45:
            dates.append(day)
    return dates


def write_procedure(w: Writer, proc: Proc, templates: list, bases: dict[str, int]) -> None:
    """The procedure, its statutory time, legal bases, revisions, signatures and audit events."""
    rng, org = w.rng, proc.org
    pool = [t for t in templates if t[0] == proc.kind] or [t for t in templates if t[0] == "system"]
    kind, statutory, content, steps, forms, records, basis_numbers = rng.choice(pool)
    content = {k: _for_org(v, org) for k, v in content.items()}
    if kind == "tthc":
        content["muc_dich"] = (f"Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục "
                               f"{proc.title.removeprefix('Quy trình ')} tại {org.name}.")  # fmt: skip
    total = steps_total_minutes(steps)
    minutes = None
    if statutory is not None:
        minutes = max(statutory.minutes, total) if rng.random() > 0.02 else total - 60
    dates = _issue_dates(w)
    secretary, qmr, head = org.one("iso_secretary"), org.one("qmr"), org.one("head")
    created = w.at(dates[0] - timedelta(days=30), 8)
    interval = 24 if kind in ("policy", "objectives") else 12
    withdrawn = None
    if len(dates) >= 2 and rng.random() < 0.03 and dates[-1] < w.today - timedelta(days=90):
        withdrawn = w.between(dates[-1] + timedelta(days=30), w.today - timedelta(days=10))
    proc.withdrawn_on = withdrawn
    in_force_dates = [d for d in dates if d <= w.today] or dates[:1]
    w.add("procedures", {
        "id": proc.id, "organisation_id": org.id, "code": proc.code, "title": proc.title,
        "kind": proc.kind, "field": proc.field, "tthc_code": _tthc_code(proc) if kind == "tthc" else "",
        "statutory_minutes": minutes, "statutory_unit": statutory.unit.value if statutory else None,
        "statutory_within_day": bool(statutory and statutory.within_day),
        "owner_unit": proc.owner_unit, "review_interval_months": interval,
        "review_due_on": add_months(in_force_dates[-1], interval),
        "distribution_units": proc.dist_units, "distribution_roles": [],
        "withdrawn_on": withdrawn,
        "withdrawn_reason": rng.choice(names.WITHDRAW_REASONS) if withdrawn else "",
        "lock_version": 1, "search_key": fold(f"{proc.code} {proc.title} {proc.field} {proc.owner_unit}"),
        "created_at": created, "updated_at": created,
    })  # fmt: skip
    w.add("statutory_times", {"id": w.new_id("statutory_times"), "procedure_id": proc.id,
                              "minutes": minutes, "recorded_at": created})  # fmt: skip
    w.event(created, secretary.ref, org.id, "procedure.create", "Procedure", proc.id,
            new={"code": proc.code, "title": proc.title})  # fmt: skip
    cited = [bases[n] for n in basis_numbers if n in bases]
    for basis_id in cited:
        w.add("procedure_legal_bases", {"procedure_id": proc.id, "legal_basis_id": basis_id})
    if cited:
        w.event(created, secretary.ref, org.id, "procedure.legal_bases", "Procedure", proc.id,
                new={"legal_basis_ids": cited})  # fmt: skip
    ident = SimpleNamespace(code=proc.code, title=proc.title, minutes=minutes)
    body = {"content": content, "steps": steps if kind == "tthc" else [], "forms": forms,
            "records": records}  # fmt: skip
    for number, effective in enumerate(dates, start=1):
        summary, location, significant = (("Ban hành lần đầu", "Toàn bộ", True) if number == 1
                                          else rng.choice(names.CHANGE_SUMMARIES))  # fmt: skip
        _write_revision(w, proc, ident, body, number, "approved", effective,
                        summary, location, significant, (secretary, qmr, head))  # fmt: skip
    if withdrawn:
        w.event(w.at(withdrawn, 8), qmr.ref, org.id, "procedure.withdraw", "Procedure", proc.id,
                new={"withdrawn_on": withdrawn.isoformat()})  # fmt: skip
    elif rng.random() < 0.06:
        status = "draft" if rng.random() < 0.6 else "in_review"
        summary, location, significant = rng.choice(names.CHANGE_SUMMARIES)
        _write_revision(w, proc, ident, body, len(dates) + 1, status, None,
                        summary, location, significant, (secretary, qmr, head))  # fmt: skip


def _tthc_code(proc: Proc) -> str:
    return f"1.{(sum(map(ord, proc.title)) * 7919) % 1000000:06d}"


def _write_revision(w, proc, ident, body, number, status, effective, summary, location,
                    significant, people) -> None:  # fmt: skip
    rng, org = w.rng, proc.org
    secretary, qmr, head = people
    author = secretary if rng.random() < 0.8 else rng.choice(org.people[7:] or [secretary])
    if author is qmr:
        author = secretary
    # A revision carries the code and title it is signed under (migration 0010).
    sha = content_hash(SimpleNamespace(procedure_code=ident.code, procedure_title=ident.title,
                                       number=number, change_summary=summary, hash_version=2,
                                       statutory_minutes=ident.minutes,
                                       change_location=location, significant=significant, **body))  # fmt: skip
    if status == "approved":
        approved_at = w.at(effective - timedelta(days=rng.randint(3, 10)), 14)
        approved_at = min(approved_at, w.now - timedelta(hours=rng.randint(2, 72)))
        submitted_at = approved_at - timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
    else:
        submitted_at = w.at(w.between(w.today - timedelta(days=60), w.today - timedelta(days=1)), 8)
        approved_at = None
    created_at = submitted_at - timedelta(days=rng.randint(2, 15))
    returned = status == "draft" and rng.random() < 0.25
    rid = w.new_id("revisions")
    w.add("revisions", {
        "id": rid, "organisation_id": org.id, "procedure_id": proc.id, "number": number,
        "procedure_code": ident.code, "procedure_title": ident.title,
        "statutory_minutes": ident.minutes, "hash_version": 2, "status": status, **body, "steps_total_minutes": steps_total_minutes(body["steps"]),
        "change_summary": summary, "change_location": location, "significant": significant,
        "author_id": author.id, "created_at": created_at,
        "updated_at": approved_at or submitted_at,
        "submitted_at": submitted_at if status != "draft" or returned else None,
        "approved_by_id": qmr.id if approved_at else None, "approved_at": approved_at,
        "effective_date": effective, "content_sha256": sha if approved_at else None,
        "return_comment": "Đề nghị bổ sung căn cứ pháp lý và biểu mẫu." if returned else "",
        "returned_at": min(submitted_at + timedelta(days=2), w.now) if returned else None,
        "tasks_created_at": w.at(effective, 7, 60) if effective and effective <= w.today else None,
        "lock_version": 1,
    })  # fmt: skip
    rev = Rev(rid, number, status, effective, sha, significant, approved_at)
    proc.revs.append(rev)
    if status == "approved":
        proc.dates.append(effective)
    w.event(created_at, author.ref, org.id, "revision.create", "Revision", rid,
            new={"number": number, "status": "draft"})  # fmt: skip
    if status == "draft" and not returned:
        return
    _sign(w, org, rid, author, "authored", submitted_at, sha, False)
    w.event(submitted_at, author.ref, org.id, "revision.submit", "Revision", rid,
            old={"status": "draft"}, new={"status": "in_review"})  # fmt: skip
    if returned:
        w.event(min(submitted_at + timedelta(days=2), w.now), qmr.ref, org.id, "revision.return", "Revision",
                rid, old={"status": "in_review"}, new={"status": "draft"})  # fmt: skip
        return
    if approved_at is None:
        return
    if rng.random() < 0.3 and head is not author:
        reviewed = submitted_at + (approved_at - submitted_at) / 2
        _sign(w, org, rid, head, "reviewed", reviewed, sha, True)
        w.event(reviewed, head.ref, org.id, "revision.review", "Revision", rid,
                new={"content_sha256": sha})  # fmt: skip
    _sign(w, org, rid, qmr, "approved", approved_at, sha, True)
    w.event(approved_at, qmr.ref, org.id, "revision.approve", "Revision", rid,
            old={"status": "in_review"},
            new={"status": "approved", "effective_date": effective.isoformat(), "content_sha256": sha})  # fmt: skip


def _sign(w, org, rid, person, meaning, when, sha, confirmed) -> None:
    w.add("signatures", {
        "id": w.new_id("signatures"), "organisation_id": org.id, "revision_id": rid,
        "signer_id": person.id, "signer_name": person.full_name,
        "signer_position": person.position, "meaning": meaning, "signed_at": when,
        "content_sha256": sha, "password_confirmed": confirmed,
    })  # fmt: skip


def write_announcements(w: Writer, org: Org) -> None:
    qmr, head = org.one("qmr"), org.one("head")
    plan = [(date(2019, 12, 16), "first"), (date(2022, 6, 20), "revision"),
            (date(2025, 3, 10), "scope_widened")]  # fmt: skip
    for ordinal, (day, reason) in enumerate(plan, start=1):
        day = w.between(day, day + timedelta(days=20))
        aid = w.new_id("announcements")
        when = w.at(day, 10)
        w.add("announcements", {
            "id": aid, "organisation_id": org.id, "ordinal": ordinal,
            "decision_no": f"{w.rng.randint(100, 999)}/QĐ-UBND", "decision_date": day,
            "signer": head.full_name, "reason": reason,
            "note": f"Công bố lần {ordinal:02d} Hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015.",
            "created_by_id": qmr.id, "created_at": when,
        })  # fmt: skip
        items = 0
        for proc in org.procedures:
            rev = proc.in_force(day)
            if rev is None:
                continue
            items += 1
            w.add("announcement_items", {
                "id": w.new_id("announcement_items"), "announcement_id": aid,
                "procedure_id": proc.id, "revision_id": rev.id, "procedure_code": proc.code,
                "procedure_title": proc.title, "procedure_kind": proc.kind, "field": proc.field,
                "revision_number": rev.number, "effective_date": rev.effective,
            })  # fmt: skip
        w.event(when, qmr.ref, org.id, "announcement.create", "Announcement", aid,
                new={"ordinal": ordinal, "items": items})  # fmt: skip
