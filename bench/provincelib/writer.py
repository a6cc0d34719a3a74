"""Batched bulk inserts with ids chosen here (so children can point at parents without reading
anything back), the audit events collected along the way, and the timings of each part."""

import random
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime

import sqlalchemy as sa

from iso_qms.core.timeutil import LOCAL_TZ, add_working_days
from iso_qms.extensions import db

BATCH = 5000


class Writer:
    """Collects rows per table and sends each batch as one executemany statement."""

    def __init__(self, seed: int = 2026, today: date | None = None):
        self.rng = random.Random(seed)
        self.today = today or date.today()
        self.now = datetime.now(UTC)
        self.next_id: dict[str, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self.pending: dict[str, list[dict]] = defaultdict(list)
        #: (created_at, actor, organisation_id, action, object_type, object_id, old, new, reason)
        self.events: list[tuple] = []
        self.timings: list[tuple[str, float, str]] = []
        self._due: dict[date, date] = {}

    # ids and rows ------------------------------------------------------------------------
    def new_id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def add(self, table: sa.Table | str, row: dict) -> None:
        name = table if isinstance(table, str) else table.name
        rows = self.pending[name]
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Send what is buffered, parent tables before the tables that point at them."""
        for table in db.metadata.sorted_tables:
            rows = self.pending.get(table.name)
            if not rows:
                continue
            table_name = table.name
            db.session.execute(sa.insert(table), rows)
            self.counts[table_name] += len(rows)
            self.pending[table_name] = []

    def event(self, when: datetime, actor, org_id, action, obj_type, obj_id, old=None, new=None):
        """An audit entry to write later, in time order (actor is (id, username) or None)."""
        self.events.append((when, actor, org_id, action, obj_type, obj_id, old, new, ""))

    # time helpers ------------------------------------------------------------------------
    def at(self, day: date, hour: int = 9, spread_minutes: int = 240) -> datetime:
        """An aware UTC moment on `day` in office hours (Việt Nam time), to the microsecond."""
        local = datetime.combine(day, dtime(hour), LOCAL_TZ) + timedelta(
            minutes=self.rng.randrange(spread_minutes), microseconds=self.rng.randrange(10**6)
        )
        return local.astimezone(UTC)

    def due(self, day: date, days: int = 5) -> date:
        key = (day, days)
        if key not in self._due:
            self._due[key] = add_working_days(day, days)
        return self._due[key]

    def between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    # reporting ---------------------------------------------------------------------------
    def part(self, label: str):
        return _Part(self, label)

    def commit(self) -> None:
        self.flush()
        db.session.commit()


class _Part:
    def __init__(self, writer: Writer, label: str):
        self.writer, self.label = writer, label

    def __enter__(self):
        self.start = time.perf_counter()
        self.before = dict(self.writer.counts)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False
        self.writer.commit()
        seconds = time.perf_counter() - self.start
        made = {
            name: count - self.before.get(name, 0)
            for name, count in self.writer.counts.items()
            if count != self.before.get(name, 0)
        }
        summary = ", ".join(f"{name} {count:,}" for name, count in made.items())
        self.writer.timings.append((self.label, seconds, summary))
        print(f"  {self.label:<24} {seconds:7.1f} s  {summary}", flush=True)
        return False
