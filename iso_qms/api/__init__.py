"""What the JSON API under /api/v1 shares (contract: shared/API.md); each feature owns its endpoints.

The features hand their flask-smorest blueprints to `register_api`, which mounts them under /api/v1
with token authentication, CSRF exemption and the generated OpenAPI document.
"""

from flask import Flask
from flask_smorest import Api

from ..extensions import csrf
from .schemas import ErrorSchema


class QmsApi(Api):
    #: The error shape of API.md, as core/handlers.py answers it (not flask-smorest's own).
    ERROR_SCHEMA = ErrorSchema


def register_api(app: Flask, blueprints: list) -> None:
    api = QmsApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix="/api/v1")
