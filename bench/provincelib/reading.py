"""Reading records (acknowledgement tasks): everyone in the distribution of each revision in force,
plus the tasks of earlier issues up to the target count; most confirmed, some pending or overdue,
pending ones closed as superseded or left as the app's sync would have closed them."""

from datetime import date, timedelta

from .documents import Proc
from .people import Org
from .writer import Writer


def _eligible(proc: Proc, people, start: date, end: date | None) -> list:
    return [
        p
        for p in people
        if proc.reads(p)
        and (end is None or p.joined < end)
        and (p.left is None or p.left > max(start, p.joined))
    ]


def _spans(proc: Proc, today: date) -> list[tuple]:
    """(revision, start, end) for every approved issue that came into force; end None = in force."""
    revs = [r for r in proc.approved() if r.effective <= today]
    spans = []
    for i, rev in enumerate(revs):
        end = revs[i + 1].effective if i + 1 < len(revs) else proc.withdrawn_on
        if proc.withdrawn_on and rev.effective >= proc.withdrawn_on:
            continue
        spans.append((rev, rev.effective, end))
    return spans


def history_share(w: Writer, orgs: list[Org], target: int) -> float:
    """The share of earlier issues that get their tasks, so the total comes near `target`."""
    current = earlier = 0
    for org in orgs:
        for proc in org.procedures:
            for _rev, start, end in _spans(proc, w.today):
                n = len(_eligible(proc, org.people, start, end))
                if end is None:
                    current += n
                else:
                    earlier += n
    return max(0.0, min(1.0, (target - current) / earlier)) if earlier else 0.0


def write_tasks(w: Writer, org: Org, share: float) -> None:
    rng = w.rng
    for proc in org.procedures:
        spans = _spans(proc, w.today)
        old = [s for s in spans if s[2] is not None]
        keep = int(len(old) * share) + (rng.random() < (len(old) * share) % 1)
        chosen = old[len(old) - keep :] + [s for s in spans if s[2] is None]
        carried: dict[int, tuple] = {}
        for rev, start, end in chosen:
            carried = _tasks_of(w, org, proc, rev, start, end, carried)


def _tasks_of(w, org, proc, rev, start, end, carried) -> dict[int, tuple]:
    rng, today = w.rng, w.today
    done_now: dict[int, tuple] = {}
    for person in _eligible(proc, org.people, start, end):
        assigned = max(start, person.joined)
        tid = w.new_id("acknowledgements")
        row = {
            "id": tid, "organisation_id": org.id, "user_id": person.id, "revision_id": rev.id,
            "procedure_id": proc.id, "assigned_on": assigned, "due_on": w.due(assigned),
            "status": "pending", "acknowledged_at": None, "content_sha256": None,
            "carried_from_id": None, "closed_on": None, "created_at": w.at(assigned, 7, 60),
        }  # fmt: skip
        earlier = None if rev.significant else carried.get(person.id)
        if earlier is not None:  # an editorial issue: the earlier reading still holds
            row.update(status="done", acknowledged_at=earlier[1], content_sha256=earlier[2],
                       carried_from_id=earlier[0])  # fmt: skip
            done_now[person.id] = earlier
            w.add("acknowledgements", row)
            continue
        stop = min(d for d in (end, person.left, today) if d is not None)
        window = (stop - assigned).days
        chance = (
            1.0 if proc.withdrawn_on else (0.94 if window > 60 else min(0.85, 0.1 + window / 30))
        )
        if window > 0 and rng.random() < chance:
            delay = min(int(rng.expovariate(1 / 3)), window - 1)
            when = w.at(assigned + timedelta(days=delay), 8, 480)
            row.update(status="done", acknowledged_at=when, content_sha256=rev.sha)
            done_now[person.id] = (tid, when, rev.sha)
            w.event(when, person.ref, org.id, "acknowledgement.confirm", "Acknowledgement", tid,
                    new={"revision_id": rev.id, "content_sha256": rev.sha})  # fmt: skip
        elif person.left and (end is None or person.left < end) and person.left <= today:
            row.update(status="left", closed_on=person.left)
        elif end is not None:
            row.update(status="superseded", closed_on=end)
        w.add("acknowledgements", row)
    return done_now
