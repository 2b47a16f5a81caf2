"""Dutch identifiers: the BSN eleven-test and the postcode form. A pure module (no Django), so the
validation services, the linkage and the synthetic population share one definition."""

from __future__ import annotations

import re


def is_valid_bsn(value: str) -> bool:
    """The BSN eleven-test: 9 digits, weighted sum (9..2, -1) divisible by 11, not all zero."""
    if not value or len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    if value == "000000000":
        return False
    total = 0
    for position in range(8):
        total += (ord(value[position]) - 48) * (9 - position)
    total -= ord(value[8]) - 48
    return total % 11 == 0


def normalise_bsn(value: str) -> str:
    """Digits only; a lost leading zero restored; empty unless it passes the eleven-test. The one
    form in which a BSN is compared (linkage) and indexed (``common.crypto.bsn_index``)."""
    if not value:
        return ""
    digits = value if value.isascii() and value.isdigit() else re.sub(r"\D", "", value)
    if len(digits) == 8:
        digits = "0" + digits
    return digits if is_valid_bsn(digits) else ""


def normalise_postcode(value: str) -> str:
    """'3311ab' -> '3311 AB'; other input is returned without spaces and upper-cased."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        return f"{compact[:4]} {compact[4:]}"
    return compact
