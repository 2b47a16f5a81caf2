"""Small validation helpers shared by the services of every domain."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

BSN_RE = re.compile(r"^\d{9}$")


def is_valid_bsn(value: str) -> bool:
    """The BSN eleven-test: 9 digits, weighted sum (9..2, -1) divisible by 11, not all zero."""
    if not BSN_RE.match(value) or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def normalise_postcode(value: str) -> str:
    """'3311ab' -> '3311 AB'; other input is returned stripped and upper-cased."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        return f"{compact[:4]} {compact[4:]}"
    return compact


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
