"""The director's content services: every rule refuses with a message and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory
from ketenzicht.plans import services
from ketenzicht.plans.models import (
    DirectionChange,
    DomainAssessment,
    LifeDomain,
    PlanMember,
    PlanTask,
)

pytestmark = pytest.mark.django_db


def _unchanged(plan):
    """The plan's version number and row counts, to show that a refusal wrote nothing."""
    plan.refresh_from_db()
    return (
        plan.version,
        plan.members.count(),
        plan.safety_conditions.count(),
        plan.tasks.count(),
        plan.results.count(),
        plan.evaluations.count(),
        plan.involvement.count(),
        plan.participants.filter(left_at__isnull=True).count(),
        plan.assessments.count(),
    )


def test_every_change_writes_a_version_and_an_access_log_entry(plan, pro_a):
    before = plan.version
    logged = AccessLogEntry.objects.filter(action="edit").count()
    services.plan_approach_set(plan=plan, actor=pro_a, approach="Eerst veiligheid, dan zorg.")
    plan.refresh_from_db()
    assert plan.version == before + 1
    assert plan.versions.get(number=plan.version).snapshot["approach"].startswith("Eerst")
    entry = AccessLogEntry.objects.filter(action="edit").order_by("-pk").first()
    assert AccessLogEntry.objects.filter(action="edit").count() == logged + 1
    assert entry.case_ids == [plan.case_id]
    assert len(entry.person_ids) == 2


def test_only_the_director_changes_the_plan(plan, pro_b, vt_worker, local_team_a):
    colleague = UserFactory(organisation=local_team_a, role=Role.CHAIN_PROFESSIONAL)
    before = _unchanged(plan)
    for actor in (pro_b, vt_worker, colleague):
        with pytest.raises(ValidationError, match="director"):
            services.plan_approach_set(plan=plan, actor=actor, approach="Anders.")
        with pytest.raises(ValidationError, match="director"):
            services.result_add(
                plan=plan,
                actor=actor,
                phase="safety",
                result_for="household",
                description="Rust.",
            )
    assert _unchanged(plan) == before


def test_a_network_member_is_added_and_changed(plan, pro_a):
    member = services.plan_member_save(
        plan=plan, actor=pro_a, kind="network", name="Oma Jansen", relation="grootmoeder"
    )
    services.plan_member_save(
        plan=plan, actor=pro_a, member=member, kind="network", name="Oma Jansen", contact="06-1"
    )
    member.refresh_from_db()
    assert (member.contact, member.relation) == ("06-1", "")
    services.plan_member_remove(member=member, actor=pro_a)
    assert not PlanMember.objects.filter(pk=member.pk).exists()


def test_a_member_from_the_report_is_not_removed_and_bad_input_is_refused(plan, pro_a):
    before = _unchanged(plan)
    anna = plan.members.order_by("pk").first()
    with pytest.raises(ValidationError):
        services.plan_member_remove(member=anna, actor=pro_a)
    with pytest.raises(ValidationError) as error:
        services.plan_member_save(
            plan=plan,
            actor=pro_a,
            kind="nobody",
            name=" ",
            date_of_birth=timezone.localdate() + timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"kind", "name", "date_of_birth"}
    assert _unchanged(plan) == before


def test_a_life_domain_is_assessed_and_emptied_again(plan, pro_a):
    anna = plan.members.order_by("pk").first()
    domain = LifeDomain.objects.filter(active=True).first()
    services.assessment_set(
        plan=plan,
        actor=pro_a,
        member=anna,
        domain=domain,
        problems="Schulden.",
        self_reliance=2,
    )
    assessment = DomainAssessment.objects.get(member=anna, domain=domain)
    assert assessment.self_reliance == 2
    services.assessment_set(plan=plan, actor=pro_a, member=anna, domain=domain)
    assert not DomainAssessment.objects.filter(member=anna, domain=domain).exists()


def test_self_reliance_is_a_score_from_one_to_five(plan, pro_a):
    anna = plan.members.order_by("pk").first()
    domain = LifeDomain.objects.filter(active=True).first()
    before = _unchanged(plan)
    with pytest.raises(ValidationError, match="1 to 5"):
        services.assessment_set(plan=plan, actor=pro_a, member=anna, domain=domain, self_reliance=6)
    assert _unchanged(plan) == before


def test_a_safety_condition_needs_someone_who_watches_it(plan, pro_a, local_team_a):
    before = _unchanged(plan)
    with pytest.raises(ValidationError) as error:
        services.safety_condition_save(plan=plan, actor=pro_a, description="Geen contact.")
    assert "watcher_name" in error.value.message_dict
    assert _unchanged(plan) == before
    condition = services.safety_condition_save(
        plan=plan, actor=pro_a, description="Geen contact.", watcher_name="Oom Piet"
    )
    assert not condition.from_handover
    services.safety_condition_end(condition=condition, actor=pro_a)
    condition.refresh_from_db()
    assert condition.ended_at is not None
    with pytest.raises(ValidationError):
        services.safety_condition_end(condition=condition, actor=pro_a)


def test_a_watcher_organisation_of_another_region_is_refused(plan, pro_a, other_vt_org):
    before = _unchanged(plan)
    with pytest.raises(ValidationError, match="region"):
        services.safety_condition_save(
            plan=plan, actor=pro_a, description="X.", watcher_organisation=other_vt_org
        )
    assert _unchanged(plan) == before


def test_a_task_without_organisation_or_due_date_is_refused(plan, pro_a):
    before = _unchanged(plan)
    with pytest.raises(ValidationError) as error:
        services.task_add(
            plan=plan,
            actor=pro_a,
            phase="safety",
            description="Huisbezoek.",
            organisation=None,
            due_on=None,
        )
    assert set(error.value.message_dict) == {"organisation", "due_on"}
    assert _unchanged(plan) == before


def test_a_task_for_an_mda_team_or_an_organisation_outside_the_plan_is_refused(
    plan, pro_a, mda_org, police_org
):
    services.participant_add(plan=plan, actor=pro_a, organisation=mda_org)
    before = _unchanged(plan)
    due = timezone.localdate() + timedelta(days=7)
    with pytest.raises(ValidationError, match="MDA"):
        services.task_add(
            plan=plan,
            actor=pro_a,
            phase="safety",
            description="Toezien.",
            organisation=mda_org,
            due_on=due,
        )
    with pytest.raises(ValidationError, match="does not take part"):
        services.task_add(
            plan=plan,
            actor=pro_a,
            phase="safety",
            description="Toezien.",
            organisation=police_org,
            due_on=due,
        )
    assert _unchanged(plan) == before


def test_the_responsible_organisation_marks_its_own_task_done(
    plan, pro_a, police_org, local_team_b
):
    officer = UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)
    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    services.participant_add(plan=plan, actor=pro_a, organisation=local_team_b)
    task = services.task_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        description="Wijkagent bezoekt het gezin.",
        organisation=police_org,
        due_on=timezone.localdate() + timedelta(days=3),
        professional=officer,
        contact="0800-8844",
    )
    other = UserFactory(organisation=local_team_b, role=Role.CHAIN_PROFESSIONAL)
    with pytest.raises(ValidationError):
        services.task_complete(task=task, actor=other)
    with pytest.raises(ValidationError, match="director"):
        services.task_cancel(task=task, actor=officer, reason="Geen tijd.")
    services.task_complete(task=task, actor=officer)
    task.refresh_from_db()
    assert task.done_at is not None
    with pytest.raises(ValidationError, match="already"):
        services.task_complete(task=task, actor=pro_a)


def test_a_task_professional_must_work_at_the_task_organisation(plan, pro_a, pro_b, local_team_a):
    before = _unchanged(plan)
    with pytest.raises(ValidationError) as error:
        services.task_add(
            plan=plan,
            actor=pro_a,
            phase="risk_care",
            description="Gesprekken.",
            organisation=local_team_a,
            due_on=timezone.localdate(),
            professional=pro_b,
        )
    assert "professional" in error.value.message_dict
    assert _unchanged(plan) == before


def test_a_cancelled_task_needs_a_reason(plan, pro_a, local_team_a):
    task = services.task_add(
        plan=plan,
        actor=pro_a,
        phase="recovery",
        description="Traumabehandeling aanvragen.",
        organisation=local_team_a,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        services.task_cancel(task=task, actor=pro_a, reason=" ")
    services.task_cancel(task=task, actor=pro_a, reason="Niet meer nodig.")
    assert PlanTask.objects.get(pk=task.pk).cancelled


def test_an_evaluation_is_planned_and_recorded(plan, pro_a):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.evaluation_plan(plan=plan, actor=pro_a, planned_on=today - timedelta(days=1))
    moment = services.evaluation_plan(plan=plan, actor=pro_a, planned_on=today)
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            evaluation=moment, actor=pro_a, held_on=today + timedelta(days=1), conclusion=""
        )
    assert set(error.value.message_dict) == {"held_on", "conclusion"}
    services.evaluation_record(evaluation=moment, actor=pro_a, held_on=today, conclusion="Goed.")
    moment.refresh_from_db()
    assert moment.held_on == today


def test_a_participant_joins_from_the_region_and_leaves_without_open_tasks(
    plan, pro_a, police_org, other_vt_org, vt_org
):
    with pytest.raises(ValidationError, match="region"):
        services.participant_add(plan=plan, actor=pro_a, organisation=other_vt_org)
    with pytest.raises(ValidationError, match="kind"):
        services.participant_add(plan=plan, actor=pro_a, organisation=vt_org)
    participant = services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    with pytest.raises(ValidationError, match="already"):
        services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    task = services.task_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        description="Toezicht.",
        organisation=police_org,
        due_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError, match="open tasks"):
        services.participant_remove(participant=participant, actor=pro_a)
    services.task_cancel(task=task, actor=pro_a, reason="Afgesproken anders.")
    services.participant_remove(participant=participant, actor=pro_a)
    participant.refresh_from_db()
    assert participant.left_at is not None
    lead = plan.participants.get(organisation=plan.lead_organisation)
    with pytest.raises(ValidationError, match="lead"):
        services.participant_remove(participant=lead, actor=pro_a)


def test_the_director_hands_case_direction_to_a_participating_professional(
    plan, pro_a, pro_b, local_team_b
):
    with pytest.raises(ValidationError) as error:
        services.case_director_change(plan=plan, actor=pro_a, director=pro_b, reason="")
    assert set(error.value.message_dict) == {"reason", "director"}
    services.participant_add(plan=plan, actor=pro_a, organisation=local_team_b)
    services.case_director_change(plan=plan, actor=pro_a, director=pro_b, reason="Verhuisd.")
    plan.refresh_from_db()
    assert plan.case_director == pro_b
    change = DirectionChange.objects.filter(plan=plan).order_by("-at", "-pk").first()
    assert (change.kind, change.previous, change.director) == ("case_director", pro_a, pro_b)
    with pytest.raises(ValidationError, match="director"):
        services.plan_approach_set(plan=plan, actor=pro_a, approach="Niet meer van mij.")


def test_while_a_process_director_directs_only_they_change_the_plan(plan, pro_a, pro_b):
    services.plan_direction_set(
        plan=plan, kind="process_director", director=pro_b, actor=pro_b, reason="Stagnatie."
    )
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="director"):
        services.plan_approach_set(plan=plan, actor=pro_a, approach="Van de casusregisseur.")
    services.plan_approach_set(plan=plan, actor=pro_b, approach="Van de procesregisseur.")
    plan.refresh_from_db()
    assert plan.approach == "Van de procesregisseur."
    assert plan.case_director == pro_a  # the case director stays, direction is taken over
