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


def seed_demo(reform: bool = True) -> bool:
    """Create whatever part of the demo data is missing; returns whether anything was created.

    Records are made on the dates they would have been (the clock is moved while seeding), so the
    2020 report and "as of" views read as they would have then. With `reform` (the default) the
    2025 reorganisation happens on the calendar and the story goes on in xã Quảng Điền from
    01/07/2025 (seed/reform.py); without it (`qms seed-demo --no-reform-2025`), it stays in Quảng
    An to today.
    """
    from .audits import seed_audits
    from .criteria import seed_criteria
    from .procedures import seed_procedures
    from .signing import seed_signing_chains

    try:
        set_clock(datetime(2019, 6, 3, 8, 0, tzinfo=LOCAL_TZ))
        orgs, created_orgs = seed_organisations()
        created_people = seed_people(orgs, DEMO_PASSWORD)
    finally:
        set_clock(None)
    created_criteria = seed_criteria(orgs)  # the district's 2020 PAR criteria set
    created_procedures = seed_procedures(orgs["X-QUANGAN"], DEMO_PASSWORD)
    from .neighbours import seed_neighbours  # Quảng Phước, Sịa, Quảng Thọ (issue 15, item 7)

    created_procedures |= seed_neighbours(orgs, DEMO_PASSWORD)
    created_chains = seed_signing_chains(orgs)  # after the 2020 issues the QMR signed
    from .objectives import seed_objectives  # 2020's, approved in January (before the review)

    created_chains |= seed_objectives(orgs["X-QUANGAN"], DEMO_PASSWORD)
    from .risks import seed_risks  # 6.1, from 05/10/2020: weighed by the December review

    created_chains |= seed_risks(orgs["X-QUANGAN"])
    from .dossiers import seed_dossiers  # the one-stop-shop's 2020 dossiers (issue 14)

    # before the audits: the 28/12/2020 management review's frozen pack weighs their figures
    created_dossiers = seed_dossiers(orgs["X-QUANGAN"])
    created_audits = seed_audits(orgs["X-QUANGAN"], DEMO_PASSWORD) or created_dossiers
    from .later_years import seed_later_years  # 2021 up to today (issue 13, item 11)

    created_audits = seed_later_years(orgs["X-QUANGAN"], DEMO_PASSWORD, reform) or created_audits
    return any(
        (created_orgs, created_people, created_criteria, created_procedures, created_chains)
    ) or bool(created_audits)


def print_logins(echo: Callable[[str], None], reform: bool = True) -> None:
    echo("Demo logins (username: role):")
    for username, label in demo_logins(reform):
        echo(f"  {username:<11} {label}")
