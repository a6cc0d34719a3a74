"""Throughput under gunicorn, driven by wrk, compared with a bare Flask app on the same database.

    DATABASE_URL=sqlite:////tmp/province/p1.sqlite3 python bench/load.py
    DATABASE_URL=... python bench/load.py --duration 30 --connections 8 --only api

Starts `gunicorn -w 2 'iso_qms:create_app()'` and `gunicorn -w 2 bare_app:app` (bench/bare_app.py,
the register's indexed query and nothing else) on 127.0.0.1 and free ports, logs in as the bench
QMR (session cookie, CSRF token from the login form) and makes an API token, then runs wrk for
--duration seconds per target (a small Lua script adds the cookie or the Authorization header):
the register page, the home page, GET /api/v1/procedures, and the bare app. Reports requests/s,
latency percentiles, errors, the ratio to the bare app, and each worker's VmRSS after the runs.
Writes bench/results/load-<backend>.json and .md. Loopback only; needs wrk (apt-get install wrk).
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from provincelib.machine import RESULTS, describe, header_lines  # noqa: E402
from provincelib.people import BENCH_CODE, PASSWORD, QMR_LOGIN  # noqa: E402

TARGETS = [("register", "/procedures/", "cookie"), ("home", "/", "cookie"),
           ("api procedures", "/api/v1/procedures", "token")]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(app_spec: str, env: dict, chdir: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        ["gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--chdir", str(chdir),
         "--log-level", "warning", app_spec],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return process, base
        except urllib.error.HTTPError:
            return process, base  # it answers (the bare app has no /healthz)
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"gunicorn {app_spec} did not start: {process.stderr.read()[-2000:]}")


def _login(base: str) -> str:
    """The session cookie of the bench QMR, logged in through the real form (with its CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"username": QMR_LOGIN, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    opener.open(base + "/login", urllib.parse.urlencode(data).encode())
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if not opener.open(base + "/profile").geturl().endswith("/profile"):
        raise RuntimeError("login as the bench QMR failed")
    return cookie


def _token_and_org(url: str) -> tuple[str, int]:
    import sqlalchemy as sa

    from iso_qms import create_app
    from iso_qms.accounts import operations as ops
    from iso_qms.accounts.models import Organisation, User
    from iso_qms.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == QMR_LOGIN))
        token = ops.create_api_token(user, "bench/load.py")
        db.session.commit()
        org_id = db.session.scalar(
            sa.select(Organisation.id).where(Organisation.code == BENCH_CODE)
        )
    return token, org_id


def _wrk(url: str, headers: dict, args) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        "".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in headers.items())
    )
    command = ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.duration}s",
               "--timeout", "10s", "--latency", "-s", str(script), url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    script.unlink()
    number = lambda pattern: float(m.group(1)) if (m := re.search(pattern, output)) else 0.0  # noqa: E731
    latency = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if m:
            latency[f"p{pct}_ms"] = round(
                float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)], 1
            )
    return {
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(
            int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
        ),
        **latency,
    }


def _workers_rss(master: int) -> list[int]:
    """VmRSS in MiB of the gunicorn workers (the children of the master process)."""
    rss = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            m = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            rss.append(round(int(m.group(1)) / 1024) if m else 0)
    return sorted(rss)


def run(args) -> dict:
    url = os.environ["DATABASE_URL"]
    instance = tempfile.mkdtemp(prefix="iso_qms_load_")
    # The rate limits (300 API requests a minute per token) would answer most of a load run 429:
    # throughput is measured with them off.
    env = {
        **os.environ,
        "ISO_QMS_INSTANCE": instance,
        "SECRET_KEY": "bench-load-" + "x" * 32,
        "RATELIMIT_ENABLED": "0",
    }
    os.environ.update({"ISO_QMS_INSTANCE": instance, "SECRET_KEY": env["SECRET_KEY"]})
    token, org_id = _token_and_org(url)
    app, app_base = _start("iso_qms:create_app()", env, BENCH.parent)
    bare, bare_base = _start("bare_app:app", env, BENCH)
    results = {}
    try:
        cookie = _login(app_base)
        targets = [(n, app_base + p, {"Cookie": cookie} if a == "cookie" else {"Authorization": f"Bearer {token}"})
                   for n, p, a in TARGETS]  # fmt: skip
        targets.append(("bare app (same query)", f"{bare_base}/procedures?org={org_id}", {}))
        for name, target, headers in targets:
            if args.only and not re.search(args.only, name):
                continue
            results[name] = {
                "url": target.split(":", 2)[-1].split("/", 1)[-1],
                **_wrk(target, headers, args),
            }
            print(f"{name:<24} {results[name]['requests_per_s']:8.1f} req/s  "
                  f"p50 {results[name].get('p50_ms', 0):7.1f} ms  p99 {results[name].get('p99_ms', 0):7.1f} ms  "
                  f"errors {results[name]['non_2xx_3xx'] + results[name]['socket_errors']}", flush=True)  # fmt: skip
        memory = {
            "iso_qms workers MiB": _workers_rss(app.pid),
            "bare workers MiB": _workers_rss(bare.pid),
        }
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)
    floor = results.get("bare app (same query)", {}).get("requests_per_s")
    for row in results.values():
        row["ratio_to_bare"] = round(row["requests_per_s"] / floor, 3) if floor else None
    return {"results": results, "memory": memory}


def write(data: dict, info: dict, args) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"load-{info['backend']}.json"
    settings = {
        "duration_s": args.duration,
        "connections": args.connections,
        "workers": 2,
        "wrk_threads": 2,
    }
    path.write_text(
        json.dumps({**info, "settings": settings, **data}, ensure_ascii=False, indent=1) + "\n"
    )
    lines = [f"# Load under gunicorn ({info['backend']})", "", *header_lines(info),
             f"- gunicorn -w 2 (sync workers); wrk -t2 -c{args.connections} -d{args.duration}s, loopback, "
             "client and server on the same 2 CPUs", "",
             "| target | req/s | ratio to bare | p50 ms | p90 ms | p99 ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for name, r in data["results"].items():
        lines.append(f"| {name} (`/{r['url']}`) | {r['requests_per_s']} | {r['ratio_to_bare']} | "
                     f"{r.get('p50_ms', '')} | {r.get('p90_ms', '')} | {r.get('p99_ms', '')} | "
                     f"{r['non_2xx_3xx'] + r['socket_errors']} |")  # fmt: skip
    lines += ["", "Worker memory after the runs (VmRSS): "
              + "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in data["memory"].items())]  # fmt: skip
    path.with_suffix(".md").write_text("\n".join(lines) + "\n")
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per target")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--only", metavar="PATTERN", help="regex on the target name")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to a database made by bench/province.py")
    if shutil.which("wrk") is None or shutil.which("gunicorn") is None:
        sys.exit("needs wrk (apt-get install -y wrk) and gunicorn on PATH")
    data = run(args)
    info = describe(os.environ["DATABASE_URL"])
    path = write(data, info, args)
    print(f"memory: {data['memory']}\nwrote {path} and {path.with_suffix('.md')}")


if __name__ == "__main__":
    main()
