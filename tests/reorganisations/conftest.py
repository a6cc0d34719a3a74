"""What the reorganisation tests share: the test world on 20/06/2027 with a province admin."""

from datetime import datetime

import pytest

from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from iso_qms.extensions import db
from tests.fixtures.factories import create_user


@pytest.fixture
def tree(world):
    """The world on 20/06/2027, with `province_admin` (padmin), who registers the changes."""
    set_clock(datetime(2027, 6, 20, 9, tzinfo=LOCAL_TZ))
    world.users["province_admin"] = create_user(world.province, "padmin", "staff", "admin")
    db.session.commit()
    yield world
    set_clock(None)
