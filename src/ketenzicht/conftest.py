"""Shared test fixtures: the named personas of the permission matrix, and case builders.

Personas (all in region "Zuid-Holland Zuid" unless said otherwise):

- ``intake_worker``, ``vt_worker``, ``team_lead``, ``second_team_lead``: Veilig Thuis (``vt_org``)
- ``pro_a`` / ``pro_b``: chain professionals of ``local_team_a`` (Dordrecht, ``municipality_a``)
  and ``local_team_b`` (Zwijndrecht, ``municipality_b``)
- ``policy_officer``: of the municipality of Dordrecht (``municipality_org``)
- ``privacy_officer``: the privacy officer (*functionaris gegevensbescherming*) of ``vt_org``
- ``administrator``: is_staff, is_superuser, role administrator, no organisation
- ``outsider``: no organisation and no role
- ``other_vt_worker``: a VT worker of ``other_vt_org`` in another region (``other_region``)

``make_case(...)`` registers a report through ``report_register``; ``advance_case(case, state)``
drives a case through the real services to any state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from ketenzicht.organisations.models import Municipality, OrganisationKind, Region, Role
from ketenzicht.organisations.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

# --- rows the migrations seed ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _rows_the_migrations_seed(request: pytest.FixtureRequest) -> None:
    """Put back the life domains that migration plans/0002 seeds, when they are gone.

    A transactional test (``django_db(transaction=True)``: threads, a live HTTP server) empties
    every table when it ends, seeded rows included; the tests xdist runs after it in the same
    worker would then find no life domain. The order in which files reach a worker must never
    decide a result.
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from importlib import import_module

    from django.apps import apps

    from ketenzicht.plans.models import LifeDomain

    if not LifeDomain.objects.exists():
        import_module("ketenzicht.plans.migrations.0002_default_life_domains").forwards(apps, None)


# --- logging in -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page needs a verified second factor (accounts/middleware.py): ``force_login`` gives
    the session one, as the two login steps do. ``accounts.testing.force_login_unverified`` is
    the plain Django login (password step only)."""
    from django.test import Client

    from ketenzicht.accounts.testing import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


# --- places and organisations ----------------------------------------------------------------


@pytest.fixture
def in_english(client, settings):
    """For test modules that read the English msgids: pages through the language cookie the
    footer's switcher sets, services and pure code through the active language. Apps whose tests
    assert messages use it autouse in their conftest."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def region(db: None) -> Region:
    """VT region Zuid-Holland Zuid with Dordrecht (GM0505) and Zwijndrecht (GM0642)."""
    region = RegionFactory(code="zhz", name="Zuid-Holland Zuid")
    dordrecht = MunicipalityFactory(code="GM0505", name="Dordrecht", region=region)
    MunicipalityFactory(code="GM0642", name="Zwijndrecht", region=region)
    region.centre_municipality = dordrecht
    region.save(update_fields=["centre_municipality"])
    return region


@pytest.fixture
def municipality_a(region: Region) -> Municipality:
    return Municipality.objects.get(code="GM0505")


@pytest.fixture
def municipality_b(region: Region) -> Municipality:
    return Municipality.objects.get(code="GM0642")


@pytest.fixture
def other_region(db: None) -> Region:
    """A second VT region (Rotterdam-Rijnmond) with Rotterdam (GM0599)."""
    region = RegionFactory(code="rr", name="Rotterdam-Rijnmond")
    MunicipalityFactory(code="GM0599", name="Rotterdam", region=region)
    return region


@pytest.fixture
def other_municipality(other_region: Region) -> Municipality:
    return Municipality.objects.get(code="GM0599")


@pytest.fixture
def vt_org(region):
    return OrganisationFactory(
        name="Veilig Thuis Zuid-Holland Zuid", kind=OrganisationKind.VEILIG_THUIS, region=region
    )


@pytest.fixture
def other_vt_org(other_region):
    return OrganisationFactory(
        name="Veilig Thuis Rotterdam Rijnmond",
        kind=OrganisationKind.VEILIG_THUIS,
        region=other_region,
    )


@pytest.fixture
def local_team_a(region, municipality_a):
    return OrganisationFactory(
        name="Sociaal Wijkteam Dordrecht",
        kind=OrganisationKind.LOCAL_TEAM,
        region=region,
        municipality=municipality_a,
    )


@pytest.fixture
def local_team_b(region, municipality_b):
    return OrganisationFactory(
        name="Wijkteam Zwijndrecht",
        kind=OrganisationKind.LOCAL_TEAM,
        region=region,
        municipality=municipality_b,
    )


@pytest.fixture
def mda_org(region):
    return OrganisationFactory(
        name="MDA++ Zuid-Holland Zuid", kind=OrganisationKind.MDA, region=region
    )


@pytest.fixture
def police_org(region):
    return OrganisationFactory(
        name="Politie Eenheid Rotterdam, district Zuid-Holland Zuid",
        kind=OrganisationKind.POLICE,
        region=region,
    )


@pytest.fixture
def rvdk_org(region):
    return OrganisationFactory(
        name="Raad voor de Kinderbescherming Dordrecht", kind=OrganisationKind.RVDK, region=region
    )


@pytest.fixture
def municipality_org(region, municipality_a):
    return OrganisationFactory(
        name="Gemeente Dordrecht",
        kind=OrganisationKind.MUNICIPALITY,
        region=region,
        municipality=municipality_a,
    )


# --- users -----------------------------------------------------------------------------------


@pytest.fixture
def intake_worker(vt_org):
    return UserFactory(
        username="intake",
        first_name="Iris",
        last_name="Intake",
        organisation=vt_org,
        role=Role.INTAKE_WORKER,
    )


@pytest.fixture
def vt_worker(vt_org):
    return UserFactory(
        username="vtworker",
        first_name="Vera",
        last_name="Veilig",
        organisation=vt_org,
        role=Role.VT_WORKER,
    )


@pytest.fixture
def team_lead(vt_org):
    return UserFactory(
        username="teamlead",
        first_name="Tom",
        last_name="Toets",
        organisation=vt_org,
        role=Role.TEAM_LEAD,
    )


@pytest.fixture
def second_team_lead(vt_org):
    return UserFactory(
        username="teamlead2",
        first_name="Tara",
        last_name="Tweede",
        organisation=vt_org,
        role=Role.TEAM_LEAD,
    )


@pytest.fixture
def pro_a(local_team_a):
    return UserFactory(
        username="pro_a",
        first_name="Aisha",
        last_name="Wijkteam",
        organisation=local_team_a,
        role=Role.CHAIN_PROFESSIONAL,
    )


@pytest.fixture
def pro_b(local_team_b):
    return UserFactory(
        username="pro_b",
        first_name="Bram",
        last_name="Wijkteam",
        organisation=local_team_b,
        role=Role.CHAIN_PROFESSIONAL,
    )


@pytest.fixture
def policy_officer(municipality_org):
    return UserFactory(
        username="policy",
        first_name="Pim",
        last_name="Beleid",
        organisation=municipality_org,
        role=Role.POLICY_OFFICER,
    )


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="admin",
        first_name="Ada",
        last_name="Beheer",
        role=Role.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def privacy_officer(vt_org):
    return UserFactory(
        username="privacy",
        first_name="Priya",
        last_name="Toezicht",
        organisation=vt_org,
        role=Role.PRIVACY_OFFICER,
    )


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", first_name="Otto", last_name="Buiten")


@pytest.fixture
def other_vt_worker(other_vt_org):
    return UserFactory(
        username="othervt",
        first_name="Olga",
        last_name="Anders",
        organisation=other_vt_org,
        role=Role.VT_WORKER,
    )


# --- cases -----------------------------------------------------------------------------------


def default_people() -> list[Any]:
    from ketenzicht.intake.tests.factories import child, victim_adult

    return [victim_adult(surname="Jansen"), child(surname="Jansen")]


@pytest.fixture
def make_case(vt_org, intake_worker, municipality_a) -> Callable[..., Any]:
    """``make_case(*, urgency="regular", people=None, received_at=None, municipality=None,
    assign_to=None, **kw)`` registers a report (and opens its case) via ``report_register``."""
    from ketenzicht.casework.services import report_register
    from ketenzicht.intake.services import AddressInput

    def make(
        *,
        urgency: str = "regular",
        people: Sequence[Any] | None = None,
        received_at: datetime | None = None,
        municipality: Municipality | None = None,
        assign_to: Any = None,
        **kw: Any,
    ) -> Any:
        fields: dict[str, Any] = {
            "organisation": vt_org,
            "registered_by": intake_worker,
            "channel": "phone",
            "reporter_role": "school",
            "reporter_name": "Juf de Vries",
            "reporter_organisation": "Basisschool De Regenboog",
            "kinds": ["child_witnessing", "partner_violence"],
            "household_address": AddressInput(
                street="Voorstraat", house_number="12", postcode="3311 AB", city="Dordrecht"
            ),
            "summary": "Kind vertelt over ruzies thuis waarbij moeder geslagen wordt.",
        }
        fields.update(kw)
        return report_register(
            urgency=urgency,
            people=default_people() if people is None else people,
            received_at=received_at or timezone.now(),
            municipality=municipality or municipality_a,
            assign_to=assign_to,
            **fields,
        )

    return make


@pytest.fixture
def advance_case(vt_worker, team_lead, pro_a, local_team_a) -> Callable[..., Any]:
    """``advance_case(case, to_state)`` drives ``case`` through the real services to ``to_state``.

    Routes (each step runs only when the case is in the step's starting state, so a case can be
    advanced in stages, e.g. to "handover_offered" and later to "monitoring"):

    - review: vt_worker proposes a handover to local_team_a
    - handover_offered: ... team_lead approves
    - handover_refused: ... pro_a refuses; monitoring: ... pro_a accepts
    - decided: proposal "no further steps", approved; closed: ... feedback done, case closed
    - vv / investigation: proposal of that decision, approved
      (``started=True`` also starts the investigation)
    """
    from ketenzicht.casework import services
    from ketenzicht.casework.models import Case, TaskKind
    from ketenzicht.casework.states import State

    def propose(decision: str) -> Callable[[Case], Any]:
        def step(case: Case) -> Any:
            extra: dict[str, Any] = {}
            if decision == "handover":
                extra = {
                    "handover_target": "local_team",
                    "handover_organisation": local_team_a,
                    "safety_conditions": "Vader woont tijdelijk elders.",
                }
            return services.assessment_propose(
                case=case,
                actor=vt_worker,
                acute_unsafety=False,
                structural_unsafety=decision != "no_further_steps",
                risk_factors=["earlier_violence"] if decision != "no_further_steps" else [],
                considerations="Beoordeeld met het instrument; zie de risicofactoren.",
                outcome="unstable" if decision != "no_further_steps" else "safe",
                decision=decision,
                **extra,
            )

        return step

    def approve(case: Case) -> Any:
        return services.assessment_review(case=case, reviewer=team_lead, approve=True)

    def open_handover(case: Case) -> Any:
        return case.handovers.filter(status="offered").order_by("-offered_at", "-pk").first()

    def accept(case: Case) -> Any:
        return services.handover_accept(handover=open_handover(case), actor=pro_a)

    def refuse(case: Case) -> Any:
        return services.handover_refuse(
            handover=open_handover(case), actor=pro_a, reason="Geen capaciteit."
        )

    def feedback(case: Case) -> Any:
        for task in case.tasks.filter(
            kind__in=[TaskKind.FEEDBACK_DECISION, TaskKind.FEEDBACK_INVESTIGATION],
            done_at__isnull=True,
            cancelled=False,
        ):
            services.task_complete(task=task, actor=vt_worker, outcome="Melder gebeld.")

    def close(case: Case) -> Any:
        feedback(case)
        return services.case_close(case=case, actor=vt_worker, reason="Geen vervolg nodig.")

    def start(case: Case) -> Any:
        return services.investigation_start(case=case, actor=vt_worker)

    R, RV, HO = State.REGISTERED, State.REVIEW, State.HANDOVER_OFFERED
    routes: dict[State, list[tuple[State, Callable[[Case], Any]]]] = {
        State.REGISTERED: [],
        State.REVIEW: [(R, propose("handover"))],
        State.HANDOVER_OFFERED: [(R, propose("handover")), (RV, approve)],
        State.HANDOVER_REFUSED: [(R, propose("handover")), (RV, approve), (HO, refuse)],
        State.MONITORING: [(R, propose("handover")), (RV, approve), (HO, accept)],
        State.DECIDED: [(R, propose("no_further_steps")), (RV, approve)],
        State.CLOSED: [(R, propose("no_further_steps")), (RV, approve), (State.DECIDED, close)],
        State.VV: [(R, propose("vv")), (RV, approve)],
        State.INVESTIGATION: [(R, propose("investigation")), (RV, approve)],
    }

    def advance(case: Case, to_state: str, *, started: bool = False) -> Case:
        target = State(to_state)
        case.refresh_from_db()
        route = routes[target]
        starts = [i for i, (before, _) in enumerate(route) if before == case.state]
        if case.state != target:
            if not starts:
                raise ValueError(f"advance_case: no route from {case.state} to {target}")
            for _before, step in route[starts[0] :]:
                step(case)
                case.refresh_from_db()
        if started and target is State.INVESTIGATION and case.investigation_started_at is None:
            start(case)
            case.refresh_from_db()
        assert case.state == target, (case.state, target)
        return case

    return advance


@pytest.fixture
def other_case(other_vt_org, other_vt_worker, other_municipality):
    """A case of the other Veilig Thuis (Rotterdam-Rijnmond)."""
    from ketenzicht.casework.services import report_register
    from ketenzicht.intake.services import AddressInput
    from ketenzicht.intake.tests.factories import victim_adult

    return report_register(
        organisation=other_vt_org,
        registered_by=other_vt_worker,
        received_at=timezone.now(),
        channel="phone",
        reporter_role="police",
        reporter_name="Agent Smit",
        kinds=["partner_violence"],
        urgency="regular",
        municipality=other_municipality,
        household_address=AddressInput(street="Coolsingel", house_number="1", postcode="3011 AD"),
        people=[victim_adult()],
        summary="Politiemelding huiselijk geweld.",
    )
