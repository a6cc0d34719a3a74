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
    "revisions.print_css",
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


def _objects(world, org, editor, qmr) -> dict[str, int]:
    """One object of each kind in `org`, for the URL arguments of object routes."""
    import io
    from datetime import date

    from werkzeug.datastructures import FileStorage

    from iso_qms.accounts.models import ApiToken
    from iso_qms.core.files import store_upload
    from iso_qms.procedures import announcements, operations
    from tests.fixtures.factories import World, create_procedure, create_revision

    scoped = World(
        world.province, world.district, org, world.other_org, {"iso_secretary": editor, "qmr": qmr}
    )
    procedure = create_procedure(scoped)
    revision = create_revision(
        procedure, scoped, status="approved", effective_date=date(2020, 1, 2)
    )
    basis = operations.create_legal_basis(org.id, editor, {"number": "61/2018/NĐ-CP"})
    announcement = announcements.create_announcement(
        org.id,
        qmr,
        {
            "decision_no": "1/QĐ-UBND",
            "decision_date": date(2020, 2, 1),
            "signer": "X",
            "reason": "first",
        },
    )
    from iso_qms.acknowledgements.models import Acknowledgement
    from iso_qms.acknowledgements.operations import sync_organisation

    sync_organisation(org.id)
    task = db.session.query(Acknowledgement).filter_by(user_id=editor.id).first()
    pdf = FileStorage(io.BytesIO(b"%PDF-1.4 test"), filename="bm.pdf")
    attachment = store_upload(pdf, org.id, editor)
    ops.create_api_token(editor, "x")
    from tests.audits.builders import audit_objects

    audits = audit_objects(world, org, editor, qmr, procedure)  # round_id, line_id, finding_id ...
    from iso_qms.core.notifications import notify

    notice = notify(editor, "test", "Thông báo", link="/", dedupe_key="routes")
    db.session.commit()
    token = db.session.query(ApiToken).filter_by(user_id=editor.id).first()
    return {
        "user_id": editor.id,
        "token_id": token.id,
        "procedure_id": procedure.id,
        "revision_id": revision.id,
        "basis_id": basis.id,
        "announcement_id": announcement.id,
        "attachment_id": attachment.id,
        "fmt": "xlsx",
        "task_id": task.id,
        "notification_id": notice.id,
        **audits,
        "criterion_id": _criterion_id(org.id),
        "set_id": _set_id(org.id),
        "objective_id": _objective_id(org.id, editor, qmr),
        "risk_id": _risk_id(org.id, qmr),
        "organisation_id": org.id,
    }


def _risk_id(org_id: int, qmr) -> int:
    from iso_qms.performance import risks

    data = {"process": "Một cửa", "description": "Lỗi phần mềm", "likelihood": 2, "impact": 3}
    risk = risks.create_risk(org_id, qmr, {**data, "treatment": "reduce"})
    db.session.commit()
    return risk.id


def _objective_id(org_id: int, editor, qmr) -> int:
    """An approved objective (its approval page then shows the signature, like a revision's)."""
    from iso_qms.performance.objectives import approve_objective, create_objective
    from tests.fixtures.factories import PASSWORD

    data = {"year": 2020, "text": "100% hồ sơ đúng hạn", "indicator": "Tỷ lệ đúng hạn"}
    data |= {"target": {"op": "≥", "value": 100, "unit": "%"}, "owner_id": editor.id}
    objective = create_objective(org_id, editor, data)
    approve_objective(objective, qmr, PASSWORD)
    db.session.commit()
    return objective.id


def _criterion_id(org_id: int) -> int:
    from iso_qms.reports import appendix

    appendix.ensure_default_criteria(org_id)
    db.session.commit()
    return appendix.criteria_of(org_id)[0].id


def _set_id(org_id: int) -> int:
    from iso_qms.reports import appendix

    return appendix.criteria_of(org_id)[0].set_id


@pytest.fixture
def object_ids(world, app_ctx, tmp_path):
    """(own organisation's ids, another organisation's ids)."""
    from tests.fixtures.factories import create_user

    app_ctx.config["UPLOAD_FOLDER"] = str(tmp_path)
    other_editor = create_user(world.other_org, "other_editor", "staff", "iso_secretary", "qmr")
    other_qmr = create_user(world.other_org, "other_qmr", "staff", "qmr")
    own = _objects(world, world.org, world.users["iso_secretary"], world.users["qmr"])
    other = _objects(world, world.other_org, other_editor, other_qmr)
    return own, other


def _url(rule, ids) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", str(ids[name]), url)
    return url


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_declared(
    world, client, login, token_for, role, object_ids
):
    app = client.application
    own_ids = dict(object_ids[0])
    if role != "anonymous":  # a reading task is opened by its own person only
        from iso_qms.acknowledgements.models import Acknowledgement

        mine = db.session.query(Acknowledgement).filter_by(user_id=world.users[role].id).first()
        own_ids["task_id"] = mine.id if mine else own_ids["task_id"]
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
def test_object_routes_answer_404_for_another_organisations_id(
    world, login, token_for, role, object_ids
):
    client = login(role)
    headers = token_for(role)
    ids = object_ids[1]
    problems = []
    for rule, method, view in _routes(client.application):
        if not rule.arguments or rule.arguments <= {"fmt"}:  # no object in the URL
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
