"""``manage.py demo_load``: the demo region Zuid-Holland Zuid, loaded once and reproducibly."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date, datetime, time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import Case, CaseEvent, RestrainingOrder, SafetyAssessment
from ketenzicht.casework.radar import RadarSummary, radar_for_case
from ketenzicht.casework.states import State
from ketenzicht.common.validation import is_valid_bsn
from ketenzicht.demo import builder, catalogue
from ketenzicht.intake.models import AdviceRequest, Channel, Person, Report
from ketenzicht.organisations.models import (
    Municipality,
    MunicipalityPopulation,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    User,
)

SMALL = {"reports": 40, "advice": 10}

ZHZ = {
    "GM0482": "Alblasserdam",
    "GM0505": "Dordrecht",
    "GM0512": "Gorinchem",
    "GM0523": "Hardinxveld-Giessendam",
    "GM0531": "Hendrik-Ido-Ambacht",
    "GM1963": "Hoeksche Waard",
    "GM1978": "Molenlanden",
    "GM0590": "Papendrecht",
    "GM0610": "Sliedrecht",
    "GM0642": "Zwijndrecht",
}


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo_load", verbosity=0, **SMALL)


def load_output(**options: int) -> str:
    out = io.StringIO()
    call_command("demo_load", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def fingerprint() -> str:
    """Everything a user sees of the generated casework, without database ids. A person is
    named by the first report about them too, so the links of repeat reports count."""
    rows = []
    first_report: dict[int, int] = {}
    for number, report in enumerate(
        Report.objects.select_related("case", "household", "municipality").order_by(
            "received_at", "pk"
        )
    ):
        case = report.case
        involved = list(report.involved.select_related("person").order_by("pk"))
        for i in involved:
            first_report.setdefault(i.person_id, number)
        rows.append(
            [
                report.received_at.isoformat(),
                report.municipality.code,
                report.kinds,
                report.urgency,
                report.channel,
                report.reporter_name,
                report.summary,
                report.household.address,
                [
                    [
                        i.role,
                        i.person.full_name,
                        str(i.person.date_of_birth),
                        i.person.bsn,
                        first_report[i.person_id],
                    ]
                    for i in involved
                ],
                case.state,
                case.decision,
                [
                    [e.kind, e.at.isoformat(), e.actor.username if e.actor else ""]
                    for e in case.events.select_related("actor").order_by("at", "pk")
                ],
            ]
        )
    rows.append(
        [[a.received_at.isoformat(), a.question] for a in AdviceRequest.objects.order_by("pk")]
    )
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def test_it_builds_the_ten_municipalities_of_zuid_holland_zuid(demo: None) -> None:
    region = Region.objects.get(code=catalogue.REGION_CODE)
    assert dict(Municipality.objects.values_list("code", "name")) == ZHZ
    assert region.centre_municipality is not None
    assert region.centre_municipality.name == "Dordrecht"
    for year in (2024, 2025):
        inhabitants = MunicipalityPopulation.objects.filter(year=year).values_list(
            "inhabitants", flat=True
        )
        assert len(inhabitants) == 10
        assert 455_000 <= sum(inhabitants) <= 475_000


def test_it_builds_the_organisations_of_the_chain(demo: None) -> None:
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    assert Organisation.objects.get(kind=OrganisationKind.VEILIG_THUIS).name == (
        "Veilig Thuis Zuid-Holland Zuid"
    )
    teams = Organisation.objects.filter(kind=OrganisationKind.LOCAL_TEAM)
    assert sorted(teams.values_list("municipality__code", flat=True)) == sorted(ZHZ)


def test_it_gives_every_role_a_user_who_can_log_in(demo: None) -> None:
    for role in Role:
        assert User.objects.filter(role=role).exists(), role
    assert User.objects.filter(role=Role.TEAM_LEAD).count() >= 2  # four eyes
    assert User.objects.filter(role=Role.VT_WORKER).count() == 4
    assert User.objects.filter(role=Role.INTAKE_WORKER).count() == 2
    for username, municipality in (
        ("wijkteam.dordrecht", "Dordrecht"),
        ("wijkteam.zwijndrecht", "Zwijndrecht"),
    ):
        professional = User.objects.get(username=username)
        assert professional.role == Role.CHAIN_PROFESSIONAL
        assert professional.organisation.kind == OrganisationKind.LOCAL_TEAM
        assert professional.organisation.municipality.name == municipality
    assert User.objects.get(username="mda").organisation.kind == OrganisationKind.MDA
    admin = User.objects.get(username="beheer")
    assert admin.is_staff and admin.is_superuser and admin.role == Role.ADMINISTRATOR
    # One demo password for all (hashed once, so one check covers every login).
    assert admin.check_password(catalogue.DEMO_PASSWORD)
    usernames = [p.username for p in catalogue.PERSONAS]
    hashes = User.objects.filter(username__in=usernames).values_list("password", flat=True)
    assert len(hashes) == len(usernames) and len(set(hashes)) == 1


def test_it_has_cases_in_every_state(demo: None) -> None:
    assert set(Case.objects.values_list("state", flat=True)) == {s.value for s in State}


def test_it_plays_realistic_casework_through_the_services(demo: None) -> None:
    assert Report.objects.count() == SMALL["reports"]
    assert AdviceRequest.objects.count() == SMALL["advice"]
    midnight = datetime.combine(timezone.localdate(), time(0), tzinfo=AMSTERDAM)
    assert not CaseEvent.objects.filter(at__gte=midnight).exists()
    # Every case was opened by the registration service, in the past.
    assert CaseEvent.objects.filter(kind="registered").count() == Case.objects.count()
    first = Report.objects.order_by("received_at").first()
    assert first is not None and (midnight - first.received_at).days > 120
    bsns = [b for b in Person.objects.values_list("bsn", flat=True) if b]
    assert bsns and all(is_valid_bsn(b) for b in bsns)
    assert Person.objects.exclude(surname_prefix="").exists()
    assert Report.objects.filter(channel=Channel.POLICE_CORV).count() >= SMALL["reports"] // 3
    assert RestrainingOrder.objects.exists()
    assert Report.objects.filter(advice_request__isnull=False).exists()
    assert Case.objects.filter(reopen_count__gt=0).exists()
    # A team lead who did not propose approved every decision (four eyes).
    approved = SafetyAssessment.objects.filter(approved=True).select_related("reviewed_by")
    assert approved.exists()
    for assessment in approved:
        assert assessment.reviewed_by.role == Role.TEAM_LEAD
        assert assessment.reviewed_by_id != assessment.proposed_by_id


def radars() -> list[tuple[Case, RadarSummary]]:
    """Every case whose radar shows something, in received order, as the case page builds it."""
    now = timezone.now()
    shown = []
    for case in Case.objects.select_related("report__household").order_by("report__received_at"):
        involved = list(case.report.involved.select_related("person"))
        radar = radar_for_case(case, involved=involved, windows=(6, 12, 24), now=now)
        if not radar.is_empty:
            shown.append((case, radar))
    return shown


def test_it_builds_the_same_data_from_the_same_seed(db: None) -> None:
    def build(seed: int) -> tuple[str, int]:
        with transaction.atomic():
            summary = builder.build_demo(seed=seed, reports=15, advice=5, today=date(2026, 3, 2))
            result = fingerprint()
            transaction.set_rollback(True)
        return result, summary.repeat_reports

    first, repeats = build(7)
    assert repeats > 0  # the fingerprint covers the links of repeat reports
    assert build(7) == (first, repeats)
    assert build(8)[0] != first


def test_it_makes_repeat_reports_that_the_radar_shows(db: None) -> None:
    output = load_output(**SMALL)
    repeats = [(case, radar) for case, radar in radars() if radar.earlier]
    # About one report in seven is about a household reported before; the summary counts them.
    assert 0.1 * SMALL["reports"] <= len(repeats) <= 0.2 * SMALL["reports"]
    assert re.search(rf"hermeldingen: {len(repeats)}\b", output)
    for case, radar in repeats:
        assert any(earlier.shared_people for earlier in radar.earlier)  # the same person records
        for earlier in radar.earlier:
            assert earlier.case.report.received_at < case.report.received_at
        assert radar.repeat_counts[-1][1] >= 1
    # Usually at the same address; a few while Veilig Thuis was still involved, most after the
    # earlier case was closed.
    assert any(any(e.same_address for e in radar.earlier) for _case, radar in repeats)
    still_involved = [case for case, radar in repeats if radar.open_involvement]
    assert 1 <= len(still_involved) <= len(repeats) / 2
    # A repeat report takes over the people, not copies of them.
    assert Person.objects.count() < sum(c.report.involved.count() for c in Case.objects.all())


def test_it_loads_nothing_when_the_demo_region_exists(demo: None) -> None:
    counts = (Report.objects.count(), AdviceRequest.objects.count(), User.objects.count())
    output = load_output(**SMALL)
    assert (Report.objects.count(), AdviceRequest.objects.count(), User.objects.count()) == counts
    assert "bestaat al" in output
    assert catalogue.DEMO_URL in output
    assert catalogue.DEMO_PASSWORD in output
    assert "lokaal" in output
    for persona in catalogue.PERSONAS:
        assert persona.username in output


def test_it_refuses_to_run_in_production(db: None, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_load", verbosity=0, **SMALL)
    assert not Region.objects.exists()


def test_it_ends_with_proposals_to_merge_the_people_registered_twice(db: None) -> None:
    from ketenzicht.linkage.models import MergeProposal

    output = load_output(**SMALL)
    proposals = list(MergeProposal.objects.filter(status="open").prefetch_related("members"))
    # Every second repeat report registered one known person again as a new record.
    assert proposals
    assert re.search(rf"samen te voegen \(ter beoordeling\): {len(proposals)}\b", output)
    vt = Organisation.objects.get(kind=OrganisationKind.VEILIG_THUIS)
    twice = 0
    for proposal in proposals:
        assert proposal.organisation == vt
        assert proposal.best >= 0.9
        people = [m.person for m in proposal.members.all()]
        if len({(p.first_names, p.date_of_birth) for p in people}) == 1:
            twice += 1
    assert twice >= len(proposals) / 2
    # Nothing is merged without a person confirming it.
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_it_proposes_the_same_merges_from_the_same_seed(db: None) -> None:
    from ketenzicht.linkage.models import MergeProposal

    def proposed() -> list[list[tuple[str, str]]]:
        with transaction.atomic():
            builder.build_demo(seed=3, reports=60, advice=0, today=date(2026, 3, 2))
            result = sorted(
                sorted((m.person.full_name, str(m.person.date_of_birth)) for m in p.members.all())
                for p in MergeProposal.objects.prefetch_related("members__person")
            )
            transaction.set_rollback(True)
        return result

    first = proposed()
    assert first
    assert proposed() == first


def test_it_loads_the_action_programme_and_two_budget_years_that_add_up(demo: None) -> None:
    """Issue P6: the policy officer finds a programme across the national lines and a budget
    split, with one municipality leaving, that adds up to the cent."""
    from ketenzicht.finance.models import BudgetYear, Membership
    from ketenzicht.finance.selectors import budget_split
    from ketenzicht.programme.models import Action, ActionLine, ProgrammePeriod

    programme = ProgrammePeriod.objects.get()
    assert ActionLine.objects.filter(period=programme).count() >= 4
    assert Action.objects.filter(ambition__line__period=programme).count() >= 10
    years = list(BudgetYear.objects.order_by("year"))
    assert len(years) == 2
    for year in years:
        split = budget_split(year)
        assert not split.problems
        assert split.parts_total == split.total > 0
    assert Membership.objects.exclude(left_on=None).count() == 1


def test_every_demo_api_token_works_for_what_it_is_printed_with(demo: None, client: Any) -> None:
    # One call in each client's own scope: police and team follow their reports, the
    # municipality reads its steering catalogue; the municipality's token is no report client.
    calls = {
        "politie-zhz": "/api/v1/reports",
        "wijkteam-dordrecht": "/api/v1/handovers",
        "gemeente-dordrecht": "/api/v1/figures",
    }
    tokens = builder.demo_api_tokens()
    assert [token.split(".")[0] for token, _scopes, _org in tokens] == list(calls)
    for token, _scopes, _organisation in tokens:
        answer = client.get(calls[token.split(".")[0]], HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == 200, (token, answer.content)
    city = next(token for token, _s, _o in tokens if token.startswith("gemeente-"))
    refused = client.get("/api/v1/reports", HTTP_AUTHORIZATION=f"Bearer {city}")
    assert refused.status_code == 403
    assert (
        client.get(
            "/api/v1/figures", HTTP_AUTHORIZATION="Bearer gemeente-dordrecht.wrong-secret-000000000"
        ).status_code
        == 401
    )
