"""Helpers shared by the test suites of several apps (kept outside the domain layers, so the
intake and casework tests can both use them)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


def report_form_data(municipality: Any, **overrides: str | list[str]) -> dict[str, Any]:
    """The report form as a browser submits it: a household, a victim and a child."""
    data: dict[str, Any] = {
        "received_at": "2026-11-23T09:30",
        "channel": "police_corv",
        "urgency": "regular",
        "reporter_role": "police",
        "reporter_name": "Agent J. de Vries",
        "reporter_organisation": "Politie Zuid-Holland-Zuid",
        "kinds": ["partner_violence", "child_witnessing"],
        "summary": "Ruzie met geweld in het bijzijn van de kinderen.",
        "municipality": str(municipality.pk),
        "postcode": "3311ab",
        "house_number": "12",
        "street": "Voorstraat",
        "city": "Dordrecht",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
        "people-0-role": "victim",
        "people-0-first_names": "Fatima",
        "people-0-surname": "Bakker",
        "people-0-date_of_birth": "1990-03-04",
        "people-0-sex": "F",
        "people-0-bsn": "",
        "people-1-role": "child_in_household",
        "people-1-first_names": "Sem",
        "people-1-surname_prefix": "van der",
        "people-1-surname": "Berg",
        "people-1-date_of_birth": "2018-06-01",
        "people-1-sex": "M",
        "people-1-bsn": "",
    }
    data.update(overrides)
    return data


def url_names(namespaces: Collection[str]) -> set[str]:
    """Every ``namespace:name`` of the URL conf in ``namespaces``: what an access matrix must
    hold a rule for, so a new view without one fails its app's matrix test."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in namespaces:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names
