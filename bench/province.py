"""Fill an empty database with a whole province, for the page and load benchmarks.

    DATABASE_URL=sqlite:////tmp/province/p1.sqlite3 python bench/province.py --scale 1.0
    DATABASE_URL=postgresql+psycopg://... python bench/province.py --scale 0.1

Runs the migrations, then writes with bulk statements (batches of 5,000 rows, ids chosen here):
at scale 1.0 150 organisations (1 province, 12 districts, 137 communes), ~4,000 people,
~15,000 procedures, ~60,000 revisions, ~500,000 reading records, two rounds a year per
organisation with checklists, ~30,000 findings with their corrective actions, and ~750,000 audit
entries forming a valid SHA-256 chain. The scale sets the number of organisations; each keeps its
size, and the bench commune X-BENCH (100 people, 100 procedures) with its district H-BENCH (11
communes) exists at every scale. Prints what it made, how long each part took, and the logins.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask_migrate import upgrade  # noqa: E402

from iso_qms import create_app  # noqa: E402
from iso_qms.core.database import engine_options  # noqa: E402
from iso_qms.extensions import db  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 150 organisations")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"),
                        help="SQLAlchemy URL (default: $DATABASE_URL)")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.database:
        parser.error("set DATABASE_URL (or --database) to an empty database")
    return args


def _fast_writes() -> None:
    """Bulk-load settings for this connection only (the app's own settings stay as they are)."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        for pragma in ("PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144",
                       "PRAGMA temp_store=MEMORY"):  # fmt: skip
            connection.exec_driver_sql(pragma)
    else:
        connection.exec_driver_sql("SET synchronous_commit = off")


def generate(scale: float, seed: int) -> dict:
    from provincelib import audits, documents, people, reading, trail
    from provincelib.writer import Writer

    from iso_qms.core.timeutil import today

    w = Writer(seed, today())
    _fast_writes()
    with w.part("organisations, people"):
        orgs = people.plan_organisations(w, scale)
        people.write_organisations(w, orgs)
        people.write_people(w, orgs)
    data, templates = documents.load_templates()
    with w.part("procedures, revisions"):
        _fast_writes()
        for org in orgs:
            bases = documents.write_legal_bases(w, org, data)
            for proc in documents.plan_procedures(w, org):
                documents.write_procedure(w, proc, templates, bases)
    with w.part("announcements"):
        for org in orgs:
            documents.write_announcements(w, org)
    with w.part("reading records"):
        _fast_writes()
        share = reading.history_share(w, orgs, round(500_000 * len(orgs) / 150))
        for org in orgs:
            reading.write_tasks(w, org, share)
    held = []
    with w.part("rounds, findings, actions"):
        _fast_writes()
        years = w.today.year - 2019 + 1
        for org in orgs:
            checklist = audits.write_templates(w, org)
            audits.write_rounds(w, org, checklist, 200 / (2 * years))
            held += audits.write_reviews(w, org)
    with w.part("PAR criteria"):
        from iso_qms.reports.appendix import ensure_default_criteria

        for org in orgs:
            ensure_default_criteria(org.id)
    with w.part("audit trail"):
        _fast_writes()
        padded = trail.pad_with_logins(w, orgs, round(750_000 * len(orgs) / 150))
        trail.write_trail(w)
    print(f"  (audit trail: {padded:,} login entries added to the recorded events)")
    with w.part("report hashes, review packs"):
        _round_report_hashes()
        _review_packs(held)
    with w.part("sequences, ANALYZE"):
        _finish()
    return {"orgs": orgs, "writer": w}


def _round_report_hashes() -> None:
    """The SHA-256 each accepted report was signed with, computed by the app's report_hash."""
    from iso_qms.audits.models import Round
    from iso_qms.audits.operations.round_reports import report_hash

    ids = db.session.scalars(sa.select(Round.id).where(Round.accepted_at.is_not(None))).all()
    hashes = []
    for round_id in ids:
        hashes.append({"rid": round_id, "sha": report_hash(db.session.get(Round, round_id))})
        db.session.expunge_all()
    table = Round.__table__
    if hashes:
        statement = (
            sa.update(table).where(table.c.id == sa.bindparam("rid"))
            .values(report_sha256=sa.bindparam("sha"))
        )  # fmt: skip
        db.session.connection().execute(statement, hashes)


def _review_packs(review_ids: list[int]) -> None:
    """The frozen input pack of each held review, computed by the app from the records."""
    from iso_qms.audits.models import ManagementReview
    from iso_qms.audits.queries import review_input_pack

    table = ManagementReview.__table__
    packs = []
    for review_id in review_ids:
        packs.append(
            {
                "rid": review_id,
                "pack": review_input_pack(db.session.get(ManagementReview, review_id)),
            }
        )
        db.session.expunge_all()
    if packs:
        statement = (
            sa.update(table)
            .where(table.c.id == sa.bindparam("rid"))
            .values(input_pack=sa.bindparam("pack", type_=table.c.input_pack.type))
        )
        db.session.connection().execute(statement, packs)


def _finish() -> None:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        for table in db.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                )
    db.session.commit()
    connection = db.session.connection()
    connection.exec_driver_sql("ANALYZE")
    db.session.commit()


def summary(url: str, result: dict, seconds: float) -> None:
    from provincelib.people import BENCH_CODE, BENCH_DISTRICT, PASSWORD, QMR_LOGIN, SUPERVISOR_LOGIN

    tables = ["organisations", "users", "procedures", "revisions", "signatures",
              "acknowledgements", "audit_rounds", "audit_checklist_lines", "audit_findings",
              "audit_actions", "announcement_items", "audit_entries"]  # fmt: skip
    print("\ncreated:")
    for name in tables:
        count = db.session.scalar(sa.text(f"SELECT COUNT(*) FROM {name}"))
        print(f"  {name:<24} {count:>9,}")
    by_status = db.session.execute(sa.text(
        "SELECT status, COUNT(*) FROM acknowledgements GROUP BY status ORDER BY 2 DESC")).all()  # fmt: skip
    print("  reading records by status: " + ", ".join(f"{s} {n:,}" for s, n in by_status))
    bench = next(o for o in result["orgs"] if o.code == BENCH_CODE)
    if url.startswith("sqlite:///"):
        size = Path(url.removeprefix("sqlite:///")).stat().st_size
        print(f"  database file            {size / 2**20:9.0f} MB")
    print(f"\nbench organisation: {BENCH_CODE} ({bench.name}), {len(bench.people)} people, "
          f"{len(bench.procedures)} procedures; district {BENCH_DISTRICT} "
          f"({bench.parent.name}, {sum(o.parent is bench.parent for o in result['orgs'])} communes)")  # fmt: skip
    print(f"QMR login:        {QMR_LOGIN} / {PASSWORD}")
    print(f"supervisor login: {SUPERVISOR_LOGIN} / {PASSWORD}  (everyone's password is the same)")
    print(f"total {seconds:.0f} s")


def main(argv=None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("ISO_QMS_INSTANCE", tempfile.mkdtemp(prefix="iso_qms_province_"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database,
                      "SQLALCHEMY_ENGINE_OPTIONS": engine_options(args.database)})  # fmt: skip
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        if db.session.scalar(sa.text("SELECT COUNT(*) FROM organisations")):
            sys.exit("the database is not empty: give an empty one")
        db.session.commit()
        print(f"database: {args.database.split('@')[-1]}  scale {args.scale}")
        result = generate(args.scale, args.seed)
        summary(args.database, result, time.perf_counter() - started)


if __name__ == "__main__":
    main()
