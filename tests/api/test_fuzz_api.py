"""Fuzzing the JSON API with schemathesis against its own OpenAPI document (/api/v1/openapi.json).

In-process through WSGI (no network), on the Quảng An demo data, as an admin who holds every
role of the commune (so that the write operations get past their role checks) and as a plain
staff member. Each operation gets a few generated cases per identity, from a fixed seed: the run is
the same every time and stays small; `bench/fuzz_api.py --cases N` runs the same engine larger.

Checks: no 5xx (nor an exception escaping the app), every status code documented, every answer
conforming to its documented schema. Operations that need a file upload or an e-signature password
(a wrong one counts towards locking the account) are left out.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA_PATH = "/api/v1/openapi.json"
SEED = 20_20_0603  # the day the demo starts
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
#: Not fuzzed, with the reason (they have their own tests).
SKIPPED = {
    "POST /api/v1/procedures/import": "a multipart file upload",
    "POST /api/v1/revisions/{revision_id}/approve": "an e-signature password (wrong ones lock)",
}
#: Run last: they can take the fuzzing admin's own roles or deactivate it.
LAST = ("PATCH /api/v1/users/{user_id}",)
ADMIN_ROLES = ("staff", "admin", "iso_secretary", "qmr", "head", "inspector")
_STEPS = [
    {"title": "Tiếp nhận hồ sơ", "responsible": "Bộ phận một cửa", "duration": "04 giờ làm việc"},
    {
        "title": "Thẩm định",
        "responsible": "Công chức Tư pháp - Hộ tịch",
        "duration": {"value": 1, "unit": "working_days"},
    },
    {"title": "Trả kết quả", "responsible": "Bộ phận một cửa", "duration": "02 giờ làm việc"},
]
#: Realistic bodies for the writes, next to the generated ones (the first case may succeed,
#: the next ones meet a duplicate code or a changed state: 409, as documented).
EXAMPLES = {
    "POST /api/v1/risks": [
        {
            "process": "Tiếp nhận và trả kết quả",
            "description": "Lỗi phần mềm một cửa (kiểm thử)",
            "likelihood": 3,
            "impact": 4,
            "treatment": "reduce",
            "kind": "risk",
        }
    ],
    "POST /api/v1/procedures": [
        {
            "code": "QT-FZ-01",
            "title": "Đăng ký khai sinh (kiểm thử)",
            "kind": "tthc",
            "field": "Hộ tịch",
            "tthc_code": "1.001193",
            "statutory_time": {"value": 3, "unit": "working_days"},
            "owner_unit": "Tư pháp - Hộ tịch",
            "review_interval_months": 12,
            "distribution": {"units": ["Văn phòng"], "roles": ["staff"]},
        }
    ],
    "POST /api/v1/procedures/{procedure_id}/revisions": [
        {
            "change_summary": "Cập nhật thời gian giải quyết",
            "change_location": "Mục 5",
            "significant": True,
            "content": {"muc_dich": "Quy định trình tự giải quyết.", "noi_dung": "Các bước."},
            "steps": _STEPS,
        }
    ],
    "POST /api/v1/users": [
        {
            "username": "fuzz_user",
            "full_name": "Nguyễn Văn Thử",
            "unit": "Văn phòng",
            "position": "Công chức",
            "email": "thu@example.org",
            "roles": ["staff", "inspector"],
            "password": "Password-123",
        }
    ],
    "POST /api/v1/rounds": [
        {
            "kind": "self_inspection",
            "title": "Tự kiểm tra việc áp dụng ISO năm 2020",
            "plan_ref": "KH 05/KH-UBND",
            "start_date": "2020-10-05",
            "end_date": "2020-10-09",
            "areas": ["Tư pháp - Hộ tịch"],
            "clauses": ["7.5", "8.5"],
        }
    ],
    "POST /api/v1/rounds/{round_id}/findings": [
        {
            "type": "nc_minor",
            "clause": "7.5.3",
            "description": "Hồ sơ lưu chưa đúng thời hạn.",
            "evidence": "Sổ theo dõi hồ sơ tháng 9/2020.",
            "auditee_unit": "Tư pháp - Hộ tịch",
        }
    ],
    "POST /api/v1/announcements": [
        {
            "decision_no": "125/QĐ-UBND",
            "decision_date": "2020-12-15",
            "signer": "Lê Văn Hải",
            "reason": "revision",
            "note": "Công bố lại phạm vi",
        }
    ],
}
#: The table behind each path parameter: most cases use an id that exists in the demo data.
ID_TABLES = {
    "procedure_id": "procedures",
    "revision_id": "revisions",
    "announcement_id": "announcements",
    "task_id": "acknowledgements",
    "round_id": "audit_rounds",
    "line_id": "audit_checklist_lines",
    "finding_id": "audit_findings",
    "action_id": "audit_actions",
    "postponement_id": "audit_postponements",
    "review_id": "audit_management_reviews",
    "user_id": "users",
}


@dataclass
class Failure:
    operation: str
    identity: str
    mode: str
    status: int | None
    titles: list[str]
    request: str
    detail: str = ""

    def line(self) -> str:
        return f"{self.operation} as {self.identity} ({self.mode}): {self.status} {'; '.join(self.titles)}"


@dataclass
class FuzzReport:
    cases: int = 0
    operations: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    unsatisfiable: list[str] = field(default_factory=list)
    #: How many answers of each status code, to see what the cases reached (e.g. "200": 412).
    statuses: Counter = field(default_factory=Counter)

    def distinct(self) -> list[Failure]:
        """One failure per operation, identity and kind of failure."""
        seen, found = set(), []
        for failure in self.failures:
            key = (failure.operation, failure.identity, tuple(failure.titles), failure.status)
            if key not in seen:
                seen.add(key)
                found.append(failure)
        return found


def seed_fuzz_data() -> tuple[dict[str, dict], dict[str, list[int]]]:
    """The demo data, a fuzzing admin holding every role and a token each ({identity: headers}),
    and a few real ids per path parameter (the fuzzing admin's own left out)."""
    from iso_qms.accounts import operations as account_ops
    from iso_qms.accounts.models import Organisation, Role, User
    from iso_qms.extensions import db
    from iso_qms.seed import seed_demo
    from tests.fixtures.factories import _HASH, PASSWORD

    seed_demo()
    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
    admin = account_ops.create_user(
        org,
        "fuzz_admin",
        "Quản trị kiểm thử",
        PASSWORD,
        [Role(role) for role in ADMIN_ROLES],
        unit="Văn phòng",
        position="Công chức",
        password_hash=_HASH,
    )
    staff = db.session.scalar(sa.select(User).where(User.username == "staff"))
    headers = {
        name: {"Authorization": f"Bearer {account_ops.create_api_token(user, 'fuzz')}"}
        for name, user in (("admin", admin), ("staff", staff))
    }
    db.session.commit()
    ids = {}
    for name, table in ID_TABLES.items():
        column = db.metadata.tables[table].c.id
        found = db.session.scalars(sa.select(column).where(column != admin.id).order_by(column))
        found = list(found)
        ids[name] = sorted({found[0], found[len(found) // 2], found[-1]}) if found else []
    return headers, ids


def load_operations(app) -> tuple[list, dict[str, str]]:
    """The document's operations in a stable order (reads, then writes, LAST at the end)."""
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, app)
    operations, skipped = [], dict(SKIPPED)
    for result in schema.get_all_operations():
        try:
            operation = result.ok()
        except Exception as exc:  # an operation schemathesis cannot read: say so, do not hide it
            skipped[str(getattr(exc, "path", exc))] = f"unreadable: {exc}"
            continue
        if operation.label not in SKIPPED:
            operations.append(operation)

    def order(operation):
        return (operation.label in LAST, operation.method.upper() != "GET", operation.label)

    return sorted(operations, key=order), skipped


def _record(report: FuzzReport, operation, identity, mode, case, response, exc) -> None:
    titles = sorted({getattr(f, "title", type(f).__name__) for f in getattr(exc, "exceptions", [])})
    detail = "\n".join(str(f) for f in getattr(exc, "exceptions", [])) or "".join(
        traceback.format_exception(exc)
    )
    try:
        request = case.as_curl_command()
    except Exception:  # the command line is only a help for reading the failure
        request = f"{case.method} {case.formatted_path}"
    report.failures.append(
        Failure(
            operation.label,
            identity,
            mode,
            getattr(response, "status_code", None),
            titles or [f"exception: {type(exc).__name__}: {exc}"[:300]],
            request,
            detail[-4000:],
        )
    )


def _strategy(operation, mode, ids: dict[str, list[int]]):
    """Generated cases, valid ones mostly with ids that exist; plus, as explicit cases, each
    EXAMPLES body (random bodies rarely get past validation to the operation)."""
    strategy = operation.as_strategy(generation_mode=mode)
    if mode != GenerationMode.POSITIVE:
        return strategy, []
    names = [p.name for p in operation.path_parameters if ids.get(p.name)]
    paths = [{names[0]: value} for value in ids[names[0]]] if len(names) == 1 else []
    branches = [operation.as_strategy(generation_mode=mode, path_parameters=p) for p in paths]
    explicit = [
        operation.Case(path_parameters=path, body=body, media_type="application/json")
        for path in (paths or [{}])[:2]
        for body in EXAMPLES.get(operation.label, [])
    ]
    return st.one_of(strategy, *branches), explicit


def fuzz_operation(
    app,
    operation,
    identity: str,
    headers: dict,
    report: FuzzReport,
    *,
    cases: int,
    mode,
    ids: dict[str, list[int]],
    seed_=SEED,
) -> None:
    """Up to `cases` generated requests of one operation; failures are collected, not raised."""
    strategy, explicit = _strategy(operation, mode, ids)

    @seed(seed_)
    @settings(
        max_examples=cases,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def run(case):
        report.cases += 1
        response = None
        try:
            response = case.call(headers=headers, app=app)
            report.statuses[str(response.status_code)] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (FailureGroup, Exception) as exc:  # failed checks, or an exception from the app
            _record(report, operation, identity, mode.value, case, response, exc)

    for case in explicit:
        run = example(case=case)(run)
    try:
        run()
    except Unsatisfiable:  # e.g. no invalid request exists for an operation without parameters
        report.unsatisfiable.append(f"{operation.label} ({mode.value})")


def fuzz(
    app,
    identities: dict[str, dict],
    ids: dict[str, list[int]],
    *,
    cases: int,
    negative: int,
    seed_=SEED,
) -> FuzzReport:
    """Every operation as every identity (`cases` positive cases each), plus `negative` invalid
    ones per operation as the first identity (the admin)."""
    operations, skipped = load_operations(app)
    report = FuzzReport(operations=len(operations), skipped=skipped)
    started = time.perf_counter()
    first = next(iter(identities))
    for operation in operations:
        for identity, headers in identities.items():
            fuzz_operation(
                app,
                operation,
                identity,
                headers,
                report,
                cases=cases,
                mode=GenerationMode.POSITIVE,
                ids=ids,
                seed_=seed_,
            )
        if negative:
            fuzz_operation(
                app,
                operation,
                first,
                identities[first],
                report,
                cases=negative,
                mode=GenerationMode.NEGATIVE,
                ids=ids,
                seed_=seed_,
            )
    report.seconds = time.perf_counter() - started
    return report


def format_failures(report: FuzzReport) -> str:
    return "\n".join(
        f"- {failure.line()}\n  {failure.request}\n  {failure.detail[:600]}"
        for failure in report.distinct()
    )


# --- the CI run ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_identities(app):
    """The demo seeded once for the module (a few seconds) on a clean database, wiped after."""
    from iso_qms.core import timeutil
    from iso_qms.extensions import db
    from tests.conftest import _wipe

    with app.app_context():
        _wipe()
        data = seed_fuzz_data()
        db.session.remove()
    yield data
    with app.app_context():
        db.session.rollback()
        timeutil.set_clock(None)
        _wipe()
        db.session.remove()


@pytest.mark.slow
def test_every_api_operation_answers_as_documented_and_never_5xx(app, fuzz_identities):
    identities, ids = fuzz_identities
    report = fuzz(app, identities, ids, cases=2, negative=1)
    assert report.cases >= report.operations, "the fuzzing generated fewer cases than operations"
    assert not report.failures, f"{len(report.distinct())} failures:\n{format_failures(report)}"
