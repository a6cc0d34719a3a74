"""Every GET page and endpoint runs the same number of queries for one and for fifty of everything.

The world of tests/core/test_routes.py is built once, each GET route is counted, then 50 people,
50 procedures in force (with everyone's reading tasks) and 50 organisations are added and each
route is counted again. A route whose count grows queries per row.
"""

from datetime import date

import pytest

from iso_qms.acknowledgements.operations import sync_organisation
from iso_qms.extensions import db
from tests.core.test_routes import _objects, _routes, _url
from tests.fixtures.factories import create_org, create_procedure, create_revision, create_user
from tests.query_counter import count_queries

MANY = 50
#: Routes whose answer is a file made of per-row cells (they run fixed queries too, and are
#: counted like the rest); none are excluded. Only routes that cannot be called twice are skipped.
SKIP = {"accounts.logout"}


def _get_routes(app):
    for rule, method, view in _routes(app):
        if method == "GET" and rule.endpoint not in SKIP:
            yield rule, view


def _caller(world, login, token_for):
    """A client and API headers per role name; the super user holds every role of a commune."""
    everyone = create_user(
        world.org,
        "moi.vai.tro",
        "staff",
        "iso_secretary",
        "qmr",
        "head",
        "inspector",
        "admin",
    )
    db.session.commit()
    return {
        "commune": (login(everyone.username), token_for(everyone.username)),
        "supervisor": (login("supervisor"), token_for("supervisor")),
    }


def _who(view) -> str:
    roles = {r.value for r in getattr(view, "required_roles", ())}
    return "supervisor" if roles == {"supervisor"} else "commune"


def _counts(app, callers, ids) -> dict[str, int]:
    counts = {}
    for rule, view in _get_routes(app):
        client, headers = callers[_who(view)]
        url = _url(rule, ids)
        kwargs = {"headers": headers} if rule.rule.startswith("/api/") else {}
        client.get(url, **kwargs)  # the first call may create what is due (reading tasks ...)
        with count_queries() as counter:
            response = client.get(url, **kwargs)
        counts[f"{response.status_code} {url}"] = counter.count
    return counts


def _grow(world) -> None:
    for number in range(MANY):
        create_user(world.org, f"nguoi.{number}", "staff", unit=f"Bộ phận {number % 5}")
    for number in range(MANY):
        procedure = create_procedure(world, code=f"QT-TT-{number:02d}")
        create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    for number in range(MANY):
        create_org(f"XA-{number:02d}", "commune", world.district)
    sync_organisation(world.org.id)
    db.session.commit()


@pytest.mark.slow
def test_every_get_route_runs_the_same_queries_for_one_and_for_fifty(
    world, app_ctx, login, token_for, tmp_path
):
    app_ctx.config["UPLOAD_FOLDER"] = str(tmp_path)
    ids = _objects(world, world.org, world.users["iso_secretary"], world.users["qmr"])
    callers = _caller(world, login, token_for)
    few = _counts(app_ctx, callers, ids)
    _grow(world)
    many = _counts(app_ctx, callers, ids)
    grew = {url: (few[url], many.get(url)) for url in few if many.get(url) != few[url]}
    assert grew == {}, "queries per row (one → fifty): " + ", ".join(
        f"{url}: {a} → {b}" for url, (a, b) in sorted(grew.items())
    )
