"""Pagination for long work lists: counting stops at a cap, so page one stays fast.

Counting every row of a 250,000-case team queue costs more than showing its first page. A
worker needs the first pages and to know the list is long, not its exact length.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A Paginator whose ``count`` stops at ``cap`` rows (``is_capped`` says when it did)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int = 10_000) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list  # a QuerySet: slicing keeps the count in the database
        # Without its ORDER BY the database stops after cap + 1 rows instead of sorting them all.
        return int(rows.order_by()[: self.cap + 1].count())

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
