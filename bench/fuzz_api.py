"""Fuzz the JSON API with schemathesis, larger than the CI test (tests/api/test_fuzz_api.py).

    python bench/fuzz_api.py --cases 20                 # a throwaway SQLite database
    python bench/fuzz_api.py --cases 20 --postgres      # a throwaway PostgreSQL 15 cluster
    DATABASE_URL=postgresql+psycopg://... python bench/fuzz_api.py --cases 20

Seeds the Quảng An demo, then sends every operation of /api/v1/openapi.json `--cases` generated
requests as the fuzzing admin and as staff, plus `--negative` invalid ones as the admin, in-process
through WSGI. Prints the failures found, the number of cases and the time; writes
bench/results/fuzz-<backend>.json and .md.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from iso_qms import create_app  # noqa: E402
from iso_qms.extensions import db  # noqa: E402
from tests.api.test_fuzz_api import SEED, fuzz, seed_fuzz_data  # noqa: E402
from tests.pgcluster import create_database, postgres_cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def make_app(url: str):
    os.environ["ISO_QMS_INSTANCE"] = tempfile.mkdtemp(prefix="iso_qms_fuzz_instance_")
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "fuzz-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SERVER_NAME": None,
        }
    )


def write_results(backend: str, args, report, seed_seconds: float) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    distinct = report.distinct()
    data = {
        "backend": backend,
        "cases_per_operation": args.cases,
        "negative_per_operation": args.negative,
        "seed": args.seed,
        "operations": report.operations,
        "cases": report.cases,
        "seconds": round(report.seconds, 1),
        "seed_demo_seconds": round(seed_seconds, 1),
        "statuses": dict(sorted(report.statuses.items())),
        "skipped": report.skipped,
        "no_case_generated": report.unsatisfiable,
        "failures": [asdict(failure) for failure in distinct],
    }
    path = RESULTS / f"fuzz-{backend}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [
        f"# Fuzzing the API on {backend}",
        "",
        f"`python bench/fuzz_api.py --cases {args.cases} --negative {args.negative}"
        f"{' --postgres' if backend == 'postgresql' else ''}` (seed {args.seed}): "
        f"{report.operations} operations, {report.cases} cases in {report.seconds:.1f} s "
        f"(seeding the demo {seed_seconds:.1f} s), {len(distinct)} distinct failures.",
        "",
        "Answers: "
        + ", ".join(f"{n}× {code}" for code, n in sorted(report.statuses.items()))
        + ".",
        "",
        "Skipped: " + "; ".join(f"`{op}` ({why})" for op, why in report.skipped.items()) + ".",
        "",
    ]
    lines += [f"- {failure.line()}" for failure in distinct] or ["No failures."]
    path.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(url: str, backend: str, args) -> int:
    app = make_app(url)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        identities, ids = seed_fuzz_data()
        seed_seconds = time.perf_counter() - started
        db.session.remove()
    report = fuzz(app, identities, ids, cases=args.cases, negative=args.negative, seed_=args.seed)
    for failure in report.distinct():
        print(f"FAIL {failure.line()}\n     {failure.request}\n     {failure.detail[:1500]}\n")
    path = write_results(backend, args, report, seed_seconds)
    print(
        f"{backend}: {report.operations} operations, {report.cases} cases, "
        f"{len(report.distinct())} distinct failures ({len(report.failures)} failing cases), "
        f"{report.seconds:.1f} s (+ {seed_seconds:.1f} s seeding); {path.relative_to(ROOT)}"
    )
    print("answers:", dict(sorted(report.statuses.items())))
    return 1 if report.failures else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20, help="positive cases per operation")
    parser.add_argument("--negative", type=int, default=5, help="invalid cases per operation")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url = os.environ.get("DATABASE_URL")
        if args.postgres:
            url = create_database(stack.enter_context(postgres_cluster()), "iso_qms_fuzz")
        if not url:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="iso_qms_fuzz_"))
            url = f"sqlite:///{folder}/fuzz.sqlite3"
        backend = "postgresql" if url.startswith("postgresql") else "sqlite"
        return run(url, backend, args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
