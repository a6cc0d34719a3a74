"""Error pages and JSON errors: one mapping for domain errors and HTTP errors, HTML and API alike."""

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..extensions import db
from .errors import DomainError, EditConflict

HTTP_MESSAGES = {
    400: ("bad_request", lambda: _("The request was malformed.")),
    401: ("unauthenticated", lambda: _("A valid API token is required.")),
    403: ("forbidden", lambda: _("You do not have permission to do this.")),
    404: ("not_found", lambda: _("The page or record was not found.")),
    405: ("method_not_allowed", lambda: _("This method is not allowed here.")),
    409: (
        "conflict",
        lambda: _("The record was changed by someone else. Reload it and try again."),
    ),
    413: ("too_large", lambda: _("The uploaded file is too large.")),
    422: ("validation_error", lambda: _("Some values are not valid.")),
    429: ("too_many_requests", lambda: _("Too many requests. Try again later.")),
    500: ("server_error", lambda: _("An unexpected error occurred. Nothing was saved.")),
}


def wants_json() -> bool:
    return bool(getattr(g, "is_api", False)) or request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": str(message), "fields": fields or {}}}
        return jsonify(body), status
    return render_template(
        "errors/error.html", status=status, message=message, fields=fields
    ), status


def conflict_response(exc: Exception):
    return error_response(409, EditConflict.code, str(EditConflict.default_message))


def connection_lost(exc: BaseException) -> bool:
    """The database connection died under the request (server restart, pg_terminate_backend)."""
    return isinstance(exc, DisconnectionError) or bool(
        getattr(exc, "connection_invalidated", False)
    )


def unavailable_response():
    message = _(
        "The connection to the database was lost. Reload the page to see what was saved, "
        "then try again."
    )
    return error_response(503, "database_unavailable", message)


def handle_database_error(exc: Exception):
    """A lost connection answers 503 (SQLAlchemy has already discarded it; the next request gets
    a fresh one); any other database error stays an unexpected error (500)."""
    if not connection_lost(exc):
        raise exc
    db.session.rollback()
    current_app.logger.error(
        "database connection lost during %s %s: %s", request.method, request.path, exc
    )
    return unavailable_response()


def handle_domain_error(exc: DomainError):
    if not getattr(
        exc, "preserve_session", False
    ):  # e.g. a wrong signature password is still counted
        db.session.rollback()
    fields = {
        key: [str(m) for m in (v if isinstance(v, list) else [v])] for key, v in exc.fields.items()
    }
    response = error_response(exc.status, exc.code, str(exc.message), fields)
    if exc.status == 401 and wants_json():
        response[0].headers["WWW-Authenticate"] = "Bearer"
    return response


def handle_http_error(exc: HTTPException):
    db.session.rollback()
    status = exc.code or 500
    code, message = HTTP_MESSAGES.get(status, ("error", lambda: exc.description))
    fields = {}
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages and status == 422:  # webargs validation errors: {"json": {"field": ["msg"]}}
        code, message = "validation_error", _("Some values are not valid.")
        for location in messages.values():
            fields.update(location if isinstance(location, dict) else {"_": location})
    if isinstance(exc, CSRFError):
        message = lambda: _("The form has expired or is invalid. Reload the page and try again.")  # noqa: E731
    text = message() if callable(message) else message
    return error_response(status, code, text, fields)


def handle_conflict(exc: Exception):
    """Two people changed the same row at once, or a uniqueness rule was hit: 409, nothing saved."""
    db.session.rollback()
    return conflict_response(exc)


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(StaleDataError, handle_conflict)
    app.register_error_handler(IntegrityError, handle_conflict)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(DisconnectionError, handle_database_error)
    # Also catches the 500 that Flask makes of an unhandled exception outside testing.
    app.register_error_handler(HTTPException, handle_http_error)
