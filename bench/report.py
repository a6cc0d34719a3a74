"""Benchmark: one organisation's report on the demo data, and the roll-up over 12 communes.

    python bench/report.py            # a throwaway SQLite database
    DATABASE_URL=postgresql+psycopg://... python bench/report.py

Seeds the Quảng An demo, then adds nine more communes under the district, each a copy of
Quảng An's procedures (so the roll-up has 12 organisations, 10 with data). Prints seconds.
"""

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from iso_qms import create_app  # noqa: E402
from iso_qms.core.transaction import transaction  # noqa: E402
from iso_qms.extensions import db  # noqa: E402


def main() -> None:
    folder = tempfile.mkdtemp(prefix="iso_qms_bench_")
    os.environ["ISO_QMS_INSTANCE"] = folder
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        from iso_qms.accounts.models import Organisation
        from iso_qms.reports.compliance import make_period
        from iso_qms.reports.report import build_report
        from iso_qms.reports.rollup import rollup
        from iso_qms.seed import seed_demo
        from iso_qms.seed.procedures import seed_procedures
        from tests.fixtures.factories import create_org, create_user

        start = time.perf_counter()
        with transaction():
            seed_demo()
        print(f"database: {url.split('@')[-1]}")
        print(f"seed demo            {time.perf_counter() - start:6.2f} s")
        district = db.session.scalar(
            sa.select(Organisation).where(Organisation.code == "H-QUANGDIEN")
        )
        with transaction():
            for i in range(9):
                org = create_org(
                    f"X-BENCH-{i}", "commune", district, name=f"UBND xã Thử nghiệm {i}"
                )
                org.place_name = f"Thử nghiệm {i}"
                for username in ("secretary", "qmr"):
                    create_user(
                        org,
                        f"{username}{i}",
                        "staff",
                        "iso_secretary" if username == "secretary" else "qmr",
                    )
        start = time.perf_counter()
        for i in range(9):
            org = db.session.scalar(
                sa.select(Organisation).where(Organisation.code == f"X-BENCH-{i}")
            )
            with transaction():
                _copy_procedures(org, i, "Password-123", seed_procedures)  # the factories' password
        print(f"nine more communes   {time.perf_counter() - start:6.2f} s")
        quang_an = db.session.scalar(
            sa.select(Organisation).where(Organisation.code == "X-QUANGAN")
        )
        period = make_period(date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 5))
        build_report(quang_an, period)
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            build_report(quang_an, period)
            runs.append(time.perf_counter() - start)
        print(f"one report (Quảng An) {min(runs):6.3f} s best of 5, {sum(runs) / 5:6.3f} s mean")
        start = time.perf_counter()
        result = rollup(district, period)
        print(
            f"roll-up              {time.perf_counter() - start:6.3f} s over {len(result['rows'])} organisations"
        )


def _copy_procedures(org, index, password, seed_procedures):
    """Replay the demo QMS for another commune under its own secretary and QMR."""
    from iso_qms.seed import procedures as replay

    names = {"secretary": f"secretary{index}", "qmr": f"qmr{index}"}
    original = replay._Replay.__init__

    def init(self, org_, people, password_):
        from iso_qms.accounts.models import User

        people = {
            k: db.session.scalar(sa.select(User).where(User.username == v))
            for k, v in names.items()
        }
        original(self, org_, people, password_)

    replay._Replay.__init__ = init
    try:
        seed_procedures(org, password)
    finally:
        replay._Replay.__init__ = original


if __name__ == "__main__":
    main()
