from __future__ import annotations

import pytest

from ketenzicht.api.handover_services import HANDOVER_ACCOUNT_PREFIX
from ketenzicht.api.services import api_client_create
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.models import CaseEvent, Handover, HandoverStatus
from ketenzicht.casework.services import handover_offer
from ketenzicht.casework.states import State
from ketenzicht.intake.models import ReportPerson
from ketenzicht.plans.models import ParticipationReport
from ketenzicht.plans.services import plan_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/handovers"


def _client(organisation, client_id, scopes):
    client, token = api_client_create(
        name=client_id, organisation=organisation, client_id=client_id, scopes=scopes
    )
    client.token = token
    return client


@pytest.fixture
def team_system(local_team_a):
    """The own case system of the local team of Dordrecht (the receiver of the handovers)."""
    return _client(local_team_a, "wijkteam-a", ["handovers:read", "handovers:write"])


@pytest.fixture
def team_reader(local_team_a):
    return _client(local_team_a, "wijkteam-a-lezer", ["handovers:read"])


@pytest.fixture
def other_team_system(local_team_b):
    return _client(local_team_b, "wijkteam-b", ["handovers:read", "handovers:write"])


@pytest.fixture
def offered(make_case, advance_case):
    """A case handed over to local team A, the offer still open."""
    case = advance_case(make_case(), "handover_offered")
    return case.handovers.get()


def _error(response):
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) == 1
    return body["errors"][0]


def _mark() -> int:
    """The last access-log entry so far (the log is append-only: tests read what follows)."""
    last = AccessLogEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


def _entries(after: int, **filters):
    return list(AccessLogEntry.objects.filter(pk__gt=after, **filters).order_by("pk"))


# --- reading ------------------------------------------------------------------------------------


def test_the_list_holds_the_handovers_to_the_own_organisation_open_first(
    call, team_system, make_case, advance_case, local_team_b, vt_worker, offered
):
    answered = advance_case(make_case(), "monitoring").handovers.get()
    elsewhere = advance_case(make_case(), "handover_refused")
    handover_offer(
        case=elsewhere,
        actor=vt_worker,
        target="local_team",
        organisation=local_team_b,
        summary="Opnieuw aangeboden, nu aan Zwijndrecht.",
    )
    mark = _mark()

    response = call("GET", URL, token=team_system.token)

    assert response.status_code == 200
    body = response.json()
    # The refused handover of the third case was to team A too; the new offer went to team B.
    ids = [item["id"] for item in body["results"]]
    refused = elsewhere.handovers.get(organisation=team_system.organisation)
    assert ids[0] == offered.pk
    assert set(ids) == {offered.pk, answered.pk, refused.pk}
    assert body["count"] == 3
    first = body["results"][0]
    assert first == {
        "id": offered.pk,
        "case_reference": offered.case.reference,
        "veilig_thuis": offered.case.organisation.name,
        "target": "local_team",
        "offered_at": first["offered_at"],
        "status": "offered",
        "municipality": {"code": "GM0505", "name": "Dordrecht"},
        "responded_at": None,
        "plan_reference": None,
    }
    (entry,) = _entries(mark)
    assert entry.action == AccessAction.SEARCH
    assert entry.user == team_system.user
    assert set(entry.case_ids) == {offered.case_id, answered.case_id, refused.case_id}


def test_the_list_filters_by_status(call, team_system, make_case, advance_case, offered):
    advance_case(make_case(), "monitoring")

    response = call("GET", f"{URL}?status=offered", token=team_system.token)

    assert [item["id"] for item in response.json()["results"]] == [offered.pk]


def test_an_unknown_status_is_refused_in_the_error_shape(call, team_system):
    response = call("GET", f"{URL}?status=lost", token=team_system.token)

    assert response.status_code == 400
    assert _error(response)["field"] == "status"
    assert _error(response)["code"] == "invalid_choice"


def test_the_list_is_paginated(call, team_system, offered):
    response = call("GET", f"{URL}?page_size=1&page=2", token=team_system.token)

    assert response.status_code == 404  # one handover: no second page
    assert _error(response)["code"] == "not_found"


def test_one_handover_shows_what_the_handover_page_shows(call, team_system, offered):
    report = offered.case.report
    mark = _mark()

    response = call("GET", f"{URL}/{offered.pk}", token=team_system.token)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "offered"
    assert body["household"] == {
        "street": "Voorstraat",
        "house_number": "12",
        "house_number_suffix": "",
        "postcode": "3311 AB",
        "city": "Dordrecht",
    }
    assert body["kinds"] == ["child_witnessing", "partner_violence"]
    assert body["safety_conditions"] == "Vader woont tijdelijk elders."
    assert body["assessment_summary"] == offered.assessment_summary
    assert body["offered_by"] == str(offered.offered_by)
    people = list(report.involved.select_related("person").order_by("pk"))
    assert [(p["surname"], p["role"]) for p in body["people"]] == [
        (i.person.surname, i.role) for i in people
    ]
    # Need-to-know: never the BSN, the reporter or what was reported.
    text = response.content.decode()
    assert "bsn" not in text
    assert report.reporter_name not in text
    assert report.summary not in text
    (entry,) = _entries(mark)
    assert entry.action == AccessAction.VIEW
    assert entry.case_ids == [offered.case_id]
    assert set(entry.person_ids) == {i.person_id for i in people}
    assert entry.household_ids == [report.household_id]


def test_a_handover_to_another_organisation_is_not_found_and_logged(
    call, other_team_system, offered
):
    mark = _mark()

    response = call("GET", f"{URL}/{offered.pk}", token=other_team_system.token)

    assert response.status_code == 404
    assert _error(response) == {
        "field": None,
        "code": "not_found",
        "message": "No handover to this client's organisation has this id.",
    }
    (entry,) = _entries(mark)
    assert entry.action == AccessAction.DENIED
    assert entry.user == other_team_system.user
    assert entry.case_ids == []
    assert "404" in entry.detail


@pytest.mark.parametrize("handover_id", ["0", "2147483648", "99999999999999999999"])
def test_an_impossible_id_is_not_found(call, team_system, handover_id):
    response = call("GET", f"{URL}/{handover_id}", token=team_system.token)

    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_client_without_the_handover_scopes_is_refused(call, police_client, offered):
    assert call("GET", URL, token=police_client.token).status_code == 403
    response = call("POST", f"{URL}/{offered.pk}/accept", token=police_client.token, data={})
    assert response.status_code == 403
    assert _error(response)["code"] == "permission_denied"


def test_a_reader_cannot_answer(call, team_reader, offered):
    response = call("POST", f"{URL}/{offered.pk}/accept", token=team_reader.token, data={})

    assert response.status_code == 403
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.OFFERED


# --- answering ----------------------------------------------------------------------------------


def test_accepting_takes_the_handover_over_through_the_casework_service(call, team_system, offered):
    mark = _mark()

    response = call(
        "POST",
        f"{URL}/{offered.pk}/accept",
        token=team_system.token,
        data={"note": "Wij pakken het op."},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["response_reason"] == "Wij pakken het op."
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.ACCEPTED
    account = offered.responded_by
    assert account.username == f"{HANDOVER_ACCOUNT_PREFIX}{team_system.organisation_id}"
    assert account.organisation == team_system.organisation
    assert not account.is_active and not account.has_usable_password()
    assert offered.case.state == State.MONITORING
    assert CaseEvent.objects.filter(
        case=offered.case, actor=account, to_state="monitoring"
    ).exists()
    planned = 2 if offered.monitoring_follows else 0
    assert offered.case.tasks.filter(kind="monitoring").count() == planned
    # One entry by the handover account (the service), one by the client: both EDIT.
    edits = _entries(mark, action=AccessAction.EDIT)
    assert {e.user_id for e in edits} == {account.pk, team_system.user_id}
    client_entry = next(e for e in edits if e.user_id == team_system.user_id)
    assert client_entry.case_ids == [offered.case_id]
    assert set(client_entry.person_ids) == set(
        ReportPerson.objects.filter(report=offered.case.report).values_list("person_id", flat=True)
    )
    assert "accepted" in client_entry.detail
    assert not _entries(mark, action=AccessAction.DENIED)


def test_an_answered_handover_cannot_be_answered_again(call, team_system, offered):
    call("POST", f"{URL}/{offered.pk}/accept", token=team_system.token, data={})
    events = CaseEvent.objects.count()

    again = call("POST", f"{URL}/{offered.pk}/accept", token=team_system.token, data={})
    refuse = call(
        "POST", f"{URL}/{offered.pk}/refuse", token=team_system.token, data={"reason": "Toch niet."}
    )

    assert again.status_code == refuse.status_code == 409
    assert _error(again)["code"] == "already_answered"
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.ACCEPTED
    assert CaseEvent.objects.count() == events


def test_refusing_needs_a_reason(call, team_system, offered):
    for data in ({}, {"reason": "   "}):
        response = call("POST", f"{URL}/{offered.pk}/refuse", token=team_system.token, data=data)
        assert response.status_code == 400
        assert _error(response)["field"] == "reason"
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.OFFERED


def test_refusing_returns_the_handover_to_veilig_thuis(call, team_system, offered):
    response = call(
        "POST",
        f"{URL}/{offered.pk}/refuse",
        token=team_system.token,
        data={"reason": "Geen capaciteit deze maand."},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.REFUSED
    assert offered.response_reason == "Geen capaciteit deze maand."
    assert offered.case.state == State.HANDOVER_REFUSED


def test_an_unknown_field_is_refused_and_nothing_changes(call, team_system, offered):
    response = call(
        "POST", f"{URL}/{offered.pk}/accept", token=team_system.token, data={"notitie": "x"}
    )

    assert response.status_code == 400
    assert _error(response)["field"] == "notitie"
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.OFFERED


def test_another_organisations_handover_cannot_be_answered(call, other_team_system, offered):
    response = call(
        "POST", f"{URL}/{offered.pk}/refuse", token=other_team_system.token, data={"reason": "x"}
    )

    assert response.status_code == 404
    offered.refresh_from_db()
    assert offered.status == HandoverStatus.OFFERED
    assert AccessLogEntry.objects.filter(
        user=other_team_system.user, action=AccessAction.DENIED
    ).exists()


# --- after the handover: participation reports on the plan ----------------------------------------


def test_a_participation_report_needs_a_plan_drawn_up_from_the_handover(call, team_system, offered):
    call("POST", f"{URL}/{offered.pk}/accept", token=team_system.token, data={})

    response = call(
        "POST", f"{URL}/{offered.pk}/participation", token=team_system.token, data={"kind": "start"}
    )

    assert response.status_code == 400
    assert _error(response)["code"] == "no_plan"
    assert not ParticipationReport.objects.exists()


def test_the_receiving_organisation_reports_on_the_help_to_the_case_director(
    call, team_system, offered, pro_a
):
    call("POST", f"{URL}/{offered.pk}/accept", token=team_system.token, data={})
    plan = plan_create(handover=Handover.objects.get(pk=offered.pk), actor=pro_a)

    response = call(
        "POST",
        f"{URL}/{offered.pk}/participation",
        token=team_system.token,
        data={"kind": "start", "note": "Eerste gesprek gevoerd."},
    )

    assert response.status_code == 201
    report = ParticipationReport.objects.get()
    assert response.json() == {
        "id": report.pk,
        "plan_reference": plan.reference,
        "kind": "start",
        "note": "Eerste gesprek gevoerd.",
        "reported_at": response.json()["reported_at"],
    }
    assert report.plan == plan
    assert report.organisation == team_system.organisation
    assert report.reported_by.username.startswith(HANDOVER_ACCOUNT_PREFIX)
    listed = call("GET", f"{URL}/{offered.pk}", token=team_system.token).json()
    assert listed["plan_reference"] == plan.reference


def test_a_participation_report_follows_the_plans_rules(call, team_system, offered, pro_a):
    call("POST", f"{URL}/{offered.pk}/accept", token=team_system.token, data={})
    plan_create(handover=Handover.objects.get(pk=offered.pk), actor=pro_a)

    unknown = call(
        "POST", f"{URL}/{offered.pk}/participation", token=team_system.token, data={"kind": "x"}
    )
    no_note = call(
        "POST",
        f"{URL}/{offered.pk}/participation",
        token=team_system.token,
        data={"kind": "break_off"},
    )

    assert unknown.status_code == no_note.status_code == 400
    assert _error(unknown)["field"] == "kind"
    assert _error(no_note)["field"] == "note"
    assert not ParticipationReport.objects.exists()
