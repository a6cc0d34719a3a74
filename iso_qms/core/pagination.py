"""Pagination of list pages and API lists: two queries (count and page) whatever the data size."""

from dataclasses import dataclass
from math import ceil

import sqlalchemy as sa
from flask import current_app, request

from ..extensions import db

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


def _int_arg(name: str, default: int) -> int:
    try:
        return max(1, int(request.args.get(name, default)))
    except (TypeError, ValueError):
        return default


def paginate(query: sa.Select, page: int | None = None, per_page: int | None = None) -> Page:
    """Run `query` for one page; page and per_page default to the request's ?page=&per_page=."""
    per_page = min(per_page or _int_arg("per_page", current_app.config["PER_PAGE"]), MAX_PER_PAGE)
    page = page or _int_arg("page", 1)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(list(items), total or 0, page, per_page)
