"""The plan in the browser's terms: from the accepted handover to an active plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.plans.models import HouseholdPlan, PlanTask

pytestmark = pytest.mark.django_db


def test_the_accepted_handover_offers_to_draw_up_the_plan(client, pro_a, accepted_handover):
    client.force_login(pro_a)
    page = client.get(reverse("casework:handover_detail", args=[accepted_handover.pk]))
    create = reverse("plans:create", args=[accepted_handover.pk])
    assert create in page.content.decode()
    confirm = client.get(create)
    assert confirm.status_code == 200
    assert "Vader woont tijdelijk elders." in confirm.content.decode()
    response = client.post(create)
    plan = HouseholdPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    again = client.get(reverse("casework:handover_detail", args=[accepted_handover.pk]))
    assert reverse("plans:detail", args=[plan.pk]) in again.content.decode()
    assert client.get(create).status_code == 302  # a second plan is not offered


def test_the_plan_page_shows_the_safety_plan_first_and_logs_the_view(client, pro_a, plan):
    client.force_login(pro_a)
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    safety = html.index('id="safety-title"')
    assert (
        safety < html.index('id="later-risk_care-title"') < html.index('id="later-recovery-title"')
    )
    assert safety < html.index('id="members-title"')
    assert "Vader woont tijdelijk elders." in html
    assert "Before the plan can be activated" in html or "Voordat" in html
    entry = AccessLogEntry.objects.filter(action="view").order_by("-pk").first()
    assert entry.case_ids == [plan.case_id]
    assert entry.household_ids == [plan.household_id]
    assert len(entry.person_ids) == 2


def test_the_director_builds_and_activates_the_plan_through_the_forms(
    client, pro_a, plan, local_team_a
):
    client.force_login(pro_a)
    condition = plan.safety_conditions.get()
    anna, sem = plan.members.order_by("pk")
    steps = [
        (
            reverse("plans:condition_edit", args=[condition.pk]),
            {"description": condition.description, "watcher_organisation": local_team_a.pk},
        ),
        (
            reverse("plans:task_new", args=[plan.pk]),
            {
                "phase": "safety",
                "description": "Huisbezoek.",
                "organisation": local_team_a.pk,
                "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
                "contact": "078-1234567",
            },
        ),
        (
            reverse("plans:involvement_new", args=[plan.pk]),
            {
                "member": anna.pk,
                "how_involved": "Gesprek.",
                "view": "Wil rust.",
                "agreement": "agrees",
                "signed": "on",
            },
        ),
        (
            reverse("plans:involvement_new", args=[plan.pk]),
            {
                "member": sem.pk,
                "representative_name": "Anna (moeder)",
                "how_involved": "Namens Sem.",
                "view": "Naar school.",
                "agreement": "agrees",
            },
        ),
        (reverse("plans:activate", args=[plan.pk]), {}),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    plan.refresh_from_db()
    assert plan.status == "active"
    assert PlanTask.objects.get(plan=plan).contact == "078-1234567"
    assert (
        AccessLogEntry.objects.filter(action="edit", detail__startswith=f"plan {plan.pk}:").count()
        >= 5
    )


def test_bad_input_answers_422_with_the_services_message_and_saves_nothing(client, pro_a, plan):
    client.force_login(pro_a)
    version = plan.version
    response = client.post(
        reverse("plans:task_new", args=[plan.pk]), {"phase": "safety", "description": "X"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say which organisation does this." in html or "organisatie" in html
    response = client.post(reverse("plans:activate", args=[plan.pk]), {})
    assert response.status_code == 422
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("draft", version)
    assert not PlanTask.objects.exists()


def test_a_forged_choice_answers_400(client, pro_a, plan, other_vt_org):
    client.force_login(pro_a)
    response = client.post(
        reverse("plans:participant_new", args=[plan.pk]), {"organisation": other_vt_org.pk}
    )
    assert response.status_code == 400


def test_versions_are_listed_and_compared_side_by_side(client, pro_a, plan, settings):
    from ketenzicht.plans import services

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    services.plan_approach_set(plan=plan, actor=pro_a, approach="Eerst veiligheid.")
    client.force_login(pro_a)
    listing = client.get(reverse("plans:versions", args=[plan.pk]))
    assert listing.status_code == 200
    # The column is the change made (a noun), the link on the plan page is the verb.
    assert '<th scope="col">Wijziging</th>' in listing.content.decode()
    response = client.get(reverse("plans:compare", args=[plan.pk]), {"a": 1, "b": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>Eerst veiligheid.</ins>" in html
    assert html.count('scope="col"') >= 5
    assert '<th scope="col">Wijziging</th>' in html
    assert "<caption>" in html
    assert client.get(reverse("plans:compare", args=[plan.pk]), {"a": 1, "b": 9}).status_code == 404


def test_the_feed_and_the_queue_pages_render(client, pro_a, plan):
    client.force_login(pro_a)
    assert client.get(reverse("plans:feed", args=[plan.pk])).status_code == 200
    index = client.get(reverse("plans:index"))
    assert index.status_code == 200
    assert plan.reference in index.content.decode()
