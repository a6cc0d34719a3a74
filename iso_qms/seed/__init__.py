"""`qms seed-demo`: UBND xã Quảng An as in its 2020 báo cáo CCHC (shared/seed/), idempotent.

The data is in seed/data/ (see its README.md); the modules here replay it through the real
operations: people.py (organisations and users), procedures.py (the documented QMS) and audits.py
(the 2020 inspections and management review).
"""

from collections.abc import Callable
from datetime import datetime

from ..core.timeutil import LOCAL_TZ, set_clock
from .people import demo_logins, seed_organisations, seed_people

DEMO_PASSWORD = "QuangAn@2020"


def seed_demo() -> bool:
    """Create whatever part of the demo data is missing; returns whether anything was created.

    Records are made on the dates they would have been (the clock is moved while seeding), so the
    2020 report and "as of" views read as they would have then.
    """
    from .audits import seed_audits
    from .procedures import seed_procedures

    try:
        set_clock(datetime(2019, 6, 3, 8, 0, tzinfo=LOCAL_TZ))
        orgs, created_orgs = seed_organisations()
        created_people = seed_people(orgs, DEMO_PASSWORD)
    finally:
        set_clock(None)
    created_procedures = seed_procedures(orgs["X-QUANGAN"], DEMO_PASSWORD)
    created_audits = seed_audits(orgs["X-QUANGAN"], DEMO_PASSWORD)
    return created_orgs or created_people or created_procedures or created_audits


def print_logins(echo: Callable[[str], None]) -> None:
    echo("Demo logins (username: role):")
    for username, label in demo_logins():
        echo(f"  {username:<11} {label}")
