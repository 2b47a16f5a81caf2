"""Every form answers bad input with a clear error and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.models import Case, CaseEvent, Handover, RestrainingOrder, Task
from ketenzicht.casework.services import restraining_order_register
from ketenzicht.casework.tests.utils import CASE_ACTIONS
from ketenzicht.common.forms import forged_fields
from ketenzicht.intake.models import AdviceRequest, Household, Person, Report

pytestmark = pytest.mark.django_db


GARBAGE = {
    "assignee": "999999",
    "acute_unsafety": "maybe",
    "structural_unsafety": "",
    "risk_factors": ["not-a-risk"],
    "considerations": "",
    "outcome": "purple",
    "decision": "lock-them-up",
    "handover_target": "nowhere",
    "handover_organisation": "abc",
    "verdict": "perhaps",
    "safety_conditions": "",
    "summary": "",
    "conclusion": "",
    "conditions_met": "sometimes",
    "direct_safety": "x",
    "stable_safety": "x",
    "recovery_attention": "x",
    "notes": "",
    "reason": "",
    "imposed_at": "gisteren",
    "rihg_outcome": "",
    "extended_until": "2-2-2",
    "subject": "-1",
}

# The actions whose form has a choice that GARBAGE fills with a value no page offers.
FORGEABLE = set(CASE_ACTIONS) - {"investigation_start", "reassess", "close", "reopen"}


def state_of_the_world() -> tuple:
    return (
        Case.objects.count(),
        CaseEvent.objects.count(),
        list(Case.objects.values_list("state", "assigned_to", "next_due_at").order_by("pk")),
        Task.objects.filter(done_at__isnull=False).count(),
        Handover.objects.count(),
        RestrainingOrder.objects.count(),
    )


@pytest.mark.parametrize("payload", [{}, GARBAGE], ids=["empty", "garbage"])
@pytest.mark.parametrize("action", CASE_ACTIONS)
def test_a_case_action_with_bad_input_says_why_and_changes_nothing(
    client, team_lead, make_case, action, payload
):
    case = make_case()
    client.force_login(team_lead)
    before = state_of_the_world()
    response = client.post(reverse(f"casework:{action}", args=[case.pk]), payload)
    if (action, payload) == ("assign", {}):
        # "nobody" is a valid choice: the case stays with the team, and nothing is recorded
        assert response.status_code == 302
    else:
        # A value no page offers (garbage in a choice) is a forged post: 400, logged as DENIED;
        # any other error 422. Either way the form is shown again with its errors.
        forged = forged_fields(response.context["form"])
        assert response.status_code == (400 if forged else 422), action
        assert bool(forged) == (payload == GARBAGE and action in FORGEABLE), action
        logged = AccessLogEntry.objects.filter(action=AccessAction.DENIED).exists()
        assert logged == bool(forged), action
        assert "error-summary" in response.content.decode()
    assert state_of_the_world() == before


@pytest.mark.parametrize("action", ["restraining_order_extend", "restraining_order_end"])
def test_a_restraining_order_form_with_bad_input_changes_nothing(
    client, vt_worker, make_case, action
):
    case = make_case()
    order = restraining_order_register(
        case=case, actor=vt_worker, imposed_at=case.opened_at, rihg_outcome="Rood in deel A."
    )
    client.force_login(vt_worker)
    before = state_of_the_world()
    payload = {"extended_until": "2099-01-01T10:00", "reason": "", "lifted_early": "on"}
    response = client.post(reverse(f"casework:{action}", args=[order.pk]), payload)
    assert response.status_code == 422
    assert state_of_the_world() == before


@pytest.mark.parametrize("action", ["task_complete", "task_extend"])
def test_a_task_form_without_its_text_changes_nothing(client, vt_worker, make_case, action):
    task = make_case().tasks.get()
    client.force_login(vt_worker)
    before = state_of_the_world()
    response = client.post(reverse(f"casework:{action}", args=[task.pk]), {"outcome": " "})
    assert response.status_code == 422
    assert state_of_the_world() == before
    task.refresh_from_db()
    assert task.done_at is None and task.extensions == 0


def test_refusing_a_handover_without_a_reason_changes_nothing(
    client, pro_a, make_case, advance_case
):
    case = advance_case(make_case(), "handover_offered")
    handover = case.handovers.get()
    client.force_login(pro_a)
    before = state_of_the_world()
    response = client.post(reverse("casework:handover_refuse", args=[handover.pk]), {"reason": ""})
    assert response.status_code == 422
    assert state_of_the_world() == before


def test_accepting_a_handover_twice_is_refused_the_second_time(
    client, pro_a, make_case, advance_case
):
    case = advance_case(make_case(), "handover_offered")
    handover = case.handovers.get()
    client.force_login(pro_a)
    assert client.post(reverse("casework:handover_accept", args=[handover.pk])).status_code == 302
    before = state_of_the_world()
    again = client.post(reverse("casework:handover_accept", args=[handover.pk]))
    assert again.status_code == 422
    assert state_of_the_world() == before


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {
            "received_at": "morgen",
            "channel": "pigeon",
            "reporter_role": "wizard",
            "kinds": ["nonsense"],
            "question": "",
            "advice": "",
            "municipality": "-3",
        },
    ],
    ids=["empty", "garbage"],
)
def test_an_advice_request_with_bad_input_stores_nothing(client, intake_worker, payload):
    client.force_login(intake_worker)
    response = client.post(reverse("intake:advice_new"), payload)
    assert response.status_code == 422
    assert AdviceRequest.objects.count() == 0


def test_a_report_with_garbage_stores_nothing(client, intake_worker):
    client.force_login(intake_worker)
    payload = {
        "received_at": "2026-13-45T99:99",
        "channel": "pigeon",
        "urgency": "whenever",
        "reporter_role": "wizard",
        "kinds": ["nonsense"],
        "summary": "",
        "municipality": "abc",
        "postcode": "ABCD 12",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-0-role": "dragon",
        "people-0-surname": "X",
        "people-0-date_of_birth": "31-31-31",
        "people-0-sex": "Q",
        "people-0-bsn": "12",
    }
    response = client.post(reverse("intake:report_new"), payload)
    assert response.status_code == 422
    assert (Report.objects.count(), Person.objects.count(), Household.objects.count()) == (0, 0, 0)


def test_a_report_form_without_its_management_data_is_refused_cleanly(client, intake_worker):
    client.force_login(intake_worker)
    response = client.post(reverse("intake:report_new"), {"summary": "x"})
    assert response.status_code == 422
    assert Report.objects.count() == 0
