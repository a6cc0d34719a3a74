"""The demo's 9-month 2020 report states the one-stop-shop's figures itself: 2299 dossiers received,
resolved and returned, 03/03 apology letters, no BCCI dossier (the real report's facts)."""

from datetime import date

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.extensions import db


@pytest.fixture
def report(_seeded, app):
    from iso_qms.reports.compliance import make_period
    from iso_qms.reports.report import build_report

    with app.app_context():
        demo = db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        yield build_report(
            demo, make_period(date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 14))
        )
        db.session.remove()


def test_the_demo_report_states_the_dossier_figures(report):
    p = report["performance"]
    assert (p["received"], p["resolved"], p["late"], p["late_with_apology"]) == (2299, 2299, 3, 3)
    assert p["by_channel"]["postal"] == 0 and p["on_time_percent"] == 99.9
    assert (
        "Trong 9 tháng đầu năm 2020, đã có 2299 hồ sơ được tiếp nhận, giải quyết và trả kết quả "
        "trên phần mềm."
    ) in report["paragraphs"]["II.6"]
    assert (
        "Có 03 hồ sơ TTHC giải quyết trễ hạn; đã phát hành phiếu xin lỗi 03/03 hồ sơ."
        in (report["paragraphs"]["III.2"])
    )
    notes = {r["tt"]: r for r in report["appendix_rows"]}
    assert "03/03 phiếu xin lỗi (3.5.4)" in notes["3.5.4"]["note"]
    assert notes["7.2"]["note"] == "- Không có hồ sơ phát sinh."
    assert all(notes[c]["computed"] for c in ("3.5.2", "3.5.4", "3.5.5", "7.2"))
