"""Quảng An's one-stop-shop dossiers of 2020 (data/quang-an-mot-cua-2020.xlsx, written by
scripts/make-demo-dossiers), imported through the real import operation by the ISO secretary.

The export was taken at 17:00 on Friday 04/09/2020, for the 9-month report whose figures are
"đến thời điểm 5/9/2020" (the demo report is as of 05/09/2020). The commune imports it as it would
have month by month: at 17:00 on the last working day of each month from January to August, the
export of that moment (the dossiers received since the previous import, and those still pending
then, their result blank if it came later), and on 04/09/2020 the rest. So a dossier pending at a
month's end is updated by the next import (returned_known_at then), and the as-of rule lets an
earlier date see only what had been imported by then. Seeding imports 9 small files in bulk.
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa

from ..accounts.models import Organisation, User
from ..core.timeutil import LOCAL_TZ, is_working_day, set_clock
from ..extensions import db
from ..performance import importing
from ..performance.import_files import Table, read_table
from ..performance.models import DossierImport, ImportKind

EXPORT = Path(__file__).parent / "data" / "quang-an-mot-cua-2020.xlsx"
EXPORTED_AT = datetime(2020, 9, 4, 17, 0)
IMPORTER = "secretary"


def import_moments() -> list[datetime]:
    """17:00 on the last working day of January to August 2020, then the export's moment."""
    moments = []
    for month in range(1, 9):
        day = date(2020, month + 1, 1) - timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
        moments.append(datetime.combine(day, time(17, 0)))
    return [*moments, EXPORTED_AT]


def batches(table: Table, mapping: dict[str, str]) -> list[tuple[datetime, Table]]:
    """The export as known at each moment (naive local times, as the file has them)."""
    received = table.headers.index(mapping["received_at"])
    returned = table.headers.index(mapping["returned_at"])
    result, previous = [], None
    for moment in import_moments():
        rows = []
        for line, cells in table.rows:
            got, back = cells[received], cells[returned]
            if got > moment:
                continue
            pending_before = previous is not None and back > previous
            if previous is None or got > previous or pending_before:
                cells = list(cells)
                if back > moment:
                    cells[returned] = None
                rows.append((line, tuple(cells)))
        sub = Table(table.headers, table.header_row, rows, table.sheet, table.sheets)
        result.append((moment, sub))
        previous = moment
    return result


def seed_dossiers(org: Organisation) -> bool:
    """Import the 2020 export unless the organisation has imported dossiers already."""
    if db.session.scalar(
        sa.select(DossierImport.id).where(DossierImport.organisation_id == org.id).limit(1)
    ):
        return False
    secretary = db.session.scalar(sa.select(User).where(User.username == IMPORTER))
    table = read_table(EXPORT.name, EXPORT.read_bytes())
    kind = ImportKind.dossiers
    mapping = importing.clean_mapping(importing.guess_mapping(table.headers, kind), kind)
    try:
        for moment, batch in batches(table, mapping):
            set_clock(moment.replace(tzinfo=LOCAL_TZ))
            name = f"quang-an-mot-cua-{moment:%Y-%m-%d}.xlsx"
            importing.import_dossiers(org.id, secretary, batch, mapping, dry_run=False,
                                      filename=name)  # fmt: skip
    finally:
        set_clock(None)
    return True
