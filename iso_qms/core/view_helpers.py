"""Running an operation behind a form or a button: a refused operation becomes form errors or
flashed messages instead of an error page, and its transaction is undone."""

from collections.abc import Callable
from typing import Any

from flask import flash, request

from ..extensions import db
from .errors import DomainError, ValidationFailed

#: What run() and flash_failure() return when the operation raised one of the caught errors.
FAILED: Any = object()

Catch = type[DomainError] | tuple[type[DomainError], ...]


def _undo(exc: DomainError) -> None:
    # Like the global handler: a wrong signature password is refused, but the attempt is counted.
    if not getattr(exc, "preserve_session", False):
        db.session.rollback()


def _messages(value) -> list[str]:
    return [str(m) for m in (value if isinstance(value, list | tuple) else [value])]


def run(
    form,
    call: Callable[[], Any],
    field_map: dict | None = None,
    *,
    catch: Catch = ValidationFailed,
    message_field: str | None = None,
):
    """Call an operation from a form; a caught domain error goes onto the form.

    Per-field messages land on the fields (renamed by `field_map`, unknown names on the form),
    a message-only error on `message_field` or else on the form. Errors not in `catch`
    propagate to the global handler (403/409 pages). Returns the result, or FAILED with the
    error kept as `form.failure`.
    """
    try:
        return call()
    except catch as exc:
        _undo(exc)
        form.failure = exc
        if exc.fields:
            form.apply_errors({(field_map or {}).get(k, k): v for k, v in exc.fields.items()})
        elif message_field:
            form.apply_errors({message_field: exc.message})
        else:
            form.form_errors.append(str(exc.message))
        return FAILED


def flash_failure(
    call: Callable[[], Any],
    catch: Catch = ValidationFailed,
    *,
    join: str | None = None,
    summary: bool = False,
):
    """Call an operation from a button; a caught domain error is flashed ("danger").

    Each field message is flashed on its own, or the error's message when it has none;
    `join` flashes the field messages as one line, `summary` only the error's message (an
    import whose per-row details would flood the page). Returns the result, or FAILED.
    """
    try:
        return call()
    except catch as exc:
        _undo(exc)
        messages = [m for value in exc.fields.values() for m in _messages(value)]
        if summary or not messages:
            messages = [str(exc.message)]
        for message in [join.join(messages)] if join else messages:
            flash(message, "danger")
        return FAILED


def form_status() -> int:
    """A form shown again after a POST did not go through: 422; a first GET: 200."""
    return 422 if request.method == "POST" else 200
