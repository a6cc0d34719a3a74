"""Benchmark: importing a 2,000-row TTHC catalogue (.xlsx) — read, preview, apply, re-apply.

    python bench/import_catalogue.py            # a throwaway SQLite database
    DATABASE_URL=postgresql+psycopg://... python bench/import_catalogue.py

Prints wall-clock seconds for each phase; nothing is asserted.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from iso_qms import create_app  # noqa: E402
from iso_qms.core.transaction import transaction  # noqa: E402
from iso_qms.procedures import importing  # noqa: E402
from iso_qms.procedures.catalogue import read_catalogue  # noqa: E402

ROWS = int(os.environ.get("ROWS", "2000"))
TIMES = [
    "Trong ngày",
    "03 ngày làm việc",
    "04 giờ làm việc",
    "05 ngày làm việc",
    "0,5 ngày làm việc",
]


def catalogue(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Căn cứ pháp lý"])
    for i in range(rows):
        sheet.append(
            [
                f"1.{i:06d}",
                f"Thủ tục hành chính số {i} về đăng ký hộ tịch",
                "Hộ tịch",
                TIMES[i % len(TIMES)],
                f"{i % 40}/2015/NĐ-CP; 60/2014/QH13",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    folder = tempfile.mkdtemp(prefix="iso_qms_bench_")
    os.environ["ISO_QMS_INSTANCE"] = folder
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        from tests.fixtures.factories import create_org, create_user

        with transaction():
            org = create_org("BENCH")
            user = create_user(org, "bench", "staff", "iso_secretary")
        data = catalogue(ROWS)
        print(f"database: {url.split('@')[-1]}  rows: {ROWS}")
        start = time.perf_counter()
        rows = read_catalogue("catalogue.xlsx", data)
        print(f"read .xlsx        {time.perf_counter() - start:6.2f} s")
        start = time.perf_counter()
        importing.preview(org.id, rows)
        print(f"preview           {time.perf_counter() - start:6.2f} s")
        start = time.perf_counter()
        with transaction():
            importing.apply(org.id, user, rows)
        print(f"apply (create)    {time.perf_counter() - start:6.2f} s")
        start = time.perf_counter()
        with transaction():
            result = importing.apply(org.id, user, read_catalogue("catalogue.xlsx", data))
        print(f"re-apply (same)   {time.perf_counter() - start:6.2f} s  {result.counts()}")


if __name__ == "__main__":
    main()
