"""The demo's PAR criteria: the 2020 set of the real appendix (Công văn 1301/UBND ngày 07/9/2020),
published by UBND huyện Quảng Điền for its communes, as the district issued it that day."""

from datetime import datetime

from ..accounts.models import Organisation
from ..core.timeutil import LOCAL_TZ, set_clock
from ..reports.criteria_sets import ensure_shipped_set

PUBLISHER = "H-QUANGDIEN"
PUBLISHED_AT = datetime(2020, 9, 7, 8, 0, tzinfo=LOCAL_TZ)


def seed_criteria(orgs: dict[str, Organisation]) -> bool:
    """The district's 2020 set, unless a set is already in its reach; returns whether created."""
    try:
        set_clock(PUBLISHED_AT)
        created = ensure_shipped_set(orgs[PUBLISHER].id)
    finally:
        set_clock(None)
    return created is not None
