"""Queries per request, median and p95 of every GET page and API endpoint, on the province data.

    DATABASE_URL=sqlite:////tmp/province/p1.sqlite3 python bench/pages.py
    DATABASE_URL=... python bench/pages.py --only procedures --requests 15
    python bench/pages.py --compare bench/results/pages-sqlite.json /tmp/new.json

Enumerates the GET routes from the URL map (as tests/core/test_routes.py does), fills their
arguments with real ids of the bench commune X-BENCH (made by bench/province.py), and requests
each in-process with the Flask test client: as the QMR, as the admin for admin-only pages, and
as the district supervisor for the roll-up and supervisor pages. One warm-up request, then N
timed ones. Queries are counted with a before_cursor_execute listener (as tests/query_counter.py
does). Writes bench/results/pages-<backend>.json and .md; rows over the goals are flagged.
With N requests, p95 is the nearest-rank value (the slowest request when N < 20).
"""

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from provincelib.machine import RESULTS, backend_of, describe, header_lines  # noqa: E402
from provincelib.people import BENCH_CODE, PASSWORD, QMR_LOGIN, SUPERVISOR_LOGIN  # noqa: E402

PUBLIC = {"static", "bootstrap.static", "accounts.login", "accounts.logout", "core.set_language"}
#: (pattern on the endpoint, p95 goal in ms); the first match wins, the default is 50 ms.
GOALS = [
    (r"^(procedures\.register|acknowledgements\.(my_tasks|task))$", 25),
    (r"^(api_)?reports\.", 100),
]
PAGE_GOAL_MS, QUERY_GOAL = 50, 12
#: Extra URLs worth timing beside the bare routes (a search, a later page).
EXTRA = [("procedures.register", "/procedures/?q=khai+sinh"), ("core.audit_trail", "/audit?page=5")]


def goal_of(endpoint: str) -> int:
    return next((ms for pattern, ms in GOALS if re.search(pattern, endpoint)), PAGE_GOAL_MS)


def _bench_ids(db) -> dict:
    """Real ids in the bench commune for every URL argument (the busiest object of each kind)."""
    from iso_qms.accounts.models import Organisation, User, UserRole
    from iso_qms.acknowledgements.models import Acknowledgement
    from iso_qms.audits.models import (
        ChecklistLine,
        ChecklistTemplate,
        CorrectiveAction,
        Finding,
        ManagementReview,
        Round,
    )  # fmt: skip
    from iso_qms.procedures.models import Announcement, LegalBasis, Procedure, Revision
    from iso_qms.reports.models import ParCriterion

    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == BENCH_CODE))
    if org is None:
        sys.exit(f"no organisation {BENCH_CODE}: run bench/province.py on this database first")
    one = db.session.scalar
    oid = org.id
    busiest = (
        sa.select(Revision.procedure_id).join(Procedure, Procedure.id == Revision.procedure_id)
        .where(Revision.organisation_id == oid, Procedure.withdrawn_on.is_(None))
        .group_by(Revision.procedure_id).order_by(sa.func.count().desc(), Revision.procedure_id)
        .limit(1)
    )  # fmt: skip
    procedure_id = one(busiest)
    round_id = one(sa.select(Round.id).where(Round.organisation_id == oid,
                   Round.accepted_at.is_not(None)).order_by(Round.start_date.desc()).limit(1))  # fmt: skip
    finding_id = one(sa.select(Finding.id).join(CorrectiveAction).where(Finding.round_id == round_id)
                     .order_by(Finding.number).limit(1))  # fmt: skip
    qmr = one(sa.select(User).where(User.username == QMR_LOGIN))
    ids = {
        "procedure_id": procedure_id,
        "revision_id": one(sa.select(sa.func.max(Revision.id)).where(
            Revision.procedure_id == procedure_id, Revision.status == "approved")),
        "round_id": round_id,
        "line_id": one(sa.select(Finding.line_id).where(Finding.round_id == round_id,
                       Finding.line_id.is_not(None)).limit(1))
        or one(sa.select(ChecklistLine.id).where(ChecklistLine.round_id == round_id).limit(1)),
        "finding_id": finding_id,
        "action_id": one(sa.select(CorrectiveAction.id).where(CorrectiveAction.finding_id == finding_id).limit(1)),
        "review_id": one(sa.select(ManagementReview.id).where(ManagementReview.organisation_id == oid,
                         ManagementReview.status == "held").order_by(ManagementReview.held_on.desc()).limit(1)),
        "template_id": one(sa.select(ChecklistTemplate.id).where(ChecklistTemplate.organisation_id == oid).limit(1)),
        "basis_id": one(sa.select(LegalBasis.id).where(LegalBasis.organisation_id == oid).limit(1)),
        "announcement_id": one(sa.select(sa.func.max(Announcement.id)).where(Announcement.organisation_id == oid)),
        "user_id": one(sa.select(sa.func.max(User.id)).where(User.organisation_id == oid)),
        "task_id": one(sa.select(Acknowledgement.id).where(Acknowledgement.user_id == qmr.id)
                       .order_by(Acknowledgement.status.desc(), Acknowledgement.id.desc()).limit(1)),
        "criterion_id": one(sa.select(ParCriterion.id).where(ParCriterion.organisation_id == oid).limit(1)),
    }  # fmt: skip
    open_revision = one(sa.select(Revision.id).where(Revision.organisation_id == oid)
                        .order_by((Revision.status == "in_review").desc(),
                                  (Revision.status == "draft").desc(), Revision.id.desc()).limit(1))  # fmt: skip
    admin = one(sa.select(User.username).join(UserRole).where(User.organisation_id == oid,
                UserRole.role == "admin").limit(1))  # fmt: skip
    return {"ids": ids, "by_endpoint": {"revisions.approve": {"revision_id": open_revision}},
            "admin": admin, "qmr": qmr}  # fmt: skip


def _urls(rule, ids: dict) -> list[str]:
    """The URL of a rule with its arguments filled; one per choice of an any() converter."""
    urls = [rule.rule]
    for name in rule.arguments:
        choice = re.search(rf"<any\(([^)]*)\):{name}>", rule.rule)
        values = [v.strip() for v in choice.group(1).split(",")] if choice else [ids.get(name)]
        if values == [None]:
            return []
        pattern = rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>"
        urls = [re.sub(pattern, str(v), url) for url in urls for v in values]
    return urls


def plan(app, found: dict, only: str | None) -> tuple[list[tuple], list[str]]:
    """[(endpoint, url, role)], [skipped rules]; role is qmr, admin or supervisor."""
    rows, skipped = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in PUBLIC:
            continue
        roles = {
            r.value for r in getattr(app.view_functions[rule.endpoint], "required_roles", ()) or ()
        }
        ids = {**found["ids"], **found["by_endpoint"].get(rule.endpoint, {})}
        urls = _urls(rule, ids)
        if not urls:
            skipped.append(f"{rule.rule} (no such object in the generated data)")
            continue
        who = ["qmr"] if not roles or "qmr" in roles else ["admin"] if "admin" in roles else []
        if "supervisor" in roles and (
            "qmr" not in roles or rule.endpoint.startswith(("reports.", "api_reports."))
        ):
            who.append("supervisor")
        if rule.endpoint == "core.home":
            who.append("supervisor")
        rows += [(rule.endpoint, url, role) for url in urls for role in who]
    rows += [(endpoint, url, "qmr") for endpoint, url in EXTRA]
    rows = list(dict.fromkeys(rows))  # two rules can give the same URL
    if only:
        rows = [r for r in rows if re.search(only, f"{r[0]} {r[1]} {r[2]}")]
    return rows, skipped


def _clients(app, db, found: dict) -> dict:
    """A logged-in test client and an API token header per role (called outside an app context,
    so that each login request has its own current_user)."""
    from iso_qms.accounts import operations as ops
    from iso_qms.accounts.models import User

    clients = {}
    for role, username in (
        ("qmr", QMR_LOGIN),
        ("admin", found["admin"]),
        ("supervisor", SUPERVISOR_LOGIN),
    ):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        if response.status_code != 302 or client.get("/profile").status_code != 200:
            sys.exit(f"login as {username} failed ({response.status_code})")
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.username == username))
            token = ops.create_api_token(user, "bench/pages.py")
            db.session.commit()
        clients[role] = (client, {"Authorization": f"Bearer {token}"})
    return clients


def measure(engine, rows: list[tuple], clients: dict, n: int) -> list[dict]:
    counted = {"n": 0}

    def count(conn, cursor, statement, parameters, context, executemany):
        if (
            not statement.lstrip()
            .upper()
            .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT"))
        ):
            counted["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    results = []
    try:
        for endpoint, url, role in rows:
            client, headers = clients[role]
            kwargs = {"headers": headers} if url.startswith("/api/") else {}
            client.get(url, **kwargs)  # warm-up: templates compiled, caches filled
            times, queries = [], []
            for _ in range(n):
                counted["n"] = 0
                start = time.perf_counter()
                response = client.get(url, **kwargs)
                times.append((time.perf_counter() - start) * 1000)
                queries.append(counted["n"])
            results.append(_row(endpoint, url, role, response, times, queries))
            print(_line(results[-1]), flush=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return results


def _row(endpoint, url, role, response, times, queries) -> dict:
    times.sort()
    p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
    row = {
        "endpoint": endpoint, "url": url, "role": role, "status": response.status_code,
        "bytes": len(response.data), "queries": max(queries), "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1), "goal_ms": goal_of(endpoint),
    }  # fmt: skip
    flags = []
    if row["p95_ms"] > row["goal_ms"]:
        flags.append(f"p95>{row['goal_ms']}ms")
    if row["queries"] > QUERY_GOAL:
        flags.append(f"queries>{QUERY_GOAL}")
    if response.status_code >= 400:
        flags.append(f"HTTP {response.status_code}")
    row["flags"] = flags
    return row


def _line(r: dict) -> str:
    return (f"{r['p95_ms']:8.1f} {r['median_ms']:8.1f} {r['queries']:4d}  {r['status']}  {r['role']:<10} "
            f"{r['url']}  {' '.join(r['flags'])}")  # fmt: skip


def write(results: list[dict], skipped: list[str], info: dict, n: int, out: Path | None) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = out or RESULTS / f"pages-{info['backend']}.json"
    path.write_text(json.dumps({**info, "requests": n, "rows": results, "skipped": skipped},
                               ensure_ascii=False, indent=1) + "\n")  # fmt: skip
    flagged = [r for r in results if r["flags"]]
    lines = [f"# Pages on the province data ({info['backend']})", "", *header_lines(info),
             f"- {len(results)} rows, {n} timed requests each after one warm-up; p95 = nearest rank",
             f"- goals: page p95 ≤ {PAGE_GOAL_MS} ms, register and task pages ≤ 25 ms, reports ≤ 100 ms, "
             f"≤ {QUERY_GOAL} queries; {len(flagged)} rows flagged (⚠)", "",
             "| p95 ms | median ms | queries | status | as | URL | over the goal |",
             "|---:|---:|---:|---:|---|---|---|"]  # fmt: skip
    for r in sorted(results, key=lambda r: -r["p95_ms"]):
        mark = "⚠ " + ", ".join(r["flags"]) if r["flags"] else ""
        lines.append(f"| {r['p95_ms']} | {r['median_ms']} | {r['queries']} | {r['status']} | {r['role']} "
                     f"| `{r['url']}` | {mark} |")  # fmt: skip
    if skipped:
        lines += ["", "Not measured: " + "; ".join(skipped)]
    path.with_suffix(".md").write_text("\n".join(lines) + "\n")
    return path


def compare(old_path: str, new_path: str) -> None:
    old, new = (json.loads(Path(p).read_text()) for p in (old_path, new_path))
    before = {(r["role"], r["url"]): r for r in old["rows"]}
    print(f"{'old p95':>8} {'new p95':>8} {'change':>7}  {'queries':>9}  route")
    for r in new["rows"]:
        o = before.get((r["role"], r["url"]))
        if o is None:
            print(
                f"{'-':>8} {r['p95_ms']:8.1f} {'new':>7}  {'-':>4}→{r['queries']:<4}  {r['role']} {r['url']}"
            )
            continue
        change = (r["p95_ms"] - o["p95_ms"]) / o["p95_ms"] * 100 if o["p95_ms"] else 0.0
        print(f"{o['p95_ms']:8.1f} {r['p95_ms']:8.1f} {change:+6.0f}%  {o['queries']:>4}→{r['queries']:<4}  "
              f"{r['role']} {r['url']}")  # fmt: skip


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=7, help="timed requests per URL")
    parser.add_argument("--only", metavar="PATTERN", help="regex on 'endpoint url role'")
    parser.add_argument("--compare", nargs=2, metavar=("OLD.json", "NEW.json"))
    parser.add_argument(
        "--output", type=Path, help="JSON path (default bench/results/pages-<backend>.json)"
    )
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    url = os.environ.get("DATABASE_URL") or sys.exit(
        "set DATABASE_URL to a database made by bench/province.py"
    )
    os.environ.setdefault("ISO_QMS_INSTANCE", tempfile.mkdtemp(prefix="iso_qms_pages_"))
    from iso_qms import create_app
    from iso_qms.core.database import engine_options
    from iso_qms.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    with app.app_context():
        found = _bench_ids(db)
        rows, skipped = plan(app, found, args.only)
        engine = db.engine
    clients = _clients(app, db, found)
    # Each request then gets its own app context, session and current_user, as in production.
    print(f"{backend_of(url)}: {len(rows)} URLs x {args.requests} requests\n"
          f"{'p95 ms':>8} {'median':>8} {'qry':>4}  code  as         URL")  # fmt: skip
    results = measure(engine, rows, clients, args.requests)
    info = describe(url)
    with app.app_context():
        info["data"] = {name: db.session.scalar(sa.text(f"SELECT COUNT(*) FROM {name}"))
                        for name in ("organisations", "procedures", "acknowledgements", "audit_entries")}  # fmt: skip
    if args.only and not args.output:
        args.output = Path(tempfile.gettempdir()) / f"pages-{info['backend']}-only.json"
    path = write(results, skipped, info, args.requests, args.output)
    print(f"\nwrote {path} and {path.with_suffix('.md')}")


if __name__ == "__main__":
    main()
