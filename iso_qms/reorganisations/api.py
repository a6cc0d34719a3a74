"""API: changes of the tree (POST /reorganisations); the carry-over of a successor's QMS is in
carry_over_api.py on this blueprint."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import fields, validate

from ..accounts.models import Organisation, OrgLevel, Role
from ..accounts.org_history import OrganisationPeriod, ReorgKind
from ..accounts.tree import links_of, periods_on
from ..api.common import BaseSchema, DateBounded, api_blueprint
from ..core.errors import ValidationFailed
from ..core.permissions import roles_required
from ..extensions import db
from . import operations as ops
from .open_work import OPEN_WORK_CHOICES

blp = api_blueprint("api_reorganisations", "Organisations over time: reorganisations, carry-over")


class NewOrganisationSchema(BaseSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    level = fields.String(required=True, validate=validate.OneOf([lv.value for lv in OrgLevel]))
    parent_id = fields.Integer(allow_none=True, strict=True)
    place_name = fields.String(load_default="", validate=validate.Length(max=100))


class TargetField(fields.Field):
    """An organisation id, or {code, name, level, parent_id} for a new one, or (rename) a name."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            if not value.strip() or len(value) > 200:
                raise self.make_error("invalid")
            return value
        if isinstance(value, dict):
            return NewOrganisationSchema().load(value)
        raise self.make_error("invalid")

    default_error_messages = {"invalid": "An organisation id, a new organisation or a new name."}


class ReorganisationSchema(BaseSchema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in ReorgKind]))
    effective_date = fields.Date(required=True, validate=DateBounded())
    legal_basis = fields.String(required=True, validate=validate.Length(max=500))
    sources = fields.List(
        fields.Integer(strict=True), required=True, validate=validate.Length(min=1, max=500)
    )
    target = TargetField(required=True)
    open_work = fields.String(validate=validate.OneOf(OPEN_WORK_CHOICES), allow_none=True)


class OrganisationStateSchema(BaseSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    level = fields.String()
    #: The parent in force on the change's day (an organisation that ends: its last parent).
    parent_id = fields.Integer(allow_none=True)
    #: False for an organisation that ends the day before the change (an archive from then on).
    in_force = fields.Boolean()
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    predecessor_ids = fields.List(fields.Integer())
    successor_ids = fields.List(fields.Integer())


class ReorganisationResultSchema(BaseSchema):
    id = fields.Integer()
    kind = fields.String()
    effective_date = fields.Date()
    legal_basis = fields.String()
    open_work = fields.String()
    organisations = fields.List(fields.Nested(OrganisationStateSchema))


def _organisation(org_id: int, field: str) -> Organisation:
    org = db.session.get(Organisation, org_id) if isinstance(org_id, int) else None
    if org is None:
        raise ValidationFailed(fields={field: _("The organisation was not found.")})
    return org


def _as_of(org_ids: set[int], on: date) -> dict[int, tuple[int | None, str]]:
    """(parent_id, name) of each organisation by its period in force on `on` (one query)."""
    tree = periods_on(on)
    rows = db.session.execute(
        sa.select(tree.c.organisation_id, tree.c.parent_id, tree.c.name).where(
            tree.c.organisation_id.in_(org_ids)
        )
    )
    return {org_id: (parent_id, name) for org_id, parent_id, name in rows}


def state_of(reorg) -> dict:
    """The change and every organisation it touches (its sources and target, and the children an
    ended level hands on) as they are from its day: name and parent in force then (the last ones
    for an organisation that ends), its life and its links. A fixed number of queries."""
    day = reorg.effective_date
    ids = {i for link in reorg.links for i in (link.predecessor_id, link.successor_id)}
    ids |= set(
        db.session.scalars(
            sa.select(OrganisationPeriod.organisation_id).where(
                OrganisationPeriod.reorganisation_id == reorg.id
            )
        )
    )
    orgs = db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids))).all()
    then = _as_of(ids, day)
    ended = ids - then.keys()  # their last parent and name, the day before
    last = _as_of(ended, day - timedelta(days=1)) if ended else {}
    links = links_of(sorted(ids))
    state = {o.id: then.get(o.id) or last.get(o.id) or (o.parent_id, o.name) for o in orgs}
    return {
        "id": reorg.id,
        "kind": reorg.kind.value,
        "effective_date": day,
        "legal_basis": reorg.legal_basis,
        "open_work": reorg.open_work,
        "organisations": [
            {
                "id": o.id,
                "code": o.code,
                "name": state[o.id][1],
                "level": o.level.value,
                "parent_id": state[o.id][0],
                "in_force": o.id in then,
                "valid_from": o.valid_from,
                "valid_to": o.valid_to,
                "predecessor_ids": links["predecessors"].get(o.id, []),
                "successor_ids": links["successors"].get(o.id, []),
            }
            for o in sorted(orgs, key=lambda o: o.id)
        ],
    }


def target_of(kind: ReorgKind, target):
    """The body's `target` as the operation takes it."""
    if kind is ReorgKind.merge_new:
        if not isinstance(target, dict):
            raise ValidationFailed(
                fields={"target": _("Give the code, name and level of the new organisation.")}
            )
        return ops.NewOrganisation(
            code=target["code"],
            name=target["name"],
            level=OrgLevel(target["level"]),
            parent_id=target.get("parent_id"),
            place_name=target.get("place_name", ""),
        )
    if kind is ReorgKind.rename:
        if not isinstance(target, str):
            raise ValidationFailed(fields={"target": _("Enter the new name.")})
        return target
    if not isinstance(target, int):
        raise ValidationFailed(fields={"target": _("Choose the organisation that continues.")})
    return _organisation(target, "target")


@blp.route("/reorganisations", methods=["POST"])
@roles_required(Role.admin)
@blp.arguments(ReorganisationSchema)
@blp.response(201, ReorganisationResultSchema)
def create_reorganisation(body):
    """Register a change of the tree, in force from `effective_date` (today or later; a past date
    for bringing in what happened before): `merge_new`, `merge_into`, `move`, `end_level`,
    `rename`. 422 refused with the reason per field, nothing changed."""
    kind = ReorgKind(body["kind"])
    sources = [_organisation(i, "sources") for i in body["sources"]]
    reorg = ops.reorganise(
        kind,
        body["effective_date"],
        body["legal_basis"],
        sources,
        target_of(kind, body["target"]),
        current_user,
        body.get("open_work"),
    )
    return state_of(reorg)
