"""The JSON API under /api/v1 (contract: shared/API.md), described by a generated OpenAPI document."""

from flask import Flask, g, request

from ..accounts.operations import user_for_token
from ..core.errors import Unauthenticated
from flask_smorest import Api

from ..extensions import csrf


def authenticate_token() -> None:
    """Bearer-token authentication; API requests never use the session cookie."""
    g.is_api = True
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise Unauthenticated()
    g._login_user = user  # Flask-Login's current_user for this request only


def register_api(app: Flask) -> None:
    from . import accounts

    api = Api(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for blueprint in (accounts.blp,):
        blueprint.before_request(authenticate_token)
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix="/api/v1")
