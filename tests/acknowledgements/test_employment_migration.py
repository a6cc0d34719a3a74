"""Migration 0013 gives every existing account its employment period (from the day it was created,
in Việt Nam, to the day it was deactivated) and lets a person who came back have a second task."""

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from iso_qms.extensions import db
from tests.fixtures.scratch_db import add_organisation, scratch_app

USER = (
    "INSERT INTO users (id, organisation_id, username, full_name, position, unit, email, active, "
    "password_hash, failed_logins, auth_nonce, lock_version, search_key, created_at, updated_at, "
    "deactivated_on) VALUES (:i, 1, :u, :u, '', :unit, '', :a, 'x', 0, 'n', 1, '', :t, :t, :d)"
)


def test_existing_accounts_get_their_period_and_the_second_task_is_allowed():
    with scratch_app("iso_qms_m13_"):
        upgrade(revision="0012_criteria_sets")
        add_organisation(1, "A", "2019-01-01 00:00:00")
        people = [
            # 18:00 UTC on 31/12/2019 is 01/01/2020 in Việt Nam.
            (1, "stays", "Văn phòng", True, "2019-12-31 18:00:00", None),
            (2, "left", "Tư pháp", False, "2019-06-03 01:00:00", "2020-06-01"),
        ]
        for i, username, unit, active, made, left in people:
            db.session.execute(
                sa.text(USER),
                {"i": i, "u": username, "unit": unit, "a": active, "t": made, "d": left},
            )
        db.session.commit()
        upgrade(revision="0013_employment_history")
        found = db.session.execute(
            sa.text(
                "SELECT user_id, organisation_id, unit, started_on, ended_on, reason "
                "FROM employment_periods ORDER BY user_id"
            )
        ).all()
        assert [tuple(r) for r in found] == [
            (1, 1, "Văn phòng", "2020-01-01", None, "joined"),
            (2, 1, "Tư pháp", "2019-06-03", "2020-06-01", "joined"),
        ]
        with pytest.raises(sa.exc.IntegrityError):  # one open period per person
            db.session.execute(
                sa.text(
                    "INSERT INTO employment_periods (user_id, organisation_id, unit, "
                    "started_on, reason, created_at) VALUES (1, 1, '', :d, 'returned', :d)"
                ),
                {"d": date(2020, 2, 1).isoformat()},
            )
        db.session.rollback()
        downgrade(revision="0012_criteria_sets")
        assert "employment_periods" not in sa.inspect(db.engine).get_table_names()
