"""Reading the demo data files in seed/data/ (UTF-8 JSON and CSV; see data/README.md).

JSON has no dates, so the files write them as ISO strings and the key says which they are:
a key ending in `_on`, `_date` or `_due` holds a date ("2020-08-18"), the key `at` a moment on
Việt Nam's clock ("2020-08-17T07:30"). Anything else is read as JSON reads it; lists stay lists.
"""

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.timeutil import LOCAL_TZ

DATA = Path(__file__).resolve().parent / "data"
DATE_SUFFIXES = ("_on", "_date", "_due")


def load_json(name: str) -> Any:
    """The decoded contents of data/<name>, a fresh copy on every call."""
    text = (DATA / name).read_text(encoding="utf-8")
    return json.loads(text, object_hook=_decode)


def load_csv(name: str) -> list[dict[str, str]]:
    """The rows of data/<name> as dicts keyed by its header row; empty cells are ""."""
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _decode(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(key, value) for key, value in obj.items()}


def _value(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key == "at":
        return datetime.fromisoformat(value).replace(tzinfo=LOCAL_TZ)
    if key.endswith(DATE_SUFFIXES):
        return date.fromisoformat(value)
    return value
