"""The erasure request pages: register from the case, the queue with overdue flags, decide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.models import Case
from ketenzicht.casework.tests.utils import row_counts
from ketenzicht.retention.models import ErasureRequest, RequestStatus, Tombstone

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(make_case, advance_case, monday):
    return advance_case(make_case(), "closed")


def post_request(client, case, **kw):
    person = case.report.involved.order_by("pk").first().person
    data = {
        "person": person.pk,
        "requester_relation": "self",
        "received_on": "2026-03-09",
    }
    data.update(kw)
    return client.post(reverse("retention:request_new", args=[case.pk]), data)


def test_a_vt_worker_registers_a_request_from_the_case(client, vt_worker, closed):
    client.force_login(vt_worker)
    page = client.get(reverse("casework:detail", args=[closed.pk])).content.decode()
    assert reverse("retention:request_new", args=[closed.pk]) in page
    response = post_request(client, closed)
    item = ErasureRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("retention:request_detail", args=[item.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "09-06-2026" in detail  # the decision is due three months after receipt
    assert "Jansen" in detail


def test_the_form_lists_the_people_of_the_file_and_logs_that_look(client, vt_worker, closed):
    client.force_login(vt_worker)
    page = client.get(reverse("retention:request_new", args=[closed.pk])).content.decode()
    people = {i.person_id for i in closed.report.involved.all()}
    assert "Jansen" in page
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry is not None and entry.action == AccessAction.VIEW
    assert set(entry.person_ids) == people
    assert entry.case_ids == [closed.pk]


def test_the_form_refuses_a_person_of_another_case(client, vt_worker, closed, make_case):
    stranger = make_case().report.involved.first().person
    client.force_login(vt_worker)
    before = row_counts()
    response = post_request(client, closed, person=stranger.pk)
    # The form never offered that person: a forged post, refused and logged.
    assert response.status_code == 400
    assert not ErasureRequest.objects.exists() and row_counts() == before
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, user_id=vt_worker.pk, path__endswith="/verzoek/"
    ).exists()


def test_a_form_error_that_is_not_forged_answers_422(client, vt_worker, closed):
    client.force_login(vt_worker)
    response = post_request(client, closed, received_on="2099-01-01")
    assert response.status_code == 422
    assert not AccessLogEntry.objects.filter(action=AccessAction.DENIED).exists()


def test_the_queue_flags_an_overdue_request(client, vt_worker, closed, time_machine, monday):
    client.force_login(vt_worker)
    post_request(client, closed)
    time_machine.move_to(monday + timedelta(days=93), tick=False)
    client.force_login(vt_worker)
    html = client.get(reverse("retention:requests")).content.decode()
    assert "09-06-2026" in html and "text-danger" in html
    assert "Jansen" not in html  # the queue shows references and dates, not names


def test_the_registering_worker_sees_no_decision_form(client, team_lead, closed):
    client.force_login(team_lead)
    post_request(client, closed)
    item = ErasureRequest.objects.get()
    html = client.get(reverse("retention:request_detail", args=[item.pk])).content.decode()
    assert 'name="decision"' not in html
    response = client.post(
        reverse("retention:request_detail", args=[item.pk]),
        {"decision": "grant", "other_interest": "no", "other_interest_reason": "Geen."},
    )
    assert response.status_code == 422
    assert Case.objects.filter(pk=closed.pk).exists()


def test_a_second_team_lead_grants_and_the_file_is_destroyed(client, vt_worker, team_lead, closed):
    client.force_login(vt_worker)
    post_request(client, closed)
    item = ErasureRequest.objects.get()
    client.force_login(team_lead)
    html = client.get(reverse("retention:request_detail", args=[item.pk])).content.decode()
    assert 'name="other_interest"' in html
    response = client.post(
        reverse("retention:request_detail", args=[item.pk]),
        {
            "decision": "grant",
            "other_interest": "no",
            "other_interest_reason": "Geen minderjarigen meer; niemand anders heeft belang.",
        },
    )
    assert response.status_code == 302
    assert not Case.objects.filter(pk=closed.pk).exists()
    item.refresh_from_db()
    assert item.status == RequestStatus.GRANTED
    assert Tombstone.objects.filter(reference=closed.reference).exists()
    listing = client.get(reverse("retention:tombstones")).content.decode()
    assert closed.reference in listing and "Jansen" not in listing


def test_a_refusal_without_a_reason_changes_nothing(client, vt_worker, team_lead, closed):
    client.force_login(vt_worker)
    post_request(client, closed)
    item = ErasureRequest.objects.get()
    client.force_login(team_lead)
    before = row_counts()
    response = client.post(
        reverse("retention:request_detail", args=[item.pk]),
        {
            "decision": "refuse",
            "other_interest": "yes",
            "other_interest_reason": "Kind.",
            "reason": "",
        },
    )
    assert response.status_code == 422
    item.refresh_from_db()
    assert item.is_open and row_counts() == before


def test_another_veilig_thuis_cannot_open_or_decide_a_request(
    client, vt_worker, other_vt_worker, closed
):
    client.force_login(vt_worker)
    post_request(client, closed)
    item = ErasureRequest.objects.get()
    client.force_login(other_vt_worker)
    url = reverse("retention:request_detail", args=[item.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"decision": "grant", "other_interest": "no", "other_interest_reason": "Geen."}
    )
    assert response.status_code == 404
    assert client.get(reverse("retention:request_new", args=[closed.pk])).status_code == 404
    assert Case.objects.filter(pk=closed.pk).exists()
