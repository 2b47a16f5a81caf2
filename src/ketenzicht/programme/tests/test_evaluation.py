"""The yearly evaluation: status at the year's end from the notes, the year's milestones and
notes, as a page, an XLSX workbook and a PDF."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.programme import evaluation, services
from ketenzicht.programme.tests.conftest import action_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(action, local_action, policy_officer):
    services.action_status_set(
        actor=policy_officer, action=action, status="on_track", note="Gestart.", on=date(2024, 2, 1)
    )
    services.action_status_set(
        actor=policy_officer, action=action, status="late", note="Vertraagd.", on=date(2025, 3, 1)
    )
    return action


def test_the_status_at_a_years_end_is_the_last_one_set_by_then(history, programme, policy_officer):
    rows = {
        r.action.pk: r for r in evaluation.evaluation_for(programme, 2024, user=policy_officer).rows
    }
    row = rows[history.pk]
    assert (row.status_now, row.status_at_year_end) == ("Late", "On track")
    assert [text for _d, _s, text in row.notes] == ["Gestart."]
    later = evaluation.evaluation_for(programme, 2025, user=policy_officer)
    assert {r.action.pk: r for r in later.rows}[history.pk].status_at_year_end == "Late"


def test_the_milestones_of_the_year_and_the_counts_per_line(
    history, local_action, programme, policy_officer
):
    e = evaluation.evaluation_for(programme, 2024, user=policy_officer)
    local = next(r for r in e.rows if r.action.pk == local_action.pk)
    assert [(title, done) for _due, title, done in local.milestones] == [("Plan vastgesteld", None)]
    assert local.milestones_done == 0
    assert e.totals == [1, 0, 0, 1, 0, 0]  # not started, on track, at risk, late, done, dropped
    assert evaluation.evaluation_for(programme, 2025, user=policy_officer).rows[1].milestones == []


def test_the_workbook_has_the_four_sheets_and_keeps_formulas_as_text(
    ambition, programme, policy_officer
):
    from openpyxl import load_workbook

    services.action_create(
        actor=policy_officer, ambition=ambition, data=action_data(title="=1+1 training")
    )
    data = evaluation.evaluation_xlsx(
        evaluation.evaluation_for(programme, 2024, user=policy_officer)
    )
    book = load_workbook(io.BytesIO(data))
    assert len(book.sheetnames) == 4
    cell = book.worksheets[1]["D2"]
    assert cell.value == "=1+1 training" and cell.data_type == "s" and cell.quotePrefix


def test_the_evaluation_page_and_its_downloads(client, vt_worker, history, programme):
    client.force_login(vt_worker)
    url = reverse("programme:evaluation", args=[programme.pk])
    page = client.get(url, {"jaar": 2024})
    assert page.status_code == 200 and "Aandachtsfunctionarissen" in page.content.decode()
    before = AccessLogEntry.objects.filter(action="export").count()
    xlsx = client.get(url, {"jaar": 2024, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(url, {"jaar": 2024, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(action="export").count() == before + 2
    assert client.get(url, {"jaar": 2031}).status_code == 404
    assert client.get(url, {"jaar": 2024, "format": "doc"}).status_code == 404


def test_the_evaluation_page_costs_the_same_for_more_actions(
    client, policy_officer, programme, ambition
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(policy_officer)
    url = reverse("programme:evaluation", args=[programme.pk])
    services.action_create(actor=policy_officer, ambition=ambition, data=action_data())
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"jaar": 2024}).status_code == 200
    for n in range(10):
        services.action_create(
            actor=policy_officer, ambition=ambition, data=action_data(title=f"Actie {n}")
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"jaar": 2024}).status_code == 200
    assert len(many) == len(few) <= 20
