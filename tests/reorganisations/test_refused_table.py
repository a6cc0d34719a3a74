"""The refused half of the state × change table (issue 15, "Bad input"), through the API so that
"nothing changed" is what a client sees: for each of the five changes, the refusals that apply to
it — a circle, a date before an organisation existed, open work not decided, organisations of
different provinces, an organisation already ended, a change by someone not above it — answer 422
naming the field, and no organisation, period, change, link or audit entry is written. Then the
201 answer of each change says the organisations as they become, and the change is audited."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, OrgLevel
from iso_qms.accounts.org_history import (
    OrganisationPeriod,
    Reorganisation,
    ReorganisationLink,
    ReorgKind,
)
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db
from iso_qms.reorganisations.operations import NewOrganisation, reorganise
from tests.fixtures.factories import create_org, create_procedure, create_revision, create_user

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025"
JULY, AUGUST = date(2027, 7, 1), date(2027, 8, 1)
MODELS = (Organisation, OrganisationPeriod, Reorganisation, ReorganisationLink, AuditEntry)


@pytest.fixture
def table(tree):
    """The world on 20/06/2027 plus: a draft in A (open work), a second district D2, commune X
    made on 01/08/2027 (so it exists only from then), commune C2 of another province P2, and a
    system organisation S above two provinces of its own (P3 with C3, P4 with C4)."""
    create_revision(create_procedure(tree), tree)  # a draft: A has open work
    d2 = create_org("D2", "district", tree.province)
    p2 = create_org("P2", "province")
    c2 = create_org("C2", "commune", p2)
    s = create_org("S", "other", name="Hệ thống")
    p3, p4 = create_org("P3", "province", s), create_org("P4", "province", s)
    c3, c4 = create_org("C3", "commune", p3), create_org("C4", "commune", p4)
    create_user(s, "sadmin", "staff", "admin")
    create_user(p3, "p3admin", "staff", "admin")
    db.session.commit()
    reorganise(ReorgKind.merge_new, AUGUST, BASIS, [tree.other_org],
               NewOrganisation(code="X", name="UBND xã Mới", level=OrgLevel.commune,
                               parent_id=tree.district.id),
               tree.users["province_admin"], "close")  # fmt: skip
    db.session.commit()
    tree.ids = {o.code: o.id for o in db.session.scalars(sa.select(Organisation))}
    del d2, c2, c3, c4
    return tree


def _state() -> tuple:
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in MODELS)
    orgs = tuple(
        db.session.execute(
            sa.select(Organisation.id, Organisation.name, Organisation.parent_id,
                      Organisation.valid_from, Organisation.valid_to).order_by(Organisation.id)
        ).all()
    )  # fmt: skip
    return counts, orgs


def _new(parent: str) -> dict:
    return {"code": "X-NEW", "name": "UBND xã Quảng Điền", "level": "commune", "parent_id": parent}


#: (case, kind, sources, target, date, open_work, user, the field named)
REFUSED = [
    (
        "different provinces",
        "merge_new",
        ["A", "C2"],
        _new("D"),
        JULY,
        "close",
        "padmin",
        "sources",
    ),
    ("circle", "merge_new", ["D", "D2"], _new("A"), JULY, "close", "padmin", "target"),
    ("circle", "merge_into", ["D"], "A", JULY, "close", "padmin", "target"),
    ("circle", "move", ["D"], "A", JULY, "close", "padmin", "target"),
    ("circle", "end_level", ["D"], "A", JULY, "close", "padmin", "target"),
    (
        "before it existed",
        "merge_new",
        ["X", "A"],
        _new("D"),
        AUGUST,
        "close",
        "padmin",
        "effective_date",
    ),
    ("before it existed", "merge_into", ["A"], "X", JULY, "close", "padmin", "effective_date"),
    ("before it existed", "move", ["X"], "D2", AUGUST, None, "padmin", "effective_date"),
    (
        "before it existed",
        "rename",
        ["X"],
        "UBND xã Khác",
        AUGUST,
        None,
        "padmin",
        "effective_date",
    ),
    ("open work", "merge_new", ["A", "D2"], _new("D"), JULY, None, "padmin", "open_work"),
    ("open work", "merge_into", ["A"], "D2", JULY, None, "padmin", "open_work"),
    ("not above it", "merge_new", ["C3", "C4"], _new("P3"), JULY, "close", "p3admin", "sources"),
    ("not above it", "merge_into", ["C3"], "C4", JULY, "close", "p3admin", "target"),
    ("different provinces", "merge_into", ["A"], "C2", JULY, "close", "padmin", "sources"),
    ("ended", "move", ["B"], "D2", date(2027, 9, 1), None, "padmin", "sources"),
    ("not above it", "rename", ["C2"], "UBND xã Khác", JULY, None, "padmin", "sources"),
    ("not above it", "move", ["A"], "D2", JULY, None, "admin", "sources"),
    ("no name", "rename", ["A"], "   ", JULY, None, "padmin", "target"),
]


def _body(table, kind, sources, target, day, open_work) -> dict:
    ids = table.ids
    if isinstance(target, dict):
        target = {**target, "parent_id": ids[target["parent_id"]]}
    elif kind != "rename":
        target = ids[target]
    body = {"kind": kind, "effective_date": day.isoformat(), "legal_basis": BASIS,
            "sources": [ids[s] for s in sources], "target": target}  # fmt: skip
    if open_work:
        body["open_work"] = open_work
    return body


@pytest.mark.parametrize(
    "case, kind, sources, target, day, open_work, user, field",
    REFUSED,
    ids=[f"{r[1]}-{r[0]}-{'+'.join(r[2])}" for r in REFUSED],
)
def test_a_refused_change_names_the_field_and_changes_nothing(
    table, client, token_for, case, kind, sources, target, day, open_work, user, field
):
    headers = token_for(user)  # (making the token is on the audit trail)
    before = _state()
    answer = client.post(
        "/api/v1/reorganisations",
        json=_body(table, kind, sources, target, day, open_work),
        headers=headers,
    )
    assert answer.status_code == 422, answer.get_json()
    fields = answer.get_json()["error"]["fields"]
    assert field in fields, fields
    if case == "different provinces":
        assert "tỉnh khác nhau" in " ".join(fields["sources"])
    db.session.expire_all()
    assert _state() == before


def test_the_admin_of_the_system_above_both_provinces_may_merge_their_communes(
    table, client, token_for
):
    body = _body(table, "merge_new", ["C3", "C4"], _new("P3"), JULY, "close")
    answer = client.post("/api/v1/reorganisations", json=body, headers=token_for("sadmin"))
    assert answer.status_code == 201, answer.get_json()


def _registered(client, token_for, body) -> dict:
    answer = client.post("/api/v1/reorganisations", json=body, headers=token_for("padmin"))
    assert answer.status_code == 201, answer.get_json()
    return {o["code"]: o for o in answer.get_json()["organisations"]}


def test_each_answer_says_the_organisations_as_they_become_and_is_audited(table, client, token_for):
    ids = table.ids
    moved = _registered(client, token_for, _body(table, "move", ["B"], "D2", JULY, "close"))
    assert moved["B"]["parent_id"] == ids["D2"] and moved["B"]["in_force"]

    ended = _registered(client, token_for, _body(table, "end_level", ["D"], "P", JULY, "close"))
    assert ended["D"]["in_force"] is False and ended["D"]["valid_to"] == "2027-06-30"
    assert ended["D"]["parent_id"] == ids["P"]  # its last parent
    assert ended["A"]["parent_id"] == ids["P"]  # the children it hands on are in the answer
    assert "B" not in ended  # moved away the same day: not D's to hand on

    renamed = _registered(client, token_for, _body(table, "rename", ["A"], "UBND xã Quảng An Mới",
                                                   AUGUST, None))  # fmt: skip
    assert renamed["A"]["name"] == "UBND xã Quảng An Mới" and renamed["A"]["in_force"]
    assert renamed["A"]["parent_id"] == ids["P"]
    assert db.session.get(Organisation, ids["A"]).name == "UBND xã Quảng An"  # not yet due

    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "organisation.reorganise")
    ).all()
    kinds = [str(e.new.get("kind")) for e in entries]
    assert {"move", "end_level", "rename"} <= set(kinds), kinds
    assert all(e.actor_id == table.users["province_admin"].id for e in entries)


def test_every_reason_is_given_at_once(table, client, token_for):
    headers = token_for("padmin")
    body = {**_body(table, "merge_new", ["A", "C2"], _new("D"), JULY, "close"), "legal_basis": ""}
    answer = client.post("/api/v1/reorganisations", json=body, headers=headers)
    assert answer.status_code == 422
    assert {"legal_basis", "sources"} <= set(answer.get_json()["error"]["fields"])
