"""Settings read from the environment."""

import os
import secrets
from pathlib import Path

from .core.database import engine_options


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated on first run and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def from_environment(instance_path: str) -> dict:
    """The configuration of a running app; tests pass overrides to create_app()."""
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "iso_qms.sqlite3")
    )
    return {
        "SECRET_KEY": load_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ["vi", "en"],
        "BOOTSTRAP_SERVE_LOCAL": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(os.environ.get("LOGIN_LOCK_MINUTES", "15")),
        # Rate limits (Flask-Limiter): login posts per client address, the API per token (or
        # address without a valid one). In memory suits one process; several gunicorn workers or
        # servers share a store: RATELIMIT_STORAGE_URI=redis://host:6379 or memcached://host:11211.
        # RATELIMIT_ENABLED is only set when given: unset, the limits are on except under TESTING.
        "RATELIMIT_LOGIN": os.environ.get("RATELIMIT_LOGIN", "10/minute"),
        "RATELIMIT_API": os.environ.get("RATELIMIT_API", "300/minute"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        **(
            {"RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED")}
            if "RATELIMIT_ENABLED" in os.environ
            else {}
        ),
        "PER_PAGE": int(os.environ.get("PER_PAGE", "25")),
        # Uploaded files and backups: inside the instance folder unless set.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", ""),
        "BACKUP_FOLDER": os.environ.get("BACKUP_FOLDER", ""),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024 + 65536,
        "ACK_DUE_WORKING_DAYS": int(os.environ.get("ACK_DUE_WORKING_DAYS", "5")),
        "ACK_REMIND_DAYS_BEFORE": int(os.environ.get("ACK_REMIND_DAYS_BEFORE", "2")),
        "ACK_ESCALATE_AFTER_DAYS": int(os.environ.get("ACK_ESCALATE_AFTER_DAYS", "3")),
        "AUDIT_REMIND_DAYS_BEFORE": int(os.environ.get("AUDIT_REMIND_DAYS_BEFORE", "2")),
        "AUDIT_ESCALATE_QMR_AFTER": int(os.environ.get("AUDIT_ESCALATE_QMR_AFTER", "3")),
        "AUDIT_ESCALATE_HEAD_AFTER": int(os.environ.get("AUDIT_ESCALATE_HEAD_AFTER", "7")),
        # E-mail: only when MAIL_SERVER is set; otherwise notifications are in-app only.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "iso-qms@localhost"),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        # flask-smorest: the OpenAPI document lives under the API prefix.
        "API_TITLE": "iso_qms API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
