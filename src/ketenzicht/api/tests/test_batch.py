"""POST /api/v1/reports/batch: many reports in one call, registered together, all or nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from ketenzicht.api.models import ApiReport
from ketenzicht.api.serializers import BATCH_MAX_REPORTS
from ketenzicht.api.tests.conftest import submission
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.audit.verify import verify_chain
from ketenzicht.casework.models import Case, CaseEvent, Task, TaskKind
from ketenzicht.hooks.models import EventType, WebhookDelivery, WebhookEvent
from ketenzicht.intake.models import Household, Person, Report, ReportPerson
from ketenzicht.linkage.models import PersonKey

URL = "/api/v1/reports/batch"


def _people(surname: str) -> list[dict[str, str]]:
    return [
        {"surname": surname, "first_names": "Anna", "role": "victim", "sex": "F"},
        {"surname": surname, "first_names": "Piet", "role": "alleged_perpetrator"},
    ]


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Report,
            Case,
            Household,
            Person,
            ReportPerson,
            PersonKey,
            CaseEvent,
            Task,
            ApiReport,
            WebhookEvent,
            AccessLogEntry,
        )
    }


@pytest.mark.django_db
def test_a_batch_registers_every_report_as_one_submission_would(
    call, police_client, vt_org, other_vt_org, other_municipality
):
    reports = [
        submission(people=_people("Jansen")),
        submission(people=_people("Bakker"), urgency="acute"),
        submission(people=_people("Visser"), municipality="GM0599"),
    ]
    before = AccessLogEntry.objects.count()

    response = call("POST", URL, token=police_client.token, data={"reports": reports})

    assert response.status_code == 201, response.json()
    answers = response.json()["reports"]
    assert [answer["created"] for answer in answers] == [True, True, True]
    assert [answer["report"]["message_id"] for answer in answers] == [
        r["message_id"] for r in reports
    ]
    for answer, sent in zip(answers, reports, strict=True):
        report = Report.objects.get(pk=int(answer["report"]["reference"][1:]))
        assert ApiReport.objects.get(report=report).message_id == sent["message_id"]
        assert (
            sorted(report.involved.values_list("person__surname", flat=True))
            == [sent["people"][0]["surname"]] * 2
        )
        case = report.case
        assert case.events.get().kind == "registered"
        assert case.tasks.get().kind == TaskKind.INFORM_INVOLVED
        assert case.next_due_label == "assessment"
        assert answer["report"]["status"] == "received"
    # Each report lands at the Veilig Thuis of its own municipality's region.
    assert Report.objects.get(pk=int(answers[2]["report"]["reference"][1:])).organisation == (
        other_vt_org
    )
    acute, regular = (
        Case.objects.get(report_id=int(answers[i]["report"]["reference"][1:])) for i in (1, 0)
    )
    assert acute.assessment_due_at < regular.assessment_due_at
    assert PersonKey.objects.filter(person__surname="Visser").exists()
    # Two entries a report (the registration's and the client's), in one run of the chain.
    assert AccessLogEntry.objects.count() == before + 2 * len(reports)
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.EDIT, detail__startswith="api politie report submitted"
        ).count()
        == 3
    )
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_subscriber_is_told_of_every_report_of_the_batch(
    call, police_client, vt_org, police_subscription
):
    subscription = police_subscription
    response = call(
        "POST", URL, token=police_client.token, data={"reports": [submission(), submission()]}
    )

    assert response.status_code == 201, response.json()
    references = {answer["report"]["reference"] for answer in response.json()["reports"]}
    deliveries = WebhookDelivery.objects.filter(subscription=subscription)
    assert {delivery.event.subject for delivery in deliveries} == references
    assert {delivery.event.type for delivery in deliveries} == {EventType.REPORT_RECEIVED}


@pytest.mark.django_db
def test_one_bad_report_refuses_the_whole_batch_and_names_it(call, police_client, vt_org):
    bad_people = submission(people=[{"surname": "", "role": "victim"}])
    unknown_place = submission(municipality="GM9999")
    before = _counts()

    response = call(
        "POST",
        URL,
        token=police_client.token,
        data={"reports": [submission(), bad_people, submission()]},
    )

    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert "reports.1.people.0.surname" in fields
    assert all(field.startswith("reports.1.") for field in fields)

    response = call(
        "POST",
        URL,
        token=police_client.token,
        data={"reports": [submission(), unknown_place]},
    )

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["reports.1.municipality"]
    after = _counts()
    assert {k: v for k, v in after.items() if k != "AccessLogEntry"} == {
        k: v for k, v in before.items() if k != "AccessLogEntry"
    }
    # Only the two refusals are logged.
    assert after["AccessLogEntry"] == before["AccessLogEntry"] + 2
    assert AccessLogEntry.objects.order_by("-sequence").first().action == AccessAction.DENIED


@pytest.mark.django_db
def test_a_service_refusal_names_its_report_and_writes_nothing(call, police_client, vt_org):
    # Valid for the serializer, refused by report_register: a receipt date to come.
    later = (timezone.now() + timedelta(days=2)).isoformat()
    before = _counts()

    response = call(
        "POST",
        URL,
        token=police_client.token,
        data={"reports": [submission(), submission(), submission(received_at=later)]},
    )

    assert response.status_code == 400, response.json()
    assert {error["field"] for error in response.json()["errors"]} == {"reports.2.received_at"}
    assert _counts()["Report"] == before["Report"]
    assert _counts()["ApiReport"] == before["ApiReport"]


@pytest.mark.django_db
def test_resends_in_and_across_batches_register_each_message_once(call, police_client, vt_org):
    first, second = submission(), submission()
    response = call("POST", URL, token=police_client.token, data={"reports": [first, first]})

    assert response.status_code == 201, response.json()
    answers = response.json()["reports"]
    assert [answer["created"] for answer in answers] == [True, False]
    assert answers[0]["report"]["reference"] == answers[1]["report"]["reference"]

    response = call("POST", URL, token=police_client.token, data={"reports": [second, first]})

    assert response.status_code == 201
    answers = response.json()["reports"]
    assert [answer["created"] for answer in answers] == [True, False]
    assert Report.objects.count() == 2

    response = call("POST", URL, token=police_client.token, data={"reports": [first, second]})

    assert response.status_code == 200
    assert [answer["created"] for answer in response.json()["reports"]] == [False, False]
    assert Report.objects.count() == ApiReport.objects.count() == 2
    # The single endpoint sees the batch's message ids too.
    response = call("POST", "/api/v1/reports", token=police_client.token, data=first)
    assert response.status_code == 200
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_different_content_under_one_message_id_is_refused(call, police_client, vt_org):
    first = submission()
    changed = {**first, "summary": "Iets anders."}
    before = Report.objects.count()

    response = call("POST", URL, token=police_client.token, data={"reports": [first, changed]})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "reports.1.message_id",
            "code": "message_id_reused",
            "message": "This message id is used twice in the batch.",
        }
    ]
    assert Report.objects.count() == before

    assert (
        call("POST", URL, token=police_client.token, data={"reports": [first]}).status_code == 201
    )
    response = call("POST", URL, token=police_client.token, data={"reports": [changed]})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reports.0.message_id"
    assert response.json()["errors"][0]["code"] == "message_id_reused"


@pytest.mark.django_db
def test_a_batch_is_not_empty_nor_larger_than_the_cap(call, police_client, vt_org):
    response = call("POST", URL, token=police_client.token, data={"reports": []})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reports"

    reports = [submission() for _ in range(BATCH_MAX_REPORTS + 1)]
    response = call("POST", URL, token=police_client.token, data={"reports": reports})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reports"
    assert Report.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("nobody", 401), ("reader_client", 403), ("team_client", 201), ("police_client", 201)],
)
def test_a_batch_needs_a_token_with_the_create_scope(request, call, vt_org, who, status):
    token = request.getfixturevalue(who).token if who != "nobody" else None
    response = call("POST", URL, token=token, data={"reports": [submission()]})

    assert response.status_code == status
    assert Report.objects.count() == (1 if status == 201 else 0)
    if status != 201:
        assert AccessLogEntry.objects.get().action == AccessAction.DENIED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_overlapping_batches_register_each_message_once(police_client):
    shared = [submission() for _ in range(5)]
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    statuses: list[int] = []
    lock = threading.Lock()

    def send(own: dict[str, object]) -> None:
        try:
            barrier.wait()
            response = Client().post(
                URL,
                data={"reports": [*shared, own]},
                content_type="application/json",
                headers={"Authorization": f"Bearer {police_client.token}"},
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=send, args=(submission(),)) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [201] * threads_count
    assert Report.objects.count() == len(shared) + threads_count
    assert ApiReport.objects.values("message_id").distinct().count() == len(shared) + threads_count


@pytest.mark.django_db
def test_a_body_over_the_size_limit_is_refused_clearly(call, police_client, vt_org, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    reports = [submission(summary="x" * 5_000) for _ in range(3)]

    response = call("POST", URL, token=police_client.token, data={"reports": reports})

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "request_too_large"
    assert Report.objects.count() == 0
