"""Where the login page and the language switch send the browser afterwards: only a path on this
site, never another host however the value is dressed up (tabs, backslashes, CR/LF, encodings)."""

import pytest

from iso_qms.core.security import safe_redirect_target

HOME = "/"

#: Values a browser would follow off the site (or that break the response), raw and encoded.
UNSAFE = [
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example/",
    "/\t/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: planted=1",
    "/procedures\r\nLocation: https://evil.example",
    "/x\x00y",
    "https://evil.example",
    "http://evil.example/",
    "HTTPS://evil.example",
    "https:evil.example",
    "ftp://evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "procedures",
    "/%09/evil.example/",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%0d%0aSet-Cookie:%20planted=1",
    "http://localhost@evil.example/",
    "http://localhost.evil.example/",
    "http://localhost//evil.example",
    "http://localhost/\\evil.example",
    "",
    None,
]

SAFE = [
    "/",
    "/procedures",
    "/procedures?q=th%E1%BB%A7+t%E1%BB%A5c&page=2",
    "/revisions/12/approve",
    "/audit?action=user.login#top",
]


@pytest.mark.parametrize("value", UNSAFE)
def test_a_value_leading_off_the_site_falls_back_to_the_home_page(app, value):
    with app.test_request_context():
        assert safe_redirect_target(value) == HOME


@pytest.mark.parametrize("value", SAFE)
def test_a_path_on_this_site_is_kept(app, value):
    with app.test_request_context():
        assert safe_redirect_target(value) == value


@pytest.mark.parametrize(
    "value, path",
    [
        ("http://localhost/procedures?q=a", "/procedures?q=a"),
        ("https://LOCALHOST/profile", "/profile"),
        ("http://localhost", "/"),
    ],
)
def test_an_absolute_url_of_this_very_host_is_reduced_to_its_path(app, value, path):
    """What Flask-Login puts in ?next= and what a Referer holds."""
    with app.test_request_context():
        assert safe_redirect_target(value) == path


@pytest.mark.parametrize("value", UNSAFE[:-1])
def test_login_never_redirects_off_the_site(world, client, value):
    response = client.post(
        "/login",
        query_string={"next": value},
        data={"username": "staff", "password": "Password-123"},
    )
    if "\x00" in value:  # refused at the door (core.params): no text value may hold a NUL
        assert response.status_code == 422
        return
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


@pytest.mark.parametrize(
    "raw_query", ["next=/%09/evil.example/", "next=%2F%2Fevil.example", "next=/%5Cevil.example"]
)
def test_login_with_an_encoded_next_in_the_raw_query_goes_home(world, client, raw_query):
    response = client.post(
        f"/login?{raw_query}", data={"username": "staff", "password": "Password-123"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


def test_login_follows_a_next_path_on_this_site(world, client):
    response = client.post(
        "/login",
        query_string={"next": "/procedures?q=a"},
        data={"username": "staff", "password": "Password-123"},
    )
    assert response.headers["Location"] == "/procedures?q=a"


def test_the_login_page_asked_for_by_a_protected_page_returns_to_it(world, client):
    asked = client.get("/procedures/?q=a")
    assert asked.status_code == 302
    response = client.post(asked.location, data={"username": "staff", "password": "Password-123"})
    assert response.headers["Location"] == "/procedures/?q=a"


@pytest.mark.parametrize("value", UNSAFE[:-1])
def test_the_language_switch_never_redirects_off_the_site(world, login, value):
    client = login("staff")
    response = client.post("/language", data={"locale": "en", "next": value})
    if "\x00" in value:  # refused at the door (core.params): no text value may hold a NUL
        assert response.status_code == 422
        return
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


def test_the_language_switch_ignores_a_referrer_from_another_host(world, login):
    client = login("staff")
    response = client.post(
        "/language", data={"locale": "en"}, headers={"Referer": "https://evil.example/x"}
    )
    assert response.headers["Location"] == HOME


def test_the_language_switch_returns_to_the_page_it_was_used_on(world, login):
    client = login("staff")
    response = client.post("/language", data={"locale": "en", "next": "/procedures?page=2"})
    assert response.headers["Location"] == "/procedures?page=2"


def test_the_language_switch_returns_to_a_referring_page_of_this_site(world, login):
    client = login("staff")
    response = client.post(
        "/language", data={"locale": "vi"}, headers={"Referer": "http://localhost/profile"}
    )
    assert response.headers["Location"] == "/profile"
