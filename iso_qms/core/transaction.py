"""One transaction per request (and per CLI command): operations flush, this commits or rolls back."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import IntegrityError, OperationalError
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
        except (IntegrityError, StaleDataError, OperationalError) as exc:
            db.session.rollback()
            g.pop("after_commit", None)
            from .handlers import conflict_response

            return conflict_response(exc)
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
