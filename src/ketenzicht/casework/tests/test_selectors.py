"""Reads with need-to-know access: who sees which case, the work queue, and query counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ketenzicht.casework import selectors, services
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import Case, Handover, TaskKind
from ketenzicht.intake.models import AdviceRequest
from ketenzicht.intake.tests.factories import AdviceRequestFactory

from .utils import eod, open_tasks, propose

NOBODY = ["pro_a", "pro_b", "policy_officer", "administrator", "outsider"]
VT = ["intake_worker", "vt_worker", "team_lead"]


# --- who sees which case ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", VT)
def test_veilig_thuis_staff_see_the_cases_of_their_own_organisation(
    make_case, other_case, request, persona
):
    own = make_case()
    assert list(selectors.cases_visible_to(request.getfixturevalue(persona))) == [own]


def test_a_worker_of_another_veilig_thuis_sees_none_of_our_cases(
    make_case, other_case, other_vt_worker
):
    make_case()
    assert list(selectors.cases_visible_to(other_vt_worker)) == [other_case]


@pytest.mark.parametrize("persona", NOBODY)
def test_chain_professionals_policy_officers_administrators_and_outsiders_see_no_case(
    make_case, advance_case, request, persona
):
    advance_case(make_case(), "monitoring")  # handed over to and accepted by local_team_a
    assert not selectors.cases_visible_to(request.getfixturevalue(persona)).exists()


def test_an_anonymous_visitor_sees_no_case(make_case):
    make_case()
    assert not selectors.cases_visible_to(AnonymousUser()).exists()


def test_a_vt_role_without_an_organisation_sees_no_case(make_case):
    from ketenzicht.organisations.tests.factories import UserFactory

    make_case()
    stray = UserFactory(role="vt_worker", organisation=None)
    assert not selectors.cases_visible_to(stray).exists()


def test_a_case_page_of_another_veilig_thuis_does_not_exist_for_you(make_case, other_vt_worker):
    case = make_case()
    with pytest.raises(Case.DoesNotExist):
        selectors.case_for_page(other_vt_worker, case.pk)


@pytest.mark.parametrize("persona", NOBODY)
def test_a_case_page_does_not_exist_for_anyone_outside_veilig_thuis(
    make_case, advance_case, request, persona
):
    case = advance_case(make_case(), "handover_offered")
    with pytest.raises(Case.DoesNotExist):
        selectors.case_for_page(request.getfixturevalue(persona), case.pk)


# --- handovers --------------------------------------------------------------------------------


def test_a_chain_professional_sees_only_handovers_to_their_own_organisation(
    make_case, advance_case, pro_a, pro_b
):
    case = advance_case(make_case(), "handover_offered")
    handover = case.handovers.get()
    assert list(selectors.handovers_for_organisation(pro_a)) == [handover]
    assert list(selectors.handovers_for_organisation(pro_b)) == []
    assert selectors.open_handover_count(pro_a) == 1
    assert selectors.open_handover_count(pro_b) == 0
    assert selectors.handover_for_receiver(pro_a, handover.pk) == handover
    with pytest.raises(Handover.DoesNotExist):
        selectors.handover_for_receiver(pro_b, handover.pk)


@pytest.mark.parametrize(
    "persona", ["vt_worker", "team_lead", "policy_officer", "administrator", "outsider"]
)
def test_nobody_but_the_receiving_chain_professionals_has_a_handover_inbox(
    make_case, advance_case, request, persona
):
    advance_case(make_case(), "handover_offered")
    assert list(selectors.handovers_for_organisation(request.getfixturevalue(persona))) == []


def test_the_inbox_shows_open_offers_first_then_the_newest(
    make_case, advance_case, pro_a, time_machine
):
    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=AMSTERDAM), tick=False)
    accepted = advance_case(make_case(), "monitoring").handovers.get()
    time_machine.move_to(datetime(2026, 3, 3, 9, tzinfo=AMSTERDAM), tick=False)
    old_offer = advance_case(make_case(), "handover_offered").handovers.get()
    time_machine.move_to(datetime(2026, 3, 4, 9, tzinfo=AMSTERDAM), tick=False)
    refused = advance_case(make_case(), "handover_refused").handovers.get()
    time_machine.move_to(datetime(2026, 3, 5, 9, tzinfo=AMSTERDAM), tick=False)
    new_offer = advance_case(make_case(), "handover_offered").handovers.get()
    assert list(selectors.handovers_for_organisation(pro_a)) == [
        new_offer,
        old_offer,
        refused,
        accepted,
    ]


# --- advice requests --------------------------------------------------------------------------


def test_advice_requests_are_visible_to_their_own_veilig_thuis_only(
    vt_org, other_vt_org, intake_worker, other_vt_worker, pro_a, policy_officer, outsider
):
    ours = AdviceRequestFactory(organisation=vt_org, handled_by=intake_worker)
    theirs = AdviceRequestFactory(organisation=other_vt_org, handled_by=other_vt_worker)
    assert list(selectors.advice_requests_visible_to(intake_worker)) == [ours]
    assert list(selectors.advice_requests_visible_to(other_vt_worker)) == [theirs]
    for user in (pro_a, policy_officer, outsider):
        assert list(selectors.advice_requests_visible_to(user)) == []
    assert AdviceRequest.objects.count() == 2


# --- the work queue ---------------------------------------------------------------------------

TODAY = date(2026, 3, 9)  # Monday
NOW = datetime(2026, 3, 9, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def queue(monday, make_case, vt_worker, team_lead, other_case):
    """Four cases of our VT with different next deadlines, seen on Monday 9 March 10:00."""
    overdue = make_case(received_at=datetime(2026, 2, 25, 9, tzinfo=AMSTERDAM), assign_to=vt_worker)
    acute = make_case(urgency="acute", received_at=datetime(2026, 3, 9, 9, tzinfo=AMSTERDAM))
    this_week = make_case(
        received_at=datetime(2026, 3, 3, 9, tzinfo=AMSTERDAM), assign_to=vt_worker
    )
    next_week = make_case(received_at=NOW, assign_to=team_lead)
    return {"overdue": overdue, "acute": acute, "week": this_week, "next": next_week}


def names(cases, queue):
    by_pk = {case.pk: name for name, case in queue.items()}
    return [by_pk[c.pk] for c in cases]


def test_the_team_queue_holds_every_case_of_the_team_earliest_deadline_first(queue, vt_worker):
    cases = selectors.work_queue(vt_worker, view="team", today=TODAY, now=NOW)
    assert names(cases, queue) == ["overdue", "acute", "week", "next"]
    assert [c.next_due_at for c in cases] == [
        eod(2026, 3, 4),
        datetime(2026, 3, 10, 9, tzinfo=AMSTERDAM),
        eod(2026, 3, 10),
        eod(2026, 3, 16),
    ]


def test_my_queue_holds_only_the_cases_assigned_to_me(queue, vt_worker, team_lead):
    assert names(selectors.work_queue(vt_worker, view="mine", today=TODAY, now=NOW), queue) == [
        "overdue",
        "week",
    ]
    assert names(selectors.work_queue(team_lead, view="mine", today=TODAY, now=NOW), queue) == [
        "next"
    ]


def test_the_overdue_queue_holds_the_cases_whose_deadline_passed(queue, vt_worker):
    cases = selectors.work_queue(vt_worker, view="overdue", today=TODAY, now=NOW)
    assert names(cases, queue) == ["overdue"]


def test_a_deadline_is_overdue_from_the_moment_it_passes(queue, vt_worker):
    later = datetime(2026, 3, 10, 9, 30, tzinfo=AMSTERDAM)  # the acute term ended at 9:00
    cases = selectors.work_queue(vt_worker, view="overdue", today=later.date(), now=later)
    assert names(cases, queue) == ["overdue", "acute"]


def test_the_week_queue_holds_the_cases_due_by_sunday_including_overdue(queue, vt_worker):
    cases = selectors.work_queue(vt_worker, view="week", today=TODAY, now=NOW)
    assert names(cases, queue) == ["overdue", "acute", "week"]
    # the same week seen from its Sunday
    sunday = selectors.work_queue(vt_worker, view="week", today=date(2026, 3, 15), now=NOW)
    assert names(sunday, queue) == ["overdue", "acute", "week"]


def test_the_queue_follows_the_next_deadline_as_the_case_moves_on(queue, vt_worker, team_lead):
    case = queue["overdue"]
    propose(case, vt_worker, "vv")
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    cases = selectors.work_queue(vt_worker, view="team", today=TODAY, now=NOW)
    # after the decision the reporter feedback (due 16 March) is its next deadline
    assert names(cases, queue) == ["acute", "week", "overdue", "next"]
    case.refresh_from_db()
    assert case.next_due_at == eod(2026, 3, 16)


def test_nobody_outside_veilig_thuis_has_a_work_queue(queue, pro_a, policy_officer, outsider):
    for user in (pro_a, policy_officer, outsider):
        assert not selectors.work_queue(user, view="team", today=TODAY, now=NOW).exists()


def test_another_veilig_thuis_sees_only_its_own_queue(queue, other_vt_worker, other_case):
    assert list(selectors.work_queue(other_vt_worker, view="team", today=TODAY)) == [other_case]


def test_queue_rows_count_working_days_left_and_flag_overdue_cases(queue, vt_worker):
    cases = list(selectors.work_queue(vt_worker, view="team", today=TODAY, now=NOW))
    rows = selectors.queue_rows(cases, today=TODAY, now=NOW, closed=frozenset())
    assert [(r.working_days_left, r.overdue) for r in rows] == [
        (-3, True),  # due Wednesday 4 March: Wed, Thu, Fri are working days ago
        (1, False),
        (1, False),
        (5, False),
    ]


# --- policy officers --------------------------------------------------------------------------


def test_a_policy_officer_sees_counts_per_municipality_and_state_never_a_case(
    make_case, advance_case, other_case, policy_officer, municipality_b, vt_worker
):
    make_case()
    make_case(municipality=municipality_b)
    advance_case(make_case(), "review")
    counts = selectors.state_counts_for_region(policy_officer)
    assert counts == [
        {"report__municipality__name": "Dordrecht", "state": "registered", "n": 1},
        {"report__municipality__name": "Dordrecht", "state": "review", "n": 1},
        {"report__municipality__name": "Zwijndrecht", "state": "registered", "n": 1},
    ]
    assert selectors.state_counts_for_region(vt_worker) == []


# --- query counts -----------------------------------------------------------------------------


def test_a_work_queue_page_is_one_query_however_many_cases(
    queue, make_case, vt_worker, django_assert_num_queries
):
    for _ in range(5):
        make_case(assign_to=vt_worker)
    with django_assert_num_queries(1):
        cases = list(selectors.work_queue(vt_worker, view="team", today=TODAY, now=NOW)[:50])
        for case in cases:
            str(case.report.municipality)
            str(case.assigned_to or "")
            case.next_due_display  # noqa: B018
    assert len(cases) == 9


def touch_case_page(case):
    """Everything the case page shows."""
    report = case.report
    parts = [
        report.municipality.name,
        report.household.municipality.name,
        str(report.registered_by),
        str(report.advice_request or ""),
        str(case.assigned_to or ""),
        case.organisation.name,
    ]
    parts += [rp.person.full_name for rp in report.involved.all()]
    parts += [str(e.actor or "") for e in case.events.all()]
    parts += [str(t.done_by or "") for t in case.tasks.all()]
    for a in case.assessments.all():
        parts += [str(a.proposed_by), str(a.reviewed_by or ""), str(a.handover_organisation or "")]
    for h in case.handovers.all():
        parts += [str(h.organisation or ""), str(h.responded_by or "")]
    parts += [str(m.recorded_by) for m in case.monitoring_checks.all()]
    for o in case.restraining_orders.all():
        parts += [str(o.subject or ""), str(o.icm_organisation or "")]
    return parts


CASE_PAGE_QUERIES = 8


def test_a_case_page_takes_a_fixed_number_of_queries(
    make_case, advance_case, vt_worker, pro_a, police_org, django_assert_num_queries
):
    # a rich case: reviewed twice, handed over, monitored, with a restraining order
    case = make_case()
    propose(case, vt_worker, "no_further_steps", outcome="safe", structural_unsafety=False)
    services.assessment_review(
        case=case,
        reviewer=case.organisation.users.get(role="team_lead"),
        approve=False,
        comment="Onvoldoende onderbouwd.",
    )
    case = advance_case(case, "monitoring")
    services.monitoring_record(
        case=case,
        actor=vt_worker,
        conditions_met="yes",
        direct_safety=True,
        stable_safety=False,
        recovery_attention=True,
        notes="Gaat goed.",
        outcome="continue",
    )
    services.restraining_order_register(
        case=case,
        actor=vt_worker,
        imposed_at=timezone.now() - timedelta(hours=2),
        rihg_outcome="Rood.",
        subject=case.report.involved.get(role="victim").person,
        icm_organisation=police_org,
    )
    for task in open_tasks(case, TaskKind.FEEDBACK_DECISION):
        services.task_complete(task=task, actor=vt_worker, outcome="Gebeld.")

    with django_assert_num_queries(CASE_PAGE_QUERIES):
        page = selectors.case_for_page(vt_worker, case.pk)
        rich = touch_case_page(page)
    assert len(rich) > 20


def test_a_simple_case_page_takes_no_more_queries_than_a_rich_one(
    make_case, vt_worker, django_assert_max_num_queries
):
    case = make_case()
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        touch_case_page(selectors.case_for_page(vt_worker, case.pk))
