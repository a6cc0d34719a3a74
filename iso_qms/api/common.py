"""Shared API pieces: NFC-normalising schemas, list pagination, lock_version handling."""

from functools import wraps

from flask import g, request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, pre_load, validate

from ..accounts.operations import user_for_token
from ..accounts.tree import apply_due_for
from ..core.errors import Unauthenticated, ValidationFailed
from ..core.pagination import MAX_PER_PAGE, paginate
from ..core.params import INT_MAX, INT_MIN, MAX_PAGE, range_message
from ..core.permissions import get_own, get_readable
from ..core.text import nfc_deep
from ..core.timeutil import MAX_YEAR, MIN_YEAR, DateOutOfRange


def authenticate_token() -> None:
    """Bearer-token authentication; API requests never use the session cookie."""
    g.is_api = True
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise Unauthenticated()
    apply_due_for(user)  # a reorganisation due today moves the account (no query otherwise)
    g._login_user = user  # Flask-Login's current_user, for this request only


def api_blueprint(name: str, description: str) -> Blueprint:
    """A flask-smorest blueprint whose every endpoint needs a valid token."""
    blueprint = Blueprint(name, __name__, description=description)
    blueprint.before_request(authenticate_token)
    return blueprint


class Bounded(validate.Range):
    """A Range whose message is translated when it is shown (apispec documents min and max)."""

    def _format_error(self, value, message: str) -> str:
        return range_message(self.min, self.max)


class DateBounded(validate.Validator):
    """A date within 1900–2100 (beyond them date arithmetic overflows, and it is a typo)."""

    def __call__(self, value):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValidationError(str(DateOutOfRange()))
        return value


def _integer_bounds(name: str) -> tuple[int, int]:
    """What an integer of this name may be: ids, pages and years have ranges of their own."""
    if name == "page":
        return 1, MAX_PAGE
    if name == "year":
        return MIN_YEAR, MAX_YEAR
    if name == "id" or name.endswith(("_id", "_ids")):
        return 1, INT_MAX
    return INT_MIN, INT_MAX


def _bound(field: fields.Field, name: str) -> None:
    """Add the bounds to a field (and to a list's items), once."""
    if isinstance(field, fields.List):
        _bound(field.inner, name)
    elif isinstance(field, fields.Integer) and not any(
        isinstance(v, validate.Range) and None not in (v.min, v.max) for v in field.validators
    ):
        field.validators.append(Bounded(*_integer_bounds(name)))
    elif isinstance(field, fields.Date) and not any(
        isinstance(v, DateBounded) for v in field.validators
    ):
        field.validators.append(DateBounded())


class BaseSchema(Schema):
    """Text in NFC; every integer within the database's INTEGER (ids, pages, years within their own
    ranges) and every date within 1900–2100, so a huge value is a 422, never a driver overflow."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            _bound(field, field.data_key or name)

    @pre_load
    def normalise_text(self, data, **kwargs):
        return nfc_deep(data)


class PageArgs(BaseSchema):
    page = fields.Integer(load_default=1, validate=Bounded(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=25, validate=Bounded(min=1, max=MAX_PER_PAGE))


def page_of(query, args: dict, dump) -> dict:
    """Answer a list the API.md way: {"items", "total", "page"}."""
    page = paginate(query, page=args.get("page", 1), per_page=args.get("per_page", 25))
    return {"items": [dump(item) for item in page.items], "total": page.total, "page": page.page}


def lock_version_from(body: dict) -> int:
    """The lock_version of a PATCH, from the body or an If-Match header; required."""
    value = body.get("lock_version")
    if value is None and request.headers.get("If-Match"):
        value = request.headers["If-Match"].strip('"W/ ')
    try:
        return int(value)
    except (TypeError, ValueError):
        from flask_babel import gettext as _

        raise ValidationFailed(
            fields={"lock_version": _("Send back the lock_version you read.")}
        ) from None


_PAGES: dict = {}


def page_schema(item: type[Schema]) -> type[Schema]:
    """The {"items", "total", "page"} answer of a list of `item` (one schema per item type)."""
    if item not in _PAGES:
        name = item.__name__.removesuffix("Schema") + "Page"
        _PAGES[item] = BaseSchema.from_dict(
            {
                "items": fields.List(fields.Nested(item)),
                "total": fields.Integer(),
                "page": fields.Integer(),
            },
            name=name,
        )
    return _PAGES[item]


def load_object(model, arg: str, *, to: str = "obj", readable: bool = False):
    """Load the URL's object before the body is read, so a missing or another organisation's
    object answers 404 whatever the body; the view receives it as the keyword `to`."""
    getter = get_readable if readable else get_own

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            kwargs[to] = getter(model, kwargs.pop(arg))
            return view(*args, **kwargs)

        return wrapped

    return decorator
