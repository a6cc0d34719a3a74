"""Run a command against a throwaway PostgreSQL 15 cluster, then stop and remove the cluster.

    python bench/with_postgres.py -- python bench/province.py --scale 0.1
    python bench/with_postgres.py -- sh -c 'python bench/province.py --scale 0.1 && python bench/pages.py'

Starts the cluster of tests/pgcluster.py (initdb in a temporary folder, a free port on 127.0.0.1,
durability off, run through runuser when we are root), creates the database `iso_qms_bench`, sets
DATABASE_URL for the command and exits with the command's status. Everything is gone afterwards:
chain the generator and the benchmarks in one command.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pgcluster import create_database, postgres_cluster  # noqa: E402


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__)
        return 2
    with postgres_cluster() as base_url:
        url = create_database(base_url, "iso_qms_bench")
        print(f"[with_postgres] DATABASE_URL={url}", flush=True)
        return subprocess.call(argv, env={**os.environ, "DATABASE_URL": url})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
