"""The Quảng An demo behind a live server, seeded once per test module, and the main pages each
demo role opens on an ordinary day — what the layout and accessibility tests walk through."""

import threading
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from iso_qms.extensions import db
from iso_qms.seed import DEMO_PASSWORD
from tests.fixtures.demo_snapshot import load_demo

#: (width, height): a common office laptop and a common phone.
SIZES = {"1366x768": (1366, 768), "390x844": (390, 844)}

PERIOD = "from=01%2F01%2F2020&to=14%2F09%2F2020&as_of=14%2F09%2F2020"


@dataclass(frozen=True)
class DemoIds:
    procedure: int
    revision: int
    pending_revision: int
    round: int
    action: int
    action_owner: str


def _ids() -> DemoIds:
    from iso_qms.accounts.models import User
    from iso_qms.audits.models import CorrectiveAction, Round
    from iso_qms.procedures.models import Procedure, Revision, RevisionStatus

    pending = db.session.scalar(
        sa.select(Revision)
        .where(Revision.status == RevisionStatus.in_review)
        .order_by(Revision.id)
        .limit(1)
    )
    procedure = db.session.scalar(
        sa.select(Procedure).where(Procedure.code == "QT-HT-04")
    ) or db.session.scalar(sa.select(Procedure).order_by(Procedure.id).limit(1))
    approved = db.session.scalar(
        sa.select(Revision)
        .where(Revision.status == RevisionStatus.approved)
        .order_by(Revision.id)
        .limit(1)
    )
    action = db.session.scalar(sa.select(CorrectiveAction).order_by(CorrectiveAction.id).limit(1))
    owner = db.session.get(User, action.owner_id)
    return DemoIds(
        procedure=procedure.id,
        revision=approved.id,
        pending_revision=(pending or approved).id,
        round=db.session.scalar(sa.select(Round.id).order_by(Round.id).limit(1)),
        action=action.id,
        action_owner=owner.username,
    )


def main_pages(ids: DemoIds) -> dict[str, list[str]]:
    """The main pages by the demo login that opens them (None: not logged in; "owner": the owner
    of the first corrective action)."""
    return {
        None: ["/login"],
        "qmr": [
            "/",
            "/inbox",
            "/notifications",
            f"/revisions/{ids.revision}",
            f"/revisions/{ids.pending_revision}/approve",
            f"/revisions/{ids.pending_revision}/review",
            f"/revisions/{ids.revision}/diff",
            "/acknowledgements/coverage",
            "/audits/findings",
            "/audits/actions",
            "/audits/reviews",
            f"/reports/?{PERIOD}",
        ],
        "secretary": [
            "/",
            "/procedures/",
            f"/procedures/{ids.procedure}",
            "/audits/rounds",
            f"/audits/rounds/{ids.round}",
            "/announcements",
            "/legal-bases",
            "/procedures/import",
            "/carry-over",
            "/performance/",
        ],
        "head": ["/", "/inbox"],
        "staff": ["/", "/inbox", "/my/tasks", "/profile"],
        "owner": [f"/audits/actions/{ids.action}"],
        "admin": ["/", "/audit", "/admin/users", "/signing-chain", "/carry-over/people"],
        "supervisor": ["/", f"/reports/rollup?{PERIOD}"],
    }


def page_cases() -> list:
    """pytest params (login, size): one browser context logs in once and walks its pages."""
    logins = [None, "qmr", "secretary", "staff", "owner", "admin", "supervisor", "head"]
    return [
        pytest.param(login, size, id=f"{login or 'anonymous'}-{size}")
        for login in logins
        for size in SIZES
    ]


@pytest.fixture(scope="module")
def demo_site(app, request):
    """The demo seeded once for the module, served by a live server; wiped afterwards."""
    from tests.conftest import _wipe, demo_reform

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("layout and accessibility do not depend on the database: SQLite only")
        load_demo(demo_reform(request))
        ids = _ids()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        _wipe()
        db.session.remove()


def open_as(browser, base_url: str, login: str | None, size: str, **context_options):
    """A new browser context of that size, logged in as `login` (the demo password)."""
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=base_url,
        locale="vi-VN",
        viewport={"width": width, "height": height},
        **context_options,
    )
    page = context.new_page()
    if login:
        page.goto("/login")
        page.fill("#username", login)
        page.fill("#password", DEMO_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_selector("[data-testid=logout]", state="attached")
    return context, page


def pages_of(ids: DemoIds, login: str | None) -> tuple[str | None, list[str]]:
    """The username and pages for a case's login ("owner": the owner of the first action)."""
    username = ids.action_owner if login == "owner" else login
    return username, main_pages(ids)[login]
