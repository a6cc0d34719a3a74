"""One transaction per request (and per CLI command): operations flush, this commits or rolls back."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction has committed (e-mail, notifications)."""
    g.setdefault("after_commit", []).append(callback)


def _run_after_commit() -> None:
    for callback in g.pop("after_commit", []):
        try:
            callback()
        except Exception:  # a failed e-mail must not undo a committed change
            current_app.logger.exception("after-commit callback failed")


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_request(response: Response) -> Response:
        try:
            db.session.commit()
        except (IntegrityError, StaleDataError, OperationalError, DisconnectionError) as exc:
            db.session.rollback()
            g.pop("after_commit", None)
            from .handlers import conflict_response, connection_lost, unavailable_response

            # A lock or serialization failure is a conflict (409); a lost connection is not.
            answer = unavailable_response() if connection_lost(exc) else conflict_response(exc)
            return current_app.make_response(answer)  # the after_request hooks need a Response
        _run_after_commit()
        return response


@contextmanager
def transaction() -> Iterator[None]:
    """For CLI commands and scripts: commit at the end, roll back on any error."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        g.pop("after_commit", None)
        raise
    _run_after_commit()
