"""Erasure requests (vernietigingsverzoek): registered, decided by a second team lead within three
months, weighed against the interest of others, and executed through the retention path."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ketenzicht.casework.models import Case, CaseEvent
from ketenzicht.casework.tests.utils import row_counts
from ketenzicht.intake.models import Person
from ketenzicht.retention.models import ErasureRequest, LegalBasis, RequestStatus, Tombstone
from ketenzicht.retention.services import (
    erasure_request_decide,
    erasure_request_register,
    retention_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English msgids here."""
    with translation.override("en"):
        yield


@pytest.fixture
def closed(make_case, advance_case):
    return advance_case(make_case(), "closed")


def adult_of(case):
    return case.report.involved.order_by("pk").first().person


def register(case, actor, **kw):
    fields = {
        "person": adult_of(case),
        "requester_relation": "self",
        "received_on": date.today(),
    }
    fields.update(kw)
    return erasure_request_register(case=case, actor=actor, **fields)


def test_a_request_is_due_three_months_after_receipt(make_case, advance_case, vt_worker, monday):
    case = advance_case(make_case(), "closed")
    item = register(case, vt_worker, received_on=monday.date())
    assert item.status == RequestStatus.OPEN
    assert item.due_on == date(2026, 6, 9)
    assert CaseEvent.objects.filter(case=case, kind="erasure_request_registered").exists()


def test_a_request_names_a_person_in_the_case(closed, vt_worker, make_case):
    stranger = adult_of(make_case())
    with pytest.raises(ValidationError) as exc:
        register(closed, vt_worker, person=stranger)
    assert "person" in exc.value.message_dict
    assert not ErasureRequest.objects.exists()


def test_someone_asking_on_behalf_gives_a_name(closed, vt_worker):
    with pytest.raises(ValidationError) as exc:
        register(closed, vt_worker, requester_relation="parent", requester_name=" ")
    assert "requester_name" in exc.value.message_dict


def test_a_request_date_in_the_future_is_refused(closed, vt_worker):
    with pytest.raises(ValidationError) as exc:
        register(closed, vt_worker, received_on=date.today() + timedelta(days=2))
    assert "received_on" in exc.value.message_dict


def test_another_veilig_thuis_cannot_register_a_request(closed, other_vt_worker):
    before = row_counts()
    with pytest.raises(ValidationError):
        register(closed, other_vt_worker)
    assert row_counts() == before and not ErasureRequest.objects.exists()


def test_the_registering_team_lead_cannot_decide(closed, team_lead):
    item = register(closed, team_lead)
    with pytest.raises(ValidationError, match="four-eyes"):
        erasure_request_decide(
            erasure_request=item,
            actor=team_lead,
            grant=False,
            other_interest=False,
            other_interest_reason="Geen ander belang.",
            reason="Wettelijke plicht tot bewaren.",
        )
    item.refresh_from_db()
    assert item.is_open


def test_a_vt_worker_who_is_not_a_team_lead_cannot_decide(closed, intake_worker, vt_worker):
    item = register(closed, intake_worker)
    with pytest.raises(ValidationError, match="team lead"):
        erasure_request_decide(
            erasure_request=item,
            actor=vt_worker,
            grant=True,
            other_interest=False,
            other_interest_reason="Geen ander belang.",
        )
    assert Case.objects.filter(pk=closed.pk).exists()


def test_the_interest_of_others_must_be_weighed(closed, vt_worker, team_lead):
    item = register(closed, vt_worker)
    with pytest.raises(ValidationError) as exc:
        erasure_request_decide(
            erasure_request=item,
            actor=team_lead,
            grant=True,
            other_interest=None,
            other_interest_reason="",
        )
    assert {"other_interest", "other_interest_reason"} <= set(exc.value.message_dict)
    assert Case.objects.filter(pk=closed.pk).exists()


def test_a_file_is_not_destroyed_while_a_childs_interest_opposes_it(closed, vt_worker, team_lead):
    item = register(closed, vt_worker)
    with pytest.raises(ValidationError) as exc:
        erasure_request_decide(
            erasure_request=item,
            actor=team_lead,
            grant=True,
            other_interest=True,
            other_interest_reason="Het kind kan het dossier later nodig hebben.",
        )
    assert "other_interest" in exc.value.message_dict
    assert Case.objects.filter(pk=closed.pk).exists()


def test_a_refusal_needs_a_reason(closed, vt_worker, team_lead):
    item = register(closed, vt_worker)
    with pytest.raises(ValidationError) as exc:
        erasure_request_decide(
            erasure_request=item,
            actor=team_lead,
            grant=False,
            other_interest=True,
            other_interest_reason="Belang van het kind.",
            reason="",
        )
    assert "reason" in exc.value.message_dict


def test_a_refusal_keeps_the_file_and_records_why(closed, vt_worker, team_lead):
    item = register(closed, vt_worker)
    decided = erasure_request_decide(
        erasure_request=item,
        actor=team_lead,
        grant=False,
        other_interest=True,
        other_interest_reason="Het jongste kind heeft belang bij het dossier.",
        reason="Aanmerkelijk belang van het kind.",
    )
    assert decided.status == RequestStatus.REFUSED
    assert decided.decided_by == team_lead and decided.other_interest is True
    assert Case.objects.filter(pk=closed.pk).exists()
    assert CaseEvent.objects.filter(case=closed, kind="erasure_request_refused").exists()


def test_a_granted_request_destroys_the_file_through_the_retention_path(
    closed, vt_worker, team_lead
):
    person_ids = list(closed.report.involved.values_list("person_id", flat=True))
    item = register(closed, vt_worker, requester_relation="parent", requester_name="Mw. Jansen")
    decided = erasure_request_decide(
        erasure_request=item,
        actor=team_lead,
        grant=True,
        other_interest=False,
        other_interest_reason="Geen belang van anderen; de kinderen zijn meerderjarig.",
    )
    assert decided.status == RequestStatus.GRANTED
    assert not Case.objects.filter(pk=closed.pk).exists()
    assert not Person.objects.filter(pk__in=person_ids).exists()
    tombstone = Tombstone.objects.get(reference=closed.reference)
    assert tombstone.legal_basis == LegalBasis.ERASURE_REQUEST
    assert decided.tombstone == tombstone
    # What stays of the request has no names and no free text.
    decided.refresh_from_db()
    assert decided.requester_name == "" and decided.other_interest_reason == ""
    assert decided.person_id is None and decided.case_id is None
    assert decided.case_reference == closed.reference


def test_an_open_file_cannot_be_destroyed_on_request(make_case, vt_worker, team_lead):
    case = make_case()
    item = register(case, vt_worker)
    before = row_counts()
    with pytest.raises(ValidationError, match="closed"):
        erasure_request_decide(
            erasure_request=item,
            actor=team_lead,
            grant=True,
            other_interest=False,
            other_interest_reason="Geen belang van anderen.",
        )
    assert row_counts() == before
    item.refresh_from_db()
    assert item.is_open


def test_a_decided_request_cannot_be_decided_again(closed, vt_worker, team_lead):
    item = register(closed, vt_worker)
    args = {
        "actor": team_lead,
        "grant": False,
        "other_interest": False,
        "other_interest_reason": "Geen belang van anderen.",
        "reason": "Nog nodig voor lopende hulp.",
    }
    erasure_request_decide(erasure_request=item, **args)
    with pytest.raises(ValidationError, match="already"):
        erasure_request_decide(erasure_request=item, **args)


def test_an_open_request_lapses_when_the_retention_term_destroys_the_file(
    closed_case, vt_worker, time_machine
):
    from ketenzicht.retention.tests.test_services_retention import TWENTY_YEARS_AND_A_DAY

    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    item = register(case, vt_worker, requester_relation="parent", requester_name="Dhr. Jansen")
    retention_run()
    item.refresh_from_db()
    assert item.status == RequestStatus.LAPSED
    assert item.requester_name == "" and item.person_id is None
