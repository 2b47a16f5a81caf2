"""Small validation helpers shared by the services of every domain."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from ketenzicht.common.identifiers import is_valid_bsn, normalise_postcode

__all__ = ["choices_valid", "is_valid_bsn", "normalise_postcode", "raise_if", "require"]


def require(condition: bool, field: str, message: str, errors: dict[str, list[str]]) -> None:
    """Collect ``message`` for ``field`` when ``condition`` is false."""
    if not condition:
        errors.setdefault(field, []).append(message)


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def choices_valid(values: Iterable[str], allowed: Iterable[str]) -> bool:
    allowed_set = set(allowed)
    return all(v in allowed_set for v in values)
