"""Checklist templates, two rounds a year per organisation (self-inspection in August, internal
audit in November) with team, scope and checklist, findings, corrective actions in the states time
would have brought them to, verifications, postponements and management reviews."""

import hashlib
from datetime import date, timedelta

from iso_qms.audits.catalogue import default_templates

from . import names
from .people import Org
from .writer import Writer

AREAS = ["CCHC", "KSTTHC", "ISO", "KLKC", "YKCD"]
CLAUSES = ["4", "5", "6", "7", "8", "9", "10"]


def write_templates(w: Writer, org: Org) -> dict:
    when = w.at(date(2019, 6, 3), 8)
    by_key = {}
    for spec in default_templates():
        w.add("audit_checklist_templates", {
            "id": w.new_id("audit_checklist_templates"), "organisation_id": org.id,
            "kind": spec.kind.value, "key": spec.key, "title": spec.title,
            "questions": spec.questions, "active": True, "position": spec.position,
            "lock_version": 1, "created_at": when, "updated_at": when,
        })  # fmt: skip
        by_key[(spec.kind.value, spec.key)] = spec.questions
    w.event(when, org.one("iso_secretary").ref, org.id, "checklist_template.adopt",
            "ChecklistTemplate", "", new={"templates": len(by_key)})  # fmt: skip
    return by_key


def write_rounds(w: Writer, org: Org, templates: dict, findings_per_round: float) -> None:
    for year in range(2019, w.today.year + 1):
        for kind, month, first_day in (("self_inspection", 8, 5), ("internal_audit", 11, 10)):
            start = w.between(date(year, month, first_day), date(year, month, first_day + 15))
            if start > w.today + timedelta(days=30):
                continue
            _round(w, org, templates, kind, start, findings_per_round)


def _clamp(w: Writer, moment):
    return moment if moment is None or moment < w.now else None


def _round(w: Writer, org: Org, templates: dict, kind: str, start: date, per_round: float):
    rng = w.rng
    end = start + timedelta(days=0 if kind == "self_inspection" else 1)
    rid = w.new_id("audit_rounds")
    secretary, qmr = org.one("iso_secretary"), org.one("qmr")
    inspectors = org.by_role["inspector"]
    leader = qmr if kind == "self_inspection" else inspectors[0]
    team = [leader] + [p for p in inspectors if p is not leader][:2]
    created = w.at(start - timedelta(days=14), 8)
    started = _clamp(w, w.at(start, 7, 30))
    reported = _clamp(w, w.at(end + timedelta(days=rng.randint(4, 9)), 14)) if started else None
    accepted = _clamp(w, reported + timedelta(days=rng.randint(2, 5))) if reported else None
    closed = _clamp(w, accepted + timedelta(days=rng.randint(60, 120))) if accepted else None
    status = ("closed" if closed else "reported" if reported else
              "in_progress" if started else "planned")  # fmt: skip
    candidates = [p for p in org.procedures if p.in_force(start)]
    scope = rng.sample(candidates, k=min(4, len(candidates)))
    year = start.year
    title = (f"Tự kiểm tra công tác CCHC, kiểm soát TTHC, ISO và thực hiện ý kiến chỉ đạo năm {year}"
             if kind == "self_inspection" else
             f"Đánh giá nội bộ HTQLCL theo TCVN ISO 9001:2015 năm {year}")  # fmt: skip
    report_sha = hashlib.sha256(f"round {rid}".encode()).hexdigest() if accepted else None
    w.add("audit_rounds", {
        "id": rid, "organisation_id": org.id, "kind": kind, "title": title,
        "plan_ref": f"Kế hoạch số {rng.randint(100, 599)}/KH-UBND ngày {start - timedelta(days=40):%d/%m/%Y}",
        "start_date": start, "end_date": end, "ref_year": start.year, "ref_number": 1,
        "areas": AREAS if kind == "self_inspection" else [],
        "clauses": CLAUSES if kind == "internal_audit" else [], "status": status,
        "summary": "Đoàn đã kiểm tra theo kế hoạch; các phát hiện được ghi nhận." if reported else "",
        "conclusion": "Đề nghị các bộ phận khắc phục đúng hạn." if reported else "",
        "report_no": f"{rng.randint(100, 599)}/BC-UBND" if reported else "",
        "record_signed_on": None, "cloned_from_id": None, "created_by_id": secretary.id,
        "started_at": started, "reported_at": reported,
        "reported_by_id": leader.id if reported else None, "accepted_at": accepted,
        "accepted_by_id": qmr.id if accepted else None,
        "accepted_signer_name": qmr.full_name if accepted else "",
        "accepted_signer_position": qmr.position if accepted else "",
        "report_sha256": report_sha, "closed_at": closed, "lock_version": 1,
        "created_at": created, "updated_at": closed or accepted or reported or started or created,
    })  # fmt: skip
    for person in team:
        w.add("audit_round_members", {"id": w.new_id("audit_round_members"), "round_id": rid,
              "user_id": person.id, "role": "leader" if person is leader else "member"})  # fmt: skip
    for proc in scope:
        w.add("audit_round_procedures", {"round_id": rid, "procedure_id": proc.id})
    ev = w.event
    ev(created, secretary.ref, org.id, "round.create", "Round", rid, new={"title": title})
    lines = _lines(w, org, rid, kind, templates, scope, start)
    ev(
        created,
        secretary.ref,
        org.id,
        "checklist.generate",
        "Round",
        rid,
        new={"lines": len(lines)},
    )
    if not started:
        for line in lines:
            w.add("audit_checklist_lines", line)
        return
    ev(started, leader.ref, org.id, "round.start", "Round", rid, new={"status": "in_progress"})
    answered = lines if reported else lines[: len(lines) // 2]
    count = rng.randint(int(per_round * 0.6), int(per_round * 1.4) + 1)
    if not reported:
        count //= 2
    from_lines = rng.sample(range(len(answered)), k=min(count // 3, len(answered)))
    times = {}
    for i, line in enumerate(answered):
        result = "observation" if i in from_lines and rng.random() < 0.3 else "nonconform"
        if i not in from_lines:
            result = "conform" if rng.random() < 0.95 else "not_applicable"
        checker = rng.choice(team)
        checked = w.at(start if kind == "self_inspection" else w.between(start, end), 8, 480)
        line.update(result=result, checked_by_id=checker.id, checked_at=checked,
                    note=rng.choice(names.FINDING_TEXTS) if i in from_lines else "")  # fmt: skip
        times[i] = checked
        ev(checked, checker.ref, org.id, "checklist_line.result", "ChecklistLine", line["id"],
           new={"result": result})  # fmt: skip
    for line in lines:
        w.add("audit_checklist_lines", line)
    round_info = (rid, kind, start, end, leader, team, reported, accepted, closed)
    for number in range(1, count + 1):
        line = answered[from_lines[number - 1]] if number <= len(from_lines) else None
        _finding(
            w, org, round_info, number, line, times.get(from_lines[number - 1]) if line else None
        )
    if reported:
        ev(reported, leader.ref, org.id, "round.report", "Round", rid, new={"status": "reported"})
    if accepted:
        ev(accepted, qmr.ref, org.id, "round.accept", "Round", rid,
           new={"report_sha256": report_sha})  # fmt: skip
    if closed:
        ev(closed, qmr.ref, org.id, "round.close", "Round", rid, new={"status": "closed"})


def _lines(w: Writer, org: Org, rid: int, kind: str, templates: dict, scope, start) -> list[dict]:
    rows = []
    keys = (
        [("area", k) for k in AREAS]
        if kind == "self_inspection"
        else [("clause", k) for k in CLAUSES]
    )
    for tkind, key in keys:
        for q in templates.get((tkind, key), []):
            area = key if tkind == "area" else ""
            rows.append(
                (area, q.get("clause") or ("" if tkind == "area" else key), None, None, q["text"])
            )
    for proc in scope:
        rev = proc.in_force(start)
        for q in templates.get(("procedure", "PROC"), []):
            rows.append(("", q.get("clause", ""), proc.id, rev.id if rev else None,
                         f"{proc.code}: {q['text']}"))  # fmt: skip
    return [
        {
            "id": w.new_id("audit_checklist_lines"),
            "organisation_id": org.id,
            "round_id": rid,
            "position": i,
            "area": area,
            "clause": clause,
            "procedure_id": proc_id,
            "revision_id": rev_id,
            "question": question,
            "result": None,
            "note": "",
            "checked_by_id": None,
            "checked_at": None,
            "lock_version": 1,
        }  # fmt: skip
        for i, (area, clause, proc_id, rev_id, question) in enumerate(rows, start=1)
    ]


def _finding(w: Writer, org: Org, info, number: int, line: dict | None, checked):
    rng = w.rng
    rid, kind, start, end, leader, team, reported, accepted, closed = info
    if line is not None:
        ftype = "observation" if line["result"] == "observation" else rng.choices(
            ["nc_minor", "nc_major"], [9, 1])[0]  # fmt: skip
    else:
        ftype = rng.choices(["nc_minor", "nc_major", "observation", "ofi"], [45, 5, 30, 20])[0]
    fid = w.new_id("audit_findings")
    author = rng.choice(team)
    created = checked or w.at(w.between(start, end), 9, 420)
    actions = []
    if ftype in ("nc_minor", "nc_major") and (reported or rng.random() < 0.5):
        for n in range(1, 2 + (rng.random() < 0.1)):
            actions.append(_action(w, org, info, fid, n, created))
    closed_at = None
    if accepted and ftype in ("observation", "ofi"):
        closed_at = _clamp(w, accepted + timedelta(days=rng.randint(1, 10)))
    elif accepted and actions and all(a[0] in ("closed", "cancelled") for a in actions):
        closed_at = _clamp(w, max(a[1] for a in actions) + timedelta(days=1))
    qmr = org.one("qmr")
    description = line["note"] if line else rng.choice(names.FINDING_TEXTS)
    w.add("audit_findings", {
        "id": fid, "organisation_id": org.id, "round_id": rid, "number": number, "type": ftype,
        "area": line["area"] if line else (rng.choice(AREAS) if kind == "self_inspection" else ""),
        "clause": line["clause"] if line else (rng.choice(CLAUSES) if kind == "internal_audit" else ""),
        "procedure_id": line["procedure_id"] if line else None,
        "audited_revision_id": line["revision_id"] if line else None,
        "description": description, "evidence": "Kiểm tra ngẫu nhiên 10 hồ sơ lưu tại bộ phận.",
        "auditee_unit": rng.choice(org.units), "line_id": line["id"] if line else None,
        "status": "closed" if closed_at else "open", "closed_at": closed_at,
        "closed_by_id": qmr.id if closed_at else None, "locked_at": accepted,
        "revision_id": None, "created_by_id": author.id, "lock_version": 1,
        "created_at": created, "updated_at": closed_at or accepted or created,
    })  # fmt: skip
    w.event(created, author.ref, org.id, "finding.create", "Finding", fid,
            new={"type": ftype, "number": number})  # fmt: skip
    for _status, _last, (row, extra) in actions:
        w.add("audit_actions", row)
        for table, extra_row in extra:
            w.add(table, extra_row)
    if closed_at:
        w.event(
            closed_at, qmr.ref, org.id, "finding.close", "Finding", fid, new={"status": "closed"}
        )


STATES_OLD = (["closed", "cancelled", "done", "in_progress", "planned"], [86, 3, 5, 4, 2])
STATES_NEW = (["planned", "in_progress", "done", "closed"], [35, 40, 20, 5])


def _action(w: Writer, org: Org, info, fid: int | None, number: int, created, review_id=None):
    """One corrective action row (written after its finding); returns (status, last time, row)."""
    rng = w.rng
    rid, kind, start, end, leader, team, reported, accepted, closed = info
    owner = rng.choice([p for p in org.people if p.left is None] or org.people)
    created = min(created + timedelta(days=rng.randint(1, 5)), w.now - timedelta(hours=1))
    due = end + timedelta(days=rng.randint(30, 75))
    states = STATES_OLD if (w.today - end).days > 180 else STATES_NEW
    wanted = rng.choices(*states)[0]
    started = _clamp(w, created + timedelta(days=rng.randint(1, 10)))
    completed = _clamp(w, started + timedelta(days=rng.randint(5, 30))) if started else None
    verified = _clamp(w, completed + timedelta(days=rng.randint(3, 20))) if completed else None
    cancelled = _clamp(w, created + timedelta(days=rng.randint(5, 20)))
    order = ["planned", "in_progress", "done", "closed"]
    reached = {"planned": 0, "in_progress": 1 if started else 0, "done": 2 if completed else 1,
               "closed": 3 if verified else 2}  # fmt: skip
    status = "cancelled" if wanted == "cancelled" and cancelled else order[
        min(reached.get(wanted, 0), sum(x is not None for x in (started, completed, verified)))]  # fmt: skip
    aid = w.new_id("audit_actions")
    verifier = leader if review_id is None else org.one("qmr")
    reopened = status == "closed" and rng.random() < 0.07
    row = {
        "id": aid, "organisation_id": org.id, "finding_id": fid, "review_id": review_id,
        "number": number, "correction": "Khắc phục ngay các hồ sơ được phát hiện.",
        "whys": ["Chưa kiểm tra trước khi trả kết quả", rng.choice(names.ROOT_CAUSES)],
        "root_cause": rng.choice(names.ROOT_CAUSES), "action": rng.choice(names.ACTION_TEXTS),
        "owner_id": owner.id, "due_date": due, "status": status,
        "started_at": started if status != "planned" and status != "cancelled" else None,
        "completed_at": completed if status in ("done", "closed") else None,
        "completion_evidence": "Đã thực hiện, có biên bản kèm theo." if status in ("done", "closed") else "",
        "verified_at": verified if status == "closed" else None,
        "verified_by_id": verifier.id if status == "closed" else None,
        "reopened_count": 1 if reopened else 0,
        "cancelled_at": cancelled if status == "cancelled" else None,
        "cancel_reason": "Phát hiện được xem xét lại, không cần hành động." if status == "cancelled" else "",
        "created_by_id": leader.id, "lock_version": 1, "created_at": created,
        "updated_at": max(t for t in (created, row_time(status, started, completed, verified, cancelled)) if t),
    }  # fmt: skip
    events = [
        (created, leader.ref, "action.create", {"owner_id": owner.id, "due_date": due.isoformat()})
    ]
    if row["started_at"]:
        events.append((started, owner.ref, "action.start", {"status": "in_progress"}))
    if row["completed_at"]:
        events.append((completed, owner.ref, "action.complete", {"status": "done"}))
    verifications = []
    if reopened:
        first = completed - timedelta(days=5)
        verifications.append((first, False))
        events.append(
            (first, verifier.ref, "action.verify", {"effective": False, "status": "in_progress"})
        )
    if status == "closed":
        verifications.append((verified, True))
        events.append(
            (verified, verifier.ref, "action.verify", {"effective": True, "status": "closed"})
        )
    if status == "cancelled":
        events.append((cancelled, leader.ref, "action.cancel", {"status": "cancelled"}))
    for when, actor, action, new in events:
        w.event(when, actor, org.id, action, "CorrectiveAction", aid, new=new)
    extra = [("audit_action_verifications", {
        "id": w.new_id("audit_action_verifications"), "organisation_id": org.id, "action_id": aid,
        "verifier_id": verifier.id, "effective": effective,
        "note": "Đạt hiệu quả." if effective else "Chưa hiệu quả, còn hồ sơ quá hạn.", "verified_at": when,
    }) for when, effective in verifications]  # fmt: skip
    extra += _postponement(w, org, row, owner)
    last = row["updated_at"]
    return status, last, (row, extra)


def row_time(status, started, completed, verified, cancelled):
    return {"in_progress": started, "done": completed, "closed": verified,
            "cancelled": cancelled}.get(status)  # fmt: skip


def _postponement(w: Writer, org: Org, row: dict, owner) -> list:
    rng = w.rng
    roll = rng.random()
    open_ = row["status"] in ("planned", "in_progress")
    if roll > 0.08 or row["started_at"] is None:
        return []
    qmr = org.one("qmr")
    requested = row["started_at"] + timedelta(days=1)
    if requested >= w.now:
        return []
    pending = open_ and roll < 0.02
    old_due = row["due_date"] if pending else row["due_date"] - timedelta(days=30)
    new_due = old_due + timedelta(days=30)
    decided = None if pending else _clamp(w, requested + timedelta(days=2))
    if not pending and decided is None:
        return []
    w.event(requested, owner.ref, org.id, "action.postpone_request", "CorrectiveAction", row["id"],
            new={"new_due_date": new_due.isoformat()})  # fmt: skip
    if decided:
        w.event(decided, qmr.ref, org.id, "postponement.approve", "Postponement", "",
                new={"due_date": new_due.isoformat()})  # fmt: skip
    return [("audit_postponements", {
        "id": w.new_id("audit_postponements"), "organisation_id": org.id, "action_id": row["id"],
        "requested_by_id": owner.id, "requested_at": requested, "old_due_date": old_due,
        "new_due_date": new_due, "reason": "Chờ ý kiến của cơ quan cấp trên.",
        "status": "pending" if pending else "approved",
        "decided_by_id": None if pending else qmr.id, "decided_at": decided,
        "decision_note": "" if pending else "Đồng ý gia hạn.",
    })]  # fmt: skip


def write_reviews(w: Writer, org: Org) -> list[int]:
    """One management review a year, held in December; this year's is still planned."""
    held_ids = []
    head, qmr, secretary = org.one("head"), org.one("qmr"), org.one("iso_secretary")
    for year in range(2020, w.today.year + 1):
        held_on = w.between(date(year, 12, 10), date(year, 12, 20))
        held = held_on < w.today
        rid = w.new_id("audit_management_reviews")
        created = w.at(held_on - timedelta(days=20), 8)
        recorded = w.at(held_on + timedelta(days=1), 9) if held else None
        w.add("audit_management_reviews", {
            "id": rid, "organisation_id": org.id, "title": f"Xem xét của lãnh đạo năm {year}",
            "held_on": held_on, "ref_year": year, "ref_number": 1, "chair_id": head.id,
            "other_participants": "Đại diện Phòng Nội vụ huyện", "status": "held" if held else "planned",
            "minutes": "Hệ thống được duy trì; giao các bộ phận thực hiện các quyết định dưới đây." if held else "",
            "input_pack": {} if held else None, "held_recorded_at": recorded,
            "created_by_id": secretary.id, "lock_version": 1, "created_at": created,
            "updated_at": recorded or created,
        })  # fmt: skip
        for person in {head.id: head, qmr.id: qmr, secretary.id: secretary}.values():
            w.add("audit_review_participants", {"review_id": rid, "user_id": person.id})
        w.event(created, secretary.ref, org.id, "review.create", "ManagementReview", rid,
                new={"held_on": held_on.isoformat()})  # fmt: skip
        if not held:
            continue
        held_ids.append(rid)
        w.event(recorded, qmr.ref, org.id, "review.hold", "ManagementReview", rid,
                new={"status": "held"})  # fmt: skip
        info = (None, "review", held_on, held_on, qmr, [qmr], recorded, recorded, None)
        for number in (1, 2):
            _status, _last, (row, extra) = _action(
                w, org, info, None, number, recorded, review_id=rid
            )
            w.add("audit_actions", row)
            for table, extra_row in extra:
                w.add(table, extra_row)
    return held_ids
