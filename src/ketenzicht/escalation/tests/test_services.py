"""Services of the escalation ladder: the rules, who may act, and that bad input writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.escalation import services
from ketenzicht.escalation.ladder import Step
from ketenzicht.escalation.models import (
    BindingDecision,
    DirectionFailureReport,
    Escalation,
    EscalationStep,
    MeetingAgreement,
)
from ketenzicht.plans.models import DirectionChange, DirectionKind, PlanParticipant, PlanVersion

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Escalation.objects.count(),
        EscalationStep.objects.count(),
        MeetingAgreement.objects.count(),
        BindingDecision.objects.count(),
        DirectionFailureReport.objects.count(),
        DirectionChange.objects.count(),
        PlanVersion.objects.count(),
        PlanParticipant.objects.count(),
    )


def test_raising_a_stagnation_starts_step_one_and_lets_the_desk_see_the_plan(
    plan: Any, pro_a: Any, care_org: Any, desk: Any, desk_user: Any
) -> None:
    from ketenzicht.plans.selectors import plans_visible_to

    assert not plans_visible_to(desk_user).filter(pk=plan.pk).exists()
    version = plan.version
    escalation = services.stagnation_raise(
        plan=plan, actor=pro_a, stalls="Behandeling start niet.", stalled_organisations=[care_org]
    )
    assert escalation.current_step == Step.DESK_ADVICE and escalation.desk == desk
    step = escalation.steps.get()
    assert step.step == Step.DESK_ADVICE and step.due_at > step.started_at
    assert plans_visible_to(desk_user).filter(pk=plan.pk).exists()
    plan.refresh_from_db()
    assert plan.version == version + 1
    assert AccessLogEntry.objects.filter(detail__startswith=f"plan {plan.pk}: stagnation").exists()


def test_any_participating_professional_may_raise_a_stagnation(
    plan: Any, care_pro: Any, care_org: Any, desk: Any
) -> None:
    e = services.stagnation_raise(
        plan=plan, actor=care_pro, stalls="Wachtlijst.", stalled_organisations=[care_org]
    )
    assert e.raised_by == care_pro


def test_it_refuses_a_stagnation_from_outside_the_plan_and_writes_nothing(
    plan: Any, pro_b: Any, care_org: Any, desk: Any
) -> None:
    before = counts()
    with pytest.raises(ValidationError):
        services.stagnation_raise(
            plan=plan, actor=pro_b, stalls="x", stalled_organisations=[care_org]
        )
    assert counts() == before


def test_it_refuses_a_stagnation_when_the_region_has_no_desk(
    plan: Any, pro_a: Any, care_org: Any
) -> None:
    before = counts()
    with pytest.raises(ValidationError, match="no process-direction desk"):
        services.stagnation_raise(
            plan=plan, actor=pro_a, stalls="x", stalled_organisations=[care_org]
        )
    assert counts() == before


def test_it_refuses_an_empty_stagnation_with_every_problem_at_once(
    plan: Any, pro_a: Any, desk: Any
) -> None:
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.stagnation_raise(plan=plan, actor=pro_a, stalls=" ", stalled_organisations=[])
    assert set(exc.value.message_dict) == {"stalls", "stalled_organisations"}
    assert counts() == before


def test_a_plan_has_one_open_escalation_at_a_time(
    escalation: Any, plan: Any, pro_a: Any, care_org: Any
) -> None:
    with pytest.raises(ValidationError, match="already has an open escalation"):
        services.stagnation_raise(
            plan=plan, actor=pro_a, stalls="x", stalled_organisations=[care_org]
        )


def test_advancing_records_the_outcome_and_starts_the_next_step(
    escalation: Any, pro_a: Any
) -> None:
    step = services.escalation_advance(
        escalation=escalation, actor=pro_a, outcome="Advies: overleg"
    )
    escalation.refresh_from_db()
    assert escalation.current_step == Step.MEETING and step.step == Step.MEETING
    first = escalation.steps.get(step=Step.DESK_ADVICE)
    assert first.completed_at is not None and first.outcome == "Advies: overleg"
    assert first.recorded_by == pro_a


def test_it_refuses_to_advance_without_an_outcome_and_writes_nothing(
    escalation: Any, pro_a: Any
) -> None:
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.escalation_advance(escalation=escalation, actor=pro_a, outcome=" ")
    assert "outcome" in exc.value.message_dict
    assert counts() == before
    escalation.refresh_from_db()
    assert escalation.current_step == Step.DESK_ADVICE


def test_it_refuses_to_skip_to_the_desk_unless_urgent(
    escalation: Any, pro_a: Any, plan: Any, care_org: Any
) -> None:
    with pytest.raises(ValidationError, match="one step at a time"):
        services.escalation_advance(
            escalation=escalation, actor=pro_a, outcome="x", to_step=Step.PROCESS_DIRECTOR
        )
    escalation.urgent = True
    escalation.save(update_fields=["urgent"])
    services.escalation_advance(
        escalation=escalation, actor=pro_a, outcome="Spoed", to_step=Step.PROCESS_DIRECTOR
    )
    escalation.refresh_from_db()
    assert escalation.current_step == Step.PROCESS_DIRECTOR


def test_step_five_only_for_a_serious_case(escalation: Any, pro_a: Any, walk: Any) -> None:
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    with pytest.raises(ValidationError, match="serious"):
        services.escalation_advance(escalation=escalation, actor=pro_a, outcome="x")


def test_only_the_director_or_the_desk_moves_the_ladder(
    escalation: Any, care_pro: Any, desk_user: Any, other_desk_user: Any
) -> None:
    with pytest.raises(ValidationError):
        services.escalation_advance(escalation=escalation, actor=care_pro, outcome="x")
    with pytest.raises(ValidationError):
        services.escalation_advance(escalation=escalation, actor=other_desk_user, outcome="x")
    services.escalation_advance(escalation=escalation, actor=desk_user, outcome="Advies")


def test_meeting_agreements_need_a_participating_organisation_and_a_future_date(
    escalation: Any, pro_a: Any, care_org: Any, police_org: Any, walk: Any
) -> None:
    A = services.AgreementInput
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="step 2"):
        services.meeting_agreements_record(
            escalation=escalation, actor=pro_a, agreements=[A(care_org, "Intake", today)]
        )
    walk(escalation, pro_a, Step.MEETING)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.meeting_agreements_record(
            escalation=escalation,
            actor=pro_a,
            agreements=[
                A(care_org, "Intake", today),
                A(police_org, "", today - timedelta(days=1)),
            ],
        )
    assert set(exc.value.message_dict) == {"organisation", "what", "due_on"}
    assert counts() == before
    rows = services.meeting_agreements_record(
        escalation=escalation,
        actor=pro_a,
        agreements=[A(care_org, "Intake binnen een week", today + timedelta(days=7))],
    )
    assert rows[0].step.step == Step.MEETING


def test_the_desk_appoints_a_process_director_who_takes_over_direction(
    escalation: Any, pro_a: Any, desk_user: Any, walk: Any, plan: Any
) -> None:
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    with pytest.raises(ValidationError, match="Only the process-direction desk"):
        services.process_director_appoint(escalation=escalation, actor=pro_a, director=desk_user)
    appointment = services.process_director_appoint(
        escalation=escalation, actor=desk_user, director=desk_user
    )
    assert not appointment.late
    plan.refresh_from_db()
    assert plan.process_director == desk_user and plan.case_director == pro_a
    assert plan.direction_changes.first().kind == DirectionKind.PROCESS_DIRECTOR
    with pytest.raises(ValidationError, match="already appointed"):
        services.process_director_appoint(
            escalation=escalation, actor=desk_user, director=desk_user
        )


def test_an_appointment_after_two_working_days_is_flagged_late(
    escalation: Any, pro_a: Any, desk_user: Any, walk: Any
) -> None:
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    due = escalation.steps.get(step=Step.PROCESS_DIRECTOR).due_at
    with time_machine.travel(due + timedelta(minutes=1)):
        appointment = services.process_director_appoint(
            escalation=escalation, actor=desk_user, director=desk_user
        )
    assert appointment.late


def test_it_refuses_an_inactive_or_non_professional_process_director(
    escalation: Any, pro_a: Any, desk_user: Any, walk: Any, policy_officer: Any, plan: Any
) -> None:
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.process_director_appoint(
            escalation=escalation, actor=desk_user, director=policy_officer
        )
    assert "director" in exc.value.message_dict
    assert counts() == before
    plan.refresh_from_db()
    assert plan.process_director is None


@pytest.fixture
def directed(escalation: Any, pro_a: Any, desk_user: Any, walk: Any) -> Any:
    walk(escalation, pro_a, Step.PROCESS_DIRECTOR)
    services.process_director_appoint(escalation=escalation, actor=desk_user, director=desk_user)
    escalation.refresh_from_db()
    return escalation


def test_only_the_process_director_records_a_binding_decision_which_is_immutable(
    directed: Any, pro_a: Any, desk_user: Any, care_org: Any
) -> None:
    due = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError, match="process director"):
        services.binding_decision_record(
            escalation=directed, actor=pro_a, organisation=care_org, what="Start", due_on=due
        )
    decision = services.binding_decision_record(
        escalation=directed, actor=desk_user, organisation=care_org, what="Start", due_on=due
    )
    decision.what = "Iets anders"
    with pytest.raises(ValueError, match="immutable"):
        decision.save()
    decision.refresh_from_db()
    services.binding_decision_compliance_record(decision=decision, actor=desk_user, complied=True)
    decision.refresh_from_db()
    assert decision.complied is True and decision.what == "Start"
    with pytest.raises(ValidationError, match="already recorded"):
        services.binding_decision_compliance_record(
            decision=decision, actor=desk_user, complied=False
        )


def test_a_binding_decision_needs_what_and_a_date(
    directed: Any, desk_user: Any, other_vt_org: Any
) -> None:
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.binding_decision_record(
            escalation=directed, actor=desk_user, organisation=other_vt_org, what="", due_on=None
        )
    assert set(exc.value.message_dict) == {"organisation", "what", "due_on"}
    assert counts() == before


def test_an_urgent_care_meeting_is_only_for_an_urgent_escalation_at_the_desk(
    directed: Any, desk_user: Any
) -> None:
    with pytest.raises(ValidationError, match="urgent escalation"):
        services.urgent_care_meeting_call(escalation=directed, actor=desk_user)
    directed.urgent = True
    directed.save(update_fields=["urgent"])
    meeting = services.urgent_care_meeting_call(escalation=directed, actor=desk_user)
    assert meeting.due_at > meeting.called_at
    with pytest.raises(ValidationError, match="already waiting"):
        services.urgent_care_meeting_call(escalation=directed, actor=desk_user)
    with pytest.raises(ValidationError) as exc:
        services.urgent_care_meeting_record(
            meeting=meeting, actor=desk_user, held_on=None, outcome=""
        )
    assert set(exc.value.message_dict) == {"held_on", "outcome"}
    services.urgent_care_meeting_record(
        meeting=meeting, actor=desk_user, held_on=timezone.localdate(), outcome="Afspraken"
    )


def test_an_administrative_decision_is_confirmed_in_writing_and_late_after_24_hours(
    directed: Any, pro_a: Any, desk_user: Any, municipality_a: Any
) -> None:
    directed.serious = True
    directed.save(update_fields=["serious"])
    services.escalation_advance(escalation=directed, actor=desk_user, outcome="Geen beweging")
    oral = timezone.now() - timedelta(hours=30)
    with pytest.raises(ValidationError, match="Only the desk"):
        services.administrative_decision_record(
            escalation=directed,
            actor=pro_a,
            official_name="J. de Wit",
            official_function="wethouder",
            municipality=municipality_a,
            oral_decision_at=oral,
            text="GGZ start morgen.",
        )
    decision = services.administrative_decision_record(
        escalation=directed,
        actor=desk_user,
        official_name="J. de Wit",
        official_function="wethouder",
        municipality=municipality_a,
        oral_decision_at=oral,
        text="GGZ start morgen.",
    )
    assert decision.confirmation_due_at == oral + timedelta(hours=24)
    assert services.confirmation_late(decision, now=timezone.now())
    services.administrative_decision_confirm(
        decision=decision, actor=desk_user, written_reference="ZVH-2026-001"
    )
    decision.refresh_from_db()
    assert decision.confirmed_at is not None
    assert services.confirmation_late(decision, now=timezone.now())


def test_an_administrative_decision_with_bad_input_writes_nothing(
    directed: Any, desk_user: Any, other_municipality: Any
) -> None:
    directed.serious = True
    directed.save(update_fields=["serious"])
    services.escalation_advance(escalation=directed, actor=desk_user, outcome="x")
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.administrative_decision_record(
            escalation=directed,
            actor=desk_user,
            official_name="",
            official_function="",
            municipality=other_municipality,
            oral_decision_at=timezone.now() + timedelta(hours=1),
            text="",
        )
    assert set(exc.value.message_dict) == {
        "official_name",
        "official_function",
        "municipality",
        "oral_decision_at",
        "text",
    }
    assert counts() == before


def test_the_process_director_hands_direction_back(
    directed: Any, desk_user: Any, pro_a: Any, care_pro: Any, plan: Any, pro_b: Any
) -> None:
    with pytest.raises(ValidationError, match="Only the process director"):
        services.direction_hand_back(plan=plan, actor=pro_a, director=pro_a, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.direction_hand_back(plan=plan, actor=desk_user, director=pro_b, reason="")
    assert set(exc.value.message_dict) == {"reason", "director"}
    services.direction_hand_back(
        plan=plan, actor=desk_user, director=care_pro, reason="Zorg loopt weer."
    )
    plan.refresh_from_db()
    assert plan.process_director is None and plan.case_director == care_pro
    assert plan.direction_changes.first().kind == DirectionKind.HANDED_BACK


def test_a_failure_report_is_resolved_by_the_desk_reassigning_direction(
    plan: Any, care_pro: Any, pro_a: Any, desk: Any, desk_user: Any
) -> None:
    with pytest.raises(ValidationError):
        services.direction_failure_report(plan=plan, actor=pro_a, reason="Ik faal")
    report = services.direction_failure_report(
        plan=plan, actor=care_pro, reason="Regisseur reageert niet."
    )
    assert report.desk == desk and report.director == pro_a
    with pytest.raises(ValidationError, match="Only the process-direction desk"):
        services.direction_failure_resolve(report=report, actor=care_pro, reassign_to=care_pro)
    with pytest.raises(ValidationError, match="Either reassign"):
        services.direction_failure_resolve(report=report, actor=desk_user)
    services.direction_failure_resolve(report=report, actor=desk_user, reassign_to=care_pro)
    plan.refresh_from_db()
    report.refresh_from_db()
    assert plan.case_director == care_pro and report.status == "reassigned"
    assert plan.direction_changes.first().kind == DirectionKind.REASSIGNED


def test_the_desk_may_reject_a_failure_report_with_a_reason(
    plan: Any, care_pro: Any, pro_a: Any, desk: Any, desk_user: Any
) -> None:
    report = services.direction_failure_report(plan=plan, actor=care_pro, reason="Traag.")
    services.direction_failure_resolve(
        report=report, actor=desk_user, rejection_reason="Termijnen worden gehaald."
    )
    plan.refresh_from_db()
    assert plan.case_director == pro_a


def test_resolving_closes_the_escalation_and_its_current_step(
    escalation: Any, pro_a: Any, care_pro: Any
) -> None:
    with pytest.raises(ValidationError):
        services.escalation_resolve(escalation=escalation, actor=care_pro, reason="x")
    with pytest.raises(ValidationError):
        services.escalation_resolve(escalation=escalation, actor=pro_a, reason="")
    services.escalation_resolve(escalation=escalation, actor=pro_a, reason="GGZ is gestart.")
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.resolved_at is not None
    assert escalation.steps.get().completed_at is not None
    with pytest.raises(ValidationError, match="closed"):
        services.escalation_advance(escalation=escalation, actor=pro_a, outcome="x")


def test_a_configured_meeting_term_sets_the_meetings_deadline(escalation: Any, pro_a: Any) -> None:
    from ketenzicht.escalation import ladder
    from ketenzicht.escalation.models import EscalationTermConfiguration

    EscalationTermConfiguration.objects.create(meeting_working_days=10)
    step = services.escalation_advance(escalation=escalation, actor=pro_a, outcome="Advies.")
    assert step.step == Step.MEETING
    assert step.due_at == ladder.working_days_due(step.started_at, 10)
    assert step.due_at != ladder.working_days_due(step.started_at, 5)
