"""The retention run: closed files past their term go, with a tombstone; nothing else changes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import (
    BreakGlassGrant,
    Case,
    CaseEvent,
    SafetyAssessment,
    Task,
)
from ketenzicht.casework.tests.utils import row_counts
from ketenzicht.intake.models import Household, Person, Report, ReportPerson
from ketenzicht.intake.tests.factories import child, victim_adult
from ketenzicht.linkage.dedupe import store_dedupe
from ketenzicht.linkage.models import MergeProposal, PersonKey
from ketenzicht.retention.models import LegalBasis, RetentionRun, Tombstone
from ketenzicht.retention.services import case_destroy, retention_run
from ketenzicht.retention.tests.conftest import NOW

pytestmark = pytest.mark.django_db

TWENTY_YEARS_AND_A_DAY = datetime(2026, 3, 11, 9, 0, tzinfo=AMSTERDAM)
NINETEEN_YEARS = datetime(2027, 3, 12, 9, 0, tzinfo=AMSTERDAM)


def test_a_file_closed_twenty_years_and_a_day_ago_is_destroyed(closed_case):
    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    person_ids = list(case.report.involved.values_list("person_id", flat=True))
    household_id = case.report.household_id
    report_id = case.report_id

    result = retention_run()

    assert [item.reference for item in result.destroyed] == [case.reference]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Report.objects.filter(pk=report_id).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not Task.objects.filter(case_id=case.pk).exists()
    assert not SafetyAssessment.objects.filter(case_id=case.pk).exists()
    assert not Person.objects.filter(pk__in=person_ids).exists()
    assert not PersonKey.objects.filter(person_id__in=person_ids).exists()
    assert not Household.objects.filter(pk=household_id).exists()
    tombstone = Tombstone.objects.get(reference=case.reference)
    assert tombstone.legal_basis == LegalBasis.RETENTION_TERM
    assert tombstone.run == result.run
    assert tombstone.municipality_code == "GM0505"
    assert tombstone.region_code == "zhz"
    assert tombstone.closed_on == TWENTY_YEARS_AND_A_DAY.date()
    assert tombstone.destroyed_at == NOW
    assert tombstone.counts["persons"] == 2
    assert tombstone.counts["households"] == 1
    assert tombstone.counts["events"] >= 4


def test_the_tombstone_holds_no_names_no_bsn_and_no_free_text(closed_case):
    case = closed_case(
        TWENTY_YEARS_AND_A_DAY,
        people=[victim_adult(surname="Vermeulen", bsn="111222333"), child(surname="Vermeulen")],
    )
    retention_run()
    stored = str(list(Tombstone.objects.values()))
    for secret in ("Vermeulen", "111222333", "Juf de Vries", "Regenboog", "ruzies", "Voorstraat"):
        assert secret not in stored
    assert case.reference in stored


def test_a_file_closed_nineteen_years_ago_stays(closed_case):
    case = closed_case(NINETEEN_YEARS)
    before = row_counts()
    result = retention_run()
    assert result.destroyed == []
    assert Case.objects.filter(pk=case.pk).exists()
    assert row_counts() == before
    assert result.run.destroyed == 0


def test_an_open_case_never_goes_however_old(make_case, time_machine):
    time_machine.move_to(datetime(2001, 5, 1, 10, 0, tzinfo=AMSTERDAM), tick=False)
    case = make_case()
    time_machine.move_to(NOW, tick=False)
    retention_run()
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_person_also_in_a_live_file_stays(closed_case, make_case):
    old = closed_case(TWENTY_YEARS_AND_A_DAY)
    adult, kid = (inv.person for inv in old.report.involved.order_by("pk"))
    # The same mother is reported again years later: that file is live.
    live = make_case(
        people=[victim_adult(surname="Jansen", existing_person_id=adult.pk)],
    )
    retention_run()
    assert not Case.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=adult.pk).exists()
    assert not Person.objects.filter(pk=kid.pk).exists()
    assert ReportPerson.objects.filter(report=live.report, person=adult).exists()
    assert PersonKey.objects.filter(person=adult).exists()
    tombstone = Tombstone.objects.get(reference=old.reference)
    assert tombstone.counts["persons"] == 1
    assert tombstone.counts["persons_kept"] == 1


def test_a_household_of_a_live_file_stays(closed_case, make_case):
    old = closed_case(TWENTY_YEARS_AND_A_DAY)
    live = make_case()
    Report.objects.filter(pk=live.report_id).update(household_id=old.report.household_id)
    retention_run()
    assert Household.objects.filter(pk=old.report.household_id).exists()


def test_two_due_files_sharing_a_person_both_go_with_the_person(closed_case):
    first = closed_case(TWENTY_YEARS_AND_A_DAY)
    adult = first.report.involved.order_by("pk").first().person
    second = closed_case(
        TWENTY_YEARS_AND_A_DAY + timedelta(hours=2),
        people=[victim_adult(surname="Jansen", existing_person_id=adult.pk)],
    )
    result = retention_run()
    assert len(result.destroyed) == 2
    assert not Case.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert not Person.objects.filter(pk=adult.pk).exists()


def test_merge_proposals_of_destroyed_persons_go(closed_case, vt_org):
    old = closed_case(TWENTY_YEARS_AND_A_DAY)
    closed_case(TWENTY_YEARS_AND_A_DAY + timedelta(hours=1))  # the same family, new records
    store_dedupe(organisation=vt_org)
    assert MergeProposal.objects.exists()
    retention_run()
    assert not MergeProposal.objects.exists()
    assert Tombstone.objects.get(reference=old.reference).counts["merge_proposals"] >= 1


def test_a_dry_run_changes_nothing(closed_case):
    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    before = row_counts()
    result = retention_run(dry_run=True)
    assert [item.reference for item in result.items] == [case.reference]
    assert result.run is None
    assert row_counts() == before
    assert not Tombstone.objects.exists()
    assert not RetentionRun.objects.exists()


def test_the_term_is_configurable(closed_case, settings):
    case = closed_case(NINETEEN_YEARS)
    settings.KZ_RETENTION_YEARS = 15
    retention_run()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert RetentionRun.objects.get().years == 15


def test_the_run_is_recorded_with_its_totals(closed_case):
    closed_case(TWENTY_YEARS_AND_A_DAY)
    retention_run()
    run = RetentionRun.objects.get()
    assert run.destroyed == 1 and run.failed == 0
    assert run.finished_at is not None
    assert run.counts["reports"] == 1 and run.counts["persons"] == 2


def test_a_break_glass_grant_keeps_its_reference_after_destruction(
    closed_case, administrator, vt_org
):
    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    grant = BreakGlassGrant.objects.create(
        user=administrator,
        case=case,
        case_reference=case.reference,
        organisation=vt_org,
        reason="Storing in de zaakpagina onderzocht.",
        opened_at=NOW - timedelta(days=3),
        expires_at=NOW - timedelta(days=3) + timedelta(hours=1),
    )
    retention_run()
    grant.refresh_from_db()
    assert grant.case is None and grant.case_reference == case.reference


def test_an_open_case_cannot_be_destroyed_directly(make_case, now):
    case = make_case()
    before = row_counts()
    with translation.override("en"), pytest.raises(ValidationError, match="closed"):
        case_destroy(case=case, legal_basis=LegalBasis.RETENTION_TERM, actor=None)
    assert row_counts() == before


def test_the_command_reports_what_it_destroyed(closed_case, capsys):
    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    call_command("retention_run", "--no-progress")
    out = capsys.readouterr().out
    assert case.reference in out
    assert "destroyed 1 files" in out
    assert "persons 2" in out
    assert "Jansen" not in out
    assert Tombstone.objects.filter(reference=case.reference).exists()


def test_the_command_dry_run_writes_nothing(closed_case, capsys):
    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    before = row_counts()
    call_command("retention_run", "--dry-run", "--no-progress")
    out = capsys.readouterr().out
    assert "Dry run: would destroy 1 files" in out and case.reference in out
    assert row_counts() == before


def test_the_task_runs_through_django_tasks(closed_case):
    from ketenzicht.retention.tasks import retention_run_task

    case = closed_case(TWENTY_YEARS_AND_A_DAY)
    result = retention_run_task.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["destroyed"] == 1
    assert not Case.objects.filter(pk=case.pk).exists()
