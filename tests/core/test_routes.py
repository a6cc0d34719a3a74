"""Every route × every role: allowed, 403, or sent to log in; every object route 404s for another
organisation's id. New routes join this table automatically through their required_roles."""

import re

import pytest

from iso_qms.accounts import operations as ops
from iso_qms.extensions import db

ROLES = ["anonymous", "staff", "iso_secretary", "qmr", "head", "inspector", "supervisor", "admin"]
PUBLIC = {
    "accounts.login",
    "core.set_language",
    "core.healthz",
    "static",
    "bootstrap.static",
    "api-docs.openapi_json",
}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, view


def test_every_non_public_route_declares_its_roles(app):
    missing = [r.endpoint for r, _m, view in _routes(app) if not hasattr(view, "required_roles")]
    assert missing == []


def _other_org_ids(world) -> dict[str, int]:
    """An id of the other organisation's object for each URL argument name."""
    other = world.users["other_admin"]
    ops.create_api_token(other, "x")
    db.session.commit()
    token = other_token_id = None
    from iso_qms.accounts.models import ApiToken

    token = db.session.query(ApiToken).filter_by(user_id=other.id).one()
    other_token_id = token.id
    return {"user_id": other.id, "token_id": other_token_id}


def _url(rule, ids) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(ids[name]), url)
    return url


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_declared(world, client, login, token_for, role):
    app = client.application
    ids = _other_org_ids(world)
    own_ids = {"user_id": world.users["staff"].id, "token_id": ids["token_id"]}
    web = client if role == "anonymous" else login(role)
    headers = {} if role == "anonymous" else token_for(role)
    user = world.users.get(role)
    problems = []
    for rule, method, view in _routes(app):
        api = rule.rule.startswith("/api/")
        allowed = role != "anonymous" and (
            not view.required_roles or any(r.value in user.role_codes for r in view.required_roles)
        )
        url = _url(rule, own_ids)
        kwargs = {"headers": headers} if api else {}
        if api and method in ("POST", "PATCH"):
            kwargs["json"] = {}
        if rule.endpoint == "accounts.logout" and role != "anonymous":
            continue  # logging out would end the session for the routes after it; tested elsewhere
        response = web.open(url, method=method, **kwargs)
        if role == "anonymous":
            expected = {401} if api else {302}
            if not api and response.status_code == 302 and "/login" not in response.location:
                problems.append((method, url, "redirects elsewhere"))
        elif not allowed:
            expected = {403}
        else:
            expected = {200, 201, 302, 400, 404, 409, 422}  # allowed: anything but 401/403/500
        if response.status_code not in expected:
            problems.append((method, url, response.status_code))
    assert problems == []


@pytest.mark.parametrize("role", ["admin", "qmr", "staff"])
def test_object_routes_answer_404_for_another_organisations_id(world, login, token_for, role):
    client = login(role)
    headers = token_for(role)
    ids = _other_org_ids(world)
    problems = []
    for rule, method, view in _routes(client.application):
        if not rule.arguments:
            continue
        if view.required_roles and not any(
            r.value in world.users[role].role_codes for r in view.required_roles
        ):
            continue
        api = rule.rule.startswith("/api/")
        kwargs = {"headers": headers, "json": {"lock_version": 1}} if api else {}
        response = client.open(_url(rule, ids), method=method, **kwargs)
        if response.status_code != 404:
            problems.append((method, rule.rule, response.status_code))
    assert problems == []
