"""The demo's walk-through of issue P5: the process-direction desk and its persona, a handover
from a V&V waiting for the Dordrecht team, and an active household plan drawn up through the
plans services."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from ketenzicht.casework.models import Handover, HandoverStatus
from ketenzicht.casework.services import handover_accept
from ketenzicht.demo import catalogue
from ketenzicht.organisations.models import OrganisationKind, Role, User
from ketenzicht.plans.models import HouseholdPlan, PlanStatus
from ketenzicht.plans.pdf import plan_pdf
from ketenzicht.plans.selectors import director_queue, plan_list
from ketenzicht.plans.services import activation_problems, plan_create, split_conditions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo_load", verbosity=0, reports=40, advice=10)


def test_the_desk_and_the_mda_team_have_their_own_persona(demo: None) -> None:
    desk = User.objects.select_related("organisation__region").get(username="zvh")
    assert desk.role == Role.CHAIN_PROFESSIONAL
    assert (desk.first_name, desk.last_name) == ("Karin", "Brouwer")
    assert desk.organisation.kind == OrganisationKind.PROCESS_DESK
    assert desk.organisation.name == "Zorg- en Veiligheidshuis Zuid-Holland Zuid"
    assert desk.organisation.region.code == catalogue.REGION_CODE
    assert User.objects.get(username="mda").organisation.kind == OrganisationKind.MDA


def test_the_dordrecht_team_has_a_handover_from_a_vv_to_accept_and_plan(demo: None) -> None:
    lotte = User.objects.get(username="wijkteam.dordrecht")
    offered = Handover.objects.filter(
        organisation=lotte.organisation,
        status=HandoverStatus.OFFERED,
        case__vv_completed_at__isnull=False,
        case__report__summary=catalogue.SHOWCASE_OFFERED.summary,
    ).get()
    assert offered.offered_at < timezone.now()
    conditions = split_conditions(offered.safety_conditions)
    assert len(conditions) == 4
    # What the browser walk-through does: accept, then draw up the plan.
    handover_accept(handover=offered, actor=lotte, note="Wij pakken dit op.")
    plan = plan_create(handover=offered, actor=lotte)
    assert [c.description for c in plan.safety_conditions.order_by("pk")] == conditions
    assert plan.case_director == lotte
    assert plan.members.count() == len(catalogue.SHOWCASE_OFFERED.people)


def test_the_dordrecht_team_directs_an_active_plan_with_an_overdue_task(demo: None) -> None:
    lotte = User.objects.get(username="wijkteam.dordrecht")
    plan = HouseholdPlan.objects.get(
        case__report__summary=catalogue.SHOWCASE_PLANNED.summary,
    )
    today = timezone.localdate()
    assert plan.status == PlanStatus.ACTIVE and plan.activated_at is not None
    assert plan.case_director == lotte and plan.lead_organisation == lotte.organisation
    assert plan.handover is not None and plan.handover.status == HandoverStatus.ACCEPTED
    assert activation_problems(plan, today=today) == []
    # Every condition carried over from the V&V, each with who watches it.
    conditions = list(plan.safety_conditions.all())
    assert conditions and all(c.from_handover for c in conditions)
    assert all(c.watcher_organisation_id or c.watcher_name for c in conditions)
    kinds = set(plan.participants.values_list("organisation__kind", flat=True))
    assert kinds == {
        OrganisationKind.LOCAL_TEAM,
        OrganisationKind.CARE_PROVIDER,
        OrganisationKind.POLICE,
    }
    assert plan.tasks.filter(done_at__isnull=False).exists()
    assert set(plan.tasks.values_list("phase", flat=True)) == {"safety", "risk_care", "recovery"}
    assert plan.evaluations.filter(planned_on__gt=today, held_on__isnull=True).exists()
    assert plan.members.filter(kind="network").count() == 2
    assert plan.assessments.exists() and plan.results.count() == 3
    assert plan.participation_reports.filter(kind="start").exists()
    assert plan.notes.filter(internal=True).exists()
    # Every step was its own version, all in the past.
    versions = list(plan.versions.order_by("number"))
    assert len(versions) == plan.version > 10
    assert all(v.changed_at < plan.activated_at for v in versions[:-1])
    assert versions[-1].changed_at < timezone.now()
    # The director's queue shows the overdue task; the plan list counts it.
    queue = director_queue(lotte, today=today)
    assert [t.plan_id for t in queue.overdue_tasks] == [plan.pk]
    listed = plan_list(lotte, today=today).get(pk=plan.pk)
    assert listed.overdue_tasks == 1  # type: ignore[attr-defined]


def test_the_active_plan_prints_for_the_household(demo: None) -> None:
    lotte = User.objects.get(username="wijkteam.dordrecht")
    plan = HouseholdPlan.objects.get(case__report__summary=catalogue.SHOWCASE_PLANNED.summary)
    reader = PdfReader(io.BytesIO(plan_pdf(plan, user=lotte)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Lotte Meijer" in text
    assert plan.safety_conditions.first().description in text  # type: ignore[union-attr]
    assert "Intern:" not in text
