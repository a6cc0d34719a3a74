"""The new appointment (ngày hẹn lại trả kết quả) of a late dossier's apology letter: imported
when the export has the column, refused before the appointment, kept on re-import, shown among the
nonconforming outputs (8.7) of the /performance page."""

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from iso_qms.performance import figures, importing
from iso_qms.performance.models import Dossier, ImportKind
from iso_qms.reports.compliance import Period
from tests.fixtures.factories import create_procedure

HEADERS = [
    "STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Ngày tiếp nhận", "Ngày hẹn trả",
    "Ngày trả kết quả", "Kênh tiếp nhận", "Phiếu xin lỗi", "Ngày hẹn lại",
]  # fmt: skip
WITHOUT = HEADERS[:-1]


def at(y, m, d, hh=0, mi=0):
    return datetime(y, m, d, hh, mi, tzinfo=LOCAL_TZ)


@pytest.fixture
def world_with_register(world):
    set_clock(at(2020, 10, 1, 9))
    create_procedure(world, "QT-HT-02", statutory="03 ngày làm việc", tthc_code="1.000894",
                     title="Quy trình đăng ký kết hôn", field="Hộ tịch")  # fmt: skip
    db.session.commit()
    yield world
    set_clock(None)


def csv_bytes(rows, headers=HEADERS) -> bytes:
    lines = ["DANH SÁCH HỒ SƠ TIẾP NHẬN", "", ";".join(headers)]
    lines += [";".join(str(c) for c in r) for r in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def row(n, code, due="05/03/2020 17:00", returned="06/03/2020 10:00", apology="01/PXL-UBND",
        new_due="09/03/2020 17:00", received="02/03/2020 08:00"):  # fmt: skip
    return [n, code, "1.000894", "Đăng ký kết hôn", received, due, returned, "Trực tiếp", apology,
            new_due]  # fmt: skip


def run(world, data, dry_run=False):
    with force_locale("en"):
        preview = importing.import_file(world.org.id, world.users["iso_secretary"],
                                        ImportKind.dossiers, "hs.csv", data, dry_run=dry_run)  # fmt: skip
    db.session.commit()
    return preview


def stored(code: str) -> Dossier:
    return db.session.scalar(sa.select(Dossier).where(Dossier.code == code))


def test_the_new_appointment_is_guessed_from_its_header_and_imported(world_with_register):
    world = world_with_register
    rows = [row(1, "HS-1"), row(2, "HS-2", new_due="10/03/2020")]
    preview = run(world, csv_bytes(rows))
    assert preview.mapping["new_due_at"] == "Ngày hẹn lại"
    assert preview.mapping["due_at"] == "Ngày hẹn trả"
    assert stored("HS-1").new_due_at == at(2020, 3, 9, 17)
    assert stored("HS-2").new_due_at == at(2020, 3, 10, 23, 59)  # a bare date: the whole day


@pytest.mark.parametrize(
    "header", ["Hẹn lại ngày trả", "Ngày hẹn lại trả kết quả", "Ngày hẹn trả lại"]
)
def test_other_headers_of_the_new_appointment_are_guessed(header):
    headers = [*WITHOUT, header]
    guessed = importing.guess_mapping(headers, ImportKind.dossiers)
    assert guessed["new_due_at"] == header and guessed["due_at"] == "Ngày hẹn trả"


def test_an_export_without_the_column_imports_without_a_new_appointment(world_with_register):
    world = world_with_register
    preview = run(world, csv_bytes([row(1, "HS-1")[:-1]], WITHOUT))
    assert preview.error_count == 0 and "new_due_at" not in preview.mapping
    assert stored("HS-1").new_due_at is None and stored("HS-1").apology_ref == "01/PXL-UBND"


def test_a_date_that_does_not_exist_is_named_by_row_and_column(world_with_register):
    world = world_with_register
    preview = run(world, csv_bytes([row(1, "HS-1"), row(2, "HS-2", new_due="31/02/2020")]),
                  dry_run=True)  # fmt: skip
    assert [(e.row, e.column) for e in preview.errors] == [(5, "Ngày hẹn lại")]
    assert "31/02/2020 does not exist" in preview.errors[0].message
    with pytest.raises(importing.ImportRefused):
        run(world, csv_bytes([row(1, "HS-1"), row(2, "HS-2", new_due="31/02/2020")]))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Dossier.id))) == 0


def test_a_new_appointment_before_the_appointment_is_refused(world_with_register):
    world = world_with_register
    bad = [row(1, "HS-1"), row(2, "HS-2", new_due="05/03/2020 16:00")]
    preview = run(world, csv_bytes(bad), dry_run=True)
    assert [(e.row, e.column) for e in preview.errors] == [(5, "Ngày hẹn lại")]
    assert preview.errors[0].message == (
        "The new appointment (05/03/2020 16:00) is before the appointment (05/03/2020 17:00)."
    )
    with pytest.raises(importing.ImportRefused):
        run(world, csv_bytes(bad))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Dossier.id))) == 0


def test_the_computed_appointment_counts_too(world_with_register):
    """Received Monday 02/03/2020 08:00, 3 working days: due Thursday 05/03/2020 17:00."""
    world = world_with_register
    preview = run(world, csv_bytes([row(1, "HS-1", due="", new_due="04/03/2020 17:00")]),
                  dry_run=True)  # fmt: skip
    assert preview.error_count == 1 and preview.errors[0].column == "Ngày hẹn lại"
    assert "(05/03/2020 17:00)" in preview.errors[0].message


def test_a_reimport_keeps_the_new_appointment_unless_the_file_gives_another(world_with_register):
    world = world_with_register
    run(world, csv_bytes([row(1, "HS-1")]))
    again = run(world, csv_bytes([row(1, "HS-1", new_due="")]))  # an empty cell erases nothing
    assert (again.update, again.unchanged) == (0, 1)
    assert stored("HS-1").new_due_at == at(2020, 3, 9, 17)
    moved = run(world, csv_bytes([row(1, "HS-1", new_due="10/03/2020 17:00")]))
    assert moved.update == 1 and stored("HS-1").new_due_at == at(2020, 3, 10, 17)
    without = run(world, csv_bytes([row(1, "HS-1")[:-1]], WITHOUT))  # nor a missing column
    assert (without.update, without.unchanged) == (0, 1)
    assert stored("HS-1").new_due_at == at(2020, 3, 10, 17)


def test_the_nonconforming_outputs_carry_the_new_appointment(world_with_register):
    world = world_with_register
    run(world, csv_bytes([row(1, "HS-1"), row(2, "HS-2", apology="", new_due="")]))
    period = Period(at(2020, 3, 1).date(), at(2020, 3, 31).date(), at(2020, 10, 1).date())
    listed = {r["code"]: r for r in figures.nonconforming_outputs(world.org.id, period)}
    assert listed["HS-1"]["new_due_at"] == at(2020, 3, 9, 17)
    assert listed["HS-2"]["new_due_at"] is None and listed["HS-2"]["apology"] is None


def test_the_page_shows_the_new_appointment_or_that_it_is_missing(world_with_register, login):
    world = world_with_register
    run(world, csv_bytes([row(1, "HS-1"), row(2, "HS-2", apology="", new_due="")]))
    page = login("qmr").get("/performance/?from=01/03/2020&to=31/03/2020&as_of=01/10/2020")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    block = html[html.index('data-testid="nonconforming"') :]
    assert "Hẹn lại: 09/03/2020 17:00" in block
    assert block.count('data-testid="new-due"') == 2
    missing = block[block.index("HS-2") :]
    assert "Hẹn lại:" in missing and ">thiếu<" in missing


def test_the_demo_export_gives_each_late_dossier_a_new_appointment_days_later(app_ctx):
    from iso_qms.core.timeutil import add_working_days
    from iso_qms.performance.import_files import read_table
    from iso_qms.seed.dossiers import EXPORT

    table = read_table(EXPORT.name, EXPORT.read_bytes())
    mapping = importing.guess_mapping(table.headers, ImportKind.dossiers)
    assert mapping["new_due_at"] == "Ngày hẹn lại trả kết quả"
    index = {name: table.headers.index(header) for name, header in mapping.items()}
    moved = [cells for _line, cells in table.rows if cells[index["new_due_at"]] is not None]
    late = [cells for _line, cells in table.rows
            if cells[index["returned_at"]] > cells[index["due_at"]]]  # fmt: skip
    assert len(table.rows) == 2299 and moved == late and len(late) == 3
    for cells in late:
        due, new_due = cells[index["due_at"]], cells[index["new_due_at"]]
        assert cells[index["apology"]] and new_due.hour == 17
        assert new_due.date() in {add_working_days(due.date(), n) for n in (1, 2)}
        assert cells[index["returned_at"]] < new_due
