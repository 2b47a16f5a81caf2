"""The demo's external figures: loaded through the real imports, shown to the policy officer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ketenzicht.demo import catalogue as cat
from ketenzicht.external.models import ExternalFigure, PopulationFigure
from ketenzicht.organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_population_by_age_and_police_series_for_every_municipality():
    call_command("demo_load", verbosity=0, reports=20, advice=5)
    codes = {m.code for m in cat.MUNICIPALITIES}
    banded = PopulationFigure.objects.exclude(age_band="total")
    assert set(banded.values_list("municipality__code", flat=True)) == codes
    for figure in PopulationFigure.objects.filter(age_band="total"):
        bands = banded.filter(municipality=figure.municipality, year=figure.year)
        assert sum(b.inhabitants for b in bands) == figure.inhabitants
    incidents = ExternalFigure.objects.filter(series__indicator="police_incidents")
    assert (
        set(incidents.exclude(municipality=None).values_list("municipality__code", flat=True))
        == codes
    )
    assert incidents.filter(municipality=None).exists()  # national figures to compare with

    client = Client()
    client.force_login(User.objects.get(username="beleid"))
    response = client.get(reverse("external:dark_figure"))
    assert response.status_code == 200
    assert len(response.context["tables"]) == len(codes)  # the centre sees every municipality
    assert response.context["region_table"] is not None
    assert all(row["expected"] != "—" for row in response.context["region_table"].rows[:3])
    figures = client.get(reverse("external:figures")).context
    assert figures["comparisons"] and figures["ratio_lines"]
