"""Migration 0012 moves the criteria of every organisation into published sets by year and
version, and puts back in use a set the old import had taken out of use (issue 12, case 5)."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from iso_qms.extensions import db
from tests.fixtures.scratch_db import add_organisation, scratch_app

ROW = (
    'INSERT INTO par_criteria (organisation_id, criteria_set, position, code, "group", text, '
    "expected_output, reporting_body, note_source, metric, active, lock_version, created_at, "
    "updated_at) VALUES (:o, :s, 1, :c, '', 'x', '', '', 'manual', '', :a, 1, :t, :t)"
)


def test_existing_criteria_become_a_set_per_organisation_and_name():
    with scratch_app("iso_qms_m12_"):
        upgrade(revision="0011_signing_chain")
        for org_id, code in ((1, "A"), (2, "B")):
            add_organisation(org_id, code, "2020-01-01 00:00:00")
        rows = [
            (1, "Thừa Thiên Huế 2020", "1.1", False, "2020-03-01 00:00:00"),
            (1, "Thừa Thiên Huế 2021", "8.1", True, "2021-02-01 00:00:00"),
            (2, "Bộ riêng", "2.2", True, "2020-05-01 00:00:00"),
        ]
        for org_id, name, code, active, made in rows:
            db.session.execute(
                sa.text(ROW), {"o": org_id, "s": name, "c": code, "a": active, "t": made}
            )
        db.session.commit()
        upgrade(revision="0012_criteria_sets")
        found = db.session.execute(
            sa.text(
                "SELECT s.organisation_id, s.year, s.version, s.name, s.status, c.code, "
                "c.active FROM par_criteria c JOIN par_criteria_sets s ON s.id = c.set_id "
                "ORDER BY c.code"
            )
        ).all()
        assert [tuple(r) for r in found] == [
            (1, 2020, 1, "Thừa Thiên Huế 2020", "published", "1.1", True),
            (2, 2020, 1, "Bộ riêng", "published", "2.2", True),
            (1, 2021, 1, "Thừa Thiên Huế 2021", "published", "8.1", True),
        ]
        downgrade(revision="0011_signing_chain")
        back = db.session.execute(
            sa.text("SELECT criteria_set FROM par_criteria ORDER BY code")
        ).scalars()
        assert list(back) == ["Thừa Thiên Huế 2020", "Bộ riêng", "Thừa Thiên Huế 2021"]
