"""Detecting personal data about a family in the free text of an advice request."""

from __future__ import annotations

import pytest

from ketenzicht.intake.privacy import FINDING_CODES, personal_data_findings


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("BSN 111222333", "bsn"),
        ("geboren op 1-2-2015", "date_of_birth"),
        ("geboren 17/05/1990", "date_of_birth"),
        ("woont in 3311AB", "postcode"),
        ("woont in 3311 AB", "postcode"),
        ("bel 0612345678", "phone"),
        ("bel +31 6 1234 5678", "phone"),
        ("mail jan.jansen@example.nl", "email"),
    ],
)
def test_identifying_data_is_found(text, finding):
    assert finding in personal_data_findings(text)


@pytest.mark.parametrize(
    "text",
    [
        "Een leerling van groep 7 komt steeds met blauwe plekken op school.",
        "De vader is sinds 2019 werkloos en drinkt veel.",
        "Het kind is 8 jaar en heeft 2 broertjes.",
        "",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert personal_data_findings(text) == []


def test_no_text_is_no_finding():
    assert personal_data_findings(None) == []  # type: ignore[arg-type]


def test_findings_are_codes_in_a_fixed_order():
    assert FINDING_CODES == ("bsn", "date_of_birth", "postcode", "phone", "email")
    text = "mail jan@example.nl of bel 0612345678, BSN 111222333"
    assert personal_data_findings(text) == ["bsn", "phone", "email"]
