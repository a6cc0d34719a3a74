"""Benchmark: importing 100,000 one-stop-shop dossier rows (a year of a whole district) — read the
.csv and the .xlsx, preview, apply (create), re-apply the same file (unchanged), then an
overlapping export where a tenth of the dossiers were returned since (update).

    python bench/dossier_import.py            # a throwaway SQLite database
    DATABASE_URL=postgresql+psycopg://... python bench/dossier_import.py
    ROWS=20000 python bench/dossier_import.py

Prints wall-clock seconds for each phase and writes them to bench/results/dossier_import.txt;
nothing is asserted.
"""

import io
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from iso_qms import create_app  # noqa: E402
from iso_qms.core.timeutil import LOCAL_TZ, set_clock  # noqa: E402
from iso_qms.core.transaction import transaction  # noqa: E402
from iso_qms.performance import importing  # noqa: E402
from iso_qms.performance.import_files import read_table  # noqa: E402
from iso_qms.performance.models import ImportKind  # noqa: E402

ROWS = int(os.environ.get("ROWS", "100000"))
RESULTS = Path(__file__).resolve().parent / "results" / "dossier_import.txt"
HEADERS = ["Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Ngày tiếp nhận", "Ngày hẹn trả",
           "Ngày trả kết quả", "Kênh tiếp nhận", "Đã số hóa", "Phiếu xin lỗi", "Cán bộ xử lý"]  # fmt: skip
CODES = [("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
         ("1.001193", "Đăng ký khai sinh"), ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân"),
         ("9.000001", "Thủ tục không có trong danh mục")]  # fmt: skip
CHANNELS = ["Trực tiếp", "Trực tiếp", "Trực tiếp", "Trực tuyến", "BCCI"]


def rows(count: int, returned_share: int = 10) -> list[list]:
    """`count` dossiers over 2020; all but one in `returned_share` returned."""
    start = datetime(2020, 1, 2, 8, 0)
    result = []
    for i in range(count):
        received = start + timedelta(minutes=(i * 5) % (360 * 24 * 60))
        code, name = CODES[i % len(CODES)]
        returned = "" if i % returned_share == 0 else received + timedelta(hours=3)
        result.append([f"000.00.25.H57-{i:08d}", code, name, received,
                       received + timedelta(days=3), returned, CHANNELS[i % 5],
                       "Có", "", "Lê Quốc Bảo"])  # fmt: skip
    return result


def as_csv(data: list[list]) -> bytes:
    def cell(value):
        return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else str(value)

    lines = [";".join(HEADERS)] + [";".join(cell(v) for v in r) for r in data]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def as_xlsx(data: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách hồ sơ")
    sheet.append(HEADERS)
    for values in data:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    folder = tempfile.mkdtemp(prefix="iso_qms_bench_")
    os.environ["ISO_QMS_INSTANCE"] = folder
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    lines = []

    def report(label: str, started: float, extra: str = "") -> None:
        line = f"{label:<34}{time.perf_counter() - started:7.2f} s  {extra}"
        print(line)
        lines.append(line)

    with app.app_context():
        upgrade()
        from tests.fixtures.factories import create_org, create_user

        set_clock(datetime(2021, 1, 5, 9, 0, tzinfo=LOCAL_TZ))
        with transaction():
            org = create_org("BENCH")
            user = create_user(org, "bench", "staff", "iso_secretary")
        data = rows(ROWS)
        csv_data, xlsx_data = as_csv(data), as_xlsx(data)
        header = f"database: {url.split('@')[-1].split('/')[-1]}  rows: {ROWS:,}"
        print(header)
        lines.append(header)
        started = time.perf_counter()
        table = read_table("hs.xlsx", xlsx_data)
        report(f"read .xlsx ({len(xlsx_data) // 1024:,} KB)", started)
        started = time.perf_counter()
        table = read_table("hs.csv", csv_data)
        report(f"read .csv ({len(csv_data) // 1024:,} KB)", started)
        mapping = importing.clean_mapping(importing.guess_mapping(table.headers, ImportKind.dossiers),
                                          ImportKind.dossiers)  # fmt: skip
        started = time.perf_counter()
        preview = importing.import_dossiers(org.id, user, table, mapping)
        report("preview (dry run)", started, f"create={preview.create}")
        phases = [("apply: create", csv_data), ("re-apply the same file", csv_data),
                  ("overlapping export (returned since)", as_csv(rows(ROWS, ROWS * 2)))]  # fmt: skip
        for label, payload in phases:
            started = time.perf_counter()
            with transaction():
                result = importing.import_file(org.id, user, ImportKind.dossiers, "hs.csv",
                                               payload, mapping, dry_run=False)  # fmt: skip
            report(label, started, f"create={result.create} update={result.update} "
                                   f"unchanged={result.unchanged}")  # fmt: skip
        # The figures over the imported year: one grouped query each, whatever the row count.
        from iso_qms.performance import figures
        from iso_qms.reports.compliance import make_period

        # as of the import day: the as-of rule counts only what was imported by then
        period = make_period(datetime(2020, 1, 1).date(), datetime(2020, 12, 31).date(),
                             datetime(2021, 1, 5).date())  # fmt: skip
        for group in (None, "procedure", "month"):
            started = time.perf_counter()
            result = figures.performance(org.id, period, group)
            report(f"figures, group by {group or 'nothing'}", started,
                   f"received={result['received']}")  # fmt: skip
        started = time.perf_counter()
        figures.nonconforming_outputs(org.id, period)
        report("8.7 nonconforming outputs list", started)
        set_clock(None)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
