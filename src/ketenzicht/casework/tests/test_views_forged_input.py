"""Forged and oversized requests are refused and write nothing: another organisation's id in a
form field, another case's id in a URL, a tampered hidden field, a body or form that is too big.

A value the page never offered (another organisation or worker in a choice) is refused with 400,
the form shown again with its error, and logged as DENIED; an ordinary form error answers 422.
An object outside the user's reach answers 404 or 403; an oversized request 400. All logged.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.models import Handover
from ketenzicht.casework.tests.utils import snapshot
from ketenzicht.intake.models import Report
from ketenzicht.organisations.models import OrganisationKind
from ketenzicht.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def denied(user):
    return list(
        AccessLogEntry.objects.filter(action=AccessAction.DENIED, user_id=user.pk).values_list(
            "detail", flat=True
        )
    )


@pytest.fixture
def foreign_team(other_region):
    """A local team in another region: never a valid receiver for this VT."""
    return OrganisationFactory(
        name="Wijkteam Rotterdam", kind=OrganisationKind.LOCAL_TEAM, region=other_region
    )


def test_offering_a_handover_to_another_regions_team_is_refused(
    client, vt_worker, make_case, advance_case, foreign_team
):
    case = advance_case(make_case(), "handover_refused")
    client.force_login(vt_worker)
    before = snapshot(case)
    response = client.post(
        reverse("casework:handover_offer", args=[case.pk]),
        {
            "handover_target": "local_team",
            "handover_organisation": foreign_team.pk,
            "summary": "Samenvatting.",
            "safety_conditions": "",
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["handover_organisation"]
    assert snapshot(case) == before
    assert not Handover.objects.filter(organisation=foreign_team).exists()
    assert denied(vt_worker) == [f"refused (400) casework:handover_offer pk={case.pk}"]


def test_proposing_a_handover_to_another_regions_team_is_refused(
    client, vt_worker, make_case, foreign_team
):
    case = make_case()
    client.force_login(vt_worker)
    before = snapshot(case)
    response = client.post(
        reverse("casework:assessment", args=[case.pk]),
        {
            "acute_unsafety": "no",
            "structural_unsafety": "yes",
            "risk_factors": ["earlier_violence"],
            "considerations": "Overwegingen.",
            "outcome": "unstable",
            "decision": "handover",
            "handover_target": "local_team",
            "handover_organisation": foreign_team.pk,
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["handover_organisation"]
    assert snapshot(case) == before
    assert denied(vt_worker) == [f"refused (400) casework:assessment pk={case.pk}"]


def test_a_tampered_assign_to_me_field_cannot_assign_another_vts_worker(
    client, vt_worker, other_vt_worker, make_case
):
    case = make_case()
    client.force_login(vt_worker)
    before = snapshot(case)
    response = client.post(
        reverse("casework:assign", args=[case.pk]), {"assignee": other_vt_worker.pk}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["assignee"]
    assert snapshot(case) == before
    assert denied(vt_worker) == [f"refused (400) casework:assign pk={case.pk}"]


def test_another_vts_case_id_in_the_url_is_not_found(client, vt_worker, other_case):
    client.force_login(vt_worker)
    before = snapshot(other_case)
    for name in ("assign", "close", "reassess", "restraining_order"):
        response = client.post(
            reverse(f"casework:{name}", args=[other_case.pk]), {"assignee": vt_worker.pk}
        )
        assert response.status_code == 404, name
    task = other_case.tasks.get()
    response = client.post(reverse("casework:task_complete", args=[task.pk]), {"outcome": "x"})
    assert response.status_code == 404
    assert snapshot(other_case) == before
    assert len(denied(vt_worker)) == 5


def test_another_teams_handover_cannot_be_accepted_or_refused(
    client, pro_b, make_case, advance_case
):
    case = advance_case(make_case(), "handover_offered")
    handover = case.handovers.get()
    client.force_login(pro_b)
    before = snapshot(case)
    assert client.post(reverse("casework:handover_accept", args=[handover.pk])).status_code == 404
    response = client.post(
        reverse("casework:handover_refuse", args=[handover.pk]), {"reason": "Niet van ons."}
    )
    assert response.status_code == 404
    assert snapshot(case) == before


def test_a_forged_organisation_field_on_accepting_is_ignored(
    client, pro_a, local_team_b, make_case, advance_case
):
    case = advance_case(make_case(), "handover_offered")
    handover = case.handovers.get()
    client.force_login(pro_a)
    response = client.post(
        reverse("casework:handover_accept", args=[handover.pk]),
        {"organisation": local_team_b.pk, "case": 999, "note": ""},
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.organisation_id == pro_a.organisation_id  # not the forged one


def test_an_oversized_request_is_refused_before_anything_is_written(
    client, intake_worker, settings
):
    client.force_login(intake_worker)
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("intake:report_new"), {"summary": body})
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert denied(intake_worker) == ["refused (400) intake:report_new"]


def test_a_request_with_too_many_fields_is_refused(client, intake_worker, settings):
    client.force_login(intake_worker)
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("intake:report_new"), fields)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_limits_come_from_the_environment(monkeypatch):
    import importlib

    import ketenzicht.settings as kz_settings

    monkeypatch.setenv("KZ_MAX_REQUEST_BYTES", "1000")
    monkeypatch.setenv("KZ_MAX_FORM_FIELDS", "50")
    try:
        reloaded = importlib.reload(kz_settings)
        assert reloaded.DATA_UPLOAD_MAX_MEMORY_SIZE == 1000
        assert reloaded.DATA_UPLOAD_MAX_NUMBER_FIELDS == 50
    finally:
        monkeypatch.undo()
        importlib.reload(kz_settings)
