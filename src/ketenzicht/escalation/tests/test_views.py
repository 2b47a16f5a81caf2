"""The escalation pages in use: walk a stagnation to a process director's binding decision,
bad input answered with the form and nothing written, and the desk's queue and plan panel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.escalation.ladder import Step
from ketenzicht.escalation.models import BindingDecision, Escalation, EscalationStep
from ketenzicht.escalation.selectors import desk_queue, escalation_panel_context

pytestmark = pytest.mark.django_db


def test_a_stagnation_is_walked_in_the_browser_to_a_binding_decision(
    client: Any, plan: Any, pro_a: Any, desk_user: Any, care_org: Any
) -> None:
    client.force_login(pro_a)
    response = client.post(
        reverse("escalation:new", args=[plan.pk]),
        {"stalls": "GGZ start niet.", "stalled_organisations": [care_org.pk], "urgent": "on"},
    )
    escalation = Escalation.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("escalation:detail", args=[escalation.pk])
    page = client.get(response["Location"]).content.decode()
    assert "GGZ start niet." in page and 'aria-current="step"' in page
    # Urgent: the case director may go straight to the desk.
    client.post(
        reverse("escalation:advance", args=[escalation.pk]),
        {
            "advance-outcome": "Advies: direct naar de tafel.",
            "advance-to_step": Step.PROCESS_DIRECTOR,
        },
    )
    escalation.refresh_from_db()
    assert escalation.current_step == Step.PROCESS_DIRECTOR
    client.force_login(desk_user)
    assert (
        "Appoint" in client.get(reverse("escalation:detail", args=[escalation.pk])).content.decode()
    )
    response = client.post(
        reverse("escalation:appoint", args=[escalation.pk]), {"appoint-director": desk_user.pk}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.process_director == desk_user
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("escalation:binding", args=[escalation.pk]),
        {
            "binding-organisation": care_org.pk,
            "binding-what": "Start de behandeling.",
            "binding-due_on": due,
        },
    )
    assert response.status_code == 302
    decision = BindingDecision.objects.get(escalation=escalation)
    assert decision.organisation == care_org and decision.decided_by == desk_user
    assert (
        "Start de behandeling."
        in client.get(reverse("escalation:detail", args=[escalation.pk])).content.decode()
    )


def test_an_empty_outcome_shows_the_form_again_and_changes_nothing(
    client: Any, escalation: Any, pro_a: Any
) -> None:
    client.force_login(pro_a)
    response = client.post(
        reverse("escalation:advance", args=[escalation.pk]),
        {"advance-outcome": "", "advance-to_step": Step.MEETING},
    )
    assert response.status_code == 422
    escalation.refresh_from_db()
    assert escalation.current_step == Step.DESK_ADVICE
    assert EscalationStep.objects.filter(escalation=escalation).count() == 1


def test_a_forged_step_is_refused_with_400(client: Any, escalation: Any, pro_a: Any) -> None:
    client.force_login(pro_a)
    response = client.post(
        reverse("escalation:advance", args=[escalation.pk]),
        {"advance-outcome": "Klaar.", "advance-to_step": Step.ADMINISTRATIVE},
    )
    assert response.status_code == 400
    escalation.refresh_from_db()
    assert escalation.current_step == Step.DESK_ADVICE


def test_a_participant_who_may_not_appoint_is_refused(
    client: Any, escalation: Any, care_pro: Any, pro_a: Any, walk: Any
) -> None:
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    client.force_login(care_pro)
    page = client.get(reverse("escalation:detail", args=[escalation.pk])).content.decode()
    assert 'action="' + reverse("escalation:appoint", args=[escalation.pk]) not in page
    response = client.post(
        reverse("escalation:appoint", args=[escalation.pk]), {"appoint-director": care_pro.pk}
    )
    assert response.status_code == 403
    escalation.plan.refresh_from_db()
    assert escalation.plan.process_director is None


def test_the_escalation_page_is_logged_as_a_view(
    client: Any, escalation: Any, care_pro: Any
) -> None:
    client.force_login(care_pro)
    client.get(reverse("escalation:detail", args=[escalation.pk]))
    assert AccessLogEntry.objects.filter(
        user=care_pro, detail=f"escalation {escalation.pk}"
    ).exists()


def test_the_desk_queue_flags_a_missed_deadline_in_text(
    client: Any, escalation: Any, desk_user: Any, other_desk_user: Any
) -> None:
    step = escalation.steps.get()
    with time_machine.travel(step.due_at + timedelta(minutes=1)):
        rows = desk_queue(desk_user)
        assert [r.item.pk for r in rows] == [escalation.pk] and rows[0].missed
        client.force_login(desk_user)
        html = client.get(reverse("escalation:queue")).content.decode()
    assert escalation.reference in html and "MISSED" in html
    assert desk_queue(other_desk_user) == []
    with time_machine.travel(step.due_at - timedelta(minutes=1)):
        assert not desk_queue(desk_user)[0].missed


def test_the_queue_is_sorted_by_due_date(
    escalation: Any, plan: Any, pro_a: Any, desk_user: Any, care_pro: Any, walk: Any
) -> None:
    from ketenzicht.escalation.services import direction_failure_report

    direction_failure_report(plan=plan, actor=care_pro, reason="Geen regie.")
    rows = desk_queue(desk_user)
    assert [r.kind for r in rows] == ["escalation", "failure"]
    assert rows[0].due_at == escalation.steps.get().due_at


def test_the_plan_panel_lists_escalations_and_offers_the_right_links(
    escalation: Any, plan: Any, pro_a: Any, care_pro: Any
) -> None:
    context = escalation_panel_context(pro_a, plan)
    html = render_to_string("escalation/_plan_panel.html", context)
    assert reverse("escalation:detail", args=[escalation.pk]) in html
    assert reverse("escalation:new", args=[plan.pk]) not in html  # one open escalation at a time
    assert reverse("escalation:failure_new", args=[plan.pk]) not in html  # not on oneself
    html = render_to_string("escalation/_plan_panel.html", escalation_panel_context(care_pro, plan))
    assert reverse("escalation:failure_new", args=[plan.pk]) in html
    # With only plan and escalations (as the brief's include contract) it still renders.
    from ketenzicht.escalation.selectors import escalations_for_plan

    html = render_to_string(
        "escalation/_plan_panel.html", {"plan": plan, "escalations": escalations_for_plan(plan)}
    )
    assert escalation.reference in html and reverse("escalation:new", args=[plan.pk]) in html


def test_the_desk_records_an_administrative_decision_and_its_written_confirmation(
    client: Any, plan: Any, pro_a: Any, desk_user: Any, care_org: Any, walk: Any, region: Any
) -> None:
    from ketenzicht.escalation.models import AdministrativeDecision
    from ketenzicht.escalation.services import stagnation_raise
    from ketenzicht.organisations.models import Municipality

    escalation = stagnation_raise(
        plan=plan,
        actor=pro_a,
        stalls="Niemand start.",
        stalled_organisations=[care_org],
        serious=True,
    )
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    walk(escalation, desk_user, Step.ADMINISTRATIVE)
    client.force_login(desk_user)
    page = client.get(reverse("escalation:detail", args=[escalation.pk])).content.decode()
    assert reverse("escalation:administrative", args=[escalation.pk]) in page
    oral = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        reverse("escalation:administrative", args=[escalation.pk]),
        {
            "administrative-official_name": "J. de Wit",
            "administrative-official_function": "wethouder",
            "administrative-municipality": Municipality.objects.filter(region=region).first().pk,
            "administrative-oral_decision_at": oral.strftime("%Y-%m-%dT%H:%M"),
            "administrative-text": "GGZ start morgen.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = AdministrativeDecision.objects.get(escalation=escalation)
    response = client.post(
        reverse("escalation:confirm", args=[escalation.pk]),
        {"confirm-decision": decision.pk, "confirm-written_reference": "BRF-2026-12"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.confirmed_at is not None and decision.written_reference == "BRF-2026-12"
    page = client.get(reverse("escalation:detail", args=[escalation.pk])).content.decode()
    assert "BRF-2026-12" in page and "J. de Wit" in page
