"""assessment_propose and assessment_review: the safety assessment, four eyes, the decision."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ketenzicht.casework import services
from ketenzicht.casework.models import HandoverStatus, TaskKind, TermConfiguration
from ketenzicht.casework.states import State
from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory

from .utils import eod, events_of, kinds_of_events, open_tasks, propose, row_counts, snapshot

# --- proposing --------------------------------------------------------------------------------


def test_a_proposal_stores_the_assessment_and_waits_for_review(make_case, vt_worker, local_team_a):
    case = make_case()
    assessment = propose(
        case,
        vt_worker,
        "handover",
        handover_target="local_team",
        handover_organisation=local_team_a,
        safety_conditions="Vader woont tijdelijk elders.",
    )
    case.refresh_from_db()
    assert case.state == State.REVIEW
    assert assessment.proposed_by == vt_worker
    assert assessment.reviewed_at is None
    assert assessment.approved is None
    assert assessment.risk_factors == ["earlier_violence", "young_children"]
    event = events_of(case)[-1]
    assert (event.kind, event.from_state, event.to_state) == (
        "assessment_propose",
        State.REGISTERED,
        State.REVIEW,
    )
    assert event.data == {"decision": "handover", "outcome": "unstable"}


def test_the_assessment_deadline_stays_the_next_deadline_during_review(make_case, vt_worker):
    case = make_case()
    propose(case, vt_worker, "vv")
    case.refresh_from_db()
    assert case.next_due_label == "assessment"
    assert case.next_due_at == case.assessment_due_at


def test_an_intake_worker_may_propose_an_assessment(make_case, intake_worker):
    case = make_case()
    propose(case, intake_worker, "vv")
    case.refresh_from_db()
    assert case.state == State.REVIEW


BAD_PROPOSALS = {
    "unknown risk factor": {"decision": "vv", "risk_factors": ["full_moon"]},
    "no considerations": {"decision": "vv", "considerations": "  "},
    "unknown outcome": {"decision": "vv", "outcome": "purple"},
    "unknown decision": {"decision": "wait_and_see"},
    "handover without a target": {"decision": "handover"},
    "handover to an unknown target": {"decision": "handover", "handover_target": "neighbours"},
    "target that does not fit the decision": {
        "decision": "rvdk_request",
        "handover_target": "local_team",
    },
    "handover target with a decision that is no handover": {
        "decision": "vv",
        "handover_target": "local_team",
    },
    "acute unsafety closed without follow-up": {
        "decision": "no_further_steps",
        "acute_unsafety": True,
    },
    "acute unsafety declared not admissible": {
        "decision": "not_admissible",
        "acute_unsafety": True,
    },
}


@pytest.mark.parametrize("kwargs", BAD_PROPOSALS.values(), ids=BAD_PROPOSALS.keys())
def test_a_bad_proposal_is_refused_and_changes_nothing(make_case, vt_worker, kwargs):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError):
        propose(case, vt_worker, **kwargs)
    assert snapshot(case) == before


def test_a_handover_needs_an_organisation_of_the_right_kind(make_case, vt_worker, mda_org):
    case = make_case()
    with pytest.raises(ValidationError) as info:
        propose(
            case, vt_worker, "handover", handover_target="local_team", handover_organisation=mda_org
        )
    assert "handover_organisation" in info.value.message_dict


def test_a_handover_needs_an_organisation_when_the_target_has_one(make_case, vt_worker):
    case = make_case()
    with pytest.raises(ValidationError) as info:
        propose(case, vt_worker, "handover", handover_target="local_team")
    assert "handover_organisation" in info.value.message_dict


def test_a_handover_to_the_own_network_has_no_organisation(make_case, vt_worker, local_team_a):
    case = make_case()
    with pytest.raises(ValidationError) as info:
        propose(
            case,
            vt_worker,
            "handover",
            handover_target="own_network",
            handover_organisation=local_team_a,
        )
    assert "handover_organisation" in info.value.message_dict


def test_a_handover_goes_to_an_organisation_of_the_same_region(make_case, vt_worker, other_region):
    from ketenzicht.organisations.tests.factories import OrganisationFactory

    far_team = OrganisationFactory(kind="local_team", region=other_region)
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError, match="regio"):
        propose(
            case,
            vt_worker,
            "handover",
            handover_target="local_team",
            handover_organisation=far_team,
        )
    assert snapshot(case) == before


def test_a_second_proposal_while_one_awaits_review_is_refused_in_dutch(make_case, vt_worker):
    case = make_case()
    propose(case, vt_worker, "vv")
    before = snapshot(case)
    with pytest.raises(
        ValidationError, match="U kunt niet een veiligheidsbeoordeling vastleggen"
    ) as info:
        propose(case, vt_worker, "investigation")
    assert info.value.messages == [
        "U kunt niet een veiligheidsbeoordeling vastleggen in de status "
        "'Besluit ter toetsing (vier ogen)'."
    ]
    assert snapshot(case) == before


def test_a_refusal_is_in_english_when_english_is_active(make_case, vt_worker):
    case = make_case()
    propose(case, vt_worker, "vv")
    before = snapshot(case)
    with (
        translation.override("en"),
        pytest.raises(
            ValidationError,
            match=r"You cannot record a safety assessment in the state "
            r"'Decision under review \(four eyes\)'\.",
        ) as info,
    ):
        propose(case, vt_worker, "investigation")
    assert info.value.messages == [
        "You cannot record a safety assessment in the state 'Decision under review (four eyes)'."
    ]
    assert snapshot(case) == before


@pytest.mark.parametrize("actor", ["pro_a", "other_vt_worker", "policy_officer", "outsider"])
def test_only_staff_of_the_case_s_veilig_thuis_propose(make_case, request, actor):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError):
        propose(case, request.getfixturevalue(actor), "vv")
    assert snapshot(case) == before


# --- four eyes --------------------------------------------------------------------------------


def test_it_refuses_a_decision_reviewed_by_its_own_proposer(make_case, team_lead):
    case = make_case()
    propose(case, team_lead, "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="eigen voorstel"):
        services.assessment_review(case=case, reviewer=team_lead, approve=True)
    assert snapshot(case) == before


def test_a_team_lead_s_proposal_is_reviewed_by_another_team_lead(
    make_case, team_lead, second_team_lead
):
    case = make_case()
    propose(case, team_lead, "vv")
    assessment = services.assessment_review(case=case, reviewer=second_team_lead, approve=True)
    assert assessment.reviewed_by == second_team_lead
    assert assessment.approved is True


@pytest.mark.parametrize("reviewer", ["vt_worker", "intake_worker"])
def test_it_refuses_a_review_by_someone_who_is_not_a_team_lead(
    make_case, second_team_lead, request, reviewer
):
    case = make_case()
    propose(case, second_team_lead, "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="teamleider"):
        services.assessment_review(
            case=case, reviewer=request.getfixturevalue(reviewer), approve=True
        )
    assert snapshot(case) == before


def test_it_refuses_a_review_by_a_team_lead_of_another_veilig_thuis(
    make_case, vt_worker, other_vt_org
):
    foreign_lead = UserFactory(organisation=other_vt_org, role=Role.TEAM_LEAD)
    case = make_case()
    propose(case, vt_worker, "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.assessment_review(case=case, reviewer=foreign_lead, approve=True)
    assert snapshot(case) == before


def test_it_refuses_a_review_when_nothing_awaits_review(make_case, team_lead):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError, match="ter toetsing"):
        services.assessment_review(case=case, reviewer=team_lead, approve=True)
    assert snapshot(case) == before


def test_a_rejection_needs_a_reason(make_case, vt_worker, team_lead):
    case = make_case()
    propose(case, vt_worker, "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError) as info:
        services.assessment_review(case=case, reviewer=team_lead, approve=False, comment=" ")
    assert "comment" in info.value.message_dict
    assert snapshot(case) == before


def test_a_rejection_returns_the_case_to_registered_with_its_reason(
    make_case, vt_worker, team_lead
):
    case = make_case()
    propose(case, vt_worker, "no_further_steps")
    assessment = services.assessment_review(
        case=case, reviewer=team_lead, approve=False, comment="Risicofactoren onderschat."
    )
    case.refresh_from_db()
    assert case.state == State.REGISTERED
    assert case.decision == ""
    assert assessment.approved is False
    assert assessment.review_comment == "Risicofactoren onderschat."
    event = events_of(case)[-1]
    assert (event.kind, event.to_state, event.reason) == (
        "review_reject",
        State.REGISTERED,
        "Risicofactoren onderschat.",
    )
    assert open_tasks(case, TaskKind.FEEDBACK_DECISION) == []


def test_after_a_rejection_a_new_proposal_is_reviewed(monday, make_case, vt_worker, team_lead):
    # The clock stands still: both proposals carry the same moment.
    case = make_case()
    propose(case, vt_worker, "no_further_steps", outcome="safe")
    services.assessment_review(case=case, reviewer=team_lead, approve=False, comment="Nee.")
    second = propose(case, vt_worker, "vv")
    reviewed = services.assessment_review(case=case, reviewer=team_lead, approve=True)
    assert reviewed.pk == second.pk
    case.refresh_from_db()
    assert case.state == State.VV


# --- each decision ----------------------------------------------------------------------------

CLOSING = ["no_further_steps", "not_admissible", "wrongly_addressed"]


@pytest.mark.parametrize("decision", CLOSING)
def test_a_decision_without_follow_up_leaves_the_case_decided(
    monday, make_case, vt_worker, team_lead, decision
):
    case = make_case()
    propose(case, vt_worker, decision, outcome="safe", structural_unsafety=False)
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    case.refresh_from_db()
    assert case.state == State.DECIDED
    assert case.decision == decision
    assert case.assessed_at == monday
    assert case.handovers.count() == 0


@pytest.mark.parametrize("decision", [*CLOSING, "vv", "investigation", "handover"])
def test_every_approved_decision_creates_the_feedback_task_for_the_reporter(
    monday, make_case, vt_worker, team_lead, local_team_a, decision
):
    case = make_case()
    extra = {}
    if decision == "handover":
        extra = {"handover_target": "local_team", "handover_organisation": local_team_a}
    propose(case, vt_worker, decision, outcome="unstable", **extra)
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    [task] = open_tasks(case, TaskKind.FEEDBACK_DECISION)
    assert task.due_at == eod(2026, 3, 16)  # 5 working days after the decision


def test_voorwaarden_en_vervolg_is_due_ten_weeks_after_the_decision(
    monday, make_case, advance_case
):
    case = advance_case(make_case(), "vv")
    assert case.vv_due_at == eod(2026, 5, 18)
    assert case.vv_completed_at is None


def test_an_investigation_gets_a_start_and_a_conclusion_deadline(monday, make_case, advance_case):
    case = advance_case(make_case(), "investigation")
    assert case.investigation_start_due_at == eod(2026, 3, 16)
    assert case.investigation_due_at == eod(2026, 5, 18)


def test_the_next_deadline_after_a_decision_is_the_earliest_open_one(
    monday, make_case, advance_case
):
    case = advance_case(make_case(), "vv")
    assert case.next_due_at == eod(2026, 3, 16)
    assert case.next_due_label == TaskKind.FEEDBACK_DECISION


def test_an_approved_handover_is_offered_to_the_chosen_organisation(
    make_case, advance_case, team_lead, local_team_a
):
    case = advance_case(make_case(), "handover_offered")
    [handover] = case.handovers.all()
    assert handover.organisation == local_team_a
    assert handover.target == "local_team"
    assert handover.status == HandoverStatus.OFFERED
    assert handover.offered_by == team_lead
    assert handover.safety_conditions == "Vader woont tijdelijk elders."
    assert "Uitkomst veiligheidsbeoordeling" in handover.assessment_summary
    assert handover.monitoring_follows is True
    assert kinds_of_events(case)[-2:] == ["review_approve", "handover_offered"]


@pytest.mark.parametrize(
    ("decision", "target", "org"),
    [("rvdk_request", "rvdk", "rvdk_org"), ("police_notification", "police", "police_org")],
)
def test_a_request_to_the_rvdk_or_the_police_is_offered_as_a_handover(
    make_case, vt_worker, team_lead, request, decision, target, org
):
    organisation = request.getfixturevalue(org)
    case = make_case()
    propose(case, vt_worker, decision, handover_target=target, handover_organisation=organisation)
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    case.refresh_from_db()
    assert case.state == State.HANDOVER_OFFERED
    assert case.handovers.get().organisation == organisation


def test_a_handover_to_the_own_network_goes_straight_to_monitoring(
    monday, make_case, vt_worker, team_lead
):
    case = make_case()
    propose(case, vt_worker, "handover", handover_target="own_network")
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    case.refresh_from_db()
    assert case.state == State.MONITORING
    handover = case.handovers.get()
    assert handover.status == HandoverStatus.ACCEPTED
    assert handover.organisation is None
    moments = [t.due_at for t in open_tasks(case, TaskKind.MONITORING)]
    assert moments == [eod(2026, 6, 9), eod(2027, 1, 9)]


def test_without_monitoring_after_a_direct_handover_an_own_network_handover_closes(
    make_case, vt_worker, team_lead
):
    TermConfiguration.objects.create(monitoring_after_direct_handover=False)
    case = make_case()
    propose(case, vt_worker, "handover", handover_target="own_network")
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert not case.is_open
    assert case.closed_at is not None
    assert open_tasks(case, TaskKind.MONITORING) == []


def test_a_refused_review_writes_nothing(make_case, vt_worker):
    case = make_case()
    propose(case, vt_worker, "vv")
    before = row_counts()
    with pytest.raises(ValidationError):
        services.assessment_review(case=case, reviewer=vt_worker, approve=True)
    assert row_counts() == before
