from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory
from ketenzicht.plans import services
from ketenzicht.plans.models import ParticipationReport, PlanNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(plan, pro_a, police_org):
    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    return UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)


def test_a_participating_organisation_reports_and_the_director_answers(plan, pro_a, officer):
    version = plan.versions.count()
    report = services.participation_report(
        plan=plan, actor=officer, kind="proposal", note="Voorstel: gezinscoach inzetten."
    )
    assert report.organisation == officer.organisation
    with pytest.raises(ValidationError, match="director"):
        services.participation_handle(report=report, actor=officer, response="Ik zelf.")
    with pytest.raises(ValidationError):
        services.participation_handle(report=report, actor=pro_a, response=" ")
    services.participation_handle(report=report, actor=pro_a, response="Akkoord, ik regel het.")
    report.refresh_from_db()
    assert report.handled_by == pro_a and report.response.startswith("Akkoord")
    with pytest.raises(ValidationError, match="already"):
        services.participation_handle(report=report, actor=pro_a, response="Nogmaals.")
    assert plan.versions.count() == version  # messages about the plan are not plan versions


def test_a_break_off_needs_an_explanation_and_outsiders_cannot_report(plan, officer, pro_b):
    with pytest.raises(ValidationError) as error:
        services.participation_report(plan=plan, actor=officer, kind="break_off")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError, match="participating"):
        services.participation_report(plan=plan, actor=pro_b, kind="start")
    with pytest.raises(ValidationError):
        services.participation_report(plan=plan, actor=officer, kind="holiday")
    assert not ParticipationReport.objects.exists()
    services.participation_report(plan=plan, actor=officer, kind="start")
    assert ParticipationReport.objects.count() == 1


def test_notes_are_written_by_participants_and_internal_by_default(plan, pro_a, pro_b, officer):
    note = services.plan_note_add(plan=plan, actor=officer, text="Intern: melding in BVH.")
    assert note.internal and note.organisation == officer.organisation
    with pytest.raises(ValidationError):
        services.plan_note_add(plan=plan, actor=pro_b, text="Ik ook.")
    with pytest.raises(ValidationError):
        services.plan_note_add(plan=plan, actor=pro_a, text=" ")
    assert PlanNote.objects.count() == 1
