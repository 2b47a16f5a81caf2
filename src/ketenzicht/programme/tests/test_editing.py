"""Changing a programme's name and years, deleting an action, moving actions within an ambition."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.programme import services
from ketenzicht.programme.models import Action, Milestone, ProgrammePeriod
from ketenzicht.programme.tests.conftest import action_data

pytestmark = pytest.mark.django_db

READERS = ["intake_worker", "vt_worker", "team_lead", "pro_a", "pro_b", "privacy_officer"]


@pytest.fixture
def three(ambition, policy_officer):
    """Three actions in one ambition, at positions 1, 2, 3."""
    return [
        services.action_create(
            actor=policy_officer, ambition=ambition, data=action_data(title=f"Actie {n}")
        )
        for n in (1, 2, 3)
    ]


def order(ambition) -> list[tuple[str, int]]:
    return list(ambition.actions.order_by("position").values_list("title", "position"))


# --- the programme's name and years -------------------------------------------------------


def test_a_programme_is_renamed_and_its_years_changed_with_a_log_entry(programme, policy_officer):
    changed = services.programme_update(
        actor=policy_officer,
        period=programme,
        name=" Regiovisie 2024-2028 ",
        start_year=2024,
        end_year=2028,
    )
    programme.refresh_from_db()
    assert (programme.name, programme.start_year, programme.end_year) == (
        "Regiovisie 2024-2028",
        2024,
        2028,
    )
    assert changed.pk == programme.pk
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.action == "edit" and entry.user_id == policy_officer.pk
    assert (
        entry.detail
        == f"programme: period {programme.pk} changed: years 2024-2027 -> 2024-2028, renamed"
    )


def test_bad_years_or_a_taken_name_change_nothing(programme, policy_officer):
    services.programme_create(
        actor=policy_officer, name="Oude regiovisie", start_year=2019, end_year=2023
    )
    entries = AccessLogEntry.objects.count()
    for name, start, end, field in [
        ("Oude regiovisie", 2024, 2027, "name"),
        ("X", 2027, 2024, "end_year"),
        ("", 2024, 2027, "name"),
        ("X", 1999, 2027, "start_year"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.programme_update(
                actor=policy_officer, period=programme, name=name, start_year=start, end_year=end
            )
        assert field in exc.value.message_dict, (name, start, end)
    programme.refresh_from_db()
    assert (programme.name, programme.start_year, programme.end_year) == (
        "Regiovisie 2024-2027",
        2024,
        2027,
    )
    assert AccessLogEntry.objects.count() == entries


def test_years_that_leave_an_action_outside_are_refused_naming_it(
    programme, action, policy_officer
):
    # The action runs 2024-2025; actions get a year of slack, so 2026-2030 leaves it out.
    with pytest.raises(ValidationError) as exc:
        services.programme_update(
            actor=policy_officer,
            period=programme,
            name=programme.name,
            start_year=2027,
            end_year=2030,
        )
    assert "1.1.1" in exc.value.message_dict["start_year"][0]
    # A milestone counts too.
    Milestone.objects.create(action=action, title="Evaluatie", due_on=date(2029, 6, 1))
    with pytest.raises(ValidationError):
        services.programme_update(
            actor=policy_officer,
            period=programme,
            name=programme.name,
            start_year=2024,
            end_year=2026,
        )
    services.programme_update(
        actor=policy_officer,
        period=programme,
        name=programme.name,
        start_year=2024,
        end_year=2028,
    )
    assert ProgrammePeriod.objects.get().end_year == 2028


@pytest.mark.parametrize("persona", [*READERS, "outsider", "administrator"])
def test_only_a_policy_officer_of_the_region_changes_the_programme(
    request, persona, programme, three
):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.programme_update(
            actor=user, period=programme, name="X", start_year=2024, end_year=2025
        )
    with pytest.raises(PermissionDenied):
        services.action_delete(actor=user, action=three[0])
    with pytest.raises(PermissionDenied):
        services.action_move(actor=user, action=three[0], direction="down")
    assert Action.objects.count() == 3
    assert ProgrammePeriod.objects.get().name == "Regiovisie 2024-2027"


# --- deleting an action -------------------------------------------------------------------


def test_an_action_without_history_is_deleted_and_the_later_ones_move_up(
    three, ambition, policy_officer
):
    Milestone.objects.create(action=three[1], title="Plan", due_on=date(2024, 6, 1))
    services.action_delete(actor=policy_officer, action=three[1])
    assert order(ambition) == [("Actie 1", 1), ("Actie 3", 2)]
    assert not Milestone.objects.exists()
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.detail.endswith(f"action {three[1].pk} deleted")


def test_an_action_with_a_note_or_a_decision_is_not_deleted(action, ambition, policy_officer):
    services.progress_note_add(actor=policy_officer, action=action, text="Eerste training gegeven")
    with pytest.raises(ValidationError) as exc:
        services.action_delete(actor=policy_officer, action=action)
    assert "Dropped" in exc.value.message_dict["action"][0]
    assert Action.objects.filter(pk=action.pk).exists()

    other = services.action_create(
        actor=policy_officer, ambition=ambition, data=action_data(title="Besloten")
    )
    body = services.governance_body_create(
        actor=policy_officer,
        name="Bestuurlijk overleg",
        kind="administrative",
        members="wethouders",
        meetings_min=2,
        meetings_max=4,
    )
    services.meeting_record(
        actor=policy_officer,
        body=body,
        held_on=date(2024, 3, 1),
        decisions=[services.DecisionInput("Doorgaan", (other.pk,))],
    )
    with pytest.raises(ValidationError):
        services.action_delete(actor=policy_officer, action=other)
    assert Action.objects.filter(pk=other.pk).exists()
    # The way out: set it to dropped.
    services.action_status_set(
        actor=policy_officer, action=other, status="dropped", note="Geen budget meer"
    )
    assert Action.objects.get(pk=other.pk).status == "dropped"


# --- moving actions -----------------------------------------------------------------------


def test_actions_move_up_and_down_within_their_ambition(three, ambition, policy_officer):
    services.action_move(actor=policy_officer, action=three[2], direction="up")
    assert order(ambition) == [("Actie 1", 1), ("Actie 3", 2), ("Actie 2", 3)]
    services.action_move(actor=policy_officer, action=three[0], direction="down")
    assert order(ambition) == [("Actie 3", 1), ("Actie 1", 2), ("Actie 2", 3)]
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.detail.endswith(f"action {three[0].pk} moved down")


def test_the_first_cannot_go_up_nor_the_last_down(three, ambition, policy_officer):
    before = order(ambition)
    for action, direction in ((three[0], "up"), (three[2], "down"), (three[1], "sideways")):
        with pytest.raises(ValidationError):
            services.action_move(actor=policy_officer, action=action, direction=direction)
    assert order(ambition) == before


def test_a_move_stays_within_the_ambition(three, ambition, programme, policy_officer):
    line = programme.lines.get(national="stopped")
    elsewhere = services.ambition_add(actor=policy_officer, line=line, title="Andere ambitie")
    lone = services.action_create(
        actor=policy_officer, ambition=elsewhere, data=action_data(title="Alleen")
    )
    with pytest.raises(ValidationError):
        services.action_move(actor=policy_officer, action=lone, direction="up")
    services.action_move(actor=policy_officer, action=three[0], direction="down")
    assert Action.objects.get(pk=lone.pk).position == 1


# --- the pages ----------------------------------------------------------------------------


def test_the_policy_officer_changes_the_programme_on_its_page(client, policy_officer, programme):
    client.force_login(policy_officer)
    url = reverse("programme:detail", args=[programme.pk])
    assert "Save the name and years" in client.get(url).content.decode()
    bad = client.post(
        url,
        {
            "action": "programme",
            "period-name": "X",
            "period-start_year": 2027,
            "period-end_year": 2024,
        },
    )
    assert bad.status_code == 422
    assert ProgrammePeriod.objects.get().name == "Regiovisie 2024-2027"
    good = client.post(
        url,
        {
            "action": "programme",
            "period-name": "Regiovisie 2024-2028",
            "period-start_year": 2024,
            "period-end_year": 2028,
        },
    )
    assert good.status_code == 302
    assert ProgrammePeriod.objects.get().end_year == 2028


def test_the_delete_page_asks_first_and_refuses_an_action_with_history(
    client, policy_officer, programme, three
):
    client.force_login(policy_officer)
    url = reverse("programme:action_delete", args=[three[0].pk])
    ask = client.get(url)
    assert ask.status_code == 200 and "Delete the action" in ask.content.decode()
    assert Action.objects.count() == 3
    done = client.post(url)
    assert done.status_code == 302 and done["Location"] == reverse(
        "programme:detail", args=[programme.pk]
    )
    assert not Action.objects.filter(pk=three[0].pk).exists()

    services.progress_note_add(actor=policy_officer, action=three[1], text="Gestart")
    url = reverse("programme:action_delete", args=[three[1].pk])
    page = client.get(url).content.decode()
    assert 'id="has-history"' in page and "Dropped" in page
    refused = client.post(url)
    assert refused.status_code == 422 and Action.objects.filter(pk=three[1].pk).exists()


def test_the_tree_offers_up_and_down_and_a_move_is_made(
    client, policy_officer, programme, three, ambition
):
    client.force_login(policy_officer)
    page = client.get(reverse("programme:detail", args=[programme.pk])).content.decode()
    move = reverse("programme:action_move", args=[three[1].pk])
    assert page.count(move) == 2  # up and down
    assert page.count(reverse("programme:action_move", args=[three[0].pk])) == 1  # only down
    answer = client.post(move, {"direction": "up"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"#action-{three[1].pk}")
    assert order(ambition)[0] == ("Actie 2", 1)
    assert client.post(move, {"direction": "sideways"}).status_code == 400
    assert client.get(move).status_code == 405


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_no_editing_and_their_posts_are_refused_and_logged(
    client, request, persona, programme, three, ambition
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("programme:detail", args=[programme.pk])).content.decode()
    assert "Save the name and years" not in page and "verplaatsen" not in page
    action_page = client.get(reverse("programme:action", args=[three[0].pk])).content.decode()
    assert "Delete this action" not in action_page
    denied = AccessLogEntry.objects.filter(action="denied").count()
    answers = [
        client.post(
            reverse("programme:detail", args=[programme.pk]),
            {
                "action": "programme",
                "period-name": "X",
                "period-start_year": 2024,
                "period-end_year": 2025,
            },
        ),
        client.get(reverse("programme:action_delete", args=[three[0].pk])),
        client.post(reverse("programme:action_delete", args=[three[0].pk])),
        client.post(reverse("programme:action_move", args=[three[0].pk]), {"direction": "down"}),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert AccessLogEntry.objects.filter(action="denied").count() == denied + 4
    assert ProgrammePeriod.objects.get().name == "Regiovisie 2024-2027"
    assert order(ambition) == [("Actie 1", 1), ("Actie 2", 2), ("Actie 3", 3)]


def test_a_user_of_another_region_finds_no_action_to_delete_or_move(client, other_vt_worker, three):
    client.force_login(other_vt_worker)
    assert client.get(reverse("programme:action_delete", args=[three[0].pk])).status_code == 404
    answer = client.post(
        reverse("programme:action_move", args=[three[0].pk]), {"direction": "down"}
    )
    assert answer.status_code == 404
