"""The appointment (ngày hẹn trả) an import computes when the export has none: the reception
time plus the statutory time of the procedure in force then, in working time (procedures.durations: 1 day =
8 working hours; core.timeutil: Monday–Friday except Vietnamese public holidays).

The rules: "Trong ngày" is due at the end of the working day of reception (17:00; a dossier
received after hours or on a day off is due at the end of the next working day). A whole number of
working days is due at 17:00 of the n-th working day after the day of reception (that day is not
counted). Hours are counted within the working hours 08:00–12:00 and 13:00–17:00 from the
moment of reception.
"""

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ..core.timeutil import LOCAL_TZ, add_working_days, is_working_day
from ..extensions import db
from ..procedures.durations import MINUTES_PER_DAY

DAY_END = time(17, 0)
#: The working hours of a day, as (start, end) pairs.
WORKING_HOURS = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))


def due_from(received_at: datetime, minutes: int, within_day: bool = False) -> datetime:
    """The appointment of a dossier received at `received_at` (aware) with a statutory time of
    `minutes` working minutes; aware UTC."""
    local = received_at.astimezone(LOCAL_TZ)
    day = local.date()
    if within_day:
        if not is_working_day(day) or local.time() >= DAY_END:
            day = add_working_days(day, 1)
        return _at(day, DAY_END)
    if minutes % MINUTES_PER_DAY == 0:
        return _at(add_working_days(day, minutes // MINUTES_PER_DAY), DAY_END)
    return _add_working_minutes(local, minutes)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, LOCAL_TZ).astimezone(UTC)


def _add_working_minutes(local: datetime, minutes: int) -> datetime:
    day, clock = local.date(), local.time().replace(tzinfo=None)
    remaining = minutes
    while True:
        if is_working_day(day):
            for start, end in WORKING_HOURS:
                begin = max(clock, start)
                if begin >= end:
                    continue
                available = _minutes(begin, end)
                if remaining <= available:
                    moment = datetime.combine(day, begin) + timedelta(minutes=remaining)
                    return moment.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
                remaining -= available
        day, clock = day + timedelta(days=1), time(0, 0)


def _minutes(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


class StatutoryTimes:
    """The statutory time of each procedure of an organisation on any day, in two queries: the
    approved issues' snapshots (the issue in force on the day of reception), else the register's
    history of the procedure's statutory time, else its current one."""

    def __init__(self, organisation_id: int) -> None:
        from ..procedures.models import Procedure, Revision, RevisionStatus, StatutoryTime

        self._issues: dict[int, tuple[list[date], list[int | None]]] = {}
        rows = db.session.execute(
            sa.select(Revision.procedure_id, Revision.effective_date, Revision.statutory_minutes)
            .where(
                Revision.organisation_id == organisation_id,
                Revision.status == RevisionStatus.approved,
                Revision.effective_date.is_not(None),
            )
            .order_by(Revision.procedure_id, Revision.effective_date, Revision.number)
        ).all()
        for procedure_id, effective, minutes in rows:
            days, values = self._issues.setdefault(procedure_id, ([], []))
            days.append(effective)
            values.append(minutes)
        self._history: dict[int, tuple[list[datetime], list[int | None]]] = {}
        history = db.session.execute(
            sa.select(StatutoryTime.procedure_id, StatutoryTime.recorded_at, StatutoryTime.minutes)
            .join(Procedure, Procedure.id == StatutoryTime.procedure_id)
            .where(Procedure.organisation_id == organisation_id)
            .order_by(StatutoryTime.procedure_id, StatutoryTime.recorded_at, StatutoryTime.id)
        ).all()
        for procedure_id, recorded, minutes in history:
            moments, values = self._history.setdefault(procedure_id, ([], []))
            moments.append(recorded)
            values.append(minutes)
        self._current = {
            procedure_id: (minutes, within)
            for procedure_id, minutes, within in db.session.execute(
                sa.select(
                    Procedure.id, Procedure.statutory_minutes, Procedure.statutory_within_day
                ).where(Procedure.organisation_id == organisation_id)
            )
        }

    def on(self, procedure_id: int | None, received_at: datetime) -> tuple[int, bool] | None:
        """(minutes, within_day) in force for a dossier received at `received_at`, or None."""
        if procedure_id is None:
            return None
        current = self._current.get(procedure_id)
        within = bool(current and current[1])
        day = received_at.astimezone(LOCAL_TZ).date()
        minutes = _in_force(self._issues.get(procedure_id), day)
        if minutes is None:
            minutes = _in_force(self._history.get(procedure_id), received_at)
        if minutes is None and current:
            minutes = current[0]
        if minutes is None:
            return None
        return minutes, within and minutes == MINUTES_PER_DAY


def _in_force(series, moment) -> int | None:
    if not series:
        return None
    keys, values = series
    index = bisect_right(keys, moment) - 1
    return values[index] if index >= 0 else None
