"""The person record that linkage compares: a pure module (no Django).

Intake's ``Person`` rows, a CSV of another system's people and the synthetic population all turn
into :class:`PersonRecord` before they are normalised, blocked, compared and scored, so one
matching pipeline serves the radar at intake, the batch deduplication and data migrations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PersonRecord:
    """One record about a person, as written down (not yet normalised)."""

    record_id: str
    surname: str
    first_names: str = ""
    surname_prefix: str = ""
    date_of_birth: date | None = None
    sex: str = ""  # "F", "M", "X" or "" when unknown
    bsn: str = ""
    street: str = ""
    house_number: str = ""
    house_number_suffix: str = ""
    postcode: str = ""
    city: str = ""
    municipality_code: str = ""  # CBS code, e.g. GM0505
