"""The demo's 9-month 2020 report (as of 14/09/2020) uses the district's 2020 criteria set and
stays byte-identical after a 2021 set is imported and a new 2020 version is published
(issue 12, case 5, reproduced on the demo data)."""

from datetime import date

import sqlalchemy as sa

from iso_qms.accounts.models import Organisation, User
from iso_qms.extensions import db
from iso_qms.reports import appendix
from iso_qms.reports import criteria_sets as sets
from iso_qms.reports.compliance import make_period
from iso_qms.reports.report import build_report, report_json
from tests.fixtures.demo_snapshot import load_demo
from tests.fixtures.factories import create_user
from tests.reports.test_criteria_sets import SET_2021

NINE_MONTHS_2020 = make_period(date(2020, 1, 1), date(2020, 9, 30), date(2020, 9, 14))


def _org(code: str) -> Organisation:
    return db.session.scalar(sa.select(Organisation).where(Organisation.code == code))


def test_the_demo_2020_report_is_unchanged_by_a_2021_set_and_a_new_2020_version(app_ctx):
    load_demo(reform=False)  # Quảng An's story on the 2020 map to today
    commune, district = _org("X-QUANGAN"), _org("H-QUANGDIEN")
    report = build_report(commune, NINE_MONTHS_2020)
    used = report["criteria_set"]
    assert (used["publisher"]["code"], used["year"], used["version"]) == ("H-QUANGDIEN", 2020, 1)
    assert used["basis"] == "Công văn 1301/UBND ngày 07/9/2020"
    assert "3.4.2" in [row["tt"] for row in report["appendix_rows"]]
    before = report_json(report)
    db.session.commit()

    admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
    district_admin = create_user(district, "quangdien.admin", "staff", "admin")
    appendix.import_criteria(district.id, "Thừa Thiên Huế 2021", SET_2021, district_admin)
    appendix.import_criteria(commune.id, "Quảng An 2021", SET_2021, admin, year=2021)
    draft = sets.new_version(sets.set_for(commune.id, 2020, date(2020, 9, 14)), district_admin)
    sets.update_criterion(sets.criteria_in(draft)[0], district_admin, {"text": "Sửa 2020"}, None)
    sets.publish_set(draft, district_admin)
    db.session.commit()

    assert report_json(build_report(commune, NINE_MONTHS_2020)) == before
    year_2021 = make_period(date(2021, 1, 1), date(2021, 12, 31), date(2021, 12, 31))
    assert build_report(commune, year_2021)["criteria_set"]["name"] == "Quảng An 2021"
    assert build_report(_org("X-QUANGTHANH"), year_2021)["criteria_set"]["publisher"]["code"] == (
        "H-QUANGDIEN"
    )
