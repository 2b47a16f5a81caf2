"""Detecting personal data about a family in the free text of an advice request."""

from __future__ import annotations

import pytest

from ketenzicht.intake.privacy import personal_data_findings


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("BSN 111222333", "een BSN of ander identificatienummer"),
        ("geboren op 1-2-2015", "een geboortedatum"),
        ("geboren 17/05/1990", "een geboortedatum"),
        ("woont in 3311AB", "een postcode"),
        ("woont in 3311 AB", "een postcode"),
        ("bel 0612345678", "een telefoonnummer"),
        ("bel +31 6 1234 5678", "een telefoonnummer"),
        ("mail jan.jansen@example.nl", "een e-mailadres"),
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
