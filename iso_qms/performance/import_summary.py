"""The summary import, for systems that export only summaries: per TTHC and month, the dossiers
received, resolved early / on time / late and pending. Same rules as the dossier import: a
preview naming every bad cell, all or nothing, and a re-import updates by (TTHC, month)."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ..core import audit
from ..core.errors import PermissionDenied
from ..core.text import fold
from ..core.timeutil import utcnow
from ..extensions import db
from . import import_values as values
from .import_files import Table
from .import_mapping import (
    ImportRefused,
    Preview,
    Register,
    _columns,
    remember_mapping,
)
from .models import DossierImport, DossierSummary, ImportKind
from .permissions_import import can_import_dossiers

COUNTS = ("received", "early", "on_time", "late", "pending")


def summary_key(tthc_code: str, tthc_name: str) -> str:
    """The TTHC as a summary row is compared: its national code, else its folded name."""
    return tthc_code.strip().upper() if tthc_code.strip() else fold(tthc_name)[:500]


def import_summary(
    organisation_id: int,
    actor,
    table: Table,
    mapping: dict[str, str],
    *,
    dry_run: bool = True,
    filename: str = "",
    sha256: str = "",
) -> Preview:
    """Preview or apply a summary export into DossierSummary, all or nothing."""
    if not can_import_dossiers(actor, organisation_id):
        raise PermissionDenied()
    preview = Preview(ImportKind.summary, dict(mapping), sheet=table.sheet,
                      header_row=table.header_row)  # fmt: skip
    columns = _columns(table, mapping, preview)
    rows = _parse(table, columns, preview) if preview.ok else []
    existing = {
        (s.tthc_key, s.month): s
        for s in db.session.scalars(
            sa.select(DossierSummary).where(DossierSummary.organisation_id == organisation_id)
        )
    }
    register = Register(organisation_id)
    creates, updates, unmatched = [], [], {}
    for line, data in rows:
        data["procedure_id"] = register.match(data["tthc_code"], data["tthc_name"])
        if data["procedure_id"] is None:
            entry = unmatched.setdefault(data["tthc_key"], {
                "tthc_code": data["tthc_code"], "tthc_name": data["tthc_name"], "rows": 0,
                "first_row": line})  # fmt: skip
            entry["rows"] += 1
        stored = existing.get((data["tthc_key"], data["month"]))
        if stored is None:
            preview.create += 1
            creates.append(data)
        elif any(getattr(stored, k) != data[k] for k in (*COUNTS, "procedure_id", "tthc_name")):
            preview.update += 1
            updates.append((stored, data))
        else:
            preview.unchanged += 1
    preview.unmatched = sorted(unmatched.values(), key=lambda e: e["first_row"])
    if dry_run:
        return preview
    if not preview.ok:
        raise ImportRefused(preview)
    now = utcnow()
    record = DossierImport(organisation_id=organisation_id, kind=ImportKind.summary,
                           filename=(filename or "")[:255], sha256=sha256, imported_at=now,
                           imported_by_id=getattr(actor, "id", None), rows=preview.rows,
                           created=preview.create, updated=preview.update,
                           unchanged=preview.unchanged)  # fmt: skip
    db.session.add(record)
    db.session.flush()
    if creates:
        db.session.execute(
            sa.insert(DossierSummary),
            [{**d, "organisation_id": organisation_id, "imported_at": now,
              "import_id": record.id} for d in creates],
        )  # fmt: skip
    for stored, data in updates:  # few: one row per TTHC and month
        for name in (*COUNTS, "procedure_id", "tthc_name", "tthc_code"):
            setattr(stored, name, data[name])
        stored.import_id, stored.imported_at = record.id, now
    preview.applied, preview.import_id = True, record.id
    remember_mapping(organisation_id, ImportKind.summary, mapping)
    audit.record("dossier.import_summary", None, actor=actor, organisation_id=organisation_id,
                 new={"filename": record.filename, "rows": preview.rows,
                      "create": preview.create, "update": preview.update,
                      "unchanged": preview.unchanged})  # fmt: skip
    return preview


def _parse(table: Table, columns: dict[str, int], preview: Preview) -> list[tuple[int, dict]]:
    seen: dict[tuple[str, date], int] = {}
    result = []
    for line, cells in table.rows:
        preview.rows += 1
        data, bad = {}, False

        def cell(name, cells=cells):
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        for name, reader in (("month", values.month), *((c, values.count) for c in COUNTS)):
            if name not in columns:
                data[name] = 0
                continue
            try:
                data[name] = reader(cell(name))
            except values.CellError as exc:
                bad = True
                preview.error(line, table.column_name(columns[name]), str(exc))
        data["tthc_code"] = values.tthc_code(cell("tthc_code"))[:40]
        data["tthc_name"] = values.text(cell("tthc_name"))[:500]
        if not data["tthc_code"] and not data["tthc_name"]:
            bad = True
            name = "tthc_code" if "tthc_code" in columns else "tthc_name"
            preview.error(line, table.column_name(columns[name]),
                          _("The procedure (TTHC code or name) is missing."))  # fmt: skip
        if bad:
            continue
        data["tthc_key"] = summary_key(data["tthc_code"], data["tthc_name"])
        key = (data["tthc_key"], data["month"])
        if key in seen:
            preview.error(line, table.column_name(columns["month"]), _(
                "The procedure and month are also on row %(row)d.", row=seen[key]))  # fmt: skip
            continue
        seen[key] = line
        result.append((line, data))
    return result
