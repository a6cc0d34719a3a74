"""Language (Vietnamese first, English second), catalogue compilation and date formatting."""

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request, session
from flask_login import current_user

from .timeutil import LOCAL_TZ

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


def compile_catalogues(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every messages.po whose .mo is missing or older; a fresh clone then shows Vietnamese."""
    written = []
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        # A private temporary file, then an atomic rename: several processes starting at once
        # (gunicorn workers, test workers) may all compile without tripping over each other.
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".messages-", suffix=".mo")
        try:
            with os.fdopen(fd, "wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            os.replace(tmp, mo_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(mo_path)
    return written


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if request and session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, in Việt Nam's time zone for datetimes."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # an ISO date from JSON-ready data
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def format_percent(value) -> str:
    """90.9 → "90,9%" in Vietnamese ("90.9%" in English); 100.0 → "100%"."""
    if value is None:
        return "—"
    text = f"{float(value):.1f}".removesuffix(".0")
    if select_locale() == "vi":
        text = text.replace(".", ",")
    return text + "%"


def format_issue(number) -> str:
    """An issue (lần ban hành) number as the register writes it, two digits: 2 → "02"."""
    if number is None or number == "":
        return ""
    return f"{int(number):02d}"


def init_app(app: Flask) -> None:
    from .markdown import render_markdown

    app.jinja_env.filters["pct"] = format_percent
    app.jinja_env.filters["issue_no"] = format_issue
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["dmy"] = format_date
    app.jinja_env.filters["dmyhm"] = format_datetime
