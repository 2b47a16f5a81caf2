"""Inserting new rows of one model, one or many, at the least cost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def insert_all(objects: Sequence[M]) -> Sequence[M]:
    """Insert ``objects`` (new rows of one model) and return them with their keys: one
    ``INSERT`` for all. A single object is saved (``force_insert``): the same statement, without
    ``bulk_create``'s preparation, which costs more than the insert itself for one row."""
    if len(objects) == 1:
        objects[0].save(force_insert=True)
        return objects
    if objects:
        type(objects[0]).objects.bulk_create(objects)  # type: ignore[attr-defined]
    return objects
