"""Locust users for bench/load_mixed.py: people of UBND xã Quảng An reading and writing at once.

Each simulated user is one bench account (made by load_mixed.py, listed in the JSON file named by
LOAD_MIXED_CONFIG): it logs in through the real form (CSRF token read from the page) for the HTML
pages and uses its own API token for the JSON API. Reads: home, register, procedure pages, API
lists, the compliance report JSON. Writes through the API: confirm a reading task; (ISO
secretaries) create a procedure and a draft revision of it; (round team) record a finding. Every
write the server says succeeded is appended to LOAD_MIXED_IDS (one JSON object a line) so that
load_mixed.py can check afterwards that it is in the database.

Run by load_mixed.py; by hand: LOAD_MIXED_CONFIG=... LOAD_MIXED_IDS=... locust -f
bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:PORT
"""

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, events, task

CONFIG = json.loads(open(os.environ["LOAD_MIXED_CONFIG"], encoding="utf-8").read())
IDS = open(os.environ["LOAD_MIXED_IDS"], "a", encoding="utf-8")  # noqa: SIM115 (closed on quit)
ACCOUNTS = itertools.cycle(CONFIG["users"])
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SERIAL = itertools.count(1)
#: Roles that may read the compliance report (iso_qms/reports/permissions.py READERS).
REPORT_READERS = {"qmr", "iso_secretary", "inspector", "head", "admin", "supervisor"}


@events.quitting.add_listener
def _close_ids(environment, **kwargs):
    IDS.close()


def record(kind: str, object_id: int, user: str) -> None:
    IDS.write(json.dumps({"kind": kind, "id": object_id, "user": user}) + "\n")
    IDS.flush()


class Person(FastHttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.account = next(ACCOUNTS)
        self.api = {"Authorization": f"Bearer {self.account['token']}"}
        self.confirmed: set[int] = set()
        self.pending: list[int] = []
        self.login()

    def login(self) -> None:
        page = self.client.get("/login", name="/login")
        token = CSRF.search(page.text or "")
        data = {
            "csrf_token": token.group(1) if token else "",
            "username": self.account["username"],
            "password": self.account["password"],
        }
        with self.client.post(
            "/login", data=data, name="/login", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login answered {answer.status_code}")

    # --- reads -------------------------------------------------------------------------------

    @task(4)
    def home(self):
        self.client.get("/", name="/ (home)")

    @task(4)
    def register(self):
        self.client.get("/procedures", name="/procedures (register)")

    @task(4)
    def procedure_page(self):
        procedure_id = random.choice(CONFIG["procedure_ids"])
        self.client.get(f"/procedures/{procedure_id}", name="/procedures/[id]")

    @task(3)
    def api_procedures(self):
        self.client.get("/api/v1/procedures?per_page=25", headers=self.api, name="API procedures")

    @task(3)
    def api_my_tasks(self):
        answer = self.client.get(
            "/api/v1/me/acknowledgements?status=pending&per_page=100",
            headers=self.api,
            name="API my reading tasks",
        )
        if answer.status_code == 200:
            items = answer.json()["items"]
            self.pending = [t["id"] for t in items if t["id"] not in self.confirmed]

    @task(2)
    def api_findings(self):
        self.client.get("/api/v1/findings?per_page=25", headers=self.api, name="API findings")

    @task(1)
    def report_json(self):
        if not REPORT_READERS & set(self.account["roles"]):
            return self.api_procedures()
        self.client.get(
            "/api/v1/reports/compliance?from=2020-01-01&to=2020-09-30&as_of=2020-09-30",
            headers=self.api,
            name="API compliance report (9 months 2020)",
        )

    # --- writes ------------------------------------------------------------------------------

    @task(4)
    def confirm_reading(self):
        if not self.pending:
            return self.api_my_tasks()
        task_id = self.pending.pop(0)
        answer = self.client.post(
            f"/api/v1/acknowledgements/{task_id}/confirm",
            headers=self.api,
            name="API confirm reading",
        )
        if answer.status_code == 200 and answer.json().get("acknowledged_at"):
            self.confirmed.add(task_id)
            record("acknowledgement", task_id, self.account["username"])

    @task(2)
    def create_draft(self):
        if "iso_secretary" not in self.account["roles"]:
            return self.register()
        code = f"QT-BENCH-{self.account['username']}-{next(SERIAL):04d}"
        body = {"code": code, "title": f"Quy trình thử tải {code}", "kind": "system"}
        created = self.client.post(
            "/api/v1/procedures", json=body, headers=self.api, name="API create procedure"
        )
        if created.status_code != 201:
            return
        procedure_id = created.json()["id"]
        record("procedure", procedure_id, self.account["username"])
        revision = {
            "change_summary": "Ban hành lần đầu",
            "significant": True,
            "content": {"muc_dich": "Thử tải: quy định trình tự thực hiện."},
        }
        draft = self.client.post(
            f"/api/v1/procedures/{procedure_id}/revisions",
            json=revision,
            headers=self.api,
            name="API create draft revision",
        )
        if draft.status_code == 201:
            record("revision", draft.json()["id"], self.account["username"])

    @task(2)
    def record_finding(self):
        if not self.account["team"]:
            return self.api_findings()
        body = {
            "type": random.choice(["observation", "ofi", "nc_minor"]),
            "clause": "7.5.3",
            "description": "Thử tải: sổ theo dõi chưa ghi đủ ngày trả kết quả.",
            "evidence": "Sổ theo dõi hồ sơ tháng này",
        }
        answer = self.client.post(
            f"/api/v1/rounds/{CONFIG['round_id']}/findings",
            json=body,
            headers=self.api,
            name="API record finding",
        )
        if answer.status_code == 201:
            record("finding", answer.json()["id"], self.account["username"])
