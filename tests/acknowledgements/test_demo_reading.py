"""The demo's 9-month 2020 report keeps its reading figure (20/22) and gives it apart: on
14/09/2020 twenty people had read everything, nobody was still within a due date, two were late."""

from datetime import date

import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.extensions import db
from iso_qms.reports.compliance import compliance_status, make_period


def test_the_2020_report_reading_figures_split(_seeded, app):
    with app.app_context():
        demo = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        period = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 14))
        a = compliance_status(demo, period)["acknowledgement"]
        assert (a["people"], a["acknowledged"], a["coverage_percent"]) == (22, 20, 90.9)
        assert (a["read"], a["not_yet_due"], a["overdue"]) == (20, 0, 2)
        db.session.rollback()
        db.session.remove()
