"""The programme's services: validation, one transaction, an access-log entry, who may."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.programme import services
from ketenzicht.programme.checks import MilestoneData
from ketenzicht.programme.models import Action, ActionLine, ProgrammePeriod, ProgressNote
from ketenzicht.programme.tests.conftest import action_data

pytestmark = pytest.mark.django_db


def test_a_new_programme_has_the_three_national_lines_in_order(programme):
    assert list(programme.lines.values_list("national", "position")) == [
        ("seen_earlier", 1),
        ("stopped", 2),
        ("specific_groups", 3),
    ]


def test_the_region_adds_its_own_line_after_the_national_ones(programme, policy_officer):
    line = services.line_add(actor=policy_officer, period=programme, name="Governance")
    assert (line.national, line.position) == ("", 4)
    with pytest.raises(ValidationError) as exc:
        services.line_add(actor=policy_officer, period=programme, name="x", national="stopped")
    assert "national" in exc.value.message_dict


def test_it_refuses_a_programme_with_reversed_or_too_many_years(policy_officer):
    with pytest.raises(ValidationError) as exc:
        services.programme_create(actor=policy_officer, name="X", start_year=2027, end_year=2024)
    assert "end_year" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.programme_create(actor=policy_officer, name="X", start_year=2020, end_year=2035)
    assert not ProgrammePeriod.objects.exists()


def test_a_second_programme_with_the_same_name_is_refused(programme, policy_officer):
    with pytest.raises(ValidationError) as exc:
        services.programme_create(
            actor=policy_officer, name=programme.name, start_year=2024, end_year=2027
        )
    assert "name" in exc.value.message_dict


def test_an_action_is_stored_with_its_parties_and_an_access_log_entry(
    ambition, policy_officer, municipality_a
):
    before = AccessLogEntry.objects.count()
    action = services.action_create(
        actor=policy_officer,
        ambition=ambition,
        data=action_data(all_municipalities=False, municipalities=["GM0505"], police=True),
    )
    assert list(action.municipalities.all()) == [municipality_a]
    assert action.police and action.cost == 1_250_000 and action.position == 1
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.user_id == policy_officer.pk and f"action {action.pk} created" in entry.detail


def test_it_collects_every_problem_of_an_action_at_once_and_writes_nothing(
    ambition, policy_officer
):
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=policy_officer,
            ambition=ambition,
            data=action_data(
                title="",
                lead_organisation="",
                ends_on=date(2023, 1, 1),
                funding="",
                indicator="unknown",
                responsibility="local",
                all_municipalities=False,
                municipalities=["GM0599"],
                status="bogus",
            ),
        )
    errors = exc.value.message_dict
    for name in (
        "title",
        "lead_organisation",
        "ends_on",
        "funding",
        "indicator",
        "municipalities",
        "status",
    ):
        assert name in errors, name
    assert not Action.objects.exists()


def test_it_refuses_a_bsn_or_contact_details_in_the_text(ambition, policy_officer):
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=policy_officer,
            ambition=ambition,
            data=action_data(description="Gezin met BSN 123456782, bel 06-12345678"),
        )
    assert "BSN" in " ".join(exc.value.message_dict["description"])


def test_an_action_needs_a_planning_a_start_and_end_or_milestones(ambition, policy_officer):
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=policy_officer,
            ambition=ambition,
            data=action_data(starts_on=None, ends_on=None),
        )
    assert "ends_on" in exc.value.message_dict
    action = services.action_create(
        actor=policy_officer,
        ambition=ambition,
        data=action_data(
            starts_on=None, ends_on=None, milestones=[MilestoneData("Start", date(2024, 3, 1))]
        ),
    )
    assert action.milestones.count() == 1


def test_an_update_changes_the_content_but_not_the_status(action, policy_officer):
    services.action_status_set(
        actor=policy_officer, action=action, status="at_risk", note="Te weinig trainers."
    )
    services.action_update(
        actor=policy_officer,
        action=action,
        data=action_data(title="Nieuwe titel", status="done", cost=None, funding=""),
    )
    action.refresh_from_db()
    assert (action.title, action.status, action.cost) == ("Nieuwe titel", "at_risk", None)
    assert action.notes.count() == 1


def test_a_status_is_set_with_a_dated_note_and_a_note_is_required(action, policy_officer):
    with pytest.raises(ValidationError) as exc:
        services.action_status_set(actor=policy_officer, action=action, status="late", note=" ")
    assert "text" in exc.value.message_dict
    action.refresh_from_db()
    assert action.status == "not_started" and not action.notes.exists()
    note = services.action_status_set(
        actor=policy_officer,
        action=action,
        status="late",
        note="Trainer ziek, start verschoven.",
        on=date(2024, 3, 1),
    )
    action.refresh_from_db()
    assert action.status == "late"
    assert (note.status, note.written_on, note.author) == ("late", date(2024, 3, 1), policy_officer)


def test_a_note_cannot_be_dated_in_the_future(action, policy_officer):
    with pytest.raises(ValidationError):
        services.progress_note_add(
            actor=policy_officer,
            action=action,
            text="Later",
            on=timezone.localdate() + timedelta(days=1),
        )
    assert not ProgressNote.objects.exists()


@pytest.mark.parametrize(
    "persona", ["vt_worker", "team_lead", "pro_a", "privacy_officer", "outsider", "administrator"]
)
def test_only_a_policy_officer_of_the_region_writes(request, persona, action):
    user = request.getfixturevalue(persona)
    line = ActionLine.objects.get(national="stopped")
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=user, name="Y", start_year=2024, end_year=2025)
    with pytest.raises(PermissionDenied):
        services.ambition_add(actor=user, line=line, title="X")
    with pytest.raises(PermissionDenied):
        services.action_status_set(actor=user, action=action, status="done", note="x")
    with pytest.raises(PermissionDenied):
        services.programme_import(actor=user, raw="format: 1")


def test_a_policy_officer_of_another_region_writes_nothing_here(action, other_municipality):
    from ketenzicht.organisations.models import OrganisationKind, Role
    from ketenzicht.organisations.tests.factories import OrganisationFactory, UserFactory

    org = OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY,
        region=other_municipality.region,
        municipality=other_municipality,
    )
    other = UserFactory(organisation=org, role=Role.POLICY_OFFICER)
    with pytest.raises(PermissionDenied):
        services.action_update(actor=other, action=action, data=action_data())
