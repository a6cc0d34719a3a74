"""Mixed read/write load with locust on gunicorn, then a check that every write is there.

    nice -n 10 python bench/load_mixed.py --backend postgresql   # gunicorn -w 4
    nice -n 10 python bench/load_mixed.py --backend sqlite       # gunicorn -w 2 (the office PC)

PostgreSQL: DATABASE_URL when it names a PostgreSQL database (it must be empty), else a throwaway
cluster (tests/pgcluster.py). SQLite: a fresh file in a temporary folder. The database is built by
the migrations and the Quảng An demo (`qms seed-demo`), plus 50 bench accounts of the commune
(10 ISO secretaries, 10 on the team of a round in progress, all staff who have every revision in
force to read) with a password and an API token each. Then gunicorn on 127.0.0.1 and
`locust --headless -u 50 -r 10 -t 60s` (bench/locustfile.py): loopback only, bounded in time,
stops by itself. Afterwards: failures counted, the server log searched for tracebacks and
"database is locked", every write a client was told succeeded looked up in the database, and
`qms verify-audit`. Figures go to bench/results/load-mixed-<backend>.json and .md.

Needs locust (`pip install -e '.[bench]'`).
"""

import argparse
import csv
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "QuangAn@2020"
BENCH_USERS = 50
WRITE_KINDS = {
    "acknowledgement": ("acknowledgements", "acknowledged_at IS NOT NULL"),
    "procedure": ("procedures", "1 = 1"),
    "revision": ("revisions", "status = 'draft'"),
    "finding": ("audit_findings", "1 = 1"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict, *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def environment(database_url: str, folder: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-mixed-bench",
        "ISO_QMS_INSTANCE": str(folder / "instance"),
        # All clients come from 127.0.0.1: raise the per-address and per-token limits, which
        # would otherwise refuse an office's worth of logins and API calls (they have tests).
        "RATELIMIT_LOGIN": "100000/minute",
        "RATELIMIT_API": "1000000/minute",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict) -> dict:
    """Migrations, the demo, then the bench accounts and a round in progress (in-process)."""
    started = time.monotonic()
    run(env, "flask", "--app", "iso_qms", "db", "upgrade")
    run(env, "flask", "--app", "iso_qms", "qms", "seed-demo")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "ISO_QMS_INSTANCE")})
    import sqlalchemy as sa

    from iso_qms import create_app
    from iso_qms.accounts import operations as accounts
    from iso_qms.accounts.models import Organisation, Role, User
    from iso_qms.audits import operations as audits
    from iso_qms.core.timeutil import today
    from iso_qms.extensions import db
    from iso_qms.procedures.models import Procedure

    app = create_app()
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        if org is None:  # the code may differ: the commune with the "secretary" login
            org = db.session.scalar(
                sa.select(User).where(User.username == "secretary")
            ).organisation
        users = []
        for i in range(1, BENCH_USERS + 1):
            roles = [Role.staff]
            roles += [Role.iso_secretary] if i % 5 == 0 else []
            roles += [Role.inspector] if i % 5 == 1 else []
            roles += [Role.qmr] if i % 5 == 2 else []  # the report is read by the QMR
            username = f"bench{i:02d}"
            user = accounts.create_user(
                org, username, f"Người thử tải {i:02d}", PASSWORD, roles,
                unit="Văn phòng - Thống kê", position="Công chức",
            )  # fmt: skip
            users.append(
                {
                    "username": username,
                    "password": PASSWORD,
                    "roles": [r.value for r in roles],
                    "token": accounts.create_api_token(user, "load_mixed"),
                    "team": Role.inspector in roles,
                    "id": user.id,
                }
            )
        db.session.commit()
        secretary = db.session.scalar(sa.select(User).where(User.username == "secretary"))
        team = [u for u in users if u["team"]]
        round_ = audits.create_round(
            org.id,
            secretary,
            {
                "kind": "self_inspection",
                "title": "Tự kiểm tra thử tải",
                "plan_ref": "Kế hoạch thử tải",
                "start_date": today(),
                "end_date": today(),
                "areas": ["ISO"],
                "clauses": [],
                "procedure_ids": [],
                "team": [
                    {"user_id": u["id"], "role": "leader" if n == 0 else "member"}
                    for n, u in enumerate(team)
                ],
            },
        )
        audits.generate_checklist(round_, secretary)
        audits.start_round(round_, secretary)
        db.session.commit()
        procedure_ids = list(
            db.session.scalars(sa.select(Procedure.id).where(Procedure.organisation_id == org.id))
        )
        config = {"users": users, "round_id": round_.id, "procedure_ids": procedure_ids}
        counts = table_counts(db.session)
        db.session.remove()
        db.engine.dispose()
    print(f"prepared in {time.monotonic() - started:.0f} s: {counts}", flush=True)
    return config


def table_counts(session) -> dict:
    import sqlalchemy as sa

    tables = ("acknowledgements", "procedures", "revisions", "audit_findings", "audit_entries")
    return {t: session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


@contextmanager
def gunicorn(env: dict, workers: int, log: Path):
    import urllib.request

    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--timeout", "120", "--error-logfile", "-", "iso_qms:create_app()"]
    with open(log, "w") as handle:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=handle)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("gunicorn did not start:\n" + log.read_text()[-3000:])
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=10) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        # Let every worker load the app before the clock starts.
        for _ in range(workers * 4):
            with urllib.request.urlopen(base + "/login", timeout=30):
                pass
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def run_locust(env: dict, base: str, folder: Path, args) -> tuple[Path, Path, float]:
    config_path, ids_path = folder / "locust-config.json", folder / "locust-ids.jsonl"
    prefix = folder / "locust"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
    command += ["--headless", "-u", str(args.users), "-r", str(args.spawn_rate)]
    command += ["-t", f"{args.duration}s", "--host", base, "--csv", str(prefix)]
    command += ["--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    locust_env = {**env, "LOAD_MIXED_CONFIG": str(config_path), "LOAD_MIXED_IDS": str(ids_path)}
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=ROOT, env=locust_env, capture_output=True, text=True,
        timeout=args.duration + 120,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    (folder / "locust.log").write_text(done.stdout + done.stderr)
    if not Path(f"{prefix}_stats.csv").exists():
        sys.exit("locust wrote no statistics:\n" + (done.stdout + done.stderr)[-4000:])
    return Path(f"{prefix}_stats.csv"), ids_path, elapsed


def read_stats(path: Path) -> tuple[list[dict], dict]:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "type": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["50%"] if row["50%"] != "N/A" else 0),
                    "p95_ms": float(row["95%"] if row["95%"] != "N/A" else 0),
                    "max_ms": float(row["Max Response Time"] or 0),
                    "requests_per_s": float(row["Requests/s"] or 0),
                }
            )
    total = next(r for r in rows if r["name"] == "Aggregated")
    return [r for r in rows if r["name"] != "Aggregated"], total


def read_failures(stats_path: Path) -> list[dict]:
    path = stats_path.with_name(stats_path.name.replace("_stats.csv", "_failures.csv"))
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            {
                "name": f"{r['Method']} {r['Name']}",
                "error": r["Error"],
                "count": int(r["Occurrences"]),
            }
            for r in csv.DictReader(handle)
        ]


def check_writes(database_url: str, ids_path: Path) -> dict:
    """Every write a client was told succeeded, looked up in the database."""
    import sqlalchemy as sa

    reported: dict[str, set[int]] = {kind: set() for kind in WRITE_KINDS}
    if ids_path.exists():
        for line in ids_path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            reported[item["kind"]].add(int(item["id"]))
    engine = sa.create_engine(database_url)
    result = {}
    with engine.connect() as connection:
        for kind, (table, condition) in WRITE_KINDS.items():
            ids = sorted(reported[kind])
            found = 0
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                query = sa.text(
                    f"SELECT count(*) FROM {table} WHERE id IN :ids AND {condition}"
                ).bindparams(sa.bindparam("ids", expanding=True))
                found += connection.execute(query, {"ids": chunk}).scalar()
            result[kind] = {"reported": len(ids), "found": found}
    engine.dispose()
    return result


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "note": (
            "busy machine: 2 cores shared with other agents' work at the same time; locust, "
            "gunicorn and the database ran on the same 2 cores under nice -n 10"
        ),
    }


def server_log_problems(log: Path) -> dict:
    text = log.read_text(errors="replace")
    return {
        "tracebacks": text.count("Traceback"),
        "database_is_locked": text.count("database is locked"),
    }


def verify_audit(env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "iso_qms", "qms", "verify-audit"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return {"ok": done.returncode == 0, "output": (done.stdout + done.stderr).strip()}


def markdown(result: dict) -> str:
    t = result["total"]
    lines = [
        f"# Mixed load on {result['backend']} (gunicorn -w {result['workers']})",
        "",
        f"{result['when']} — {result['users']} locust users (spawn {result['spawn_rate']}/s) for "
        f"{result['duration_s']} s against 127.0.0.1; command: `{result['command']}`.",
        "",
        f"**Machine**: {result['machine']['cpus']} cores ({result['machine']['cpu_model']}), "
        f"Python {result['machine']['python']}; load average at start "
        f"{result['machine']['load_average_at_start']}. {result['machine']['note']}. "
        "Figures are therefore pessimistic and vary from run to run.",
        "",
        f"**Total**: {t['requests']} requests, {t['failures']} failures, "
        f"{t['requests_per_s']:.1f} requests/s, median {t['median_ms']:.0f} ms, "
        f"p95 {t['p95_ms']:.0f} ms.",
        "",
        "| request | count | failures | median ms | p95 ms | max ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["requests"]:
        lines.append(
            f"| {r['type']} {r['name']} | {r['requests']} | {r['failures']} | "
            f"{r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['max_ms']:.0f} | "
            f"{r['requests_per_s']:.2f} |"
        )
    for f in result["failures"]:
        lines.append(f"\nFailure: {f['name']} × {f['count']}: {f['error']}")
    w = result["writes"]
    lines += [
        "",
        "**Writes the clients were told succeeded, found in the database afterwards**: "
        + ", ".join(f"{k} {v['found']}/{v['reported']}" for k, v in w.items())
        + ".",
        "",
        f"**Server log**: {result['server_log']['tracebacks']} tracebacks, "
        f"{result['server_log']['database_is_locked']} 'database is locked'. "
        f"**Audit chain**: {result['verify_audit']['output']}",
        "",
        f"**Verdict**: {'PASS' if result['ok'] else 'FAIL'} (no failed request, every write "
        "found, clean server log, audit chain intact).",
        "",
    ]
    return "\n".join(lines)


@contextmanager
def database(backend: str, folder: Path):
    url = os.environ.get("DATABASE_URL", "")
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'load.sqlite3'}"
    elif url.startswith("postgresql"):
        yield url
    else:
        sys.path.insert(0, str(ROOT))
        from tests.pgcluster import postgres_cluster

        with postgres_cluster() as cluster_url:
            yield cluster_url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60, help="seconds (at most 600)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (4 on PostgreSQL, 2 SQLite)")
    args = parser.parse_args()
    args.duration = min(args.duration, 600)
    workers = args.workers or (4 if args.backend == "postgresql" else 2)
    if shutil.which("locust") is None and not _importable("locust"):
        sys.exit("locust is not installed: pip install -e '.[bench]'")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load_mixed_")))
        url = stack.enter_context(database(args.backend, folder))
        env = environment(url, folder)
        info = machine()
        config = prepare(env)
        (folder / "locust-config.json").write_text(json.dumps(config), encoding="utf-8")
        log = folder / "gunicorn.log"
        with gunicorn(env, workers, log) as base:
            stats_path, ids_path, elapsed = run_locust(env, base, folder, args)
        requests, total = read_stats(stats_path)
        result = {
            "backend": args.backend,
            "workers": workers,
            "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "duration_s": args.duration,
            "locust_wall_s": round(elapsed, 1),
            "command": f"nice -n 10 python bench/load_mixed.py --backend {args.backend}",
            "machine": {**info, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
            "total": total,
            "failures": read_failures(stats_path),
            "requests": requests,
            "writes": check_writes(url, ids_path),
            "server_log": server_log_problems(log),
            "verify_audit": verify_audit(env),
        }
    result["ok"] = (
        total["failures"] == 0
        and all(v["found"] == v["reported"] for v in result["writes"].values())
        and not any(result["server_log"].values())
        and result["verify_audit"]["ok"]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"load-mixed-{args.backend}"
    stem.with_suffix(".json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    stem.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0 if result["ok"] else 1


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    sys.exit(main())
