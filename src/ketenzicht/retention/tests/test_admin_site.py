"""The admin site (/beheer/) manages organisations, users and configuration, never case contents.

A model registered on the site that is not in ``ALLOWED`` fails here: whoever registers one
decides, in this list, that it holds no personal data of the people in a file.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from ketenzicht.intake.tests.factories import child, victim_adult

pytestmark = pytest.mark.django_db

ALLOWED = {
    # configuration
    "casework.TermConfiguration",
    "common.ClosingDay",
    "organisations.Region",
    "organisations.Municipality",
    "organisations.Organisation",
    # aggregate figures per municipality for steering (external, issue P4): no person in them
    "external.ExternalSeries",
    "external.ExternalFigure",
    "external.PopulationFigure",
    "external.PrevalenceRate",
    # the terms of escalation steps 1-3 (issue P5): one configuration row, no case in it
    "escalation.EscalationTermConfiguration",
    # staff accounts and their sign-in (professionals, not the people in a file)
    "organisations.User",
    "auth.Group",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}
NEVER = {
    "intake.Person",
    "intake.Household",
    "intake.Report",
    "intake.ReportPerson",
    "intake.AdviceRequest",
    "casework.Case",
    "casework.CaseEvent",
    "casework.SafetyAssessment",
    "casework.Handover",
    "casework.Task",
    "casework.MonitoringCheck",
    "casework.RestrainingOrder",
    "casework.BreakGlassGrant",
    "linkage.PersonKey",
    "linkage.MergeProposal",
    "linkage.PersonMerge",
    "retention.ErasureRequest",
}


def registered() -> set[str]:
    return {model._meta.label for model in admin.site._registry}


def test_only_configuration_and_accounts_are_on_the_admin_site():
    assert registered() - ALLOWED == set()


def test_no_model_with_personal_data_of_a_file_is_on_the_admin_site():
    assert registered() & NEVER == set()


def test_no_admin_page_shows_anything_of_a_case(client, administrator, make_case):
    make_case(
        people=[victim_adult(surname="Zwartjes", bsn="111222333"), child(surname="Zwartjes")],
        reporter_name="Meester Oudenhoven",
    )
    client.force_login(administrator)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in ("Zwartjes", "111222333", "Oudenhoven", "Voorstraat"):
            assert secret not in html, (url, secret)


def test_an_administrator_cannot_give_themselves_a_veilig_thuis_role(client, administrator, vt_org):
    client.force_login(administrator)
    url = reverse("admin:organisations_user_change", args=[administrator.pk])
    html = client.get(url).content.decode()
    assert 'name="role"' not in html and 'name="organisation"' not in html
    administrator.refresh_from_db()
    assert administrator.role == "administrator" and administrator.organisation is None


def test_an_administrator_still_manages_other_users(client, administrator, vt_worker):
    client.force_login(administrator)
    url = reverse("admin:organisations_user_change", args=[vt_worker.pk])
    html = client.get(url).content.decode()
    assert 'name="role"' in html and 'name="organisation"' in html
