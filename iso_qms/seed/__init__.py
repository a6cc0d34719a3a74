"""`qms seed-demo`: UBND xã Quảng An as in its 2020 báo cáo CCHC (shared/seed/), idempotent."""

from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from ..accounts import operations as ops
from ..accounts.models import Organisation, OrgLevel, Role, User
from ..extensions import db
from .people import DEMO_LOGINS, ORGANISATIONS, PEOPLE

DEMO_PASSWORD = "QuangAn@2020"


def _organisations() -> tuple[dict[str, Organisation], bool]:
    existing = {org.code: org for org in db.session.scalars(sa.select(Organisation))}
    created = False
    for code, name, level, parent_code, place in ORGANISATIONS:
        if code not in existing:
            existing[code] = ops.create_organisation(
                code, name, OrgLevel(level), existing.get(parent_code), place
            )
            created = True
    return existing, created


def _people(orgs: dict[str, Organisation]) -> bool:
    taken = set(db.session.scalars(sa.select(User.username)))
    password_hash = None
    created = False
    for person in PEOPLE:
        if person["username"] in taken:
            continue
        password_hash = password_hash or generate_password_hash(
            DEMO_PASSWORD, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        )
        ops.create_user(
            orgs[person["org"]],
            person["username"],
            person["full_name"],
            DEMO_PASSWORD,
            [Role(r) for r in person["roles"]],
            unit=person["unit"],
            position=person["position"],
            email=person.get("email", ""),
            password_hash=password_hash,
        )
        created = True
    return created


def seed_demo() -> bool:
    """Create whatever part of the demo data is missing; returns whether anything was created.

    Records are made on the dates they would have been (the clock is moved while seeding), so the
    2020 report and "as of" views read as they would have then.
    """
    from datetime import datetime

    from ..core.timeutil import LOCAL_TZ, set_clock
    from .procedures import seed_procedures

    try:
        set_clock(datetime(2019, 6, 3, 8, 0, tzinfo=LOCAL_TZ))
        orgs, created_orgs = _organisations()
        created_people = _people(orgs)
    finally:
        set_clock(None)
    created_procedures = seed_procedures(orgs["X-QUANGAN"], DEMO_PASSWORD)
    from ..audits.demo import seed_audits

    created_audits = seed_audits(orgs["X-QUANGAN"], DEMO_PASSWORD)
    return created_orgs or created_people or created_procedures or created_audits


def print_logins(echo: Callable[[str], None]) -> None:
    echo("Demo logins (username: role):")
    for username, label in DEMO_LOGINS:
        echo(f"  {username:<11} {label}")
