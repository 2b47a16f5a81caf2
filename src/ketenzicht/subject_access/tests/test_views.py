"""Subject access (inzageverzoek): a team lead downloads everything about one person as JSON and
PDF; other people's data and a shielded reporter are left out; every download is logged."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.audit.services import access_record
from ketenzicht.intake.models import Person
from ketenzicht.intake.tests.factories import child, victim_adult
from ketenzicht.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(make_case, vt_worker):
    """Fatima (BSN 111222333) reported twice by a shielded reporter, with her partner Mark
    (BSN 123456782) and son Sem; one unrelated report about someone else."""
    people = [
        victim_adult(first_names="Fatima", surname="Yilmaz", bsn="111222333"),
        victim_adult(
            first_names="Mark", surname="de Boer", bsn="123456782", role="alleged_perpetrator"
        ),
        child(first_names="Sem", surname="de Boer"),
    ]
    first = make_case(
        people=people,
        reporter_name="Juf Annelies Verborgen",
        reporter_organisation="Basisschool De Geheime Tuin",
        reporter_shielded=True,
    )
    fatima = Person.objects.get(first_names="Fatima")
    second = make_case(
        people=[victim_adult(first_names="Fatima", surname="Yilmaz", existing_person_id=fatima.pk)]
    )
    make_case(people=[victim_adult(first_names="Els", surname="Anders", bsn="999999990")])
    # A worker looked at Fatima, and at another file: the first is in her access log.
    access_record(request=None, action=AccessAction.VIEW, user=vt_worker, person_ids=(fatima.pk,))
    access_record(request=None, action=AccessAction.EDIT, user=vt_worker, case_ids=(first.pk,))
    access_record(request=None, action=AccessAction.VIEW, user=vt_worker, person_ids=(10_000,))
    return {"fatima": fatima, "first": first, "second": second}


def test_the_json_holds_the_person_s_reports_cases_and_the_access_log(client, team_lead, family):
    client.force_login(team_lead)
    response = client.get(reverse("subject_access:json", args=[family["fatima"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["person"]["surname"] == "Yilmaz"
    assert data["person"]["bsn"] == "111222333"  # her own BSN: yes
    references = [r["reference"] for r in data["reports"]]
    assert references == [family["first"].report.reference, family["second"].report.reference]
    assert data["reports"][0]["case"]["reference"] == family["first"].reference
    assert data["reports"][0]["case"]["history"]
    with translation.override("nl"):  # the labels as the Dutch interface gives them
        view, edit = str(AccessAction.VIEW.label), str(AccessAction.EDIT.label)
        intake, worker = str(Role.INTAKE_WORKER.label), str(Role.VT_WORKER.label)
    # Her two reports were registered (an edit each: intake logs the persons it records), then
    # the worker's look at her and the edit of her first case; not the look at someone else.
    assert [(e["action"], e["role"]) for e in data["access_log"]] == [
        (edit, intake),
        (edit, intake),
        (view, worker),
        (edit, worker),
    ]


def test_the_json_leaves_out_other_people_and_the_shielded_reporter(client, team_lead, family):
    client.force_login(team_lead)
    text = client.get(reverse("subject_access:json", args=[family["fatima"].pk])).content.decode()
    for secret in ("123456782", "999999990", "Mark", "Sem", "Anders", "Annelies", "Geheime Tuin"):
        assert secret not in text, secret
    data = json.loads(text)
    first = data["reports"][0]
    assert first["reporter"]["shielded"] is True
    assert first["reporter"]["organisation"] == ""
    assert len(first["other_people_involved"]) == 2  # their roles only
    assert set(first["other_people_involved"][0]) == {"role"}


def test_the_access_log_names_organisation_and_role_not_the_worker(
    client, team_lead, vt_worker, family
):
    client.force_login(team_lead)
    data = json.loads(
        client.get(reverse("subject_access:json", args=[family["fatima"].pk])).content
    )
    assert data["access_log"], "the worker's look at the case page is listed"
    assert all(set(e) == {"at", "action", "organisation", "role"} for e in data["access_log"])
    assert vt_worker.username not in json.dumps(data)


def test_the_pdf_renders_with_the_person_s_name_in_dutch(client, team_lead, family):
    client.force_login(team_lead)
    response = client.get(reverse("subject_access:pdf", args=[family["fatima"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Fatima" in text and "Yilmaz" in text
    assert "Uw gegevens bij Veilig Thuis" in text
    assert "123456782" not in text and "Annelies" not in text


def test_every_download_is_logged_as_subject_access(client, team_lead, family):
    client.force_login(team_lead)
    fatima = family["fatima"]
    client.get(reverse("subject_access:json", args=[fatima.pk]))
    client.get(reverse("subject_access:pdf", args=[fatima.pk]))
    entries = list(
        AccessLogEntry.objects.filter(action=AccessAction.SUBJECT_ACCESS).order_by("sequence")
    )
    assert [e.detail for e in entries] == [
        "subject access JSON (2 reports)",
        "subject access PDF (2 reports)",
    ]
    assert all(e.person_ids == [fatima.pk] and e.user == team_lead for e in entries)
    assert entries[0].case_ids == [family["first"].pk, family["second"].pk]


def test_a_team_lead_finds_the_person_by_bsn_or_by_surname_and_birth_date(
    client, team_lead, family
):
    client.force_login(team_lead)
    url = reverse("subject_access:start")
    by_bsn = client.get(url, {"bsn": "111 222 333"}).content.decode()
    assert reverse("subject_access:person", args=[family["fatima"].pk]) in by_bsn
    dob = family["fatima"].date_of_birth.isoformat()
    by_name = client.get(url, {"surname": "yilmaz", "date_of_birth": dob}).content.decode()
    assert reverse("subject_access:person", args=[family["fatima"].pk]) in by_name
    bad = client.get(url, {"bsn": "123456789"})
    assert "elfproef" in bad.content.decode()


@pytest.mark.parametrize("persona", ["vt_worker", "intake_worker", "privacy_officer", "pro_a"])
def test_only_a_team_lead_may_answer_a_request(client, request, persona, family):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("subject_access:json", args=[family["fatima"].pk])).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.SUBJECT_ACCESS).exists()


def test_a_person_of_another_organisation_is_not_found(client, family, other_vt_org):
    from ketenzicht.organisations.tests.factories import UserFactory

    lead = UserFactory(role=Role.TEAM_LEAD, organisation=other_vt_org)
    client.force_login(lead)
    assert client.get(reverse("subject_access:pdf", args=[family["fatima"].pk])).status_code == 404
