"""Detect personal data about a family in free text: a pure module.

An advice request must not hold personal data about the family (BRIEF 3.1). The model has no
fields for it, and :func:`personal_data_findings` lets the service refuse free text that still
carries identifying data: a BSN, a date of birth, a postcode with a house number, a phone number
or an e-mail address. It returns codes (``"bsn"``, ``"date_of_birth"``, ``"postcode"``,
``"phone"``, ``"email"``); the service words them for the user, in the active language.
"""

from __future__ import annotations

import re

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("bsn", re.compile(r"(?<!\d)\d{9}(?!\d)")),
    (
        "date_of_birth",
        re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.](19|20)\d{2}(?!\d)"),
    ),
    ("postcode", re.compile(r"(?<![\dA-Za-z])[1-9]\d{3}\s?[A-Z]{2}(?![A-Za-z])")),
    ("phone", re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")),
    ("email", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
]
FINDING_CODES = tuple(code for code, _pattern in _PATTERNS)


def personal_data_findings(text: str) -> list[str]:
    """The codes of the kinds of identifying data ``text`` appears to contain (empty when none)."""
    return [code for code, pattern in _PATTERNS if pattern.search(text or "")]
