"""Several processes writing one SQLite file at once, as on the office PC: gunicorn with two
workers, 20 clients confirming readings, approving revisions and starting drafts together. No
500, no "database is locked", every write a client was told succeeded is in the database, and
the audit chain holds.

SQLite only (PostgreSQL's concurrency is in tests/procedures/test_concurrency.py), so this test
builds its own database and does not use the per-backend `app` fixture; it runs once.
"""

import importlib.util
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None or importlib.util.find_spec("requests") is None,
    reason="gunicorn (and requests) are needed to run several server processes",
)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Password-123"
READERS, APPROVERS, AUTHORS = 16, 2, 2  # 20 clients
PROCEDURES_IN_FORCE = 3  # reading tasks per reader before anything is approved
IN_REVIEW_PER_APPROVER = 2  # each approval gives every reader one more task
DRAFTS_PER_AUTHOR = 4
CLIENT_DEADLINE_S = 90  # the clients stop by then whatever happens
TIMEOUT_S = 40  # one request (longer than SQLite's 30 s busy timeout)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TASK_LINK = re.compile(r'href="/acknowledgements/(\d+)"')

#: Builds the world in a fresh SQLite file through migrations and the real operations; prints
#: the ids the clients work on. Run as its own process so that this test's environment stays
#: as it is.
PREPARE = r"""
import json, sys
import sqlalchemy as sa
from flask_migrate import upgrade
from iso_qms import create_app
from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import User
from iso_qms.extensions import db
from iso_qms.procedures import operations as proc_ops
from tests.fixtures.factories import build_world, create_procedure, create_revision, create_user

readers, approvers, authors, in_force, in_review, drafts = map(int, sys.argv[1:7])
app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
with app.app_context():
    upgrade()
    world = build_world()
    for i in range(readers):
        create_user(world.org, f"reader{i:02d}", "staff")
    for i in range(approvers):
        create_user(world.org, f"approver{i}", "staff", "qmr")
    for i in range(authors):
        create_user(world.org, f"author{i}", "staff", "iso_secretary")
    for i in range(in_force):
        create_revision(create_procedure(world, code=f"QT-F-{i:02d}"), world, status="approved")
    review = [
        [create_revision(create_procedure(world, code=f"QT-R-{a}-{i}"), world,
                         status="in_review").id for i in range(in_review)]
        for a in range(approvers)
    ]
    fresh = [
        [create_procedure(world, code=f"QT-D-{a}-{i}").id for i in range(drafts)]
        for a in range(authors)
    ]
    db.session.commit()
    tokens = []
    for i in range(authors):
        user = db.session.scalar(sa.select(User).where(User.username == f"author{i}"))
        tokens.append(account_ops.create_api_token(user, "concurrency test"))
    db.session.commit()
    print(json.dumps({"in_review": review, "fresh": fresh, "tokens": tokens}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp_path: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'qms.sqlite3'}",
        "SECRET_KEY": "sqlite-concurrency-test",
        "ISO_QMS_INSTANCE": str(tmp_path / "instance"),
        # Every client comes from 127.0.0.1: the per-address limits (tested on their own)
        # would otherwise refuse the 20 logins of one office at once.
        "RATELIMIT_LOGIN": "1000/minute",
        "RATELIMIT_API": "100000/minute",
        "PYTHONPATH": str(ROOT),
    }


def _prepare(env: dict) -> dict:
    sizes = (READERS, APPROVERS, AUTHORS, PROCEDURES_IN_FORCE, IN_REVIEW_PER_APPROVER)
    args = [str(n) for n in (*sizes, DRAFTS_PER_AUTHOR)]
    done = subprocess.run(
        [sys.executable, "-c", PREPARE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def _gunicorn(env: dict, log: Path):
    import requests

    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
    command += ["--timeout", "120", "--error-logfile", "-", "iso_qms:create_app()"]
    with open(log, "w") as handle:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=handle)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # wait (bounded) for a worker to answer
            assert server.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start\n" + log.read_text()
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # workers still booting
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


class Client:
    """One person at a browser (a requests session) or a script with a token; it records every
    answer and the ids of the writes it was told succeeded."""

    def __init__(self, base: str, stop_at: float):
        import requests

        self.base, self.stop_at = base, stop_at
        self.http = requests.Session()
        self.statuses: list[tuple[str, int]] = []
        self.bodies_with_lock: list[str] = []
        self.done: dict[str, list[int]] = {"confirmed": [], "approved": [], "drafts": []}

    def call(self, method: str, path: str, label: str, **kwargs):
        response = self.http.request(
            method, self.base + path, timeout=TIMEOUT_S, allow_redirects=False, **kwargs
        )
        self.statuses.append((label, response.status_code))
        if "database is locked" in response.text:
            self.bodies_with_lock.append(f"{label}: {response.text[:300]}")
        return response

    def csrf(self, path: str, label: str) -> str:
        page = self.call("GET", path, label)
        assert page.status_code == 200, (path, page.status_code)
        return CSRF.search(page.text).group(1)

    def login(self, username: str) -> None:
        token = self.csrf("/login", "GET /login")
        data = {"csrf_token": token, "username": username, "password": PASSWORD}
        response = self.call("POST", "/login", "POST /login", data=data)
        assert response.status_code == 302, (username, response.status_code)

    def time_left(self) -> bool:
        return time.monotonic() < self.stop_at


def _reader(base: str, stop_at: float, username: str, start: threading.Barrier) -> Client:
    """Logs in through the form and confirms every open reading task, three passes at most
    (approvals running meanwhile add tasks)."""
    client = Client(base, stop_at)
    client.login(username)
    start.wait(timeout=60)
    for _pass in range(3):
        tasks = TASK_LINK.findall(client.call("GET", "/my/tasks", "GET /my/tasks").text)
        for task_id in dict.fromkeys(int(t) for t in tasks):
            if not client.time_left() or task_id in client.done["confirmed"]:
                continue
            token = client.csrf(f"/acknowledgements/{task_id}", "GET task")
            answer = client.call(
                "POST", f"/acknowledgements/{task_id}", "POST confirm", data={"csrf_token": token}
            )
            if answer.status_code == 302 and answer.headers["Location"].endswith("/my/tasks"):
                client.done["confirmed"].append(task_id)
    return client


def _approver(base, stop_at, username, revision_ids, start) -> Client:
    """A QMR approving, through the form and with the password, the revisions given to them."""
    client = Client(base, stop_at)
    client.login(username)
    start.wait(timeout=60)
    for revision_id in revision_ids:
        if not client.time_left():
            break
        path = f"/revisions/{revision_id}/approve"
        token = client.csrf(path, "GET approve")
        today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")
        data = {"csrf_token": token, "password": PASSWORD, "effective_date": today}
        if client.call("POST", path, "POST approve", data=data).status_code in (302, 303):
            client.done["approved"].append(revision_id)
    return client


def _author(base, stop_at, token, procedure_ids, start) -> Client:
    """A script on the API starting a draft revision of each procedure, then submitting it."""
    client = Client(base, stop_at)
    client.http.headers["Authorization"] = f"Bearer {token}"
    start.wait(timeout=60)
    for procedure_id in procedure_ids:
        if not client.time_left():
            break
        body = {"change_summary": "Ban hành lần đầu", "significant": True, "content": {}}
        created = client.call(
            "POST", f"/api/v1/procedures/{procedure_id}/revisions", "API create draft", json=body
        )
        if created.status_code == 201:
            client.done["drafts"].append(created.json()["id"])
        client.call("GET", "/api/v1/procedures?per_page=50", "API list procedures")
    return client


def _run_clients(base: str, world: dict) -> list[Client]:
    stop_at = time.monotonic() + CLIENT_DEADLINE_S
    start = threading.Barrier(READERS + APPROVERS + AUTHORS)
    with ThreadPoolExecutor(max_workers=READERS + APPROVERS + AUTHORS) as pool:
        futures = [
            pool.submit(_reader, base, stop_at, f"reader{i:02d}", start) for i in range(READERS)
        ]
        futures += [
            pool.submit(_approver, base, stop_at, f"approver{i}", world["in_review"][i], start)
            for i in range(APPROVERS)
        ]
        futures += [
            pool.submit(_author, base, stop_at, world["tokens"][i], world["fresh"][i], start)
            for i in range(AUTHORS)
        ]
        return [future.result(timeout=CLIENT_DEADLINE_S + 60) for future in futures]


def _rows(database: Path, sql: str, ids: list[int]) -> int:
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    with sqlite3.connect(database) as connection:
        return connection.execute(sql.format(ids=marks), ids).fetchone()[0]


def test_twenty_clients_writing_at_once_through_two_gunicorn_workers_on_sqlite(tmp_path):
    env = _environment(tmp_path)
    world = _prepare(env)
    log = tmp_path / "gunicorn.log"
    with _gunicorn(env, log) as base:
        clients = _run_clients(base, world)

    statuses = [s for client in clients for s in client.statuses]
    unexpected = [s for s in statuses if s[1] not in (200, 201, 302, 303)]
    assert unexpected == [], unexpected[:20]
    assert [b for client in clients for b in client.bodies_with_lock] == []
    server_log = log.read_text()
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log, server_log[-3000:]

    confirmed = [i for client in clients for i in client.done["confirmed"]]
    approved = [i for client in clients for i in client.done["approved"]]
    drafts = [i for client in clients for i in client.done["drafts"]]
    assert len(set(confirmed)) == len(confirmed)
    # Every reader had the revisions in force to read; every revision given was approved; every
    # procedure got its draft.
    assert len(confirmed) >= READERS * PROCEDURES_IN_FORCE
    assert len(approved) == APPROVERS * IN_REVIEW_PER_APPROVER
    assert len(drafts) == AUTHORS * DRAFTS_PER_AUTHOR

    database = tmp_path / "qms.sqlite3"
    sql = "SELECT count(*) FROM {table} WHERE id IN ({{ids}}) AND {condition}"
    done = "acknowledged_at IS NOT NULL"
    assert _rows(database, sql.format(table="acknowledgements", condition=done), confirmed) == len(
        confirmed
    )
    approved_rows = sql.format(table="revisions", condition="status = 'approved'")
    assert _rows(database, approved_rows, approved) == len(approved)
    draft_rows = sql.format(table="revisions", condition="status = 'draft'")
    assert _rows(database, draft_rows, drafts) == len(drafts)

    verify = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "iso_qms", "qms", "verify-audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "intact" in verify.stdout
