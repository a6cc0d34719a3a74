"""Importing the one-stop-shop system's dossier records: a column mapping (remembered per
organisation), a preview with every bad cell named by row and column, then all or nothing.

Re-importing the same or an overlapping export updates by dossier code and changes nothing else:
a dossier returned since the last export gets its returned_at (and returned_known_at, the as-of
rule's clock) set, never a second row; an empty cell never erases what an earlier import knew.
Dossiers are matched to the register by national TTHC code, else by the folded title; unmatched
ones are imported all the same and listed. Bulk statements only: a few queries whatever the size.
"""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ..core import audit
from ..core.errors import PermissionDenied
from ..core.timeutil import LOCAL_TZ, utcnow
from ..extensions import db
from . import import_values as values
from .import_due import StatutoryTimes, due_from
from .import_files import Table
from .import_mapping import (  # noqa: F401  (the page, the API and the seed use them from here)
    DOSSIER_FIELDS,
    FIELD_LABELS,
    FIELDS,
    REQUIRED,
    SUMMARY_FIELDS,
    ImportRefused,
    Preview,
    Register,
    RowError,
    _columns,
    clean_mapping,
    guess_mapping,
    mapping_for,
    read_export,
    remember_mapping,
    remembered_mapping,
    title_key,
)
from .models import Dossier, DossierImport, ImportKind
from .permissions_import import can_import_dossiers

#: Codes per query when the existing dossiers are looked up (bind-parameter limits).
CODES_PER_QUERY = 5000
_COMPARED = ("procedure_id", "tthc_code", "tthc_name", "received_at", "due_at", "due_computed",
             "returned_at", "channel", "digitised", "apology_ref", "apology_date", "new_due_at",
             "officer")  # fmt: skip

# ---------------------------------------------------------------- the dossier import


def import_dossiers(
    organisation_id: int,
    actor,
    table: Table,
    mapping: dict[str, str],
    *,
    dry_run: bool = True,
    filename: str = "",
    sha256: str = "",
) -> Preview:
    """Preview (dry_run) or apply an export: all or nothing (ImportRefused when any cell is bad).
    The mapping is remembered for the organisation when the file is applied."""
    if not can_import_dossiers(actor, organisation_id):
        raise PermissionDenied()
    preview = Preview(ImportKind.dossiers, dict(mapping), sheet=table.sheet,
                      header_row=table.header_row)  # fmt: skip
    columns = _columns(table, mapping, preview)
    parsed = _parse_rows(table, columns, preview) if preview.ok else []
    plan = _plan(organisation_id, parsed, table, columns, preview) if preview.ok else None
    if dry_run:
        return preview
    if not preview.ok:
        raise ImportRefused(preview)
    _apply(organisation_id, actor, plan, preview, filename, sha256)
    remember_mapping(organisation_id, ImportKind.dossiers, mapping)
    return preview


def import_file(
    organisation_id: int,
    actor,
    kind: ImportKind,
    filename: str,
    data: bytes,
    mapping: dict | None = None,
    *,
    dry_run: bool = True,
) -> Preview:
    """read_export() then import_dossiers() or import_summary(): what the page and the API call."""
    if not can_import_dossiers(actor, organisation_id):
        raise PermissionDenied()
    table, cleaned = read_export(organisation_id, kind, filename, data, mapping)
    run = import_dossiers if kind is ImportKind.dossiers else import_summary
    return run(organisation_id, actor, table, cleaned, dry_run=dry_run, filename=filename,
               sha256=hashlib.sha256(data).hexdigest())  # fmt: skip


@dataclass
class _Row:
    line: int
    data: dict


def _parse_rows(table: Table, columns: dict[str, int], preview: Preview) -> list[_Row]:
    """Every data row read into the dossier's values; the bad cells go to the preview."""
    now = utcnow()
    first: dict[str, tuple[int, dict]] = {}
    result = []
    for line, cells in table.rows:
        preview.rows += 1
        data = _parse_row(line, cells, columns, table, preview, now)
        if data is None:
            continue
        earlier = first.get(data["code"])
        if earlier is None:
            first[data["code"]] = (line, data)
            result.append(_Row(line, data))
        elif earlier[1] == data:
            preview.duplicate += 1
        else:
            differing = [FIELD_LABELS[k] if k in FIELD_LABELS else k
                         for k in _differing(earlier[1], data)]  # fmt: skip
            preview.error(
                line,
                table.column_name(columns["code"]),
                _("The dossier code %(code)s is also on row %(row)d, with other data (%(what)s).",
                  code=data["code"], row=earlier[0], what=", ".join(str(d) for d in differing)),
            )  # fmt: skip
    return result


def _differing(one: dict, other: dict) -> list[str]:
    names = {"apology_ref": "apology", "apology_date": "apology"}
    found = []
    for key in one:
        if one[key] != other.get(key):
            name = names.get(key, key)
            if name not in found:
                found.append(name)
    return found


def _parse_row(line, cells, columns, table, preview, now) -> dict | None:
    data: dict = {}
    bad = False

    def cell(name):
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def read(name, reader, *args, **kwargs):
        nonlocal bad
        try:
            return reader(cell(name), *args, **kwargs)
        except values.CellError as exc:
            bad = True
            preview.error(line, table.column_name(columns[name]), str(exc))
            return None

    def fail(name, message):
        nonlocal bad
        bad = True
        preview.error(line, table.column_name(columns[name]), message)

    code = read("code", lambda v: values.bounded(values.text(v), 80))
    if code == "":
        fail("code", _("The dossier code is missing."))
    data["code"] = code
    data["tthc_code"] = read("tthc_code", lambda v: values.bounded(values.tthc_code(v), 40)) or ""
    data["tthc_name"] = read("tthc_name", lambda v: values.bounded(values.text(v), 500)) or ""
    if "tthc_code" in columns or "tthc_name" in columns:
        if not data["tthc_code"] and not data["tthc_name"]:
            fail("tthc_code" if "tthc_code" in columns else "tthc_name",
                 _("The procedure (TTHC code or name) is missing."))  # fmt: skip
    received = read("received_at", values.moment)
    if received is None and not bad:
        fail("received_at", _("The reception date is missing."))
    data["received_at"] = received
    data["due_at"] = read("due_at", values.moment, end_of_day=True) if "due_at" in columns else None
    data["returned_at"] = read("returned_at", values.moment) if "returned_at" in columns else None
    data["channel"] = read("channel", values.channel)
    if "digitised" in columns:
        data["digitised"] = read("digitised", values.yes_no)
    if "apology" in columns:
        ref_date = read("apology", values.apology) or ("", None)
        data["apology_ref"], data["apology_date"] = ref_date
    if "new_due_at" in columns:
        data["new_due_at"] = read("new_due_at", values.moment, end_of_day=True)
    if "officer" in columns:
        data["officer"] = (values.text(cell("officer")) or "")[:200]
    if received is not None:
        for name in ("received_at", "returned_at"):
            if data.get(name) and data[name] > now:
                fail(name, _("The date is in the future."))
        if data["returned_at"] and data["returned_at"] < received:
            fail("returned_at", _("The result is returned before the dossier was received."))
        if data["due_at"] and data["due_at"] < received:
            fail("due_at", _("The appointment is before the dossier was received."))
    return None if bad else data


@dataclass
class _Plan:
    creates: list[dict]
    updates: list[dict]


def _existing(organisation_id: int, codes: list[str]) -> dict[str, dict]:
    """The stored dossiers of these codes, a query per CODES_PER_QUERY codes."""
    result: dict[str, dict] = {}
    columns = [Dossier.id, Dossier.code, Dossier.returned_known_at]
    columns += [getattr(Dossier, name) for name in _COMPARED]
    for start in range(0, len(codes), CODES_PER_QUERY):
        chunk = codes[start : start + CODES_PER_QUERY]
        rows = db.session.execute(
            sa.select(*columns).where(
                Dossier.organisation_id == organisation_id, Dossier.code.in_(chunk)
            )
        ).mappings()
        for row in rows:
            result[row["code"]] = dict(row)
    return result


def _plan(
    organisation_id: int, rows: list[_Row], table: Table, columns: dict, preview: Preview
) -> _Plan:
    register = Register(organisation_id)
    times = StatutoryTimes(organisation_id)
    existing = _existing(organisation_id, [r.data["code"] for r in rows])
    unmatched: dict[tuple[str, str], dict] = {}
    plan = _Plan([], [])
    for row in rows:
        data = row.data
        data["procedure_id"] = register.match(data["tthc_code"], data["tthc_name"])
        if data["procedure_id"] is None:
            key = (data["tthc_code"], data["tthc_name"])
            entry = unmatched.setdefault(key, {"tthc_code": key[0], "tthc_name": key[1],
                                               "rows": 0, "first_row": row.line})  # fmt: skip
            entry["rows"] += 1
        stored = existing.get(data["code"])
        merged = _merged(stored, data, columns)
        if merged["due_at"] is None:
            statutory = times.on(merged["procedure_id"], merged["received_at"])
            if statutory is not None:
                merged["due_at"] = due_from(merged["received_at"], *statutory)
                merged["due_computed"] = True
        if merged["due_computed"] and (stored is None or stored["due_at"] is None):
            preview.due_computed += 1
        if merged["due_at"] is None:
            preview.no_due += 1
        _check_new_due(row, merged, table, columns, preview)
        if stored is None:
            preview.create += 1
            plan.creates.append(merged)
        elif any(merged[k] != stored[k] for k in _COMPARED):
            preview.update += 1
            merged["id"] = stored["id"]
            if stored["returned_at"] is None and merged["returned_at"] is not None:
                merged["returned_known_at"] = "now"
            else:
                merged["returned_known_at"] = stored["returned_known_at"]
            plan.updates.append(merged)
        else:
            preview.unchanged += 1
        if len(preview.sample) < 50:
            preview.sample.append({"row": row.line, **merged, "action": _action(stored, merged)})
    preview.unmatched = sorted(unmatched.values(), key=lambda e: e["first_row"])
    return plan


def _check_new_due(row: _Row, merged: dict, table: Table, columns: dict, preview: Preview) -> None:
    """The new appointment moves the due date later: never before the appointment (given,
    computed or known), nor before the reception when there is none. Checked once merged, so an
    appointment computed from the statutory time counts too."""
    new_due = row.data.get("new_due_at")
    if new_due is None:
        return
    column = table.column_name(columns["new_due_at"])
    if merged["due_at"] is not None and new_due < merged["due_at"]:
        preview.error(row.line, column, _(
            "The new appointment (%(new)s) is before the appointment (%(due)s).",
            new=_local_text(new_due), due=_local_text(merged["due_at"])))  # fmt: skip
    elif new_due < merged["received_at"]:
        preview.error(row.line, column,
                      _("The new appointment is before the dossier was received."))  # fmt: skip


def _local_text(moment) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def _action(stored: dict | None, merged: dict) -> str:
    if stored is None:
        return "create"
    return "update" if any(merged[k] != stored[k] for k in _COMPARED) else "unchanged"


def _merged(stored: dict | None, data: dict, columns: dict) -> dict:
    """The dossier as it will be: the file's values, except that an unmapped column or an empty
    result, appointment, apology, new appointment or officer keeps what was known."""
    if stored is None:
        base = {"due_at": None, "due_computed": False, "returned_at": None, "digitised": False,
                "apology_ref": "", "apology_date": None, "new_due_at": None,
                "officer": ""}  # fmt: skip
    else:
        base = {k: stored[k] for k in _COMPARED}
    merged = dict(base)
    merged.update(code=data["code"], tthc_code=data["tthc_code"], tthc_name=data["tthc_name"],
                  received_at=data["received_at"], channel=data["channel"])  # fmt: skip
    merged["procedure_id"] = data["procedure_id"] or base.get("procedure_id")
    if data.get("due_at") is not None:
        merged["due_at"], merged["due_computed"] = data["due_at"], False
    elif merged.get("due_computed") and stored is not None:
        merged["due_at"] = None  # recomputed from the reception time now given
    if data.get("returned_at") is not None:
        merged["returned_at"] = data["returned_at"]
    if "digitised" in columns:
        merged["digitised"] = data["digitised"]
    if data.get("apology_ref") or data.get("apology_date"):
        merged["apology_ref"], merged["apology_date"] = data["apology_ref"], data["apology_date"]
    if data.get("new_due_at") is not None:
        merged["new_due_at"] = data["new_due_at"]
    if data.get("officer"):
        merged["officer"] = data["officer"]
    return merged


def _apply(organisation_id, actor, plan: _Plan, preview: Preview, filename, sha256) -> None:
    now = utcnow()
    record = DossierImport(organisation_id=organisation_id, kind=ImportKind.dossiers,
                           filename=(filename or "")[:255], sha256=sha256, imported_at=now,
                           imported_by_id=getattr(actor, "id", None), rows=preview.rows,
                           created=preview.create, updated=preview.update,
                           unchanged=preview.unchanged)  # fmt: skip
    db.session.add(record)
    db.session.flush()
    if plan.creates:
        db.session.execute(
            sa.insert(Dossier.__table__),  # Core executemany: one statement, every column
            [
                {
                    **row,
                    "organisation_id": organisation_id,
                    "imported_at": now,
                    "returned_known_at": now if row["returned_at"] else None,
                    "import_id": record.id,
                }  # fmt: skip
                for row in plan.creates
            ],
        )
    if plan.updates:
        table = Dossier.__table__
        db.session.execute(
            sa.update(table).where(table.c.id == sa.bindparam("dossier_id")),
            [
                {
                    "dossier_id": row["id"],
                    **{k: row[k] for k in _COMPARED},
                    "import_id": record.id,
                    "returned_known_at": now
                    if row["returned_known_at"] == "now"
                    else row["returned_known_at"],
                }  # fmt: skip
                for row in plan.updates
            ],
        )
    preview.applied, preview.import_id = True, record.id
    audit.record("dossier.import", None, actor=actor, organisation_id=organisation_id,
                 new={"filename": record.filename, "rows": preview.rows,
                      "create": preview.create, "update": preview.update,
                      "unchanged": preview.unchanged})  # fmt: skip


from .import_summary import import_summary  # noqa: E402  (the summary import shares the above)
