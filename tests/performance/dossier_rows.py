"""Hand-built dossier rows for the figures' tests, inserted in bulk (no importer needed)."""

from datetime import date, datetime

import sqlalchemy as sa

from iso_qms.core.timeutil import LOCAL_TZ
from iso_qms.extensions import db
from iso_qms.performance.models import Channel, Dossier, DossierSummary

#: Imported long before the reports below ask (the as-of rule lets them count).
EARLY_IMPORT = datetime(2020, 1, 2, 8, 0, tzinfo=LOCAL_TZ)


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def dossier(org_id: int, code: str, received: datetime, due: datetime | None, **extra) -> dict:
    returned = extra.pop("returned", None)
    imported = extra.pop("imported", None) or received
    row = {
        "organisation_id": org_id,
        "code": code,
        "procedure_id": extra.pop("procedure_id", None),
        "tthc_code": extra.pop("tthc_code", ""),
        "tthc_name": extra.pop("tthc_name", "Đăng ký khai sinh"),
        "received_at": received,
        "due_at": due,
        "due_computed": False,
        "returned_at": returned,
        "channel": extra.pop("channel", Channel.direct),
        "digitised": extra.pop("digitised", True),
        "apology_ref": extra.pop("apology_ref", ""),
        "apology_date": extra.pop("apology_date", None),
        "officer": extra.pop("officer", ""),
        "imported_at": imported,
        "returned_known_at": extra.pop("returned_known", returned),
    }
    assert not extra, extra
    return row


def insert(rows: list[dict]) -> None:
    db.session.execute(sa.insert(Dossier), rows)
    db.session.flush()


def summary(org_id: int, key: str, month: date, **counts) -> dict:
    return {
        "organisation_id": org_id,
        "procedure_id": counts.pop("procedure_id", None),
        "tthc_key": key,
        "tthc_code": "",
        "tthc_name": counts.pop("name", key),
        "month": month,
        "received": counts.pop("received", 0),
        "early": counts.pop("early", 0),
        "on_time": counts.pop("on_time", 0),
        "late": counts.pop("late", 0),
        "pending": counts.pop("pending", 0),
        "imported_at": counts.pop("imported", EARLY_IMPORT),
    }


def insert_summaries(rows: list[dict]) -> None:
    db.session.execute(sa.insert(DossierSummary), rows)
    db.session.flush()
