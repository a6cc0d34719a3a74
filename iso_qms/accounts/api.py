"""API: the caller, organisations and users."""

import sqlalchemy as sa
from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy.orm import selectinload

from ..api.common import (
    BaseSchema,
    DateBounded,
    PageArgs,
    api_blueprint,
    lock_version_from,
    page_of,
)
from ..core.pagination import paginate
from ..core.permissions import get_own, login_required, readable_org_ids, roles_required
from ..core.text import search_clause
from ..core.timeutil import today
from ..extensions import db
from . import operations as ops
from .models import Organisation, Role, User
from .tree import links_of, periods_on

blp = api_blueprint("api_accounts", "Organisations and users")

ROLE_CODES = [role.value for role in Role]


class OrganisationSchema(BaseSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    level = fields.Function(lambda org: org.level.value)
    parent_id = fields.Integer(allow_none=True)


class OrganisationOverTimeSchema(OrganisationSchema):
    """An organisation as it was on the day asked (issue 15): its name and parent then."""

    level = fields.String()
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    predecessor_ids = fields.List(fields.Integer())
    successor_ids = fields.List(fields.Integer())


class OrganisationArgs(PageArgs):
    as_of = fields.Date(validate=DateBounded())


class UserSchema(BaseSchema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    unit = fields.String()
    position = fields.String()
    email = fields.String()
    active = fields.Boolean()
    roles = fields.List(fields.String(), attribute="role_codes")
    lock_version = fields.Integer()


class MeSchema(UserSchema):
    organisation = fields.Nested(OrganisationSchema)


class UserListArgs(PageArgs):
    q = fields.String(load_default="")
    unit = fields.String()
    role = fields.String(validate=validate.OneOf(ROLE_CODES))
    active = fields.Boolean()


class UserCreateSchema(BaseSchema):
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    unit = fields.String(load_default="")
    position = fields.String(load_default="")
    email = fields.String(load_default="")
    roles = fields.List(fields.String(validate=validate.OneOf(ROLE_CODES)), load_default=["staff"])
    password = fields.String(required=True, load_only=True)


class UserPatchSchema(BaseSchema):
    full_name = fields.String()
    unit = fields.String()
    position = fields.String()
    email = fields.String()
    roles = fields.List(fields.String(validate=validate.OneOf(ROLE_CODES)))
    active = fields.Boolean()
    lock_version = fields.Integer()


class UserPage(BaseSchema):
    items = fields.List(fields.Nested(UserSchema))
    total = fields.Integer()
    page = fields.Integer()


class OrganisationPage(BaseSchema):
    items = fields.List(fields.Nested(OrganisationOverTimeSchema))
    total = fields.Integer()
    page = fields.Integer()


@blp.route("/me")
@login_required
@blp.response(200, MeSchema)
def me():
    """The caller: account, roles and organisation."""
    return current_user


@blp.route("/organisations")
@login_required
@blp.arguments(OrganisationArgs, location="query")
@blp.response(200, OrganisationPage)
def organisations(args):
    """The caller's organisation and those it supervises, in the tree in force on `as_of`
    (default today): names and parents then, validity, predecessors and successors."""
    on = args.get("as_of") or today()
    tree = periods_on(on)
    query = (
        sa.select(Organisation)
        .join(tree, tree.c.organisation_id == Organisation.id)
        .where(Organisation.id.in_(readable_org_ids(current_user, on)))
        .order_by(Organisation.id)
    )
    page = paginate(query, page=args["page"], per_page=args["per_page"])
    ids = [org.id for org in page.items]
    then = {
        row.organisation_id: row
        for row in db.session.execute(sa.select(tree).where(tree.c.organisation_id.in_(ids)))
    }
    links = links_of(ids)
    return {
        "items": [
            {
                "id": org.id,
                "code": org.code,
                "name": then[org.id].name,
                "level": org.level.value,
                "parent_id": then[org.id].parent_id,
                "valid_from": org.valid_from,
                "valid_to": org.valid_to,
                "predecessor_ids": links["predecessors"].get(org.id, []),
                "successor_ids": links["successors"].get(org.id, []),
            }
            for org in page.items
        ],
        "total": page.total,
        "page": page.page,
    }


@blp.route("/users")
@login_required
@blp.arguments(UserListArgs, location="query")
@blp.response(200, UserPage)
def list_users(args):
    """Users of the caller's organisation."""
    query = (
        sa.select(User)
        .where(User.organisation_id == current_user.organisation_id)
        .options(selectinload(User.role_rows))
    )
    clause = search_clause(User.search_key, args.get("q"))
    if clause is not None:
        query = query.where(clause)
    if args.get("unit"):
        query = query.where(User.unit == args["unit"])
    if "active" in args:
        query = query.where(User.active.is_(args["active"]))
    if args.get("role"):
        from ..accounts.models import UserRole

        query = query.where(
            User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == Role(args["role"])))
        )
    return page_of(query.order_by(User.full_name, User.id), args, lambda user: user)


@blp.route("/users", methods=["POST"])
@roles_required(Role.admin)
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
def create_user(body):
    """Create an account in the caller's organisation (admin)."""
    return ops.create_user(
        current_user.organisation,
        body["username"],
        body["full_name"],
        body["password"],
        [Role(r) for r in body["roles"]],
        unit=body["unit"],
        position=body["position"],
        email=body["email"],
        actor=current_user,
    )


@blp.route("/users/<int:user_id>", methods=["PATCH"])
@roles_required(Role.admin)
@blp.arguments(UserPatchSchema)
@blp.response(200, UserSchema)
def patch_user(body, user_id):
    """Change roles, unit, position or active (admin); needs the lock_version read before."""
    user = get_own(User, user_id)
    version = lock_version_from(body)
    changes = {k: v for k, v in body.items() if k != "lock_version"}
    if "roles" in changes:
        changes["roles"] = {Role(r) for r in changes["roles"]}
    return ops.update_user(user, changes, actor=current_user, lock_version=version)
