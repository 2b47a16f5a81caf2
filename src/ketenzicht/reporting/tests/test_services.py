"""The facts and figures on a hand-built dataset, checked against hand counts."""

from __future__ import annotations

from datetime import datetime

import pytest

from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import Case
from ketenzicht.intake.models import AdviceRequest
from ketenzicht.intake.tests.factories import victim_adult
from ketenzicht.reporting.disclosure import DisclosurePolicy
from ketenzicht.reporting.figures import Cells
from ketenzicht.reporting.models import FigureCell, ReportFact, WaitingPoint
from ketenzicht.reporting.selectors import periods_with_data, state_counts
from ketenzicht.reporting.services import facts_rebuild

pytestmark = pytest.mark.django_db

EXACT = DisclosurePolicy(rounding_base=1, threshold=1)  # hand counts: nothing rounded or hidden
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=AMSTERDAM)


def at(day: int, month: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=AMSTERDAM)


def decide(case: Case, when: datetime, decision: str = "handover") -> None:
    Case.objects.filter(pk=case.pk).update(
        assessed_at=when, decision=decision, opened_at=case.report.received_at
    )


@pytest.fixture
def dataset(make_case, municipality_a, municipality_b, vt_org, intake_worker):
    # 1. Thursday before Easter 2026: Good Friday and Easter Monday do not count, so the
    #    5th working day is Monday 13 April. Decided that day: within the term (5 days).
    r1 = make_case(received_at=at(2, 4))
    decide(r1, at(13, 4, 16))
    # 2. Same day, decided Tuesday 14 April: late (6 working days). Police; partner and
    #    ex-partner violence: one kind group, counted once.
    r2 = make_case(
        received_at=at(2, 4, 11),
        reporter_role="police",
        kinds=["partner_violence", "ex_partner_violence"],
    )
    decide(r2, at(14, 4), decision="investigation")
    # 3. Zwijndrecht, 2 March, never assessed: overdue on 1 May, and on the waiting list.
    make_case(received_at=at(2, 3), municipality=municipality_b, kinds=["elder_abuse"])
    # 4. The adult of report 1 again, on 20 April, while case 1 is still open: a repeat
    #    report during open involvement. Child abuse only.
    adult = r1.report.involved.order_by("pk").first().person
    r4 = make_case(
        received_at=at(20, 4),
        people=[victim_adult(existing_person_id=adult.pk, surname=adult.surname)],
        kinds=["child_physical_abuse", "child_sexual_abuse"],
    )
    Case.objects.filter(pk=r4.pk).update(opened_at=at(20, 4))
    # 5. 2025 H2, Dordrecht: not in 2026 H1.
    r5 = make_case(received_at=datetime(2025, 11, 3, 9, tzinfo=AMSTERDAM))
    decide(r5, datetime(2025, 11, 5, 9, tzinfo=AMSTERDAM), decision="no_further_steps")
    AdviceRequest.objects.create(
        organisation=vt_org,
        received_at=at(7, 4),
        channel="phone",
        reporter_role="school",
        question="Zorgen over een leerling.",
        advice="Meldcode.",
        municipality=municipality_a,
        kinds=["child_emotional_neglect"],
        handled_by=intake_worker,
    )
    facts_rebuild(now=NOW)
    return {"r1": r1, "r2": r2, "r4": r4}


def test_each_report_and_advice_request_becomes_one_fact(dataset):
    assert ReportFact.objects.filter(is_advice=False).count() == 5
    assert ReportFact.objects.filter(is_advice=True).count() == 1
    fact = ReportFact.objects.get(source_id=dataset["r1"].report_id, is_advice=False)
    assert (fact.year, fact.half, fact.reporter_group) == (2026, 1, "education")
    assert fact.k_child and fact.k_partner and not fact.k_elder


def test_the_working_day_rule_skips_good_friday_and_easter_monday(dataset):
    r1 = ReportFact.objects.get(source_id=dataset["r1"].report_id, is_advice=False)
    r2 = ReportFact.objects.get(source_id=dataset["r2"].report_id, is_advice=False)
    assert (r1.assessment_in_term, r1.assessment_days) == (True, 5)
    assert (r2.assessment_in_term, r2.assessment_days) == (False, 6)


def test_repeat_and_open_involvement_follow_the_same_person(dataset):
    r4 = ReportFact.objects.get(source_id=dataset["r4"].report_id, is_advice=False)
    assert r4.repeat_12m and r4.during_open
    assert ReportFact.objects.filter(repeat_12m=True).count() == 1


def _cells(municipality=None) -> Cells:
    query = FigureCell.objects.all()
    return Cells(query.values_list("municipality_id", "year", "half", "measure", "value"))


def test_the_counts_match_the_hand_counts(dataset, municipality_a, municipality_b):
    cells = _cells()
    a, b, both = [str(municipality_a.pk)], [str(municipality_b.pk)], None
    both = [str(municipality_a.pk), str(municipality_b.pk)]
    h1 = (2026, 1)
    assert cells.count("reports", a, h1) == 3
    assert cells.count("reports", b, h1) == 1
    assert cells.count("reports", a, (2026, 0)) == 3  # the year is the sum of its halves
    assert cells.count("reports", a, (2025, 2)) == 1
    assert cells.count("advice", a, h1) == 1
    # Multi-kind rule: report 1 counts in child and partner, report 2 once in partner,
    # report 4 once in child (two child kinds), report 3 in elder: 5 mentions, 4 reports.
    assert cells.count("kind:child", both, h1) == 2
    assert cells.count("kind:partner", both, h1) == 2
    assert cells.count("kind:elder", both, h1) == 1
    kinds = sum(cells.count(f"kind:{k}", both, h1) for k in ("child", "partner", "elder"))
    assert (kinds, cells.count("reports", both, h1)) == (5, 4)
    assert cells.count("police", both, h1) == 1
    assert cells.count("reporter:education", both, h1) == 3
    assert cells.count("decision:investigation", a, h1) == 1
    # Terms: r1 in, r2 late, r3 overdue; r4 (Monday 20 April) was due on 28 April, King's Day
    # (27 April) not counting, so on 1 May it is overdue too: 1 of 4 within the term.
    assert cells.count("assessment_due", both, h1) == 4
    assert cells.count("assessment_in_term", both, h1) == 1
    assert cells.histogram("assessment_days:", both, h1) == {5: 1, 6: 1}
    assert cells.count("repeat", a, h1) == 1 and cells.count("during_open", a, h1) == 1


def test_the_waiting_list_counts_reports_not_yet_assessed_at_each_month_end(
    dataset, municipality_a, municipality_b
):
    def waiting(municipality, day):
        point = WaitingPoint.objects.filter(municipality=municipality, on__lte=day)
        return point.order_by("-on").values_list("value", flat=True).first() or 0

    assert waiting(municipality_b, datetime(2026, 3, 31).date()) == 1
    # Dordrecht on 30 April: r1 and r2 assessed in April, r4 (20 April) still waiting.
    assert waiting(municipality_a, datetime(2026, 4, 30).date()) == 1
    assert waiting(municipality_a, datetime(2025, 11, 30).date()) == 0


def test_a_rebuild_replaces_the_facts_instead_of_adding_to_them(dataset):
    facts_rebuild(now=NOW)
    assert ReportFact.objects.count() == 6


def test_the_refresh_command_rebuilds_the_figures(make_case):
    from io import StringIO

    from django.core.management import call_command

    make_case(received_at=at(2, 4))
    out = StringIO()
    call_command("reporting_refresh", "--no-progress", stdout=out)
    assert "from 1 reports" in out.getvalue()
    assert FigureCell.objects.get(measure="reports").value == 1


def test_the_cases_per_state_come_from_the_refresh_over_every_year(
    dataset, region, municipality_a, municipality_b
):
    counts: dict[tuple[int | None, str], int] = {}
    for municipality_id, state, n in state_counts(region, None):
        counts[(municipality_id, state)] = n
    expected: dict[tuple[int | None, str], int] = {}
    for case in Case.objects.select_related("report"):
        key = (case.report.municipality_id, case.state)
        expected[key] = expected.get(key, 0) + 1
    # Every case, 2025 H2 included, is counted once in its state; the year-0 cells are not a
    # period with data.
    assert counts == expected and sum(counts.values()) == 5
    assert [m for m, _s, _n in state_counts(region, [municipality_b.pk])] == [municipality_b.pk]
    assert (0, 0) not in periods_with_data(region)
