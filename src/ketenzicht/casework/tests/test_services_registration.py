"""report_register, advice_request_convert and case_assign."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.casework import services
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import CaseEvent, TaskKind, TermConfiguration
from ketenzicht.casework.states import State
from ketenzicht.common.models import ClosingDay
from ketenzicht.intake.models import AdviceRequest, Household, Person, Report
from ketenzicht.intake.services import AddressInput, advice_request_register
from ketenzicht.intake.tests.factories import child, victim_adult

from .utils import eod, events_of, open_tasks, row_counts

# --- report_register --------------------------------------------------------------------------


def test_it_stores_the_report_with_its_reporter_and_kinds(make_case, intake_worker, vt_org):
    case = make_case(reporter_shielded=True, meldcode_step=5, reporter_keeps_helping=True)
    report = case.report
    assert report.organisation == vt_org
    assert report.registered_by == intake_worker
    assert report.reporter_name == "Juf de Vries"
    assert report.reporter_shielded is True
    assert report.meldcode_step == 5
    assert report.kinds == ["child_witnessing", "partner_violence"]
    assert report.reference == f"M{report.pk:07d}"


def test_it_stores_the_people_with_their_roles_in_one_household(make_case, municipality_a):
    case = make_case()
    household = case.report.household
    assert household.municipality == municipality_a
    assert household.postcode == "3311 AB"
    roles = sorted(case.report.involved.values_list("role", flat=True))
    assert roles == ["child_in_household", "victim"]
    members = list(household.members.all())
    assert len(members) == 2
    # people without an own address live at the household's address
    assert {m.postcode for m in members} == {"3311 AB"}
    assert {m.municipality_id for m in members} == {municipality_a.pk}


def test_it_normalises_postcodes_and_surname_prefixes(make_case):
    case = make_case(
        household_address=AddressInput(street="Singel", house_number="3", postcode="3311ab"),
        people=[victim_adult(surname="Berg", surname_prefix="Van Den")],
    )
    person = case.report.involved.get().person
    assert case.report.household.postcode == "3311 AB"
    assert person.surname_prefix == "van den"
    assert person.full_name == "Anna van den Berg"


def test_it_opens_a_registered_case_with_the_five_working_day_assessment_term(
    make_case, monday, vt_org
):
    case = make_case(received_at=monday)
    assert case.state == State.REGISTERED
    assert case.is_open
    assert case.organisation == vt_org
    assert case.opened_at == monday
    assert case.assessment_due_at == eod(2026, 3, 16)
    assert case.next_due_at == eod(2026, 3, 16)
    assert case.next_due_label == "assessment"


def test_an_acute_report_must_be_assessed_within_24_hours(make_case, monday):
    case = make_case(urgency="acute", received_at=monday)
    assert case.assessment_due_at == monday + timedelta(hours=24)
    assert case.report.is_acute


def test_the_assessment_term_counts_from_receipt_not_from_registration(make_case, monday):
    case = make_case(received_at=datetime(2026, 3, 6, 16, 0, tzinfo=AMSTERDAM))  # Friday
    assert case.assessment_due_at == eod(2026, 3, 13)


def test_configured_closing_days_extend_the_assessment_term(make_case, monday):
    ClosingDay.objects.create(day=date(2026, 3, 11), description="Studiedag")
    case = make_case(received_at=monday)
    assert case.assessment_due_at == eod(2026, 3, 17)


def test_configured_terms_are_used(make_case, monday):
    TermConfiguration.objects.create(assessment_working_days=3, inform_involved_weeks=3)
    case = make_case(received_at=monday)
    assert case.assessment_due_at == eod(2026, 3, 12)
    assert open_tasks(case, TaskKind.INFORM_INVOLVED)[0].due_at == eod(2026, 3, 30)


def test_it_creates_the_task_to_inform_the_people_involved_within_four_weeks(make_case, monday):
    case = make_case(received_at=monday)
    [task] = open_tasks(case)
    assert task.kind == TaskKind.INFORM_INVOLVED
    assert task.due_at == eod(2026, 4, 6)


def test_it_records_a_registered_event(make_case, intake_worker):
    case = make_case(urgency="acute")
    [event] = events_of(case)
    assert event.kind == "registered"
    assert event.actor == intake_worker
    assert event.from_state == ""
    assert event.to_state == State.REGISTERED
    assert event.data == {"urgency": "acute", "advice_request": None}


def test_it_may_assign_the_case_at_once(make_case, vt_worker):
    assert make_case(assign_to=vt_worker).assigned_to == vt_worker


def test_an_anonymous_citizen_needs_no_name(make_case):
    case = make_case(reporter_role="anonymous_citizen", reporter_name="")
    assert case.report.reporter_name == ""


def test_a_known_person_is_reused_for_a_new_report(make_case):
    first = make_case()
    victim = first.report.involved.get(role="victim").person
    second = make_case(
        people=[victim_adult(existing_person_id=victim.pk), child(surname="Jansen")],
        household_address=AddressInput(street="Singel", house_number="3", postcode="3311 CD"),
    )
    assert second.report.involved.get(role="victim").person == victim
    assert victim.households.count() == 2
    assert Person.objects.filter(surname__startswith="Jansen").count() == 3


def test_a_valid_bsn_is_stored(make_case):
    case = make_case(people=[victim_adult(bsn="111222333")])
    assert case.report.involved.get().person.bsn == "111222333"


BAD_INPUT = {
    "no people": {"people": []},
    "invalid BSN (eleven test)": {"people": [victim_adult(bsn="123456789")]},
    "BSN of eight digits": {"people": [victim_adult(bsn="12345678")]},
    "bad household postcode": {
        "household_address": AddressInput(street="Voorstraat", house_number="1", postcode="0311 AB")
    },
    "postcode without house number": {
        "household_address": AddressInput(street="Voorstraat", postcode="3311 AB")
    },
    "house number with letters": {
        "household_address": AddressInput(house_number="12a", postcode="3311 AB")
    },
    "bad postcode of a person": {
        "people": [victim_adult(address=AddressInput(house_number="4", postcode="ABCD 12"))]
    },
    "unknown kind of violence": {"kinds": ["smacking"]},
    "no kind of violence": {"kinds": []},
    "the same kind twice": {"kinds": ["partner_violence", "partner_violence"]},
    "unknown urgency": {"urgency": "urgent"},
    "unknown channel": {"channel": "pigeon"},
    "unknown reporter role": {"reporter_role": "psychic"},
    "a named reporter without a name": {"reporter_name": "  "},
    "unknown Meldcode step": {"meldcode_step": 9},
    "empty summary": {"summary": " "},
    "unknown person role": {"people": [victim_adult(role="bystander")]},
    "person without surname": {"people": [victim_adult(surname=" ")]},
    "date of birth in the future": {
        "people": [victim_adult(date_of_birth=date.today() + timedelta(days=30))]
    },
    "date of birth too long ago": {"people": [victim_adult(date_of_birth=date(1850, 1, 1))]},
    "non-existing known person": {"people": [victim_adult(existing_person_id=999_999)]},
}


@pytest.mark.parametrize("override", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_it_refuses_bad_input_and_writes_nothing(make_case, override):
    before = row_counts()
    with pytest.raises(ValidationError):
        make_case(**override)
    assert row_counts() == before


def test_it_refuses_a_municipality_of_another_region_and_writes_nothing(
    make_case, other_municipality
):
    before = row_counts()
    with pytest.raises(ValidationError) as info:
        make_case(municipality=other_municipality)
    assert "municipality" in info.value.message_dict
    assert row_counts() == before


def test_it_refuses_a_report_received_in_the_future_and_writes_nothing(make_case):
    before = row_counts()
    with pytest.raises(ValidationError) as info:
        make_case(received_at=timezone.now() + timedelta(hours=1))
    assert "received_at" in info.value.message_dict
    assert row_counts() == before


def test_it_refuses_a_naive_time_of_receipt_and_writes_nothing(make_case):
    before = row_counts()
    with pytest.raises(ValidationError):
        make_case(received_at=datetime(2026, 3, 9, 10, 0))
    assert row_counts() == before


@pytest.mark.parametrize(
    "actor", ["pro_a", "policy_officer", "administrator", "outsider", "other_vt_worker"]
)
def test_only_staff_of_this_veilig_thuis_may_register_a_report(make_case, request, actor):
    user = request.getfixturevalue(actor)
    before = row_counts()
    with pytest.raises(ValidationError):
        make_case(registered_by=user)
    assert row_counts() == before


def test_it_refuses_to_assign_to_someone_outside_this_veilig_thuis(make_case, pro_a):
    before = row_counts()
    with pytest.raises(ValidationError):
        make_case(assign_to=pro_a)
    assert row_counts() == before


def test_every_error_is_reported_at_once_per_field(make_case):
    with pytest.raises(ValidationError) as info:
        make_case(kinds=[], summary="", people=[])
    assert {"kinds", "summary", "people"} <= set(info.value.message_dict)


# --- advice_request_convert -------------------------------------------------------------------


@pytest.fixture
def advice_request(vt_org, intake_worker, municipality_a):
    return advice_request_register(
        organisation=vt_org,
        handled_by=intake_worker,
        received_at=timezone.now() - timedelta(days=2),
        channel="phone",
        reporter_role="gp",
        question="Een moeder vertelt over geweld door haar partner. Wat kan ik doen?",
        advice="Bespreek veiligheid; overweeg een melding.",
        kinds=["partner_violence"],
        municipality=municipality_a,
    )


def convert(advice_request, actor, municipality):
    return services.advice_request_convert(
        advice_request=advice_request,
        registered_by=actor,
        received_at=timezone.now(),
        reporter_name="Dr. Bakker",
        urgency="regular",
        municipality=municipality,
        household_address=AddressInput(street="Voorstraat", house_number="8", postcode="3311 AB"),
        people=[victim_adult(), child()],
        summary="Na de adviesvraag besluit de huisarts te melden.",
    )


def test_converting_an_advice_request_keeps_the_link_both_ways(
    advice_request, intake_worker, municipality_a
):
    case = convert(advice_request, intake_worker, municipality_a)
    assert case.report.advice_request == advice_request
    advice_request.refresh_from_db()
    assert advice_request.report == case.report
    assert AdviceRequest.objects.filter(pk=advice_request.pk).exists()


def test_a_converted_report_takes_the_kinds_role_and_channel_of_the_advice_request(
    advice_request, intake_worker, municipality_a
):
    report = convert(advice_request, intake_worker, municipality_a).report
    assert report.kinds == ["partner_violence"]
    assert report.reporter_role == "gp"
    assert report.channel == "phone"


def test_a_conversion_is_recorded_in_the_history(advice_request, intake_worker, municipality_a):
    case = convert(advice_request, intake_worker, municipality_a)
    events = events_of(case)
    assert [e.kind for e in events] == ["registered", "converted_from_advice"]
    assert events[0].data["advice_request"] == advice_request.pk
    assert events[1].data == {"advice_request": advice_request.reference}


def test_an_advice_request_is_converted_only_once(advice_request, intake_worker, municipality_a):
    convert(advice_request, intake_worker, municipality_a)
    before = row_counts()
    with pytest.raises(ValidationError, match="al omgezet"):
        convert(advice_request, intake_worker, municipality_a)
    assert row_counts() == before


def test_another_veilig_thuis_cannot_convert_an_advice_request(
    advice_request, other_vt_worker, municipality_a
):
    before = row_counts()
    with pytest.raises(ValidationError):
        convert(advice_request, other_vt_worker, municipality_a)
    assert row_counts() == before


def test_a_conversion_with_bad_input_writes_nothing(advice_request, intake_worker, municipality_a):
    before = row_counts()
    with pytest.raises(ValidationError):
        services.advice_request_convert(
            advice_request=advice_request,
            registered_by=intake_worker,
            received_at=timezone.now(),
            reporter_name="Dr. Bakker",
            urgency="regular",
            municipality=municipality_a,
            household_address=AddressInput(),
            people=[],
            summary="x",
        )
    assert row_counts() == before
    assert not Report.objects.filter(advice_request=advice_request).exists()


# --- case_assign ------------------------------------------------------------------------------


def test_a_vt_worker_assigns_a_case_and_the_history_says_so(make_case, team_lead, vt_worker):
    case = services.case_assign(case=make_case(), assignee=vt_worker, actor=team_lead)
    assert case.assigned_to == vt_worker
    event = events_of(case)[-1]
    assert event.kind == "assigned"
    assert event.actor == team_lead
    assert event.data == {"from": None, "to": vt_worker.pk, "name": str(vt_worker)}


def test_a_case_can_be_unassigned(make_case, vt_worker):
    case = make_case(assign_to=vt_worker)
    case = services.case_assign(case=case, assignee=None, actor=vt_worker)
    assert case.assigned_to is None


@pytest.mark.parametrize("assignee", ["pro_a", "other_vt_worker", "policy_officer"])
def test_a_case_is_only_assigned_to_staff_of_its_veilig_thuis(
    make_case, team_lead, request, assignee
):
    case = make_case()
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError):
        services.case_assign(case=case, assignee=request.getfixturevalue(assignee), actor=team_lead)
    case.refresh_from_db()
    assert case.assigned_to is None
    assert CaseEvent.objects.count() == before


@pytest.mark.parametrize("actor", ["pro_a", "other_vt_worker", "outsider"])
def test_only_staff_of_its_veilig_thuis_assign_a_case(make_case, vt_worker, request, actor):
    case = make_case()
    with pytest.raises(ValidationError):
        services.case_assign(case=case, assignee=vt_worker, actor=request.getfixturevalue(actor))


def test_a_closed_case_is_not_assigned(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "closed")
    with pytest.raises(ValidationError):
        services.case_assign(case=case, assignee=vt_worker, actor=vt_worker)


def test_a_household_is_created_once_per_report(make_case):
    make_case()
    make_case()
    assert Household.objects.count() == 2


def test_a_person_known_only_to_another_veilig_thuis_cannot_be_linked(make_case, other_case_person):
    before = row_counts()
    with pytest.raises(ValidationError) as info:
        make_case(people=[victim_adult(existing_person_id=other_case_person.pk)])
    assert "people" in info.value.message_dict
    assert row_counts() == before


@pytest.fixture
def other_case_person(other_case):
    return other_case.report.involved.get().person
