"""The budget and capacity pages: every role of the region reads, its policy officers change the
budget; bad input 422, nothing saved."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.external.models import PopulationFigure
from ketenzicht.finance.models import BudgetLine, BudgetYear, Membership
from ketenzicht.organisations.models import OrganisationKind, Role
from ketenzicht.organisations.tests.factories import OrganisationFactory, UserFactory
from ketenzicht.reporting.models import FigureCell, WaitingPoint

pytestmark = pytest.mark.django_db


def test_a_policy_officer_sees_the_split_and_a_leaving_scenario(
    client, policy_officer, budget, municipality_b
):
    client.force_login(policy_officer)
    page = client.get(reverse("finance:budget"), {"jaar": 2026})
    assert page.status_code == 200
    assert "600.000,00" in page.content.decode()
    scenario = client.get(
        reverse("finance:budget"), {"jaar": 2026, "vertrek": municipality_b.code, "overname": "0"}
    )
    assert scenario.status_code == 200 and "225.050,00" in scenario.content.decode()


def test_a_budget_line_is_added_and_bad_input_changes_nothing(client, policy_officer, budget):
    client.force_login(policy_officer)
    url = reverse("finance:budget")
    before = BudgetLine.objects.count()
    bad = client.post(
        url,
        {
            "action": "line",
            "jaar": 2026,
            "kind": "projects",
            "description": "",
            "amount": "abc",
            "key": "contribution",
        },
    )
    assert bad.status_code == 422 and BudgetLine.objects.count() == before
    good = client.post(
        url,
        {
            "action": "line",
            "jaar": 2026,
            "kind": "projects",
            "description": "Project",
            "amount": "1.000,50",
            "key": "inhabitants",
        },
    )
    assert good.status_code == 302
    assert BudgetLine.objects.get(description="Project").amount == 100_050


def test_a_second_budget_for_the_same_year_is_refused(client, policy_officer, budget):
    client.force_login(policy_officer)
    answer = client.post(reverse("finance:budget"), {"action": "year", "year": 2026, "duvo": "0"})
    assert answer.status_code == 422 and BudgetYear.objects.count() == 1


def test_the_capacity_page_compares_two_scenarios(client, policy_officer):
    client.force_login(policy_officer)
    page = client.get(reverse("finance:capacity"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "V&amp;V 30 uur" in text and "V&amp;V 20 uur" in text and "<svg" in text


READERS = ["intake_worker", "vt_worker", "team_lead", "pro_a", "pro_b", "privacy_officer"]
OUTSIDERS = ["outsider", "administrator"]


@pytest.mark.parametrize("persona", ["policy_officer", *READERS])
def test_every_role_of_the_region_reads_the_budget_and_the_forecast(
    client, request, persona, budget
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("finance:budget"), {"jaar": 2026})
    assert page.status_code == 200 and "600.000,00" in page.content.decode()
    assert client.get(reverse("finance:capacity")).status_code == 200


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("name", ["finance:budget", "finance:capacity"])
def test_nobody_without_an_organisation_opens_the_pages(client, request, persona, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    answer = client.get(reverse("finance:budget"))
    assert answer.status_code == 302 and answer["Location"].startswith("/inloggen/")


def test_every_reader_finds_the_budget_in_the_menu(client, vt_worker, pro_a, policy_officer):
    for user in (vt_worker, pro_a, policy_officer):
        client.force_login(user)
        page = client.get(reverse("finance:budget"))
        assert reverse("finance:budget") in [url for url, _label in page.context["nav_items"]]


@pytest.mark.parametrize("persona", READERS)
def test_readers_get_no_forms_and_their_posts_are_refused_and_logged(
    client, request, persona, budget, municipality_b
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("finance:budget"), {"jaar": 2026})
    assert page.context["can_edit"] is False
    text = page.content.decode()
    assert 'name="action"' not in text and "line_remove" not in text
    assert reverse("finance:line_remove", args=[budget.lines.first().pk]) not in text
    before = (BudgetYear.objects.count(), BudgetLine.objects.count(), budget.duvo)
    denied = AccessLogEntry.objects.filter(action="denied").count()
    posts = [
        {"action": "year", "year": 2027, "duvo": "0"},
        {"action": "duvo", "jaar": 2026, "duvo-duvo": "1,00"},
        {
            "action": "line",
            "jaar": 2026,
            "kind": "projects",
            "description": "Project",
            "amount": "1.000,50",
            "key": "inhabitants",
        },
        {"action": "member", "municipality": municipality_b.pk, "left_on": "2027-01-01"},
        {"action": "nonsense"},
    ]
    for data in posts:
        assert client.post(reverse("finance:budget"), data).status_code == 403, data
    line = budget.lines.first()
    assert client.post(reverse("finance:line_remove", args=[line.pk])).status_code == 403
    budget.refresh_from_db()
    assert (BudgetYear.objects.count(), BudgetLine.objects.count(), budget.duvo) == before
    assert Membership.objects.get(municipality=municipality_b).left_on is None
    assert AccessLogEntry.objects.filter(action="denied").count() == denied + len(posts) + 1


def test_the_policy_officer_gets_the_forms(client, policy_officer, budget):
    client.force_login(policy_officer)
    page = client.get(reverse("finance:budget"), {"jaar": 2026})
    assert page.context["can_edit"] is True
    assert 'value="line"' in page.content.decode()


def test_a_policy_officer_of_another_region_reads_and_changes_only_their_own(
    client, budget, other_region, other_municipality
):
    officer = UserFactory(
        username="elders",
        role=Role.POLICY_OFFICER,
        organisation=OrganisationFactory(
            name="Gemeente Elders",
            kind=OrganisationKind.MUNICIPALITY,
            region=other_region,
            municipality=other_municipality,
        ),
    )
    client.force_login(officer)
    page = client.get(reverse("finance:budget"), {"jaar": 2026})
    assert page.status_code == 200 and page.context["years"] == []
    assert "600.000,00" not in page.content.decode()
    line = budget.lines.first()
    assert client.post(reverse("finance:line_remove", args=[line.pk])).status_code == 404
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    made = client.post(reverse("finance:budget"), {"action": "year", "year": 2026, "duvo": "0"})
    assert made.status_code == 302
    assert BudgetYear.objects.get(region=other_region).year == 2026
    assert BudgetYear.objects.get(region=budget.region).pk == budget.pk


def test_a_line_of_another_region_cannot_be_removed(client, policy_officer, other_region):
    year = BudgetYear.objects.create(region=other_region, year=2026)
    line = BudgetLine.objects.create(budget_year=year, kind="vt", description="X", amount=1)
    client.force_login(policy_officer)
    assert client.post(reverse("finance:line_remove", args=[line.pk])).status_code == 404
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_a_line_with_its_own_key_is_added_with_a_weight_per_municipality(
    client, policy_officer, budget, municipality_a, municipality_b
):
    client.force_login(policy_officer)
    answer = client.post(
        reverse("finance:budget"),
        {
            "action": "line",
            "jaar": 2026,
            "kind": "crisis_desk",
            "description": "Crisisdienst naar gebruik",
            "amount": "1.000,00",
            "key": "custom",
            f"weight_{municipality_a.pk}": "3",
            f"weight_{municipality_b.pk}": "1",
        },
    )
    assert answer.status_code == 302
    line = BudgetLine.objects.get(description="Crisisdienst naar gebruik")
    assert {w.municipality_id: w.weight for w in line.weights.all()} == {
        municipality_a.pk: 3,
        municipality_b.pk: 1,
    }
    page = client.get(reverse("finance:budget"), {"jaar": 2026}).content.decode()
    assert "750,00" in page and "250,00" in page


def test_a_line_with_its_own_key_but_no_weights_is_refused(client, policy_officer, budget):
    client.force_login(policy_officer)
    before = BudgetLine.objects.count()
    answer = client.post(
        reverse("finance:budget"),
        {
            "action": "line",
            "jaar": 2026,
            "kind": "crisis_desk",
            "description": "Crisisdienst",
            "amount": "1.000,00",
            "key": "custom",
        },
    )
    assert answer.status_code == 422 and BudgetLine.objects.count() == before


def test_the_duvo_amount_and_a_membership_are_set_from_the_page(
    client, policy_officer, budget, municipality_b
):
    client.force_login(policy_officer)
    url = reverse("finance:budget")
    answer = client.post(url, {"action": "duvo", "jaar": 2026, "duvo-duvo": "200.000,00"})
    assert answer.status_code == 302
    budget.refresh_from_db()
    assert budget.duvo == 200_000_00
    answer = client.post(
        url,
        {
            "action": "member",
            "jaar": 2026,
            "municipality": municipality_b.pk,
            "joined_on": "",
            "left_on": "2026-07-01",
        },
    )
    assert answer.status_code == 302
    assert Membership.objects.get(municipality=municipality_b).left_on == date(2026, 7, 1)
    bad = client.post(
        url,
        {"action": "member", "municipality": municipality_b.pk, "left_on": "1 juli"},
    )
    assert bad.status_code == 422
    assert Membership.objects.get(municipality=municipality_b).left_on == date(2026, 7, 1)


def test_the_leaving_scenario_shows_what_changes_for_each_municipality(
    client, policy_officer, budget, municipality_b
):
    client.force_login(policy_officer)
    page = client.get(
        reverse("finance:budget"), {"jaar": 2026, "vertrek": municipality_b.code, "overname": "1"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    # Dordrecht paid 600.000,00 + 50,01; with Zwijndrecht's share taken over: 825.000 + 100,01.
    row = page.context["split"].rows[0]
    assert (row.base_total, row.total) == (600_000_00 + 5001, 825_000_00 + 10_001)
    assert "225.050,00" in text  # the change by the scenario


def test_a_population_csv_imported_from_the_budget_page_changes_the_split(
    client, policy_officer, budget
):
    client.force_login(policy_officer)
    url = reverse("finance:budget")
    csv = SimpleUploadedFile(
        "cbs.csv", b"municipality,year,inhabitants\nGM0505,2025,60000\nGM0642,2025,60000\n"
    )
    answer = client.post(url, {"action": "population", "jaar": 2026, "file": csv})
    assert answer.status_code == 302 and answer["Location"].endswith("?jaar=2026")
    assert PopulationFigure.objects.count() == 2
    page = client.get(url, {"jaar": 2026})
    assert sorted(page.context["split"].columns[0].parts.values()) == [412_500_00, 412_500_00]


def test_a_bad_population_csv_imports_nothing_and_lists_its_problems(
    client, policy_officer, budget
):
    client.force_login(policy_officer)
    csv = SimpleUploadedFile(
        "cbs.csv", b"municipality,year,inhabitants\nGM0505,2025,60000\nGM9999,2025,veel\n"
    )
    answer = client.post(
        reverse("finance:budget"), {"action": "population", "jaar": 2026, "file": csv}
    )
    assert answer.status_code == 400 and PopulationFigure.objects.count() == 0
    assert [e.line for e in answer.context["import_errors"]] == [3]
    assert sorted(answer.context["split"].columns[0].parts.values()) == [225_000_00, 600_000_00]


def test_the_weekly_inflow_defaults_to_the_last_full_half_year_of_the_figures(
    client, policy_officer, region, municipality_a, municipality_b
):
    for municipality, year, half, value in [
        (municipality_a, 2026, 1, 1_800),
        (municipality_b, 2026, 1, 800),
        (None, 2026, 1, 10),  # municipality unknown: still the region's
        (municipality_a, 2025, 2, 9_999),  # an earlier half-year: not used
    ]:
        FigureCell.objects.create(
            region=region,
            municipality=municipality,
            year=year,
            half=half,
            measure="reports",
            value=value,
        )
    WaitingPoint.objects.create(region=region, on=date(2026, 11, 30), value=182)
    with time_machine.travel(datetime(2026, 12, 4, 9, tzinfo=AMSTERDAM)):
        client.force_login(policy_officer)
        page = client.get(reverse("finance:capacity"))
        form = page.context["columns"][0]["form"]
        changed = client.get(
            reverse("finance:capacity"),
            {
                **{f"{p}-{k}": v for p in "ab" for k, v in form.initial.items()},
                "a-name": "A",
                "b-name": "B",
                "a-weekly_inflow": "150",
            },
        )
    assert page.status_code == 200
    # 2,610 reports over the 181 days of 2026-H1 (25.86 weeks): 100.9 a week.
    assert form.initial["weekly_inflow"] == 100.9 and form.initial["backlog"] == 180
    assert page.context["figures"].period == "2026-H1"
    assert 'value="100.9"' in page.content.decode()
    assert changed.status_code == 200
    assert changed.context["columns"][0]["outcome"].scenario.weekly_inflow == 150


def test_a_policy_officer_outside_the_centre_gets_no_inflow_from_the_figures(
    client, region, municipality_b
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
    FigureCell.objects.create(
        region=region, municipality=municipality_b, year=2026, half=1, measure="reports", value=900
    )
    with time_machine.travel(datetime(2026, 12, 4, 9, tzinfo=AMSTERDAM)):
        client.force_login(officer)
        page = client.get(reverse("finance:capacity"))
    assert page.context["figures"] is None
    assert page.context["columns"][0]["form"].initial["weekly_inflow"] == 115


def test_the_staff_starts_at_what_the_budgeted_hours_need_so_the_benchmark_falls_behind(
    client, policy_officer, region, municipality_a
):
    FigureCell.objects.create(
        region=region, municipality=municipality_a, year=2026, half=1, measure="reports", value=1300
    )
    WaitingPoint.objects.create(region=region, on=date(2026, 11, 30), value=120)
    with time_machine.travel(datetime(2026, 12, 4, 9, tzinfo=AMSTERDAM)):
        client.force_login(policy_officer)
        page = client.get(reverse("finance:capacity"))
    fte = page.context["budgeted_fte"]
    thirty, twenty = (c["outcome"] for c in page.context["columns"])
    assert (thirty.scenario.hours.vv, twenty.scenario.hours.vv) == (30, 20)
    assert thirty.scenario.fte == twenty.scenario.fte == fte and fte * 2 == int(fte * 2)
    # 20 hours per V&V: within the band by week 26.
    assert twenty.in_band_week is not None and twenty.in_band_week <= 26
    assert twenty.fte_needed is None
    # 30 hours per V&V with the same staff: never, and the page says how many FTE it needs.
    assert thirty.in_band_week is None and thirty.fte_needed > fte


def test_changing_a_membership_starts_from_its_dates(
    client, policy_officer, budget, municipality_b
):
    client.force_login(policy_officer)
    page = client.get(reverse("finance:budget"), {"jaar": 2026, "lid": municipality_b.pk})
    form = page.context["member_form"]
    assert form.initial["municipality"] == municipality_b
    assert form.initial["joined_on"] == date(2010, 1, 1)
    assert 'value="2010-01-01"' in page.content.decode()
