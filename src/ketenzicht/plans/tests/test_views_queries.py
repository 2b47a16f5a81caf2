"""The queue and the plan page take a fixed number of queries, whatever the plan holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.plans import services
from ketenzicht.plans.models import LifeDomain

pytestmark = pytest.mark.django_db


def _fill(plan, actor, n):
    today = timezone.localdate()
    domain = LifeDomain.objects.filter(active=True).first()
    for i in range(n):
        member = services.plan_member_save(
            plan=plan, actor=actor, kind="household", name=f"Kind {i}", date_of_birth=today
        )
        services.assessment_set(
            plan=plan, actor=actor, member=member, domain=domain, problems="x", self_reliance=3
        )
        services.task_add(
            plan=plan,
            actor=actor,
            phase=["safety", "risk_care", "recovery"][i % 3],
            description=f"Taak {i}",
            organisation=plan.lead_organisation,
            due_on=today,
        )
        services.safety_condition_save(
            plan=plan, actor=actor, description=f"Voorwaarde {i}", watcher_name="Oom"
        )
        services.evaluation_plan(plan=plan, actor=actor, planned_on=today + timedelta(days=i))
        services.plan_note_add(plan=plan, actor=actor, text=f"Notitie {i}", internal=False)


def test_the_plan_page_takes_a_fixed_number_of_queries(
    client, pro_a, plan, django_assert_max_num_queries
):
    client.force_login(pro_a)
    _fill(plan, pro_a, 1)
    url = reverse("plans:detail", args=[plan.pk])
    client.get(url)
    # The page with the escalation and MDA++ panels (their template tags add a few queries).
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    _fill(plan, pro_a, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_queue_takes_a_fixed_number_of_queries(
    client, pro_a, plan, make_case, advance_case, django_assert_max_num_queries
):
    client.force_login(pro_a)
    url = reverse("plans:index")
    client.get(url)
    with django_assert_max_num_queries(18) as small:
        assert client.get(url).status_code == 200
    for _ in range(3):
        case = advance_case(make_case(), "monitoring")
        other = services.plan_create(handover=case.handovers.get(status="accepted"), actor=pro_a)
        _fill(other, pro_a, 1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
