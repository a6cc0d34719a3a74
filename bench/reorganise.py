"""Merging a province's communes (issue 15): registering the changes, bringing them into force, and
the reach checks and roll-ups that must keep their fixed query count afterwards.

    python bench/reorganise.py                                   # SQLite in a temporary folder
    python bench/reorganise.py --save-built /tmp/reorg/built.sqlite3      # keep the built data
    python bench/reorganise.py --database sqlite:////tmp/reorg/copy.sqlite3  # a copy of it
    python bench/with_postgres.py -- python bench/reorganise.py            # PostgreSQL 15

Builds a province with bench/province.py's generator (reshaped to 9 districts and 133 communes:
~3,800 people, ~14,000 procedures with their revisions, reading tasks, findings and corrective
actions in the states time brought them to), unless the database already holds one that was
never reorganised. Then, as the province's administrator, with the clock at the real today:

1. registers the merge of the 133 communes into 40 new ones (one `merge_new` per group, under the
   province) and the end of the 9 districts (`end_level`, their children to the province), all
   dated the first day of next month, open work transferred;
2. moves the clock to that day and runs `apply_due` (people carried over, reading tasks closed,
   open findings and actions transferred);
3. times the reach checks (`readable_org_ids` for the bench district's and the province's
   supervisors, undated and as of the eve and the day; `descendant_ids` of the province) and the
   roll-ups (district as of the eve, the province as of the eve and the day, 2020 before and after
   the change, which must be identical), each with its query count.

Queries are counted with a before_cursor_execute listener (COMMIT/ROLLBACK/SAVEPOINT not counted).
Writes bench/results/reorganise-<sqlite|postgresql>.json and .md.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from provincelib.machine import RESULTS, backend_of, describe, header_lines  # noqa: E402
from provincelib.people import BENCH_CODE, BENCH_DISTRICT, SUPERVISOR_LOGIN  # noqa: E402

BASIS = "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"),
                        help="SQLAlchemy URL (default: $DATABASE_URL, else a new SQLite file)")  # fmt: skip
    parser.add_argument("--districts", type=int, default=9)
    parser.add_argument("--communes", type=int, default=133)
    parser.add_argument("--groups", type=int, default=40, help="new communes the old ones make")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-n", "--repeat", type=int, default=7, help="timed runs of each check")
    parser.add_argument("--save-built", help="SQLite: copy the built file here before measuring")
    parser.add_argument(
        "--output", help="result file stem (default bench/results/reorganise-<backend>)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.groups <= args.communes or args.districts < 1:
        parser.error("need 1 <= --groups <= --communes and at least one district")
    if not args.database:
        folder = Path(tempfile.mkdtemp(prefix="iso_qms_reorganise_"))
        args.database = f"sqlite:///{folder / 'province.sqlite3'}"
    return args


# --- counting ---------------------------------------------------------------------------------


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if (
            not statement.lstrip()
            .upper()
            .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT"))
        ):
            self.count += 1


@contextmanager
def measured(label: str, figures: dict, **extra):
    """Time the block and count its statements; the figures go to `figures[label]`."""
    from iso_qms.extensions import db

    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    started = time.perf_counter()
    try:
        yield extra
    finally:
        seconds = time.perf_counter() - started
        event.remove(db.engine, "before_cursor_execute", counter)
        figures[label] = {"seconds": round(seconds, 3), "queries": counter.count, **extra}
        more = ", ".join(
            f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in extra.items()
        )
        print(f"  {label:<44} {seconds:8.3f} s  {counter.count:>6} queries  {more}", flush=True)


def repeated(label: str, figures: dict, call, n: int) -> object:
    """One warm-up, then n timed calls: median and worst ms, the query count of each run."""
    from iso_qms.extensions import db

    result = call()
    times, counts = [], set()
    for _ in range(n):
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
        event.remove(db.engine, "before_cursor_execute", counter)
        counts.add(counter.count)
    size = len(result) if isinstance(result, (set, list)) else len(result["rows"])
    figures[label] = {"median_ms": round(statistics.median(times), 2),
                      "max_ms": round(max(times), 2), "queries": sorted(counts), "size": size}  # fmt: skip
    print(f"  {label:<44} {statistics.median(times):8.2f} ms (max {max(times):7.2f})  "
          f"{'/'.join(map(str, sorted(counts))):>6} queries  {size} in the answer", flush=True)  # fmt: skip
    return result


# --- the province -----------------------------------------------------------------------------


def _reshaped(plan, districts: int, communes: int):
    """bench/province.py's plan cut to `districts` districts and `communes` communes; the communes
    of the districts left out go round the others (the bench district keeps its 11)."""

    def shaped(w, scale):
        orgs = plan(w, scale)
        province = orgs[0]
        kept_districts = [o for o in orgs if o.level == "district"][:districts]
        kept = [o for o in orgs if o.level == "commune"][:communes]
        others = kept_districts[1:] or kept_districts
        for i, commune in enumerate(c for c in kept if c.parent not in kept_districts):
            commune.parent = others[i % len(others)]
        return [province, *kept_districts, *kept]

    return shaped


def build(args) -> None:
    import province
    from provincelib import people

    scale = (1 + args.districts + args.communes) / 150
    while round(12 * scale) < args.districts or round(150 * scale) - 1 - max(
        2, round(12 * scale)
    ) < max(args.communes, 11):  # the plan's own arithmetic (people.plan_organisations)
        scale += 0.01
    people.plan_organisations = _reshaped(people.plan_organisations, args.districts, args.communes)
    # the signed round-report hashes and review packs only `qms verify` reads: minutes, skipped
    province._round_report_hashes = lambda: None
    province._review_packs = lambda held: None
    province.generate(scale, args.seed)


def prepare(args) -> dict:
    """Migrations, then the province (built unless already there); what it holds."""
    from flask_migrate import upgrade

    from iso_qms.extensions import db

    upgrade()
    db.session.commit()
    orgs = db.session.scalar(sa.text("SELECT COUNT(*) FROM organisations"))
    if orgs and db.session.scalar(sa.text("SELECT COUNT(*) FROM reorganisations")):
        sys.exit(
            "this database was reorganised already: give an empty one or a copy of a built one"
        )
    built = None
    if not orgs:
        started = time.perf_counter()
        build(args)
        built = round(time.perf_counter() - started, 1)
        print(f"built in {built} s (not part of the figures)")
    if args.save_built and args.database.startswith("sqlite:///"):
        db.session.remove()
        db.engine.dispose()
        shutil.copyfile(args.database.removeprefix("sqlite:///"), args.save_built)
        print(f"built province copied to {args.save_built}")
    return data_counts()


def data_counts() -> dict:
    from iso_qms.extensions import db

    one = db.session.scalar
    return {
        "districts": one(sa.text("SELECT COUNT(*) FROM organisations WHERE level = 'district'")),
        "communes": one(sa.text("SELECT COUNT(*) FROM organisations WHERE level = 'commune'")),
        "people": one(sa.text("SELECT COUNT(*) FROM users WHERE active")),
        "procedures": one(sa.text("SELECT COUNT(*) FROM procedures")),
        "revisions": one(sa.text("SELECT COUNT(*) FROM revisions")),
        "reading tasks": one(sa.text("SELECT COUNT(*) FROM acknowledgements")),
        "open findings": one(sa.text("SELECT COUNT(*) FROM audit_findings WHERE status = 'open'")),
        "open actions": one(
            sa.text(
                "SELECT COUNT(*) FROM audit_actions WHERE status IN ('planned', 'in_progress', 'done')"
            )
        ),  # fmt: skip
    }


# --- the change -------------------------------------------------------------------------------


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _groups(communes: list, n: int) -> list[list]:
    """The communes, district by district, cut into n groups of neighbours."""
    size = len(communes)
    return [communes[round(i * size / n) : round((i + 1) * size / n)] for i in range(n)]


def register(figures: dict, day: date, groups: int) -> dict:
    from iso_qms.accounts.models import Organisation, OrgLevel, Role, User, UserRole
    from iso_qms.accounts.org_history import ReorgKind
    from iso_qms.extensions import db
    from iso_qms.reorganisations.operations import NewOrganisation, reorganise

    province = db.session.scalar(sa.select(Organisation).where(Organisation.level == "province"))
    admin = db.session.scalar(
        sa.select(User)
        .join(UserRole)
        .where(
            User.organisation_id == province.id, UserRole.role == Role.admin, User.active
        )  # fmt: skip
    )
    districts = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.parent_id == province.id)
        .order_by(Organisation.id)
    ).all()
    order = {d.id: i for i, d in enumerate(districts)}
    communes = sorted(
        db.session.scalars(sa.select(Organisation).where(Organisation.parent_id.in_(order))).all(),
        key=lambda c: (order[c.parent_id], c.id),
    )
    cut = _groups(communes, groups)
    with measured(f"register {len(cut)} merge_new ({len(communes)} communes)", figures) as _:
        for i, group in enumerate(cut):
            target = NewOrganisation(f"X-NEW-{i + 1:02d}", f"UBND xã mới số {i + 1:02d}",
                                     OrgLevel.commune, province.id)  # fmt: skip
            reorganise(ReorgKind.merge_new, day, BASIS, group, target, admin, "transfer")
    db.session.commit()
    with measured(f"register {len(districts)} end_level (districts)", figures):
        for district in districts:
            reorganise(ReorgKind.end_level, day, BASIS, [district], province, admin, "transfer")
    db.session.commit()
    return {"province_id": province.id, "admin": admin.username}


def apply(figures: dict, day: date) -> None:
    from iso_qms.accounts.tree import apply_due
    from iso_qms.core.timeutil import LOCAL_TZ, set_clock
    from iso_qms.extensions import db

    set_clock(datetime.combine(day, time_of_day(7), LOCAL_TZ))
    one = db.session.scalar
    with measured("apply_due", figures) as extra:
        extra["organisations"] = apply_due()
        db.session.commit()
    extra = figures["apply_due"]
    extra["people carried"] = one(sa.text(
        "SELECT COUNT(*) FROM employment_periods WHERE reason = 'reorganised'"))  # fmt: skip
    extra["reading tasks closed"] = one(
        sa.text("SELECT COUNT(*) FROM acknowledgements WHERE status = 'left' AND closed_on = :d"),
        {"d": day},
    )
    extra["findings transferred"] = one(sa.text(
        "SELECT COUNT(*) FROM audit_findings WHERE transferred_from_id IS NOT NULL"))  # fmt: skip
    extra["actions transferred"] = one(sa.text(
        "SELECT COUNT(*) FROM audit_actions WHERE transferred_from_id IS NOT NULL"))  # fmt: skip
    print(
        "    "
        + ", ".join(f"{k} {v:,}" for k, v in extra.items() if k not in ("seconds", "queries"))
    )


# --- reach and roll-up ------------------------------------------------------------------------


def _user(username: str):
    from iso_qms.accounts.models import User
    from iso_qms.extensions import db

    user = db.session.scalar(sa.select(User).where(User.username == username))
    assert user.roles is not None  # loaded before counting, as with the user of a request
    return user


def _province_supervisor(province_id: int) -> str:
    from iso_qms.accounts.models import Role, User, UserRole
    from iso_qms.extensions import db

    return db.session.scalar(
        sa.select(User.username).join(UserRole)
        .where(User.organisation_id == province_id, UserRole.role == Role.supervisor)
        .order_by(User.id).limit(1)
    )  # fmt: skip


def reach(figures: dict, province_id: int, eve: date, day: date, n: int, phase: str) -> None:
    from iso_qms.accounts.tree import descendant_ids, readable_org_ids

    logins = {"district supervisor": SUPERVISOR_LOGIN,
              "province supervisor": _province_supervisor(province_id)}  # fmt: skip
    for who, login in logins.items():
        user = _user(login)
        for label, on in (("undated", None), (f"as of {eve:%d/%m/%Y}", eve),
                          (f"as of {day:%d/%m/%Y}", day)):  # fmt: skip
            repeated(f"{phase}: readable_org_ids, {who} {label}", figures,
                     lambda u=user, d=on: readable_org_ids(u, d), n)  # fmt: skip
    for on in (eve, day):
        repeated(f"{phase}: descendant_ids province {on:%d/%m/%Y}", figures,
                 lambda d=on: descendant_ids(province_id, d), n)  # fmt: skip


def rollups(figures: dict, province_id: int, eve: date, day: date, n: int, phase: str) -> dict:
    from iso_qms.accounts.models import Organisation
    from iso_qms.extensions import db
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.rollup import rollup

    province = db.session.get(Organisation, province_id)
    district = db.session.scalar(sa.select(Organisation).where(Organisation.code == BENCH_DISTRICT))
    year_2020 = make_period(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31))
    to_the_eve = make_period(date(eve.year, 1, 1), eve, eve)
    cases = [("district 2020", district, year_2020), ("district to the eve", district, to_the_eve),
             ("province to the eve", province, to_the_eve)]  # fmt: skip
    if phase == "after":
        cases.append(("province on the day", province, make_period(day, day, day)))
    answers = {}
    for label, org, period in cases:
        answers[label] = repeated(f"{phase}: rollup {label}", figures,
                                  lambda o=org, p=period: rollup(o, p), n)  # fmt: skip
    return answers


# --- output -----------------------------------------------------------------------------------


def write(stem: Path, info: dict) -> None:
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    lines = [f"# Reorganising a province ({info['backend']})", "", *header_lines(info), ""]
    lines += ["| step | seconds | queries | figures |", "|---|---:|---:|---|"]
    for label, f in info["steps"].items():
        more = ", ".join(f"{k} {v:,}" for k, v in f.items() if k not in ("seconds", "queries"))
        lines.append(f"| {label} | {f['seconds']:.3f} | {f['queries']} | {more} |")
    lines += ["", "| check | median ms | max ms | queries | organisations or rows |",
              "|---|---:|---:|---:|---:|"]  # fmt: skip
    for label, f in info["checks"].items():
        queries = "/".join(map(str, f["queries"]))
        lines.append(f"| {label} | {f['median_ms']} | {f['max_ms']} | {queries} | {f['size']} |")
    same = ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in info["rollups_unchanged"].items())
    lines += ["", f"- roll-ups identical (JSON) before and after the change: {same}"]
    lines += [*[f"- {note}" for note in info["notes"]], ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    print(f"\nwritten: {stem.with_suffix('.json')} and .md")


def main(argv=None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("ISO_QMS_INSTANCE", tempfile.mkdtemp(prefix="iso_qms_reorganise_"))
    from iso_qms import create_app
    from iso_qms.core.database import engine_options
    from iso_qms.core.timeutil import LOCAL_TZ, set_clock, today

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database,
                      "SQLALCHEMY_ENGINE_OPTIONS": engine_options(args.database)})  # fmt: skip
    print(f"database: {args.database.split('@')[-1]}")
    with app.app_context():
        data = prepare(args)
        print("data: " + ", ".join(f"{k} {v:,}" for k, v in data.items() if v is not None))
        steps, checks = {}, {}
        day = _first_of_next_month(today())
        eve = day - timedelta(days=1)
        province_id = register(steps, day, args.groups)["province_id"]
        set_clock(datetime.combine(eve, time_of_day(12), LOCAL_TZ))
        print(f"on {eve:%d/%m/%Y}, the change registered, not yet in force:")
        reach(checks, province_id, eve, day, args.repeat, "before")
        before = rollups(checks, province_id, eve, day, args.repeat, "before")
        print(f"in force on {day:%d/%m/%Y}:")
        apply(steps, day)
        reach(checks, province_id, eve, day, args.repeat, "after")
        after = rollups(checks, province_id, eve, day, args.repeat, "after")
        same = {k: json.dumps(before[k], sort_keys=True, default=str)
                == json.dumps(after[k], sort_keys=True, default=str) for k in before}  # fmt: skip
        print("roll-ups identical before and after the change: "
              + ", ".join(f"{k} {v}" for k, v in same.items()))  # fmt: skip
        set_clock(None)
        info = describe(args.database)
        info.update(data=data, steps=steps, checks=checks, rollups_unchanged=same,
                    effective_date=day.isoformat(), notes=NOTES)  # fmt: skip
    stem = Path(args.output) if args.output else RESULTS / f"reorganise-{backend_of(args.database)}"
    write(stem, info)


NOTES = [
    "registered with the clock at the real today for the first day of next month; the 'before' "
    "checks run with the clock at noon on the eve, apply_due and the 'after' checks at 07:00 on "
    "the day",
    "the province is bench/province.py's without the accepted rounds' report hashes and the "
    "review packs (only `qms verify` reads them)",
    "queries per check are the same in every run (one figure) unless shown as a/b",
    f"district supervisor: {SUPERVISOR_LOGIN} of {BENCH_DISTRICT} (11 communes, one of them "
    f"{BENCH_CODE}); the district ends, so after the change this account is the province's "
    "(carried over) and reads what the province reads, plus its district's archive",
]


if __name__ == "__main__":
    main()
