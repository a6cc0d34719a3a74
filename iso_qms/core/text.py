"""Text normalisation (NFC) and diacritic-insensitive search keys."""

import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, and_


def nfc(value: Any) -> Any:
    """Normalise a string to Unicode NFC and strip surrounding blanks (and NUL characters, which no
    text column can hold); other values pass through."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\x00", "")).strip()
    return value


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside nested lists and dicts (JSON bodies)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {nfc_deep(key): nfc_deep(item) for key, item in value.items()}
    return value


def fold(value: str | None) -> str:
    """Lower-case, diacritic-free form of Vietnamese text: "Quy trình Đăng ký" -> "quy trinh dang ky"."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def search_clause(column: ColumnElement, query: str | None) -> ColumnElement | None:
    """A filter matching rows whose folded column contains every word of the query.

    The column holds fold() of the searchable text, so the same LIKE works on SQLite and PostgreSQL
    without an unaccent extension.
    """
    words = fold(query).split()
    if not words:
        return None
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return and_(*[column.like(f"%{w}%", escape="\\") for w in escaped])
