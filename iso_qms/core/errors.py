"""Domain errors: raised by operations, mapped to status codes by one handler (HTML and JSON)."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400
    code = "bad_request"
    default_message = _l("The request could not be processed.")

    def __init__(self, message=None, fields: dict | None = None):
        super().__init__(str(message or self.default_message))
        self.message = message or self.default_message
        self.fields = fields or {}


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"
    default_message = _l("You do not have permission to do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _l("The page or record was not found.")


class InvalidState(DomainError):
    status = 409
    code = "invalid_state"
    default_message = _l("This action is not allowed in the record's current state.")


class EditConflict(DomainError):
    status = 409
    code = "edit_conflict"
    default_message = _l("The record was changed by someone else. Reload it and try again.")


class ValidationFailed(DomainError):
    status = 422
    code = "validation_error"
    default_message = _l("Some values are not valid.")


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = _l("A valid API token is required.")
