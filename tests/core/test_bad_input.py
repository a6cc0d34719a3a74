"""Input at the edge: no query string, path argument or spreadsheet can make the app answer 500.

The named cases below each answered 500 once; the route-wide sweep calls every GET route with
hostile values for every query parameter the route reads, and every <int:...> argument too big."""

import re

import pytest

from iso_qms.accounts.models import Role
from tests.core.test_routes import _objects, _routes, _url
from tests.fixtures.factories import create_user

HUGE = "99999999999999999999"
API = "/api/v1"


@pytest.fixture
def own_ids(world, app_ctx, tmp_path) -> dict:
    """One object of each kind in the test organisation, for the URL arguments."""
    app_ctx.config["UPLOAD_FOLDER"] = str(tmp_path)
    return _objects(world, world.org, world.users["iso_secretary"], world.users["qmr"])


@pytest.fixture
def admin(world, login):
    return login("admin")


@pytest.fixture
def admin_token(world, token_for):
    return token_for("admin")


def _error(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("path", ["/procedures/", "/audit", "/admin/users"])
def test_a_huge_page_number_on_a_list_page_is_refused_with_a_message(admin, path):
    response = admin.get(f"{path}?page={HUGE}")
    assert response.status_code == 422
    assert "10.000" in response.get_data(as_text=True) or "10,000" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("path", ["/procedures", "/users", "/rounds", "/findings", "/actions"])
def test_a_huge_page_number_in_the_api_is_a_422_naming_the_field(client, admin_token, path):
    response = client.get(f"{API}{path}?page={HUGE}", headers=admin_token)
    assert response.status_code == 422
    assert "page" in _error(response)["fields"]


def test_a_page_beyond_ten_thousand_is_refused_by_paginate_itself(app_ctx, world):
    import sqlalchemy as sa

    from iso_qms.accounts.models import User
    from iso_qms.core.errors import ValidationFailed
    from iso_qms.core.pagination import paginate

    with pytest.raises(ValidationFailed):
        paginate(sa.select(User), page=10_001, per_page=25)
    assert paginate(sa.select(User), page=10_000, per_page=25).items == []


@pytest.mark.parametrize(
    "path",
    [
        f"{API}/procedures/{HUGE}",
        f"{API}/procedures/٣",
        f"{API}/revisions/9223372036854775808",
        f"/procedures/{HUGE}",
        f"/admin/users/{HUGE}",
        "/procedures/0",
    ],
)
def test_an_id_out_of_range_in_the_path_is_a_plain_404(admin, admin_token, path):
    response = admin.get(path, headers=admin_token if path.startswith(API) else {})
    assert response.status_code == 404


@pytest.mark.parametrize("number", [2**31 - 1, 2**31, 9999999999, 2**63 - 1])
def test_ids_up_to_the_largest_integer_are_matched_beyond_it_a_plain_404(
    admin, admin_token, number
):
    response = admin.get(f"{API}/procedures/{number}", headers=admin_token)
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


@pytest.mark.parametrize("org", ["%C2%B2", HUGE, "9223372036854775808"])
@pytest.mark.parametrize("path", ["/reports/", f"{API}/reports/compliance"])
def test_an_organisation_that_is_no_number_nor_code_is_not_found(admin, admin_token, path, org):
    response = admin.get(f"{path}?org={org}", headers=admin_token)
    assert response.status_code == 404


def test_an_organisation_by_id_and_by_code_still_works(admin, admin_token, world):
    for org in (str(world.org.id), world.org.code):
        response = admin.get(f"{API}/reports/compliance?org={org}", headers=admin_token)
        assert response.status_code == 200
        assert response.get_json()["organisation"]["code"] == world.org.code


@pytest.mark.parametrize(
    "path",
    [
        f"{API}/rounds?year=99999999999",
        f"{API}/annual-duties?year=-1",
        f"{API}/annual-duties?year=99999999999",
        f"{API}/annual-duties?year=1899",
    ],
)
def test_a_year_out_of_range_in_the_api_is_a_422(client, admin_token, path):
    response = client.get(path, headers=admin_token)
    assert response.status_code == 422
    assert "year" in _error(response)["fields"]


@pytest.mark.parametrize("year", ["99999999999", "-1", "²", "1899"])
def test_a_year_out_of_range_on_the_rounds_page_is_refused(admin, year):
    response = admin.get(f"/audits/rounds?year={year}")
    assert response.status_code == 422
    assert "1900" in response.get_data(as_text=True)


def test_a_valid_year_on_the_rounds_page_still_filters(admin):
    assert admin.get("/audits/rounds?year=2020").status_code == 200
    assert admin.get("/audits/rounds?year=").status_code == 200


def test_a_date_before_1900_on_the_audit_trail_is_shown_as_a_date_error(admin):
    response = admin.get("/audit?from=01/01/0001&to=31/12/9999")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "1900" in text


@pytest.mark.parametrize(
    "query", ["from=0001-01-01", "to=9999-12-31", "as_of=01/01/0001", "period=q1&year=" + HUGE]
)
def test_a_date_out_of_range_in_the_report_is_a_422(admin, admin_token, query):
    for path in ("/reports/", f"{API}/reports/compliance"):
        response = admin.get(f"{path}?{query}", headers=admin_token)
        assert response.status_code == 422, path


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_an_as_of_date_out_of_range_in_the_api_is_a_422(client, admin_token, world, own_ids, as_of):
    procedure_id = own_ids["procedure_id"]
    response = client.get(f"{API}/procedures/{procedure_id}?as_of={as_of}", headers=admin_token)
    assert response.status_code == 422
    assert "as_of" in _error(response)["fields"]


def test_an_as_of_date_out_of_range_on_the_procedure_page_is_shown_not_a_500(admin, own_ids):
    procedure_id = own_ids["procedure_id"]
    response = admin.get(f"/procedures/{procedure_id}?as_of=01/01/0001")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/audits/findings?round=" + HUGE, "/revisions/{revision_id}/diff?against=" + HUGE],
)
def test_an_id_filter_out_of_range_is_not_found(admin, own_ids, path):
    response = admin.get(path.format(**own_ids))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x", "review_interval_months": 2**70},
        {"title": "x", "legal_basis_ids": [2**70]},
        {"title": "x", "legal_basis_ids": [0]},
    ],
)
def test_a_huge_integer_in_a_json_body_is_a_422_not_a_driver_overflow(
    client, token_for, own_ids, body
):
    headers = token_for("iso_secretary")
    procedure_id = own_ids["procedure_id"]
    body["lock_version"] = 1
    response = client.patch(f"{API}/procedures/{procedure_id}", json=body, headers=headers)
    assert response.status_code == 422


def test_a_date_out_of_range_in_a_json_body_is_a_422(client, world, token_for, own_ids):
    headers = token_for("qmr")
    procedure_id = own_ids["procedure_id"]
    response = client.post(
        f"{API}/procedures/{procedure_id}/withdraw",
        json={"reason": "x", "date": "0001-01-01"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "date" in _error(response)["fields"]


# --- the sweep ------------------------------------------------------------------------------

#: Every query parameter name the app reads (request.args in views, the API's argument schemas).
PARAM_NAMES = [
    "page",
    "per_page",
    "org",
    "organisation_id",
    "year",
    "period",
    "from",
    "to",
    "as_of",
    "q",
    "status",
    "kind",
    "type",
    "unit",
    "scope",
    "round",
    "round_id",
    "against",
    "overdue",
    "superseded",
    "action",
    "object_type",
    "actor",
    "field",
    "role",
    "active",
    "format",
    "unread",
    "fmt",
    "next",
    # url_for()'s own keywords: a link built from request.args must not pass them on
    "_scheme",
    "_method",
    "_external",
]
BAD_VALUES = [
    HUGE,
    "9999999999",
    "-1",
    "²",
    "٣",
    "abc",
    "31/02/2020",
    "01/01/0001",
    "0001-01-01",
    "1e9",
    "a\r\nb",
]
SKIP = {"accounts.login", "core.set_language", "api-docs.openapi_json"}


class _Recorder:
    """Which query parameters each request read: the names the sweep then varies one by one."""

    def __init__(self, app):
        from werkzeug.datastructures import ImmutableMultiDict

        seen = self.seen = set()

        class RecordingArgs(ImmutableMultiDict):
            def get(self, key, *args, **kwargs):
                seen.add(key)
                return super().get(key, *args, **kwargs)

            def getlist(self, key, *args, **kwargs):
                seen.add(key)
                return super().getlist(key, *args, **kwargs)

            def __getitem__(self, key):
                seen.add(key)
                return super().__getitem__(key)

            def __contains__(self, key):
                seen.add(key)
                return super().__contains__(key)

        class RecordingRequest(app.request_class):
            parameter_storage_class = RecordingArgs

        self.app, self.original = app, app.request_class
        app.request_class = RecordingRequest

    def names(self, client, url, **kwargs) -> set[str]:
        self.seen.clear()
        _status(client, url, **kwargs)  # a failure here is found again by the sweep itself
        return set(self.seen)

    def close(self):
        self.app.request_class = self.original


@pytest.fixture
def sweep(world, own_ids, login, token_for, app_ctx):
    """A user with every role (so every page goes past its role check), logged in and with a token,
    and the URL of every GET route filled with that organisation's objects."""
    user = create_user(world.org, "everyone", *[r.value for r in Role])
    from iso_qms.extensions import db

    db.session.commit()
    del user
    client = login("everyone")
    headers = token_for("everyone")
    urls, seen = [], set()
    for rule, method, _view in _routes(app_ctx):
        if method != "GET" or rule.endpoint in SKIP or rule.endpoint.endswith("static"):
            continue
        if (rule.endpoint, tuple(sorted(rule.arguments))) in seen:
            continue  # /audits/ and /audits/rounds: one view
        seen.add((rule.endpoint, tuple(sorted(rule.arguments))))
        kwargs = {"headers": headers} if rule.rule.startswith("/api/") else {}
        urls.append((rule, _url(rule, own_ids), kwargs))
    return client, urls


def _query(values: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def _status(client, url: str, **kwargs) -> int:
    """The answer's status; an exception the app let through (TESTING propagates them) is a 500."""
    try:
        return client.get(url, **kwargs).status_code
    except Exception as exc:  # any escaping exception is the failure looked for
        _status.last = f"{type(exc).__name__}: {exc}"[:300]
        return 500


#: Plausible values, so that the names read only after another one (year after period=q1) are
#: read, and seen by the recorder.
PLAUSIBLE = {
    "page": "1",
    "period": "q1",
    "year": "2020",
    "from": "01/01/2020",
    "to": "31/12/2020",
    "as_of": "31/12/2020",
    "status": "open",
    "scope": "mine",
}


#: Names whose refusal may stop the view before it reads the others: each is sent on its own.
#: The rest (text filters, and page/per_page, read last by paginate or together by webargs)
#: go in one request per value.
ALONE = {
    "org",
    "organisation_id",
    "year",
    "period",
    "from",
    "to",
    "as_of",
    "round",
    "round_id",
    "against",
    "format",
    "fmt",
}


def test_no_query_value_makes_any_get_route_answer_500(sweep, app_ctx):
    client, urls = sweep
    recorder = _Recorder(app_ctx)
    problems, requests = [], 0
    try:
        for _rule, url, kwargs in urls:
            read = recorder.names(client, f"{url}?{_query(PLAUSIBLE)}", **kwargs)
            read &= set(PARAM_NAMES)
            together = sorted(read - ALONE)
            batches = [[name] for name in sorted(read & ALONE)] + ([together] if together else [])
            for names in batches:
                for value in BAD_VALUES:
                    query = _query(dict.fromkeys(names, value))
                    status = _status(client, f"{url}?{query}", **kwargs)
                    requests += 1
                    if status >= 500:
                        problems.append((url, query, status, getattr(_status, "last", "")))
    finally:
        recorder.close()
    assert requests > 500  # the recorder saw the names; a few thousand requests at most
    assert not problems, "\n".join(map(repr, problems))


def test_every_int_path_argument_out_of_range_is_a_404(sweep):
    client, urls = sweep
    problems = []
    for rule, _url_filled, kwargs in urls:
        int_args = [n for n in rule.arguments if re.search(rf"<int(\([^)]*\))?:{n}>", rule.rule)]
        if not int_args:
            continue
        for bad in (HUGE, "9223372036854775808", "2147483648", "٣", "-1"):
            ids = {**dict.fromkeys(rule.arguments, "1"), "fmt": "xlsx"}
            ids.update(dict.fromkeys(int_args, bad))
            url = _url(rule, ids)
            status = _status(client, url, **kwargs)
            if status != 404:
                problems.append((url, status))
    assert not problems, "\n".join(map(repr, problems))


def test_a_nul_character_in_the_query_is_refused_and_in_text_input_dropped(world, login, token_for):
    from iso_qms.core.text import nfc

    client = login("qmr")
    assert client.get("/reports/?org=A%00B").status_code == 422
    headers = token_for("qmr")
    assert client.get("/api/v1/reports/compliance?org=%00", headers=headers).status_code == 422
    assert nfc("Quy\x00 trình ") == "Quy trình"
