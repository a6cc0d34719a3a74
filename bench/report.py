"""Benchmark: one organisation's report, the district's and the province's roll-up.

    python bench/report.py            # a throwaway SQLite database
    DATABASE_URL=postgresql+psycopg://... python bench/report.py
    DATABASE_URL=sqlite:////tmp/province/p1.sqlite3 python bench/report.py --province

Without --province: seeds the Quảng An demo, then adds nine more communes under the district,
each a copy of Quảng An's procedures (so the roll-up has 12 organisations, 10 with data). With
--province: reads a database made by bench/province.py as it is (X-BENCH, H-BENCH, the province).
Prints queries, median and p95 (nearest rank) of N runs for the report, the roll-up of the
district, the roll-up of the province (its districts) and the grouped figures of every
organisation of the province at once.
"""

import argparse
import math
import os
import statistics
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", action="store_true", help="use DATABASE_URL as it is")
    parser.add_argument("--runs", "-n", type=int, default=7)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="iso_qms_bench_")
    os.environ["ISO_QMS_INSTANCE"] = folder
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    if options.province and not os.environ.get("DATABASE_URL"):
        sys.exit("--province reads the database in DATABASE_URL (made by bench/province.py)")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        print(f"database: {url.split('@')[-1]}")
        if options.province:
            codes = ("X-BENCH", "H-BENCH")
        else:
            upgrade()
            _seed_demo_district()
            codes = ("X-QUANGAN", "H-QUANGDIEN")
        _measure(*codes, options.runs)


def _seed_demo_district() -> None:
    from iso_qms.accounts.models import Organisation
    from iso_qms.seed import seed_demo
    from iso_qms.seed.procedures import seed_procedures
    from tests.fixtures.factories import create_org, create_user

    start = time.perf_counter()
    with transaction():
        seed_demo()
    print(f"seed demo            {time.perf_counter() - start:6.2f} s")
    district = db.session.scalar(sa.select(Organisation).where(Organisation.code == "H-QUANGDIEN"))
    with transaction():
        for i in range(9):
            org = create_org(f"X-BENCH-{i}", "commune", district, name=f"UBND xã Thử nghiệm {i}")
            org.place_name = f"Thử nghiệm {i}"
            for username in ("secretary", "qmr"):
                role = "iso_secretary" if username == "secretary" else "qmr"
                create_user(org, f"{username}{i}", "staff", role)
    start = time.perf_counter()
    for i in range(9):
        org = db.session.scalar(sa.select(Organisation).where(Organisation.code == f"X-BENCH-{i}"))
        with transaction():
            _copy_procedures(org, i, "Password-123", seed_procedures)  # the factories' password
    print(f"nine more communes   {time.perf_counter() - start:6.2f} s")


def _measure(commune_code: str, district_code: str, runs: int) -> None:
    from iso_qms.accounts.models import Organisation
    from iso_qms.reports import aggregate
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.report import build_report
    from iso_qms.reports.rollup import rollup

    def org(code):
        return db.session.scalar(sa.select(Organisation).where(Organisation.code == code))

    commune, district = org(commune_code), org(district_code)
    province = district.parent
    everyone = db.session.scalars(sa.select(Organisation.id)).all()
    period = (
        make_period(date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 5))
        if commune_code == "X-QUANGAN"
        else make_period(date(date.today().year, 1, 1), date.today(), date.today())
    )
    print(f"period {period.start} – {period.end}, as of {period.as_of}; {runs} runs each")
    print("  queries  median ms   p95 ms")
    cases = [
        (f"one report ({commune.code})", lambda: build_report(commune, period)),
        (
            f"roll-up of {district.code} ({_below(district)} organisations)",
            lambda: rollup(district, period),
        ),
    ]
    if province is not None:
        cases.append(
            (
                f"roll-up of {province.code} ({_below(province)} organisations)",
                lambda: rollup(province, period),
            )
        )
    cases.append(
        (
            f"figures of all {len(everyone)} organisations",
            lambda: aggregate.figures(everyone, period),
        )
    )
    for label, run in cases:
        count, times = _timed(run, runs)
        median, p95 = statistics.median(times), sorted(times)[math.ceil(0.95 * runs) - 1]
        print(f"  {count:7d}  {median:9.1f}  {p95:7.1f}   {label}")
        db.session.rollback()


def _below(org) -> int:
    from iso_qms.accounts.models import Organisation

    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Organisation).where(Organisation.parent_id == org.id)
    )


def _timed(run, runs: int) -> tuple[int, list[float]]:
    """(queries of one run, milliseconds of each timed run) after one warm-up."""
    counted = []

    def count(_conn, _cursor, statement, *_args):
        if (
            not statement.lstrip()
            .upper()
            .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT"))
        ):
            counted.append(1)

    run()
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - start))
    return len(counted), times


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
