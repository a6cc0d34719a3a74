"""Benchmark: bringing one revision into force for an organisation of 5,000 people.

    python bench/acknowledgement_tasks.py            # a throwaway SQLite database
    DATABASE_URL=postgresql+psycopg://... python bench/acknowledgement_tasks.py

Creates the people with one bulk insert, approves a revision effective today, then times the
creation of its 5,000 reading tasks (bulk statements) and the coverage figure. Nothing is asserted.
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
from iso_qms.accounts.models import Role, User, UserRole  # noqa: E402
from iso_qms.core.transaction import transaction  # noqa: E402
from iso_qms.extensions import db  # noqa: E402

PEOPLE = int(os.environ.get("PEOPLE", "5000"))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="iso_qms_bench_")
    os.environ["ISO_QMS_INSTANCE"] = folder
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        from iso_qms.acknowledgements import operations as ack_operations
        from iso_qms.acknowledgements import queries as ack_queries
        from tests.fixtures.factories import (
            World,
            create_org,
            create_procedure,
            create_revision,
            create_user,
        )

        with transaction():
            org = create_org("BENCH")
            users = {
                "iso_secretary": create_user(org, "sec", "staff", "iso_secretary"),
                "qmr": create_user(org, "qmr", "staff", "qmr"),
            }
            hashed = users["qmr"].password_hash
            db.session.execute(
                sa.insert(User),
                [
                    {
                        "organisation_id": org.id,
                        "username": f"u{i:05d}",
                        "full_name": f"Người {i}",
                        "unit": f"Bộ phận {i % 12}",
                        "password_hash": hashed,
                        "search_key": f"nguoi {i}",
                        "auth_nonce": "x",
                        "lock_version": 1,
                    }
                    for i in range(PEOPLE - 2)
                ],
            )
            ids = db.session.scalars(sa.select(User.id).where(User.username.like("u%"))).all()
            db.session.execute(
                sa.insert(UserRole), [{"user_id": i, "role": Role.staff} for i in ids]
            )
            world = World(org, org, org, org, users)
            procedure = create_procedure(world)
            create_revision(procedure, world, status="approved", effective_date=date.today())
        print(f"database: {url.split('@')[-1]}  people: {PEOPLE}")
        start = time.perf_counter()
        with transaction():
            created = ack_operations.sync_organisation(org.id)
        print(f"tasks created     {time.perf_counter() - start:6.2f} s  ({created} tasks)")
        start = time.perf_counter()
        with transaction():
            ack_operations.sync_organisation(org.id)
        print(f"nothing new       {time.perf_counter() - start:6.3f} s")
        start = time.perf_counter()
        figure = ack_queries.coverage(org.id, date.today())
        print(
            f"coverage          {time.perf_counter() - start:6.2f} s  ({figure.acknowledged}/{figure.people})"
        )


if __name__ == "__main__":
    main()
