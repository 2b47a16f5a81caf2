"""The programme's pages: who reads, who edits, what a page shows, what a post changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.programme import services
from ketenzicht.programme.models import Action, ProgrammePeriod, ProgressNote

pytestmark = pytest.mark.django_db

READERS = ["intake_worker", "vt_worker", "team_lead", "pro_a", "pro_b", "privacy_officer"]
OUTSIDERS = ["outsider", "administrator"]


def pages(programme, action):
    return [
        reverse("programme:index"),
        reverse("programme:detail", args=[programme.pk]),
        reverse("programme:roadmap", args=[programme.pk]),
        reverse("programme:attention", args=[programme.pk]),
        reverse("programme:municipality", args=[programme.pk]),
        reverse("programme:action", args=[action.pk]),
        reverse("programme:evaluation", args=[programme.pk]),
        reverse("programme:projects", args=[programme.pk]),
        reverse("programme:governance", args=[programme.pk]),
        reverse("programme:export_yaml", args=[programme.pk]),
        reverse("programme:export_csv", args=[programme.pk]),
    ]


def edit_pages(programme, action):
    return [
        reverse("programme:action_new", args=[action.ambition_id]),
        reverse("programme:action_edit", args=[action.pk]),
    ]


@pytest.mark.parametrize("persona", ["policy_officer", *READERS])
def test_every_role_of_the_region_reads_every_page(client, request, persona, programme, action):
    client.force_login(request.getfixturevalue(persona))
    for url in pages(programme, action):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nobody_without_an_organisation_reads(client, request, persona, programme, action):
    client.force_login(request.getfixturevalue(persona))
    for url in pages(programme, action) + edit_pages(programme, action):
        assert client.get(url).status_code == 403, url


def test_a_reader_of_another_region_finds_nothing(client, other_vt_worker, programme, action):
    client.force_login(other_vt_worker)
    assert programme.name not in client.get(reverse("programme:index")).content.decode()
    for url in pages(programme, action)[1:] + edit_pages(programme, action):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    answer = client.get(reverse("programme:detail", args=[programme.pk]))
    assert answer.status_code == 302 and answer["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("persona", READERS)
def test_readers_get_no_forms_and_their_posts_are_refused(client, request, persona, action):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("programme:action", args=[action.pk])).content.decode()
    assert "Save the status" not in page
    answer = client.post(
        reverse("programme:action", args=[action.pk]),
        {"status": "done", "text": "Klaar", "written_on": "2024-05-01"},
    )
    assert answer.status_code == 403
    for url in edit_pages(action.ambition.line.period, action):
        assert client.get(url).status_code == 403
    answer = client.post(
        reverse("programme:index"),
        {"action": "create", "name": "X", "start_year": 2024, "end_year": 2025},
    )
    assert answer.status_code == 403 and ProgrammePeriod.objects.count() == 1
    action.refresh_from_db()
    assert action.status == "not_started"


def test_a_policy_officer_sets_a_status_with_a_note(client, policy_officer, action):
    client.force_login(policy_officer)
    url = reverse("programme:action", args=[action.pk])
    bad = client.post(url, {"status": "late", "text": "", "written_on": "2024-05-01"})
    assert bad.status_code == 422 and not ProgressNote.objects.exists()
    good = client.post(
        url, {"status": "late", "text": "Start uitgesteld.", "written_on": "2024-05-01"}
    )
    assert good.status_code == 302
    action.refresh_from_db()
    assert action.status == "late"
    page = client.get(url).content.decode()
    assert "Start uitgesteld." in page and "01-05-2024" in page


def test_a_policy_officer_creates_and_changes_an_action(
    client, policy_officer, ambition, municipality_b
):
    client.force_login(policy_officer)
    url = reverse("programme:action_new", args=[ambition.pk])
    form = {
        "title": "Training wijkteams",
        "lead_organisation": "Veilig Thuis",
        "responsibility": "local",
        "municipalities": [municipality_b.pk],
        "milestones": "2024-06-30 Programma klaar\n2025-01-31 Eerste ronde (done 2025-01-20)",
        "cost": "12.500,50",
        "funding": "DUVO",
    }
    bad = client.post(url, {**form, "funding": ""})
    assert bad.status_code == 422 and not Action.objects.exists()
    assert "funding source" in bad.content.decode()
    answer = client.post(url, form)
    assert answer.status_code == 302
    action = Action.objects.get()
    assert action.cost == 1_250_050 and action.milestones.count() == 2
    assert action.milestones.get(title="Eerste ronde").done_on == date(2025, 1, 20)
    edit = reverse("programme:action_edit", args=[action.pk])
    page = client.get(edit).content.decode()
    assert "12500,50" in page and "Programma klaar" in page
    assert client.post(edit, {**form, "title": "Training"}).status_code == 302
    action.refresh_from_db()
    assert action.title == "Training"


def test_the_tree_roadmap_and_lists_show_the_actions(
    client, policy_officer, action, local_action, municipality_b
):
    client.force_login(policy_officer)
    services.action_status_set(
        actor=policy_officer, action=action, status="at_risk", note="Te weinig trainers."
    )
    tree = client.get(reverse("programme:detail", args=[action.ambition.line.period_id]))
    assert "1.1.1 Aandachtsfunctionarissen trainen" in tree.content.decode()
    roadmap = client.get(reverse("programme:roadmap", args=[action.ambition.line.period_id]))
    body = roadmap.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in body
    assert "<title>1.1.1 Aandachtsfunctionarissen trainen: At risk" in body
    assert "<caption>1. Violence seen earlier and better</caption>" in body
    attention = client.get(reverse("programme:attention", args=[action.ambition.line.period_id]))
    assert "Aandachtsfunctionarissen" in attention.content.decode()
    local = client.get(
        reverse("programme:municipality", args=[action.ambition.line.period_id]),
        {"gemeente": municipality_b.code},
    ).content.decode()
    assert "Lokale aanpak" in local and "Aandachtsfunctionarissen" not in local
    dordrecht = client.get(
        reverse("programme:municipality", args=[action.ambition.line.period_id])
    ).content.decode()
    assert "Lokale aanpak" not in dordrecht


def test_an_open_action_past_its_planning_is_on_the_attention_list(
    client, policy_officer, local_action
):
    # The milestone of 30 June 2024 is not done; the action is "not started" but overdue.
    client.force_login(policy_officer)
    page = client.get(
        reverse("programme:attention", args=[local_action.ambition.line.period_id])
    ).content.decode()
    assert "Lokale aanpak" in page and "past its planning" in page


def test_the_exports_are_logged_and_the_csv_is_safe(client, vt_worker, policy_officer, action):
    services.action_update(
        actor=policy_officer,
        action=action,
        data=_data(action, "=HYPERLINK(1)"),
    )
    client.force_login(vt_worker)
    before = AccessLogEntry.objects.filter(action="export").count()
    period = action.ambition.line.period_id
    csv = client.get(reverse("programme:export_csv", args=[period]))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "12500.00" in text
    yaml_answer = client.get(reverse("programme:export_yaml", args=[period]))
    assert b"format: 1" in yaml_answer.content and b"HYPERLINK(1)" in yaml_answer.content
    assert AccessLogEntry.objects.filter(action="export").count() == before + 2


def _data(action, title):
    from ketenzicht.programme.selectors import action_data

    data = action_data(action, with_notes=False)
    data.title = title
    return data


def test_an_upload_with_problems_lists_them_by_line_and_imports_nothing(
    client, policy_officer, region
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ketenzicht.programme.tests.test_yaml import GOOD

    client.force_login(policy_officer)
    bad = GOOD.replace("end: 2025-12-31", "end: 31-12-2025")
    answer = client.post(
        reverse("programme:index"),
        {"action": "import", "file": SimpleUploadedFile("p.yaml", bad.encode())},
    )
    assert answer.status_code == 422 and not ProgrammePeriod.objects.exists()
    assert "<td>13</td>" in answer.content.decode()
    good = client.post(
        reverse("programme:index"),
        {"action": "import", "file": SimpleUploadedFile("p.yaml", GOOD.encode())},
    )
    assert good.status_code == 302 and ProgrammePeriod.objects.count() == 1


@pytest.mark.parametrize("name", ["detail", "roadmap", "attention", "municipality"])
def test_programme_pages_cost_the_same_for_two_or_twenty_actions(
    client, policy_officer, programme, ambition, django_assert_max_num_queries, name
):
    from ketenzicht.programme.tests.conftest import action_data

    client.force_login(policy_officer)
    url = reverse(f"programme:{name}", args=[programme.pk])
    for _n in range(2):
        services.action_create(actor=policy_officer, ambition=ambition, data=action_data())
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    for n in range(18):
        services.action_create(
            actor=policy_officer,
            ambition=ambition,
            data=action_data(responsibility="local", title=f"Actie {n}"),
        )
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_the_action_page_costs_the_same_however_many_notes(client, policy_officer, action):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(policy_officer)
    url = reverse("programme:action", args=[action.pk])
    services.progress_note_add(actor=policy_officer, action=action, text="Eerste notitie")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(15):
        services.progress_note_add(actor=policy_officer, action=action, text=f"Notitie {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one) <= 20
