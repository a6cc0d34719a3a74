"""The JSON API under /api/v1 (contract: shared/API.md), described by a generated OpenAPI document."""

from flask import Flask
from flask_smorest import Api

from ..extensions import csrf


def register_api(app: Flask) -> None:
    from . import accounts, acknowledgements, audits, imports, procedures, reports

    api = Api(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for blueprint in (
        accounts.blp,
        procedures.blp,
        imports.blp,
        acknowledgements.blp,
        audits.blp,
        reports.blp,
    ):
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix="/api/v1")
