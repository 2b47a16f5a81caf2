"""The policy officer's dashboard and exports: scope, protection, logging, query budget."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.reporting.services import facts_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(make_case):
    for day in range(1, 13):
        make_case(received_at=datetime(2026, 3, day, 10, tzinfo=AMSTERDAM))
    facts_rebuild()


def test_the_dashboard_shows_rounded_figures_and_no_person(
    client, policy_officer, figures, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("reporting:dashboard"), {"periode": "2026-H1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jansen" not in html
    assert "<svg" in html and "<desc" in html
    assert ">10<" in html  # 12 reports, rounded to a multiple of 5


def test_the_centre_municipality_sees_the_region(client, policy_officer, figures):
    client.force_login(policy_officer)
    assert client.get(reverse("reporting:dashboard"), {"regio": "1"}).status_code == 200


def test_a_municipality_outside_the_scope_is_not_found(client, policy_officer, figures):
    client.force_login(policy_officer)
    response = client.get(reverse("reporting:dashboard"), {"gemeente": "GM9999"})
    assert response.status_code == 404


def test_an_export_is_logged_and_holds_only_protected_figures(client, policy_officer, figures):
    client.force_login(policy_officer)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("reporting:export"), {"tabel": "reports", "format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Dordrecht" in text and ";10" in text and "12" not in text.split("\n")[1]
    assert AccessLogEntry.objects.count() == before + 1
    xlsx = client.get(reverse("reporting:export"), {"tabel": "assessment", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_others_than_policy_officers_are_refused(client, vt_worker):
    client.force_login(vt_worker)
    assert client.get(reverse("reporting:dashboard")).status_code == 403
