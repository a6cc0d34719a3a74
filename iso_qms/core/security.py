"""Security headers on every response (a strict Content-Security-Policy with no inline script) and
the one check of where a redirect may go."""

import re
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, request, url_for

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: Browsers drop tabs and newlines inside a URL and read "\" as "/", so "/\t/evil.example" or
#: "/\evil.example" leave the site; CR/LF would also break the Location header. Refused, not cleaned.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")


def _is_local_path(value: str) -> bool:
    if _UNSAFE_CHARACTERS.search(value) or not value.startswith("/") or value.startswith("//"):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def safe_redirect_target(value: str | None) -> str:
    """`value` if it is a path on this site (one leading "/"), else the home page.

    The value is checked as given and once percent-decoded. An absolute http(s) URL naming this
    very host (what Flask-Login puts in ?next=, what a Referer holds) is reduced to its path.
    """
    home = url_for("core.home")
    if not value:
        return home
    if not value.startswith("/"):
        parts = urlsplit(value) if not _UNSAFE_CHARACTERS.search(value) else None
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            return home
        if parts.netloc.lower() != request.host.lower():
            return home
        value = parts._replace(scheme="", netloc="").geturl() or "/"
    if _is_local_path(value) and _is_local_path(unquote(value)):
        return value
    return home


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response
