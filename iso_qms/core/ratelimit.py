"""Rate limits by client (Flask-Limiter): login posts per address, the whole API per token.

On unless the app runs under TESTING (the shared test app must not be slowed or refused), and
`RATELIMIT_ENABLED` in the configuration decides either way. A request past a limit answers 429
through the one error handler: the translated page, or the API's error shape.
"""

from flask import Flask, current_app, request
from flask_limiter import ApplicationLimit
from flask_limiter.util import get_remote_address

from ..extensions import limiter


def login_limit() -> str:
    """The login form's limit, per client address (RATELIMIT_LOGIN, e.g. "10/minute")."""
    return current_app.config["RATELIMIT_LOGIN"]


def _api_limit() -> str:
    return current_app.config["RATELIMIT_API"]


def _not_the_api() -> bool:
    return not request.path.startswith("/api/")


def api_client_key() -> str:
    """Whom an API call counts against: the token when it is a valid one, else the address (so
    made-up tokens cannot each get a fresh allowance)."""
    from ..accounts.operations import user_for_token

    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        from ..accounts.models import ApiToken

        if user_for_token(token.strip()) is not None:
            return "token:" + ApiToken.hash_token(token.strip())
    return "address:" + get_remote_address()


#: One allowance shared by every endpoint under /api/.
API_LIMIT = ApplicationLimit(
    _api_limit, key_function=api_client_key, scope="api", exempt_when=_not_the_api
)


@limiter.request_filter
def _off_for_this_app() -> bool:
    # The limiter object is shared by every app in the process (tests build several).
    return not current_app.config.get("RATELIMIT_ENABLED")


def init_app(app: Flask) -> None:
    enabled = app.config.setdefault("RATELIMIT_ENABLED", not app.testing)
    app.config.setdefault("RATELIMIT_LOGIN", "10/minute")
    app.config.setdefault("RATELIMIT_API", "300/minute")
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on a 429
    # A shared store that is down must not lock everyone out; the account lock-out still holds.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter.limit_manager.set_application_limits([API_LIMIT.bind(limiter)])
    if enabled:
        limiter.init_app(app)
