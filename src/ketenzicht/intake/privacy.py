"""Detect personal data about a family in free text: a pure module.

An advice request must not hold personal data about the family (BRIEF 3.1). The model has no
fields for it, and :func:`personal_data_findings` lets the service refuse free text that still
carries identifying data: a BSN, a date of birth, a postcode with a house number, a phone number
or an e-mail address.
"""

from __future__ import annotations

import re

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("een BSN of ander identificatienummer", re.compile(r"(?<!\d)\d{9}(?!\d)")),
    (
        "een geboortedatum",
        re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.](19|20)\d{2}(?!\d)"),
    ),
    ("een postcode", re.compile(r"(?<![\dA-Za-z])[1-9]\d{3}\s?[A-Z]{2}(?![A-Za-z])")),
    ("een telefoonnummer", re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")),
    ("een e-mailadres", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
]


def personal_data_findings(text: str) -> list[str]:
    """Which kinds of identifying data ``text`` appears to contain (empty when none)."""
    return [label for label, pattern in _PATTERNS if pattern.search(text or "")]
