"""Budget writes: the actor's region only, bad input writes nothing, and every write logs one
access-log entry in its own transaction (a failed entry undoes the write)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.external.models import PopulationFigure
from ketenzicht.external.services import ImportRejected
from ketenzicht.finance import services
from ketenzicht.finance.models import BudgetLine, BudgetYear, KeyWeight, Membership, SplitKey
from ketenzicht.organisations.models import OrganisationKind, Role
from ketenzicht.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries():
    return list(AccessLogEntry.objects.order_by("sequence"))


def _only_entry(before: int, actor) -> AccessLogEntry:
    entries = _entries()[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.user_id, entry.role) == ("edit", actor.pk, Role.POLICY_OFFICER)
    # The budget holds no personal data: the entry names no person, case or household.
    assert entry.person_ids == entry.case_ids == entry.household_ids == []
    assert entry.detail.startswith("finance: ")
    return entry


def test_creating_a_budget_year_logs_it_with_the_year_and_the_duvo_amount(policy_officer):
    before = len(_entries())
    year = services.budget_year_create(actor=policy_officer, year=2027, duvo=6_280_000_00)
    assert year.region.code == "zhz"
    entry = _only_entry(before, policy_officer)
    assert "2027" in entry.detail and "628000000" in entry.detail


def test_adding_and_removing_a_line_are_logged_each(policy_officer, budget):
    before = len(_entries())
    line = services.budget_line_add(
        actor=policy_officer,
        budget_year=budget,
        kind="incidental",
        description="  Eenmalig  ",
        amount=500_000_00,
        key=SplitKey.INHABITANTS,
    )
    assert line.description == "Eenmalig"
    entry = _only_entry(before, policy_officer)
    assert f"budget line {line.pk} added" in entry.detail and "50000000" in entry.detail
    before, pk = len(_entries()), line.pk
    services.budget_line_remove(actor=policy_officer, line=line)
    assert not BudgetLine.objects.filter(pk=pk).exists()
    assert f"budget line {pk} removed" in _only_entry(before, policy_officer).detail


def test_the_duvo_amount_is_changed_and_logged_from_before_to_after(policy_officer, budget):
    before = len(_entries())
    services.budget_year_duvo_set(actor=policy_officer, budget_year=budget, duvo=180_000_00)
    budget.refresh_from_db()
    assert budget.duvo == 180_000_00
    assert "17500000 -> 18000000" in _only_entry(before, policy_officer).detail


def test_a_membership_is_created_then_its_dates_are_set(policy_officer, region, municipality_b):
    before = len(_entries())
    created = services.membership_set(actor=policy_officer, municipality=municipality_b)
    assert (created.joined_on, created.left_on) == (None, None)
    assert "GM0642 created" in _only_entry(before, policy_officer).detail
    before = len(_entries())
    services.membership_set(
        actor=policy_officer, municipality=municipality_b, left_on=date(2028, 1, 1)
    )
    membership = Membership.objects.get(region=region, municipality=municipality_b)
    assert membership.pk == created.pk and membership.left_on == date(2028, 1, 1)
    assert "left 2028-01-01" in _only_entry(before, policy_officer).detail


def test_bad_input_writes_nothing_and_logs_nothing(policy_officer, budget, municipality_b):
    before = (len(_entries()), BudgetLine.objects.count(), BudgetYear.objects.count())
    with pytest.raises(ValidationError) as info:
        services.budget_line_add(
            actor=policy_officer,
            budget_year=budget,
            kind="nonsense",
            description=" ",
            amount=-1,
            key=SplitKey.CUSTOM,
            weights={},
        )
    assert set(info.value.message_dict) == {"kind", "description", "amount", "weights"}
    with pytest.raises(ValidationError):
        services.budget_year_create(actor=policy_officer, year=2026, duvo=0)  # exists
    with pytest.raises(ValidationError):
        services.budget_year_duvo_set(actor=policy_officer, budget_year=budget, duvo=-5)
    with pytest.raises(ValidationError):
        services.membership_set(
            actor=policy_officer,
            municipality=municipality_b,
            joined_on=date(2027, 1, 1),
            left_on=date(2027, 1, 1),
        )
    assert (len(_entries()), BudgetLine.objects.count(), BudgetYear.objects.count()) == before


def test_a_failing_log_entry_undoes_the_write(policy_officer, budget, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr(services, "access_record", broken)
    lines = BudgetLine.objects.count()
    with pytest.raises(RuntimeError):
        services.budget_line_add(
            actor=policy_officer,
            budget_year=budget,
            kind="projects",
            description="Project",
            amount=100,
            key=SplitKey.CUSTOM,
            weights={budget.region.centre_municipality_id: 1},
        )
    with pytest.raises(RuntimeError):
        services.budget_year_create(actor=policy_officer, year=2030, duvo=0)
    assert BudgetLine.objects.count() == lines and KeyWeight.objects.count() == 0
    assert not BudgetYear.objects.filter(year=2030).exists()


def test_only_policy_officers_of_the_region_write_its_budget(
    policy_officer, vt_worker, budget, other_region, other_municipality
):
    with pytest.raises(PermissionDenied):
        services.budget_year_create(actor=vt_worker, year=2030, duvo=0)
    with pytest.raises(PermissionDenied):
        services.membership_set(actor=policy_officer, municipality=other_municipality)
    rotterdam = UserFactory(
        username="rdam",
        role=Role.POLICY_OFFICER,
        organisation=OrganisationFactory(
            name="Gemeente Rotterdam",
            kind=OrganisationKind.MUNICIPALITY,
            region=other_region,
            municipality=other_municipality,
        ),
    )
    with pytest.raises(PermissionDenied):
        services.budget_line_remove(actor=rotterdam, line=budget.lines.first())
    with pytest.raises(PermissionDenied):
        services.budget_year_duvo_set(actor=rotterdam, budget_year=budget, duvo=0)
    assert AccessLogEntry.objects.filter(detail__startswith="finance").count() == 0


def test_a_population_import_from_the_budget_is_logged_and_a_refused_one_is_not(
    policy_officer, region
):
    before = len(_entries())
    result = services.budget_population_import(
        actor=policy_officer, data=b"municipality,year,inhabitants\nGM0505,2025,122598\n"
    )
    assert (result.created, result.updated) == (1, 0)
    assert "1 rows (1 new, 0 replaced)" in _only_entry(before, policy_officer).detail
    before = len(_entries())
    with pytest.raises(ImportRejected):
        services.budget_population_import(
            actor=policy_officer, data=b"municipality,year,inhabitants\nGM0505,2025,veel\n"
        )
    assert len(_entries()) == before and PopulationFigure.objects.count() == 1


def test_a_policy_officer_outside_the_centre_imports_for_their_own_municipality_only(
    region, municipality_b
):
    officer = UserFactory(
        username="zwijndrecht",
        role=Role.POLICY_OFFICER,
        organisation=OrganisationFactory(
            name="Gemeente Zwijndrecht",
            kind=OrganisationKind.MUNICIPALITY,
            region=region,
            municipality=municipality_b,
        ),
    )
    with pytest.raises(ImportRejected):
        services.budget_population_import(
            actor=officer, data=b"municipality,year,inhabitants\nGM0505,2025,1\n"
        )
    services.budget_population_import(
        actor=officer, data=b"municipality,year,inhabitants\nGM0642,2025,45348\n"
    )
    assert PopulationFigure.objects.get().municipality == municipality_b
