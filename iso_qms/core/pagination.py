"""Pagination of list pages and API lists: two queries (count and page) whatever the data size."""

from dataclasses import dataclass
from math import ceil

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from .errors import ValidationFailed
from .params import INT_MAX, MAX_PAGE, arg_int, arg_page, range_message

MAX_PER_PAGE = 100


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(query: sa.Select, page: int | None = None, per_page: int | None = None) -> Page:
    """Run `query` for one page; page and per_page default to the request's ?page=&per_page=.
    A page beyond 10,000 (or a bad ?page=) is refused with ValidationFailed; a larger per_page
    is cut to 100."""
    if per_page is None:
        per_page = arg_int("per_page", current_app.config["PER_PAGE"], 1, INT_MAX)
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = arg_page() if page is None else page
    if not 1 <= page <= MAX_PAGE:
        message = range_message(1, MAX_PAGE)
        raise ValidationFailed(message, fields={"page": message})
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(list(items), total or 0, page, per_page)
