"""Count the SQL statements a block runs, to prove list pages do not query per row."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from iso_qms.extensions import db


@dataclass
class Counter:
    count: int = 0
    statements: list = field(default_factory=list)


@contextmanager
def count_queries():
    counter = Counter()

    def before(conn, cursor, statement, parameters, context, executemany):
        if (
            not statement.lstrip()
            .upper()
            .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT"))
        ):
            counter.count += 1
            counter.statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)
