"""A report's whole journey through the web pages, as the personas would click it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ketenzicht.casework.models import Case, CaseEvent, Handover, Task, TaskKind
from ketenzicht.casework.states import State
from ketenzicht.intake.models import AdviceRequest, Person, Report
from ketenzicht.testing import report_form_data

pytestmark = pytest.mark.django_db


def test_a_worker_takes_a_report_from_intake_to_closure_through_the_pages(
    client, intake_worker, vt_worker, team_lead, pro_a, local_team_a, municipality_a
):
    client.force_login(intake_worker)
    response = client.post(reverse("intake:report_new"), report_form_data(municipality_a))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert response["Location"] == reverse("casework:detail", args=[case.pk])
    assert case.report.involved.count() == 2
    assert case.report.household.postcode == "3311 AB"

    client.force_login(vt_worker)
    page = client.get(reverse("casework:detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Fatima Bakker" in page.content.decode()
    response = client.post(
        reverse("casework:assessment", args=[case.pk]),
        {
            "acute_unsafety": "no",
            "structural_unsafety": "yes",
            "risk_factors": ["earlier_violence", "young_children"],
            "considerations": "Herhaald partnergeweld, kinderen getuige.",
            "outcome": "unstable",
            "decision": "handover",
            "handover_target": "local_team",
            "handover_organisation": str(local_team_a.pk),
            "safety_conditions": "Geen geweld in het bijzijn van de kinderen.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.state == State.REVIEW

    # The proposer cannot review their own proposal; a team lead can.
    own = client.post(reverse("casework:review", args=[case.pk]), {"verdict": "approve"})
    assert own.status_code == 422
    client.force_login(team_lead)
    response = client.post(reverse("casework:review", args=[case.pk]), {"verdict": "approve"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.HANDOVER_OFFERED

    client.force_login(pro_a)
    inbox = client.get(reverse("casework:inbox"))
    handover = Handover.objects.get(case=case)
    assert reverse("casework:handover_detail", args=[handover.pk]) in inbox.content.decode()
    response = client.post(reverse("casework:handover_accept", args=[handover.pk]), {"note": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.MONITORING
    assert case.tasks.filter(kind=TaskKind.MONITORING).count() == 2

    client.force_login(vt_worker)
    feedback = Task.objects.get(case=case, kind=TaskKind.FEEDBACK_DECISION)
    response = client.post(
        reverse("casework:task_complete", args=[feedback.pk]),
        {"outcome": "Melder gebeld: overdracht aan het sociaal team."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("casework:monitoring", args=[case.pk]),
        {
            "conditions_met": "yes",
            "direct_safety": "yes",
            "stable_safety": "yes",
            "recovery_attention": "yes",
            "notes": "Afspraken nagekomen, geen nieuwe incidenten.",
            "outcome": "stable",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED
    timeline = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "Afspraken nagekomen" in timeline
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[0] == "registered" and kinds[-1] == "monitoring_record"


def test_a_report_with_a_bad_bsn_shows_the_error_and_stores_nothing(
    client, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    response = client.post(
        reverse("intake:report_new"),
        report_form_data(municipality_a, **{"people-0-bsn": "123456789"}),
    )
    assert response.status_code == 422
    assert "elfproef" in response.content.decode()
    assert Report.objects.count() == 0 and Person.objects.count() == 0


def test_adding_a_person_row_keeps_what_was_entered(client, intake_worker, municipality_a):
    client.force_login(intake_worker)
    data = report_form_data(municipality_a, add_person="1")
    response = client.post(reverse("intake:report_new"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="people-2-surname"' in html
    assert 'value="Bakker"' in html
    assert "error-summary" not in html  # adding a row is not a submission
    new_row_sex = re.search(r'<select name="people-2-sex".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="X" selected>', new_row_sex)
    assert Report.objects.count() == 0


def test_a_report_with_only_one_person_and_an_empty_row_is_registered(
    client, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    data = report_form_data(municipality_a)
    for field in ("role", "first_names", "surname_prefix", "surname", "date_of_birth", "bsn"):
        data[f"people-1-{field}"] = ""
    data["people-1-sex"] = "F"  # what a browser sends for an untouched select
    data["people-INITIAL_FORMS"] = "2"
    response = client.post(reverse("intake:report_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Report.objects.get().involved.count() == 1


def test_an_advice_request_with_a_date_of_birth_is_refused(client, intake_worker, municipality_a):
    client.force_login(intake_worker)
    response = client.post(
        reverse("intake:advice_new"),
        {
            "received_at": "2026-11-23T10:00",
            "channel": "phone",
            "reporter_role": "school",
            "kinds": ["child_emotional_neglect"],
            "municipality": str(municipality_a.pk),
            "question": "Leerling geboren 03-04-2015 komt vaak zonder eten naar school.",
            "advice": "Bespreek de zorgen met de ouders.",
        },
    )
    assert response.status_code == 422
    assert "geboortedatum" in response.content.decode()
    assert AdviceRequest.objects.count() == 0


def test_an_advice_request_becomes_a_report_and_keeps_its_link(
    client, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    response = client.post(
        reverse("intake:advice_new"),
        {
            "received_at": "2026-11-23T10:00",
            "channel": "phone",
            "reporter_role": "school",
            "reporter_name": "Mw. Jansen",
            "kinds": ["child_emotional_neglect"],
            "municipality": str(municipality_a.pk),
            "question": "Leerling komt vaak zonder eten naar school. Wat kan ik doen?",
            "advice": "Bespreek de zorgen met de ouders, doorloop de Meldcode.",
        },
    )
    assert response.status_code == 302
    advice = AdviceRequest.objects.get()
    form = client.get(reverse("intake:advice_convert", args=[advice.pk]))
    assert form.status_code == 200
    assert re.search(r'value="Mw. Jansen"', form.content.decode())
    data = report_form_data(
        municipality_a, reporter_role="school", reporter_name="Mw. Jansen", channel="phone"
    )
    response = client.post(reverse("intake:advice_convert", args=[advice.pk]), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.advice_request == advice
    assert report.case.events.filter(kind="converted_from_advice").exists()


def test_a_worker_finds_a_case_by_its_case_or_report_number(client, vt_worker, make_case):
    case = make_case()
    client.force_login(vt_worker)
    for reference in (case.reference, case.report.reference.lower(), f" Z{case.pk} "):
        response = client.get(reverse("casework:queue"), {"q": reference})
        assert response.status_code == 302, reference
        assert response["Location"] == reverse("casework:detail", args=[case.pk])


def test_a_case_of_another_region_cannot_be_found_by_its_number(client, other_vt_worker, make_case):
    case = make_case()
    client.force_login(other_vt_worker)
    response = client.get(reverse("casework:queue"), {"q": case.reference}, follow=True)
    assert response.redirect_chain == []
    assert "casework/queue.html" in [t.name for t in response.templates]
    assert reverse("casework:detail", args=[case.pk]) not in response.content.decode()


def test_a_team_lead_sees_the_decisions_awaiting_review(client, team_lead, make_case, advance_case):
    waiting = advance_case(make_case(), "review")
    other = make_case()
    client.force_login(team_lead)
    html = client.get(reverse("casework:queue"), {"view": "review"}).content.decode()
    assert reverse("casework:detail", args=[waiting.pk]) in html
    assert reverse("casework:detail", args=[other.pk]) not in html


def test_assign_to_me_puts_the_case_in_my_queue(client, vt_worker, make_case):
    case = make_case()
    client.force_login(vt_worker)
    page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert f'name="assignee" value="{vt_worker.pk}"' in page
    response = client.post(reverse("casework:assign", args=[case.pk]), {"assignee": vt_worker.pk})
    assert response.status_code == 302
    mine = client.get(reverse("casework:queue"), {"view": "mine"}).content.decode()
    assert reverse("casework:detail", args=[case.pk]) in mine
