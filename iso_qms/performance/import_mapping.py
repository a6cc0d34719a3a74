"""What the dossier and the summary imports share: the fields and their Vietnamese header names,
the column mapping (guessed, remembered per organisation, checked), the preview with its bad cells
named by row and column, and the matching to the register (national TTHC code, else title)."""

from dataclasses import dataclass, field
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.errors import ValidationFailed
from ..core.text import fold, nfc
from ..extensions import db
from .import_files import FileRefused, Table, header_key, read_table
from .models import DossierMapping, ImportKind

#: The fields of a dossier export (API.md), in the order the mapping step shows them.
DOSSIER_FIELDS = (
    "code",
    "tthc_code",
    "tthc_name",
    "received_at",
    "due_at",
    "returned_at",
    "channel",
    "digitised",
    "apology",
    "new_due_at",
    "officer",
)
FIELD_LABELS = {
    "code": _l("Dossier code"),
    "tthc_code": _l("TTHC code"),
    "tthc_name": _l("Procedure name"),
    "received_at": _l("Received on"),
    "due_at": _l("Appointment (due) date"),
    "returned_at": _l("Result returned on"),
    "channel": _l("Reception channel"),
    "digitised": _l("Digitised"),
    "apology": _l("Apology letter (number or date)"),
    "new_due_at": _l("New appointment (after the apology letter)"),
    "officer": _l("Officer"),
    "month": _l("Month"),
    "received": _l("Received"),
    "early": _l("Resolved early"),
    "on_time": _l("Resolved on time"),
    "late": _l("Resolved late"),
    "pending": _l("Pending"),
}
REQUIRED = {
    ImportKind.dossiers: ("code", "received_at", "channel"),
    ImportKind.summary: ("month", "received"),
}
#: Folded header names of each field; a header matches an alias exactly or as its first words.
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("ma ho so", "so ho so", "ma so ho so", "so bien nhan", "ma bien nhan"),
    "tthc_code": ("ma tthc", "ma thu tuc", "ma thu tuc hanh chinh", "ma so tthc"),
    "tthc_name": ("ten tthc", "ten thu tuc", "ten thu tuc hanh chinh", "thu tuc hanh chinh",
                  "thu tuc", "tthc"),
    "received_at": ("ngay tiep nhan", "ngay nhan", "thoi gian tiep nhan", "ngay nop",
                    "ngay nhan ho so"),
    "due_at": ("ngay hen tra", "hen tra", "ngay hen tra ket qua", "ngay hen"),
    "returned_at": ("ngay tra ket qua", "ngay co ket qua", "ngay tra", "ngay hoan thanh",
                    "ngay giai quyet", "thoi gian tra ket qua", "ngay ket thuc"),
    "channel": ("kenh tiep nhan", "hinh thuc tiep nhan", "hinh thuc nop", "kenh",
                "hinh thuc nhan"),
    "digitised": ("da so hoa", "so hoa", "so hoa ho so"),
    "apology": ("phieu xin loi", "so phieu xin loi", "xin loi", "thu xin loi"),
    "new_due_at": ("ngay hen lai", "hen lai ngay tra", "hen lai ngay tra ket qua",
                   "ngay hen lai tra ket qua", "ngay hen tra lai", "hen lai"),
    "officer": ("can bo xu ly", "can bo tiep nhan", "nguoi xu ly", "can bo", "cong chuc xu ly"),
    "month": ("thang", "ky", "thoi gian"),
    "received": ("tiep nhan", "so ho so tiep nhan", "tong so", "tong so ho so", "so tiep nhan"),
    "early": ("truoc han", "giai quyet truoc han", "som han"),
    "on_time": ("dung han", "giai quyet dung han"),
    "late": ("tre han", "qua han", "giai quyet tre han"),
    "pending": ("dang giai quyet", "dang xu ly", "chua giai quyet", "ton"),
}  # fmt: skip
SUMMARY_FIELDS = ("tthc_code", "tthc_name", "month", "received", "early", "on_time", "late",
                  "pending")  # fmt: skip
FIELDS = {ImportKind.dossiers: DOSSIER_FIELDS, ImportKind.summary: SUMMARY_FIELDS}
#: Errors listed in a preview (the count says how many more).
MAX_ERRORS_SHOWN = 500


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Preview:
    """What an import does (or did): the counts, the bad cells, the unmatched procedures."""

    kind: ImportKind
    mapping: dict[str, str]
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    #: Rows repeating an earlier row of the file exactly (counted once).
    duplicate: int = 0
    #: Dossiers whose appointment was computed from the statutory time, and those left without.
    due_computed: int = 0
    no_due: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    unmatched: list[dict] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 0
    applied: bool = False
    import_id: int | None = None
    sample: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(RowError(row, column, message))

    def as_json(self) -> dict:
        return {
            "kind": self.kind.value,
            "dry_run": not self.applied,
            "applied": self.applied,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "mapping": self.mapping,
            "rows": self.rows,
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "duplicate": self.duplicate,
            "due_computed": self.due_computed,
            "no_due": self.no_due,
            "error_count": self.error_count,
            "errors": [e.as_json() for e in self.errors],
            "unmatched": self.unmatched,
        }


class ImportRefused(ValidationFailed):
    """Nothing was imported: some rows are bad (the preview lists them)."""

    def __init__(self, preview: Preview):
        super().__init__(
            _(
                "Nothing was imported: %(n)d cells have errors. Correct them and import the "
                "file again.",
                n=preview.error_count,
            ),
            fields={f"row {e.row}": f"{e.column}: {e.message}" for e in preview.errors[:50]},
        )
        self.preview = preview


# ---------------------------------------------------------------- the mapping


def guess_mapping(headers: list[str], kind: ImportKind) -> dict[str, str]:
    """Field → header guessed from the Vietnamese column names (the longest alias wins)."""
    result: dict[str, str] = {}
    taken: set[int] = set()
    for name in FIELDS[kind]:
        best, best_length = None, 0
        for index, header in enumerate(headers):
            key = header_key(header)
            for alias in ALIASES.get(name, ()):
                matches = key == alias or key.startswith(alias + " ")
                if matches and len(alias) > best_length and index not in taken:
                    best, best_length = index, len(alias)
        if best is not None and _alias_is_best(headers[best], name, kind):
            result[name] = headers[best]
            taken.add(best)
    return result


def _alias_is_best(header: str, name: str, kind: ImportKind) -> bool:
    """A header goes to the field whose alias matches it longest ("Ngày hẹn trả" is not
    "Ngày trả ...")."""
    key = header_key(header)
    scores = {
        other: max((len(a) for a in ALIASES.get(other, ()) if key == a or key.startswith(a + " ")),
                   default=0)
        for other in FIELDS[kind]
    }  # fmt: skip
    return scores[name] == max(scores.values())


def remembered_mapping(organisation_id: int, kind: ImportKind) -> dict[str, str]:
    saved = db.session.scalar(
        sa.select(DossierMapping.mapping).where(
            DossierMapping.organisation_id == organisation_id, DossierMapping.kind == kind
        )
    )
    return dict(saved or {})


def mapping_for(organisation_id: int, kind: ImportKind, headers: list[str]) -> dict[str, str]:
    """The mapping the mapping step starts from: the remembered one where its columns are in the
    file, else guessed from the headers."""
    present = {header_key(h): h for h in headers if h}
    remembered = {
        name: present[header_key(header)]
        for name, header in remembered_mapping(organisation_id, kind).items()
        if header_key(header) in present
    }
    guessed = guess_mapping(headers, kind)
    used = set(remembered.values())
    for name, header in guessed.items():
        if name not in remembered and header not in used:
            remembered[name] = header
    return {name: remembered[name] for name in FIELDS[kind] if name in remembered}


def clean_mapping(mapping: object, kind: ImportKind) -> dict[str, str]:
    """The mapping as given (field → header), NFC, without empty entries; ValidationFailed for an
    unknown field or a missing required one."""
    if not isinstance(mapping, dict):
        raise ValidationFailed(fields={"mapping": _("The mapping must map fields to headers.")})
    result, errors = {}, {}
    for name, header in mapping.items():
        if name not in FIELDS[kind]:
            errors[str(name)[:40]] = _("Unknown field; the fields are: %(names)s.",
                                       names=", ".join(FIELDS[kind]))  # fmt: skip
        elif header is not None and not isinstance(header, str):
            errors[name] = _("Name the column by its header text.")
        elif header and nfc(header):
            result[name] = nfc(header)[:200]
    for name in REQUIRED[kind]:
        if name not in result:
            errors.setdefault(name, _("Choose the column of “%(field)s”.",
                                      field=FIELD_LABELS[name]))  # fmt: skip
    if "tthc_code" not in result and "tthc_name" not in result:
        errors["tthc_code"] = _("Choose the column of the TTHC code or of the procedure name.")
    if errors:
        raise ValidationFailed(_("The column mapping is not complete."), fields=errors)
    return result


def read_export(
    organisation_id: int, kind: ImportKind, filename: str, data: bytes, mapping: dict | None
) -> tuple[Table, dict[str, str]]:
    """The file's table and the mapping to use (the given one, else the remembered or guessed);
    FileRefused / ValidationFailed when the file or the mapping cannot be used."""
    if mapping:
        cleaned = clean_mapping(mapping, kind)
        try:
            return read_table(filename, data, list(cleaned.values())), cleaned
        except FileRefused:  # a wrong mapping: the preview names the columns it cannot find
            return read_table(filename, data), cleaned
    remembered = remembered_mapping(organisation_id, kind)
    if remembered:
        try:
            return read_table(filename, data, list(remembered.values())), remembered
        except FileRefused as exc:  # another layout: guess, or say what was expected
            expected = exc
    else:
        expected = None
    table = read_table(filename, data)
    try:
        return table, clean_mapping(mapping_for(organisation_id, kind, table.headers), kind)
    except ValidationFailed:
        if expected is not None:
            raise expected from None
        raise


def _columns(table: Table, mapping: dict[str, str], preview: Preview) -> dict[str, int]:
    positions = {header_key(h): i for i, h in reversed(list(enumerate(table.headers))) if h}
    result = {}
    for name, header in mapping.items():
        index = positions.get(header_key(header))
        if index is None:
            preview.error(
                table.header_row,
                header,
                _("The file has no column “%(header)s” (mapped to “%(field)s”).",
                  header=header, field=FIELD_LABELS[name]),
            )  # fmt: skip
        else:
            result[name] = index
    return result


# ---------------------------------------------------------------- matching to the register


@lru_cache(maxsize=4096)
def title_key(title: str) -> str:
    """A procedure's title as compared: folded, without the register's "Quy trình" prefix."""
    key = fold(title)
    return key.removeprefix("quy trinh ").strip()


class Register:
    """The organisation's TTHC procedures by national code and by folded title (one query)."""

    def __init__(self, organisation_id: int) -> None:
        from ..procedures.models import Procedure

        self.by_code: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        rows = db.session.execute(
            sa.select(Procedure.id, Procedure.tthc_code, Procedure.title)
            .where(Procedure.organisation_id == organisation_id)
            .order_by(Procedure.id)
        ).all()
        for procedure_id, code, title in rows:
            if code:
                self.by_code.setdefault(code.strip().upper(), procedure_id)
            self.by_title.setdefault(title_key(title), procedure_id)

    def match(self, code: str, name: str) -> int | None:
        found = self.by_code.get(code.strip().upper()) if code else None
        if found is None and name:
            found = self.by_title.get(title_key(name))
        return found


def remember_mapping(organisation_id: int, kind: ImportKind, mapping: dict[str, str]) -> None:
    saved = db.session.scalar(
        sa.select(DossierMapping).where(
            DossierMapping.organisation_id == organisation_id, DossierMapping.kind == kind
        )
    )
    if saved is None:
        db.session.add(DossierMapping(organisation_id=organisation_id, kind=kind,
                                      mapping=dict(mapping)))  # fmt: skip
    elif saved.mapping != mapping:
        saved.mapping = dict(mapping)
    db.session.flush()
