"""The outbox: events are written in the transaction of the change, for those allowed to see."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ketenzicht.hooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from ketenzicht.hooks.services import event_emit
from ketenzicht.organisations.models import OrganisationKind
from ketenzicht.organisations.tests.factories import OrganisationFactory

URL = "https://receiver.example.nl/hook"


@pytest.fixture
def subscribed(subscribe, team_lead, police_admin, admin_a, admin_b):
    """A subscription to every event for VT, the police, local team A and local team B."""
    return {
        "vt": subscribe(team_lead, URL + "/vt").subscription,
        "police": subscribe(police_admin, URL + "/police").subscription,
        "a": subscribe(admin_a, URL + "/a").subscription,
        "b": subscribe(admin_b, URL + "/b").subscription,
    }


def receivers(event_type: str) -> set[int]:
    return set(
        WebhookDelivery.objects.filter(event__type=event_type).values_list(
            "subscription_id", flat=True
        )
    )


def test_a_report_received_goes_to_the_vt_and_the_organisation_that_sent_it(
    subscribed, make_case, police_org
):
    case = make_case(reporting_organisation=police_org)
    event = WebhookEvent.objects.get(type="report.received")
    assert receivers("report.received") == {subscribed["vt"].pk, subscribed["police"].pk}
    assert event.subject == case.report.reference
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 2


def test_a_report_without_a_reporting_organisation_goes_to_the_vt_only(subscribed, make_case):
    make_case()
    assert receivers("report.received") == {subscribed["vt"].pk}


def test_another_police_unit_that_did_not_send_the_report_is_not_told(
    subscribe, make_case, police_org, region
):
    from ketenzicht.organisations.models import Role
    from ketenzicht.organisations.tests.factories import UserFactory

    other_police = OrganisationFactory(kind=OrganisationKind.POLICE, region=region)
    other_admin = UserFactory(organisation=other_police, role=Role.ADMINISTRATOR)
    subscribe(other_admin, URL)
    make_case(reporting_organisation=police_org)
    assert not WebhookEvent.objects.exists()


def test_a_decision_goes_to_the_vt_and_the_sender_and_the_handover_to_the_receiver_only(
    subscribed, make_case, advance_case, police_org
):
    case = advance_case(make_case(reporting_organisation=police_org), "handover_offered")
    assert receivers("decision.taken") == {subscribed["vt"].pk, subscribed["police"].pk}
    assert receivers("handover.offered") == {subscribed["a"].pk}
    handover = case.handovers.get()
    event = WebhookEvent.objects.get(type="handover.offered")
    assert event.subject == str(handover.pk)
    assert event.payload["data"] == {
        "handover": handover.pk,
        "url": f"https://ketenzicht.example.nl/api/v1/handovers/{handover.pk}",
    }


def test_a_rejected_proposal_is_no_decision(subscribed, make_case, advance_case, team_lead):
    from ketenzicht.casework.services import assessment_review

    case = advance_case(make_case(), "review")
    assessment_review(case=case, reviewer=team_lead, approve=False, comment="Nog niet rijp.")
    assert not WebhookEvent.objects.filter(type="decision.taken").exists()


def test_a_subscription_gets_only_the_event_types_it_chose(subscribe, team_lead, make_case):
    subscribe(team_lead, URL, ["decision.taken"])
    make_case()
    assert not WebhookEvent.objects.exists()


def test_an_inactive_subscription_gets_nothing(subscribed, make_case, team_lead):
    from ketenzicht.hooks.services import subscription_deactivate

    subscription_deactivate(subscription=subscribed["vt"], actor=team_lead)
    make_case()
    assert not WebhookEvent.objects.exists()


def test_the_payload_names_no_person_only_the_reference_and_where_to_read_more(
    subscribed, make_case
):
    case = make_case()
    payload = WebhookEvent.objects.get().payload
    assert set(payload) == {"id", "type", "occurred_at", "data"}
    assert payload["type"] == "report.received"
    assert payload["occurred_at"].endswith("Z")
    ref = case.report.reference
    assert payload["data"] == {
        "report": ref,
        "url": f"https://ketenzicht.example.nl/api/v1/reports/{ref}",
    }
    text = json.dumps(payload)
    for personal in ("Jansen", "Voorstraat", "3311", "Juf de Vries", "Regenboog", "Dordrecht"):
        assert personal not in text


def test_a_change_that_rolls_back_leaves_no_event(subscribed, make_case):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_case()
        assert WebhookEvent.objects.count() == 1  # written inside the transaction...
        raise RuntimeError("something later in the same transaction fails")
    assert not WebhookEvent.objects.exists()  # ...and gone with it
    assert not WebhookDelivery.objects.exists()


def test_a_refused_registration_leaves_no_event(subscribed, make_case):
    with pytest.raises(ValidationError):
        make_case(summary="")
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_emitting_outside_a_transaction_is_a_programming_error():
    from django.utils import timezone

    with pytest.raises(RuntimeError, match="transaction"):
        event_emit(
            event_type="report.received",
            subject="M0000001",
            audience=[1],
            occurred_at=timezone.now(),
        )


def test_an_unknown_event_type_or_naive_time_is_refused(db):
    from datetime import datetime

    from django.utils import timezone

    with transaction.atomic():
        with pytest.raises(ValueError):
            event_emit(event_type="x", subject="M1", audience=[1], occurred_at=timezone.now())
        with pytest.raises(ValueError):
            event_emit(
                event_type="report.received",
                subject="M1",
                audience=[1],
                occurred_at=datetime(2026, 1, 1),
            )
