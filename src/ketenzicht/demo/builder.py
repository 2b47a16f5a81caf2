"""Build the demo region Zuid-Holland Zuid with a year of synthetic, realistic casework.

The region, its organisations and the demo logins are created directly (there are no services
for reference data). Everything that happens to a report goes through the real services of
``intake`` and ``casework``: each case is planned as a list of steps (register, assign, propose,
review, hand over, monitor, ...) with realistic delays, placed on the calendar of the past
fourteen months, and then played with ``time_machine`` so that every event, deadline and task
carries its own past timestamp. The same seed and the same day give the same data.

About one report in seven is a repeat report (*hermelding*) about the household of an earlier
one: it names the same person records, so the radar of the case page has something to show. In
every second repeat report the intake worker missed one of the people, who is registered again as
a new record (without the BSN, sometimes with a typing error in the surname); the deduplication of
the person store that ends the load proposes those for review (``linkage.dedupe.store_dedupe``).

Two of the reports are fixed households of Dordrecht for the walk-through of the household plan
(issue P5, ``_showcase``): a handover from a V&V waiting for the Dordrecht team to accept it, and
an active household plan drawn up through ``plans.services`` with an overdue task.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import time_machine
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from faker import Faker

from ketenzicht.api.services import api_client_create
from ketenzicht.casework import services as casework
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import (
    Case,
    ConditionsMet,
    Handover,
    HandoverStatus,
    HandoverTarget,
    RestrainingOrder,
    RiskFactor,
    TaskKind,
)
from ketenzicht.casework.states import CLOSING_DECISIONS, Decision, MonitoringOutcome
from ketenzicht.common.calendar import is_working_day
from ketenzicht.demo import catalogue as cat
from ketenzicht.demo.external_figures import load_external_figures
from ketenzicht.finance.demo import finance_demo_load
from ketenzicht.intake import services as intake
from ketenzicht.intake.models import (
    AdviceRequest,
    Channel,
    PersonRole,
    Report,
    ReporterRole,
    ReportPerson,
    Sex,
    Urgency,
    ViolenceKind,
)
from ketenzicht.intake.services import AddressInput, PersonInput
from ketenzicht.linkage.dedupe import store_dedupe
from ketenzicht.organisations.models import (
    Municipality,
    MunicipalityPopulation,
    Organisation,
    Region,
    Role,
    User,
)
from ketenzicht.plans import services as plan_services
from ketenzicht.plans.models import LifeDomain
from ketenzicht.programme.demo import programme_demo_load
from ketenzicht.reporting.services import facts_rebuild

WINDOW_DAYS = 426  # about fourteen months of history
MONTHS = WINDOW_DAYS // 30
DEFAULT_SEED = 2026
DEFAULT_REPORTS = 300
DEFAULT_ADVICE = 150
# Repeat reports (hermeldingen): the share of reports about the household of an earlier report,
# the share of those that arrive while Veilig Thuis is still involved, and the share of the
# others that follow a move of the family (new address, same people).
REPEAT_SHARE = 0.135
REPEAT_OPEN_SHARE = 0.15
REPEAT_MOVED_SHARE = 0.2
# Every n-th repeat report registers one of its people again as a new record (a missed link).
REPEAT_DUPLICATE_EVERY = 2
# The fixed households of the walk-through of issue P5 (``_showcase``): one report each.
SHOWCASE_REPORTS = 2

# The final state a case is played to, with its share of all reports (BRIEF 3 and 11: most
# older cases are closed or monitored, a few weeks of work are in progress).
STATE_WEIGHTS: dict[str, int] = {
    "registered": 5,
    "review": 2,
    "decided": 2,
    "vv": 5,
    "investigation": 5,
    "handover_offered": 3,
    "handover_refused": 1,
    "monitoring": 22,
    "closed": 55,
}
# Categories of violence with their share of reports and the chance that the police report it.
CATEGORIES: dict[str, tuple[int, float]] = {
    "child": (46, 0.55),
    "partner": (30, 0.85),
    "ex_partner": (10, 0.8),
    "elder": (2, 0.3),
    "parents": (5, 0.8),
    "other": (7, 0.5),
}
CHILD_KINDS: dict[str, int] = {
    ViolenceKind.CHILD_WITNESSING: 30,
    ViolenceKind.CHILD_EMOTIONAL_NEGLECT: 20,
    ViolenceKind.CHILD_PHYSICAL_ABUSE: 20,
    ViolenceKind.CHILD_EMOTIONAL_ABUSE: 15,
    ViolenceKind.CHILD_PHYSICAL_NEGLECT: 10,
    ViolenceKind.CHILD_SEXUAL_ABUSE: 5,
}
CIVIL_REPORTERS: dict[str, int] = {
    ReporterRole.SCHOOL: 12,
    ReporterRole.GP: 8,
    ReporterRole.YOUTH_CARE: 10,
    ReporterRole.CHILDCARE: 6,
    ReporterRole.YOUTH_HEALTH: 6,
    ReporterRole.HOSPITAL: 4,
    ReporterRole.LOCAL_TEAM: 8,
    ReporterRole.SOCIAL_WORK: 5,
    ReporterRole.JUSTICE: 3,
    ReporterRole.OTHER_PROFESSIONAL: 5,
    ReporterRole.NEIGHBOUR: 8,
    ReporterRole.FAMILY: 10,
    ReporterRole.SELF: 7,
    ReporterRole.ANONYMOUS_CITIZEN: 6,
}
PROFESSIONAL_ROLES = frozenset(cat.REPORTER_ORGANISATIONS) | {ReporterRole.LOCAL_TEAM}
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
SURNAME_PREFIXES = sorted(
    (
        "van der",
        "van den",
        "van de",
        "van 't",
        "van het",
        "in 't",
        "op de",
        "op den",
        "uit de",
        "uit den",
        "van",
        "de",
        "den",
        "der",
        "ter",
        "ten",
        "te",
        "het",
        "'t",
    ),
    key=len,
    reverse=True,
)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoSummary:
    reports: int
    advice_requests: int
    states: dict[str, int]
    overdue: int
    acute: int
    restraining_orders: int
    converted: int
    reopened: int
    repeat_reports: int = 0
    proposals: int = 0  # open proposals to merge person records registered twice


def demo_exists() -> bool:
    """Whether the demo region was loaded before (the load is one transaction)."""
    return Region.objects.filter(code=cat.REGION_CODE).exists()


def demo_logins() -> list[Login]:
    """The demo logins as stored, in the order of :data:`catalogue.PERSONAS`."""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[p.username for p in cat.PERSONAS]
        ).select_related("organisation")
    }
    logins = []
    for persona in cat.PERSONAS:
        user = users.get(persona.username)
        if user is not None:
            logins.append(
                Login(
                    username=user.username,
                    password=cat.DEMO_PASSWORD,
                    role=cat.ROLE_LABELS.get(user.role, user.role),
                    organisation=str(user.organisation or ""),
                )
            )
    return logins


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    reports: int = DEFAULT_REPORTS,
    advice: int = DEFAULT_ADVICE,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Create the demo region and its casework in one transaction.

    ``today``: the day the history runs up to (default: today); everything happens before its
    midnight, so two builds on the same day with the same seed are identical. ``progress`` is
    called with 1 after every advice request and report.
    """
    anchor = datetime.combine(today or timezone.localdate(), time(0, 0), tzinfo=AMSTERDAM)
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    tick = progress or (lambda _n: None)
    with transaction.atomic():
        directory = _create_structure()
        _api_clients(directory)
        load_external_figures(today=anchor.date(), seed=seed)
        # Issue P6: the regional action programme, and the budget split of this year and the
        # next (it needs the population figures loaded above), by the region's policy officer.
        steering = directory.users["beleid"]
        programme_demo_load(region=directory.region, actor=steering)
        finance_demo_load(region=directory.region, actor=steering, first_year=anchor.year)
        generator = _Generator(rng, fake, directory, anchor)
        # The walk-through's households count among the ``reports`` asked for.
        plans = generator.plan_reports(max(reports - SHOWCASE_REPORTS, 0))
        advice_specs = generator.plan_advice(advice, plans)
        runner = _Runner(directory)
        advice_by_plan: dict[int, AdviceRequest] = {}
        for spec in advice_specs:
            created = runner.register_advice(spec)
            if spec.for_plan is not None:
                advice_by_plan[spec.for_plan] = created
            tick(1)
        for index, plan in enumerate(plans):
            runner.play(index, plan, advice_by_plan.get(index), anchor)
            tick(1)
        # The walk-through of issue P5: a handover to accept, and an active household plan.
        _showcase(generator, runner, anchor, first_number=len(plans))
        # The review queue: the store deduplication, as the nightly run would have done it.
        dedupe = store_dedupe(
            organisation=directory.organisations["vt"], now=anchor - timedelta(minutes=30)
        )
        # The steering figures, as the nightly reporting_refresh would have made them, so the
        # policy officer's dashboard and half-year report show the demo's figures at once.
        facts_rebuild()
        return replace(_summary(anchor), proposals=dedupe.written.created + dedupe.written.kept)


def _summary(anchor: datetime) -> DemoSummary:
    cases = Case.objects.all()
    states = Counter(cases.values_list("state", flat=True))
    return DemoSummary(
        reports=cases.count(),
        advice_requests=AdviceRequest.objects.count(),
        states=dict(sorted(states.items())),
        overdue=cases.filter(is_open=True, next_due_at__lt=anchor).count(),
        acute=cases.filter(report__urgency=Urgency.ACUTE).count(),
        restraining_orders=RestrainingOrder.objects.count(),
        converted=cases.filter(report__advice_request__isnull=False).count(),
        reopened=cases.filter(reopen_count__gt=0).count(),
        repeat_reports=_repeat_reports(cases),
    )


def _repeat_reports(cases: Any) -> int:
    """How many of ``cases`` have an earlier report about one of their people or their address
    (what the radar of the case page recognises)."""
    earlier_person = ReportPerson.objects.filter(
        person_id=OuterRef("person_id"), report__received_at__lt=OuterRef("report__received_at")
    )
    linked = ReportPerson.objects.filter(Exists(earlier_person)).values("report_id")
    earlier_address = Report.objects.filter(
        household__postcode=OuterRef("report__household__postcode"),
        household__house_number=OuterRef("report__household__house_number"),
        household__house_number_suffix=OuterRef("report__household__house_number_suffix"),
        received_at__lt=OuterRef("report__received_at"),
    ).exclude(household__postcode="")
    return int(cases.filter(Q(report_id__in=linked) | Exists(earlier_address)).count())


# --- reference data ----------------------------------------------------------------------------


@dataclass
class _Directory:
    region: Region
    municipalities: dict[str, Municipality]
    organisations: dict[str, Organisation]
    users: dict[str, User]

    def of_role(self, role: Role) -> list[User]:
        return [u for u in self.users.values() if u.role == role]

    def receiver(self, organisation: Organisation) -> User:
        """The chain professional who answers handovers to ``organisation``."""
        for user in self.users.values():
            if user.organisation_id == organisation.pk and user.is_chain_professional:
                return user
        raise LookupError(f"No demo professional at {organisation}")


def _api_clients(directory: _Directory) -> None:
    """The REST API's demo clients (police, a local team, the centre municipality) with their
    known demo tokens."""
    for data in cat.API_CLIENTS:
        api_client_create(
            name=data.name,
            organisation=directory.organisations[data.organisation],
            client_id=data.client_id,
            scopes=data.scopes,
            secret=data.secret,
        )


def demo_api_tokens() -> list[tuple[str, str, str]]:
    """``(token, scopes, organisation)`` of the demo API clients that exist."""
    from ketenzicht.api.models import ApiClient

    clients = {
        c.client_id: c
        for c in ApiClient.objects.filter(
            client_id__in=[d.client_id for d in cat.API_CLIENTS]
        ).select_related("organisation")
    }
    return [
        (
            data.token,
            " ".join(clients[data.client_id].scopes),
            str(clients[data.client_id].organisation),
        )
        for data in cat.API_CLIENTS
        if data.client_id in clients
    ]


def _create_structure() -> _Directory:
    region = Region.objects.create(code=cat.REGION_CODE, name=cat.REGION_NAME)
    municipalities: dict[str, Municipality] = {}
    for data in cat.MUNICIPALITIES:
        municipality = Municipality.objects.create(code=data.code, name=data.name, region=region)
        municipalities[data.code] = municipality
        MunicipalityPopulation.objects.bulk_create(
            MunicipalityPopulation(municipality=municipality, year=year, inhabitants=count)
            for year, count in sorted(data.inhabitants.items())
        )
    region.centre_municipality = municipalities[cat.CENTRE_CODE]
    region.save(update_fields=["centre_municipality"])

    organisations: dict[str, Organisation] = {}
    for org in cat.ORGANISATIONS:
        organisations[org.key] = Organisation.objects.create(
            name=org.name,
            kind=org.kind,
            region=region,
            municipality=municipalities.get(org.municipality_code or ""),
            phone=org.phone,
            email=org.email,
        )
    for data in cat.MUNICIPALITIES:
        organisations[cat.team_key(data.code)] = Organisation.objects.create(
            name=data.team_name,
            kind="local_team",
            region=region,
            municipality=municipalities[data.code],
            email=f"sociaalteam@{data.slug}.example",
        )

    password = make_password(cat.DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    users: dict[str, User] = {}
    for persona in cat.PERSONAS:
        admin = persona.role == Role.ADMINISTRATOR
        users[persona.username] = User.objects.create(
            username=persona.username,
            password=password,
            first_name=persona.first_name,
            last_name=persona.last_name,
            email=f"{persona.username}@ketenzicht.example",
            role=persona.role,
            organisation=organisations[persona.organisation],
            is_staff=admin,
            is_superuser=admin,
        )
    return _Directory(region, municipalities, organisations, users)


# --- planning (no database writes) -------------------------------------------------------------


@dataclass
class _PersonSeed:
    """A person before the report date is known; ages are in days on the day of the report."""

    first_names: str
    surname_prefix: str
    surname: str
    sex: str
    role: str
    age_days: int | None
    bsn: str = ""
    address: AddressInput | None = None
    existing: int | None = None  # a repeat report: this person's place in the earlier report

    @property
    def adult(self) -> bool:
        return self.age_days is not None and self.age_days >= 20 * 365

    def as_input(self, received: date) -> PersonInput:
        birth = received - timedelta(days=self.age_days) if self.age_days is not None else None
        return PersonInput(
            surname=self.surname,
            role=self.role,
            first_names=self.first_names,
            surname_prefix=self.surname_prefix,
            date_of_birth=birth,
            sex=self.sex,
            bsn=self.bsn,
            address=self.address,
        )


@dataclass
class _ReportSpec:
    municipality: Municipality
    category: str
    kinds: list[str]
    urgency: str
    channel: str
    reporter_role: str
    reporter_name: str
    reporter_organisation: str
    reporter_phone: str
    reporter_email: str
    reporter_shielded: bool
    meldcode_step: int | None
    reporter_keeps_helping: bool | None
    address: AddressInput
    people: list[_PersonSeed]
    summary: str
    restraining_order: bool = False
    template: str = ""  # the summary before the names are filled in
    names: dict[str, str] = field(default_factory=dict)

    @property
    def has_children(self) -> bool:
        return any(
            p.role == PersonRole.CHILD_IN_HOUSEHOLD
            or (p.age_days is not None and p.age_days < 18 * 365)
            for p in self.people
        )

    @property
    def perpetrator(self) -> int | None:
        for index, person in enumerate(self.people):
            if person.role == PersonRole.ALLEGED_PERPETRATOR and person.adult:
                return index
        return None


@dataclass
class _Step:
    action: str
    delay: timedelta
    office: bool = True
    after: int | None = None  # step the delay counts from; None: previous main step; -1: receipt
    # A parallel track (a legal duty, a restraining order) that does not move the main clock.
    side: bool = False
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Plan:
    spec: _ReportSpec
    steps: list[_Step]
    received_at: datetime
    times: list[datetime]
    worker: str
    reopened: bool
    target: str
    repeat_of: int | None = None  # a repeat report: the plan (index) of the earlier report


@dataclass
class _CaseContext:
    """What the route pieces of the case being planned need to know."""

    spec: _ReportSpec
    worker: str
    acute: bool


@dataclass
class _AdviceSpec:
    received_at: datetime
    channel: str
    reporter_role: str
    reporter_name: str
    reporter_organisation: str
    municipality: Municipality | None
    kinds: list[str]
    question: str
    advice: str
    handled_by: str
    for_plan: int | None = None


def _registered_again(data: PersonInput, *, variant: int) -> PersonInput:
    """A known person written down again as a new record: without the BSN, and every other time
    with two letters of the surname swapped (a typing error)."""
    surname = data.surname
    if variant % 2 and len(surname) >= 4:
        middle = len(surname) // 2
        surname = (
            surname[: middle - 1] + surname[middle] + surname[middle - 1] + surname[middle + 1 :]
        )
    return replace(data, bsn="", surname=surname, existing_person_id=None)


def _fill(template: str, names: dict[str, str]) -> str:
    return template.format(**{k: names.get(k, "") for k in ("child", "victim", "perpetrator")})


def _office_time(moment: datetime) -> datetime:
    """``moment`` moved into office hours (08:30-17:00 on a working day), deterministically."""
    local = moment.astimezone(AMSTERDAM)
    minutes = local.hour * 60 + local.minute
    day = local.date()
    if is_working_day(day) and 510 <= minutes <= 1020:
        return moment
    if is_working_day(day) and minutes < 510:
        return datetime.combine(day, time(8, 30), tzinfo=AMSTERDAM) + timedelta(
            minutes=minutes % 120
        )
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(8, 30), tzinfo=AMSTERDAM) + timedelta(minutes=minutes % 300)


def _office_before(moment: datetime, limit: datetime) -> datetime:
    """``moment`` in office hours, unless that would reach ``limit``."""
    moved = _office_time(moment)
    return moved if moved < limit - timedelta(hours=1) else moment


def _materialise(steps: Sequence[_Step], received: datetime) -> list[datetime]:
    times: list[datetime] = []
    last_main = received
    for step in steps:
        if step.after == -1:
            base = received
        elif step.after is not None:
            base = times[step.after]
        else:
            base = last_main
        moment = base + step.delay
        if step.office:
            moment = _office_time(moment)
        if not step.side:
            moment = max(moment, last_main + timedelta(minutes=3))
            last_main = moment
        times.append(moment)
    return times


class _Route:
    """The steps of one case under construction."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.steps: list[_Step] = []
        self.informed = False

    def add(
        self,
        action: str,
        hours: tuple[float, float],
        *,
        office: bool = True,
        after: int | None = None,
        side: bool = False,
        **params: Any,
    ) -> int:
        delay = timedelta(hours=self.rng.uniform(*hours))
        self.steps.append(_Step(action, delay, office, after, side, params))
        return len(self.steps) - 1

    def days(
        self,
        action: str,
        low: float,
        high: float,
        *,
        after: int | None = None,
        side: bool = False,
        **params: Any,
    ) -> int:
        return self.add(action, (low * 24, high * 24), after=after, side=side, **params)


class _Generator:
    """Draws reports, households and case routes from the seeded random generators."""

    _ctx: _CaseContext  # the case being planned

    def __init__(
        self, rng: random.Random, fake: Faker, directory: _Directory, anchor: datetime
    ) -> None:
        self.rng = rng
        self.fake = fake
        self.dir = directory
        self.anchor = anchor
        self.window_start = anchor - timedelta(days=WINDOW_DAYS)
        self.bsns: set[str] = set()
        self.month_counts: Counter[int] = Counter()
        self.municipality_data = {m.code: m for m in cat.MUNICIPALITIES}
        self.workers = [u.username for u in directory.of_role(Role.VT_WORKER)]
        self.leads = [u.username for u in directory.of_role(Role.TEAM_LEAD)]
        self.intake = [u.username for u in directory.of_role(Role.INTAKE_WORKER)]

    # -- small draws --

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def municipality(self) -> Municipality:
        data = self.rng.choices(
            cat.MUNICIPALITIES, weights=[m.inhabitants[2025] for m in cat.MUNICIPALITIES]
        )[0]
        return self.dir.municipalities[data.code]

    def address(self, municipality: Municipality) -> AddressInput:
        places = self.municipality_data[municipality.code].places
        place = self.rng.choices(places, weights=[p.weight for p in places])[0]
        while True:
            letters = "".join(self.rng.choice(POSTCODE_LETTERS) for _ in range(2))
            if letters not in ("SA", "SD", "SS"):
                break
        number = min(int(self.rng.expovariate(1 / 40)) + 1, 350)
        return AddressInput(
            street=self.rng.choice(place.streets),
            house_number=str(number),
            house_number_suffix=self.rng.choice("ABC") if self.rng.random() < 0.07 else "",
            postcode=f"{self.rng.randint(*place.postcodes)} {letters}",
            city=place.name,
        )

    def bsn(self) -> str:
        """A fresh BSN that passes the eleven-test."""
        while True:
            digits = [self.rng.randint(1, 6)] + [self.rng.randint(0, 9) for _ in range(7)]
            check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
            if check == 10:
                continue
            value = "".join(map(str, digits)) + str(check)
            if value not in self.bsns:
                self.bsns.add(value)
                return value

    def surname(self) -> tuple[str, str]:
        name = self.fake.last_name()
        lower = name.lower()
        for prefix in SURNAME_PREFIXES:
            if lower.startswith(prefix + " "):
                return prefix, name[len(prefix) + 1 :]
        return "", name

    def person(
        self,
        sex: str,
        role: str,
        age_years: tuple[int, int],
        family: tuple[str, str] | None = None,
        *,
        known: float = 0.9,
    ) -> _PersonSeed:
        first = self.fake.first_name_female() if sex == Sex.FEMALE else self.fake.first_name_male()
        prefix, surname = family if family is not None else self.surname()
        age_days = self.rng.randint(age_years[0] * 365 + 30, age_years[1] * 365 + 330)
        return _PersonSeed(
            first_names=first,
            surname_prefix=prefix,
            surname=surname,
            sex=sex,
            role=role,
            age_days=age_days if self.rng.random() < known else None,
            bsn=self.bsn() if self.rng.random() < 0.6 * known else "",
        )

    def other_sex(self, sex: str) -> str:
        return Sex.MALE if sex == Sex.FEMALE else Sex.FEMALE

    # -- households --

    def household(self, category: str, known: float) -> tuple[list[_PersonSeed], dict[str, str]]:
        """The people of one report and the first names the summary refers to."""
        rng = self.rng
        people: list[_PersonSeed] = []
        children: list[_PersonSeed] = []

        def add_children(count: int, family: tuple[str, str]) -> int:
            oldest = 0
            for _ in range(count):
                child = self.person(
                    rng.choice([Sex.FEMALE, Sex.MALE]),
                    PersonRole.CHILD_IN_HOUSEHOLD,
                    (0, 17),
                    family,
                    known=known,
                )
                children.append(child)
                oldest = max(oldest, (child.age_days or 0) // 365)
            return oldest

        if category == "child":
            count = rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
            father_family = self.surname()
            single = rng.random() < 0.35
            family = self.surname() if single else father_family
            oldest = add_children(count, family)
            victims = children[: rng.choice([1, 1, 2])]
            for child in victims:
                child.role = PersonRole.VICTIM
            parent_age = (max(oldest + 20, 22), min(oldest + 42, 58))
            mother = self.person(Sex.FEMALE, PersonRole.PARENT, parent_age, known=known)
            people.append(mother)
            if not single:
                father = self.person(
                    Sex.MALE, PersonRole.PARENT, parent_age, father_family, known=known
                )
                people.append(father)
            perpetrators = rng.sample(people, k=1 if rng.random() < 0.7 else len(people))
            for adult in perpetrators:
                adult.role = PersonRole.ALLEGED_PERPETRATOR
            people += children
            names = {
                "child": victims[0].first_names,
                "victim": victims[0].first_names,
                "perpetrator": perpetrators[0].first_names,
            }
        elif category in ("partner", "ex_partner"):
            victim_sex = Sex.FEMALE if rng.random() < 0.8 else Sex.MALE
            count = rng.choices([0, 1, 2, 3], weights=[40, 25, 25, 10])[0]
            victim = self.person(victim_sex, PersonRole.VICTIM, (20, 55), known=known)
            perpetrator = self.person(
                self.other_sex(victim_sex), PersonRole.ALLEGED_PERPETRATOR, (22, 60), known=known
            )
            if category == "ex_partner":
                perpetrator.address = self.address(self.municipality())
            youngest_parent = min(victim.age_days or 40 * 365, perpetrator.age_days or 40 * 365)
            if count and youngest_parent >= 24 * 365:
                family = (
                    (perpetrator.surname_prefix, perpetrator.surname)
                    if victim_sex == Sex.FEMALE
                    else (victim.surname_prefix, victim.surname)
                )
                add_children(count, family)
                cap = youngest_parent // 365 - 19
                for child in children:
                    if child.age_days is not None:
                        child.age_days = min(child.age_days, cap * 365 + 100)
            people = [victim, perpetrator, *children]
            names = {"victim": victim.first_names, "perpetrator": perpetrator.first_names}
        elif category == "elder":
            victim = self.person(
                rng.choice([Sex.FEMALE, Sex.MALE]), PersonRole.VICTIM, (72, 92), known=known
            )
            family = (victim.surname_prefix, victim.surname)
            perpetrator = self.person(
                rng.choice([Sex.FEMALE, Sex.MALE]),
                PersonRole.ALLEGED_PERPETRATOR,
                (42, 62),
                family if rng.random() < 0.6 else None,
                known=known,
            )
            perpetrator.address = self.address(self.municipality())
            people = [victim, perpetrator]
            names = {"victim": victim.first_names, "perpetrator": perpetrator.first_names}
        elif category == "parents":
            victim = self.person(Sex.FEMALE, PersonRole.VICTIM, (42, 60), known=known)
            perpetrator = self.person(
                rng.choice([Sex.MALE, Sex.MALE, Sex.FEMALE]),
                PersonRole.ALLEGED_PERPETRATOR,
                (18, 24),
                self.surname(),
                known=known,
            )
            people = [victim, perpetrator]
            if rng.random() < 0.5:
                add_children(1, (perpetrator.surname_prefix, perpetrator.surname))
                for child in children:
                    if child.age_days is not None:
                        child.age_days = min(child.age_days, 16 * 365)
                people += children
            names = {"victim": victim.first_names, "perpetrator": perpetrator.first_names}
        else:
            victim = self.person(Sex.FEMALE, PersonRole.VICTIM, (14, 19), known=known)
            perpetrator = self.person(
                Sex.MALE, PersonRole.ALLEGED_PERPETRATOR, (20, 50), known=known
            )
            parent = self.person(
                Sex.FEMALE,
                PersonRole.PARENT,
                (40, 55),
                (victim.surname_prefix, victim.surname),
                known=known,
            )
            people = [victim, perpetrator, parent]
            names = {"victim": victim.first_names, "perpetrator": perpetrator.first_names}
        return people, names

    # -- reports --

    def kinds(self, category: str, with_children: bool) -> list[str]:
        rng = self.rng
        if category == "child":
            first = self.pick(CHILD_KINDS)
            kinds = [first]
            if rng.random() < 0.2:
                second = self.pick(CHILD_KINDS)
                if second != first:
                    kinds.append(second)
            return kinds
        main = {
            "partner": ViolenceKind.PARTNER_VIOLENCE,
            "ex_partner": ViolenceKind.EX_PARTNER_VIOLENCE,
            "elder": ViolenceKind.ELDER_ABUSE,
            "parents": ViolenceKind.VIOLENCE_AGAINST_PARENTS,
        }.get(category)
        if main is None:
            main = rng.choice(
                [
                    ViolenceKind.HONOUR_RELATED,
                    ViolenceKind.SEXUAL_VIOLENCE,
                    ViolenceKind.TRAFFICKING,
                    ViolenceKind.OTHER,
                ]
            )
        kinds = [str(main)]
        if category in ("partner", "ex_partner") and with_children and rng.random() < 0.3:
            kinds.append(ViolenceKind.CHILD_WITNESSING)
        return kinds

    def report(self) -> _ReportSpec:
        rng = self.rng
        category = self.pick({k: w for k, (w, _p) in CATEGORIES.items()})
        police = rng.random() < CATEGORIES[category][1]
        municipality = self.municipality()
        role = ReporterRole.POLICE if police else self.pick(CIVIL_REPORTERS)
        if role == ReporterRole.ANONYMOUS_CITIZEN:
            known = 0.4
        elif role in (ReporterRole.NEIGHBOUR, ReporterRole.FAMILY):
            known = 0.7
        else:
            known = 0.95
        people, names = self.household(category, known)
        urgency = Urgency.ACUTE if rng.random() < 0.05 else Urgency.REGULAR
        with_children = any(p.role == PersonRole.CHILD_IN_HOUSEHOLD for p in people)
        kinds = self.kinds(category, with_children)
        subject = kinds[0] if category in ("child", "other") else category
        police_texts, civil_texts = cat.SUMMARIES[subject]
        template = rng.choice(police_texts if police else civil_texts)
        spec = _ReportSpec(
            municipality=municipality,
            category=category,
            kinds=kinds,
            urgency=urgency,
            channel=Channel.POLICE_CORV
            if police
            else self.pick(
                {Channel.PHONE: 60, Channel.WEB: 20, Channel.MAIL: 15, Channel.IN_PERSON: 5}
            ),
            reporter_role=role,
            reporter_name="",
            reporter_organisation="",
            reporter_phone="",
            reporter_email="",
            reporter_shielded=False,
            meldcode_step=None,
            reporter_keeps_helping=None,
            address=self.address(municipality),
            people=people,
            summary=_fill(template, names),
            template=template,
            names=names,
        )
        self.reporter(spec)
        return spec

    def reporter(self, spec: _ReportSpec) -> None:
        rng, fake = self.rng, self.fake
        role = spec.reporter_role
        prefix, surname = self.surname()
        last = f"{prefix} {surname}".strip()
        if role == ReporterRole.POLICE:
            rank = rng.choice(cat.POLICE_RANKS)
            spec.reporter_name = f"{fake.first_name()[0]}. {last} ({rank})"
            spec.reporter_organisation = self.dir.organisations["police"].name
            return
        if role == ReporterRole.ANONYMOUS_CITIZEN:
            spec.reporter_shielded = True
            return
        spec.reporter_name = f"{fake.first_name()} {last}"
        spec.reporter_phone = f"06-{rng.randint(10_000_000, 99_999_999)}"
        if role in PROFESSIONAL_ROLES:
            if role == ReporterRole.LOCAL_TEAM:
                spec.reporter_organisation = self.municipality_data[
                    spec.municipality.code
                ].team_name
            else:
                spec.reporter_organisation = rng.choice(cat.REPORTER_ORGANISATIONS[role])
            spec.reporter_email = fake.safe_email()
            spec.meldcode_step = rng.choices([3, 4, 5], weights=[15, 25, 60])[0]
            spec.reporter_keeps_helping = rng.random() < 0.6
            spec.reporter_shielded = rng.random() < 0.15
        else:
            spec.reporter_shielded = rng.random() < 0.4

    # -- case routes --

    def plan_reports(self, count: int) -> list[_Plan]:
        rng = self.rng
        specs = [self.report() for _ in range(count)]
        forced = list(STATE_WEIGHTS)
        rng.shuffle(forced)
        targets = [forced[i] if i < len(forced) else self.pick(STATE_WEIGHTS) for i in range(count)]
        # About one restraining order per thirty reports, on police reports of partner violence.
        eligible = [
            i
            for i, spec in enumerate(specs)
            if spec.reporter_role == ReporterRole.POLICE
            and spec.category in ("partner", "ex_partner")
            and spec.perpetrator is not None
            and targets[i] != "decided"
            and not (i < len(forced) and targets[i] == "closed")
        ]
        # One of them is recent enough to be still running.
        running = [i for i in eligible if targets[i] in ("registered", "review")]
        orders = rng.sample(running, k=min(1, len(running)))
        rest = [i for i in eligible if i not in orders]
        orders += rng.sample(rest, k=min(len(rest), max(1, round(count / 30)) - len(orders)))
        for i in orders:
            specs[i].restraining_order = True
            specs[i].urgency = Urgency.ACUTE
        # Some cases were closed before and reopened.
        reopenable = [
            i
            for i in range(len(forced), count)
            if targets[i] in ("registered", "review", "handover_offered", "monitoring", "vv")
        ]
        reopened = set(rng.sample(reopenable, k=min(len(reopenable), max(1, round(count / 25)))))
        # Cases still in progress sit in the recent months; finished cases are planned last and
        # fill the months that have fewest reports, so the inflow per month stays even.
        order = sorted(range(count), key=lambda i: targets[i] == "closed" and i >= len(forced))
        plans: list[_Plan] = []
        for i in order:
            plan = self.plan_case(
                specs[i], targets[i], reopen=i in reopened, forced=i < len(forced)
            )
            self.month_counts[self._month_of(plan.received_at)] += 1
            plans.append(plan)
        plans.sort(key=lambda plan: plan.received_at)
        self._repeat_reports(plans)
        return plans

    def _month_of(self, moment: datetime) -> int:
        """Index of the 30-day period before the anchor that ``moment`` falls in."""
        return min(int((self.anchor - moment).days // 30), MONTHS - 1)

    def plan_case(self, spec: _ReportSpec, target: str, *, reopen: bool, forced: bool) -> _Plan:
        rng = self.rng
        route = _Route(rng)
        worker = rng.choice(self.workers)
        acute = spec.urgency == Urgency.ACUTE
        self._ctx = _CaseContext(spec, worker, acute)
        if acute:
            route.add("register", (0.1, 0.6), office=False, by=rng.choice(self.intake))
        else:
            route.add("register", (0.1, 3), by=rng.choice(self.intake))
        if target != "registered" or reopen or rng.random() < 0.7:  # else: still unassigned
            route.add(
                "assign",
                (0.1, 0.5) if acute else (0.2, 4),
                office=not acute,
                worker=worker,
                by=rng.choice(self.leads),
            )
        if spec.restraining_order:
            self._restraining_order(route)
        if reopen:
            self._closing(route)
            route.days("reopen", 14, 70, reason=rng.choice(cat.REOPEN_REASONS))
        dwell = getattr(self, f"_to_{target}")(route, forced)
        office = not acute and spec.channel != Channel.POLICE_CORV
        received, times = self._place(route.steps, dwell, office=office)
        return _Plan(spec, route.steps, received, times, worker, reopen, target)

    def _place(
        self, steps: list[_Step], dwell: timedelta | None, *, office: bool
    ) -> tuple[datetime, list[datetime]]:
        """Choose the receipt moment so that the last main step lies ``dwell`` before the
        anchor (``None``: a finished case, placed in the emptiest month it fits in)."""

        def last_main(times: list[datetime]) -> datetime:
            return max(t for s, t in zip(steps, times, strict=True) if not s.side)

        span = last_main(_materialise(steps, self.window_start)) - self.window_start
        if dwell is None:
            dwell = self._finished_age(span) - span
        received = self.anchor - dwell - span
        times: list[datetime] = []
        for attempt in range(6):
            received = max(received, self.window_start)
            if office:
                received = _office_time(received)
            times = _materialise(steps, received)
            shift = (self.anchor - dwell) - last_main(times)
            if abs(shift) < timedelta(hours=2) or attempt == 5:
                break
            if shift < timedelta(0) and received <= self.window_start + timedelta(hours=1):
                break  # a long route that does not fit: its last steps fall after the anchor
            received += shift
        # Office hours can push the last step over a weekend past the anchor: start earlier.
        start = received
        for days in range(1, 31):
            if last_main(times) < self.anchor - timedelta(minutes=30):
                break
            if received <= self.window_start:
                break
            received = start - timedelta(days=days)
            if office:
                received = _office_time(received)
            times = _materialise(steps, received)
        return received, times

    def _finished_age(self, span: timedelta) -> timedelta:
        """How long ago a finished case of duration ``span`` came in: in the month (30-day
        period) with the fewest reports so far among those it fits in."""
        shortest = span.total_seconds() / 86400 + 1
        fitting = [m for m in range(MONTHS) if (m + 1) * 30 > shortest] or [MONTHS - 1]
        fewest = min(self.month_counts[m] for m in fitting)
        month = self.rng.choice([m for m in fitting if self.month_counts[m] == fewest])
        low = max(month * 30, shortest)
        high = max(min((month + 1) * 30, WINDOW_DAYS - 1), low)
        return timedelta(days=self.rng.uniform(low, high))

    # Route pieces. Each ``_to_<state>`` adds the steps that end in that state and returns how
    # long the case has been sitting there (None: a finished case).

    def _restraining_order(self, route: _Route) -> None:
        rng = self.rng
        before = timedelta(hours=rng.uniform(2, 20))  # imposed that long before the report
        ro = route.add(
            "ro_register",
            (0.3, 1.5),
            office=False,
            after=0,
            side=True,
            imposed_before=before,
            rihg=rng.choice(cat.RIHG_OUTCOMES),
            icm=rng.choice(cat.ICM_NAMES),
        )
        days = 10
        if rng.random() < 0.4:
            days = rng.choice([21, 28])
            route.add("ro_extend", (6 * 24, 8 * 24), office=False, after=ro, side=True, days=days)
        end = route.add("ro_end", (0, 0), office=False, after=-1, side=True)
        route.steps[end].delay = timedelta(days=days, minutes=5) - before

    def _propose_and_review(
        self, route: _Route, decision: str, handover: tuple[str, str] | None
    ) -> int:
        """A proposal by a VT worker (or a team lead) and its approval by another team lead,
        sometimes after a first rejection. Returns the approving step."""
        rng, ctx = self.rng, self._ctx
        lead_proposes = rng.random() < 0.1
        proposer = self.leads[0] if lead_proposes else ctx.worker
        reviewer = self.leads[1] if lead_proposes else rng.choice(self.leads)
        params = self._assessment(decision, handover)
        office = not ctx.acute
        route.add("propose", (1, 8) if ctx.acute else (3, 70), office=office, by=proposer, **params)
        if rng.random() < 0.08:
            route.add(
                "review",
                (1, 20),
                office=office,
                by=reviewer,
                approve=False,
                comment=rng.choice(cat.REJECT_COMMENTS),
            )
            route.add("propose", (1, 24), office=office, by=proposer, **params)
        return route.add(
            "review",
            (0.3, 4) if ctx.acute else (1, 26),
            office=office,
            by=reviewer,
            approve=True,
            comment="",
        )

    def _assessment(self, decision: str, handover: tuple[str, str] | None) -> dict[str, Any]:
        rng, spec = self.rng, self._ctx.spec
        if decision in CLOSING_DECISIONS:
            outcome = "safe"
        elif decision == Decision.HANDOVER:
            outcome = rng.choice(["unstable", "unstable", "unstable", "unsafe"])
        else:
            outcome = rng.choice(["unsafe", "unsafe", "unstable"])
        factors = list(RiskFactor.values)
        if not any(p.age_days is not None and p.age_days < 4 * 365 for p in spec.people):
            factors.remove(RiskFactor.YOUNG_CHILDREN)
        count = rng.randint(0, 1) if outcome == "safe" else rng.randint(1, 4)
        acute = spec.restraining_order or (self._ctx.acute and rng.random() < 0.7)
        acute_unsafety = decision not in CLOSING_DECISIONS and acute
        texts = cat.ACUTE_CONSIDERATIONS if acute_unsafety else cat.CONSIDERATIONS[outcome]
        params: dict[str, Any] = {
            "acute_unsafety": acute_unsafety,
            "structural_unsafety": outcome != "safe",
            "risk_factors": rng.sample(factors, k=count),
            "considerations": rng.choice(texts),
            "outcome": outcome,
            "decision": decision,
        }
        if handover is not None:
            params["handover_target"], params["handover_organisation"] = handover
            params["safety_conditions"] = rng.choice(cat.SAFETY_CONDITIONS)
        return params

    def _receiver(self, *, own_network: bool, direct: bool) -> tuple[str, tuple[str, str]]:
        """A decision and its (target, organisation key) for a handover."""
        rng, spec = self.rng, self._ctx.spec
        draw = rng.random()
        if direct and spec.has_children and draw < 0.05:
            return Decision.RVDK_REQUEST, (HandoverTarget.RVDK, "rvdk")
        if direct and draw < 0.08:
            return Decision.POLICE_NOTIFICATION, (HandoverTarget.POLICE, "police")
        if draw < 0.16:
            return Decision.HANDOVER, (HandoverTarget.MDA, "mda")
        if draw < 0.28:
            partner = spec.category in ("partner", "ex_partner")
            org = "shelter" if partner and rng.random() < 0.5 else "care"
            return Decision.HANDOVER, (HandoverTarget.EXISTING_HELP, org)
        if own_network and draw < 0.34:
            return Decision.HANDOVER, (HandoverTarget.OWN_NETWORK, "")
        return Decision.HANDOVER, (HandoverTarget.LOCAL_TEAM, self._team())

    def _team(self) -> str:
        return cat.team_key(self._ctx.spec.municipality.code)

    def _feedback_and_inform(self, route: _Route, decided: int, *, feedback: bool = True) -> int:
        """The legal duties after a decision, alongside the main track: feedback to the reporter
        and (once per case) informing the people involved. Returns the last of them."""
        rng, by = self.rng, self._ctx.worker
        last = decided
        if feedback:
            last = route.days(
                "task",
                0.5,
                5,
                after=decided,
                side=True,
                kind=TaskKind.FEEDBACK_DECISION,
                by=by,
                outcome=rng.choice(cat.FEEDBACK_TEXTS),
            )
        if not route.informed:
            route.informed = True
            inform_after, low, high = decided, 0.5, 12
            if rng.random() < 0.1:
                inform_after = route.days(
                    "inform_extend",
                    8,
                    14,
                    after=decided,
                    side=True,
                    by=by,
                    reason=rng.choice(cat.INFORM_EXTENSION_REASONS),
                )
                low, high = 8, 16
            route.days(
                "task",
                low,
                high,
                after=inform_after,
                side=True,
                kind=TaskKind.INFORM_INVOLVED,
                by=by,
                outcome=rng.choice(cat.INFORM_TEXTS),
            )
        return last

    def _closing(self, route: _Route) -> None:
        decision = self.rng.choices(
            [Decision.NO_FURTHER_STEPS, Decision.NOT_ADMISSIBLE, Decision.WRONGLY_ADDRESSED],
            weights=[75, 10, 15],
        )[0]
        approve = self._propose_and_review(route, decision, None)
        feedback = self._feedback_and_inform(route, approve)
        reason = self.rng.choice(cat.CLOSE_REASONS)
        route.days("close", 0.2, 3, after=feedback, by=self._ctx.worker, reason=reason)

    def _investigation(self, route: _Route, *, start: bool = True) -> int:
        approve = self._propose_and_review(route, Decision.INVESTIGATION, None)
        self._feedback_and_inform(route, approve)
        if start:
            route.days("investigation_start", 0.5, 6, after=approve, by=self._ctx.worker)
        return approve

    def _investigation_closed(self, route: _Route, *, close: bool) -> None:
        """An investigation that does not confirm the concerns: no handover, then closure."""
        rng, by = self.rng, self._ctx.worker
        approve = self._investigation(route)
        concluded = route.days(
            "investigation_conclude",
            25,
            66,
            after=approve,
            by=by,
            outcome="not_confirmed",
            target="",
            organisation="",
            conditions="",
            summary="",
        )
        if close:
            done = self._investigation_tasks(route, concluded)
            route.days("close", 0.2, 3, after=done, by=by, reason="")
        elif rng.random() < 0.5:
            self._investigation_tasks(route, concluded)

    def _investigation_tasks(self, route: _Route, concluded: int) -> int:
        rng, by = self.rng, self._ctx.worker
        feedback = route.days(
            "task",
            0.5,
            5,
            after=concluded,
            side=True,
            kind=TaskKind.FEEDBACK_INVESTIGATION,
            by=by,
            outcome=rng.choice(cat.FEEDBACK_TEXTS),
        )
        return route.days(
            "task",
            0.2,
            4,
            after=feedback,
            side=True,
            kind=TaskKind.INVESTIGATION_REPORT,
            by=by,
            outcome="Onderzoeksrapport met de betrokkenen besproken en toegestuurd.",
        )

    def _handover_offered(self, route: _Route, *, via: str, to_team: bool = False) -> int:
        """Steps up to an offered handover; returns the offering step. ``to_team``: a direct
        handover to the local team (which can refuse it)."""
        rng, by = self.rng, self._ctx.worker
        if via == "direct":
            decision: str
            handover: tuple[str, str]
            if to_team:
                decision, handover = Decision.HANDOVER, (HandoverTarget.LOCAL_TEAM, self._team())
            else:
                decision, handover = self._receiver(own_network=False, direct=True)
            approve = self._propose_and_review(route, decision, handover)
            self._feedback_and_inform(route, approve)
            return approve
        _decision, (target, organisation) = self._receiver(own_network=False, direct=False)
        conditions = rng.choice(cat.SAFETY_CONDITIONS)
        if via == "vv":
            approve = self._propose_and_review(route, Decision.VV, None)
            self._feedback_and_inform(route, approve)
            return route.days(
                "vv_complete",
                20,
                65,
                after=approve,
                by=by,
                target=target,
                organisation=organisation,
                conditions=conditions,
                summary=cat.HANDOVER_SUMMARIES[0],
            )
        approve = self._investigation(route)
        concluded = route.days(
            "investigation_conclude",
            25,
            66,
            after=approve,
            by=by,
            outcome=rng.choice(["confirmed", "confirmed", "unknown", "not_confirmed"]),
            target=target,
            organisation=organisation,
            conditions=conditions,
            summary=cat.HANDOVER_SUMMARIES[1],
        )
        self._investigation_tasks(route, concluded)
        return concluded

    def _refusal(self, route: _Route, offered: int) -> int:
        """The local team refuses the offered handover; returns the refusal reason's index."""
        reason = self.rng.randrange(len(cat.REFUSAL_REASONS))
        route.days("refuse", 0.5, 6, after=offered, reason=cat.REFUSAL_REASONS[reason])
        return reason

    def _accepted(self, route: _Route, *, via: str) -> int:
        """Steps up to the start of monitoring; returns the step monitoring counts from."""
        rng = self.rng
        if via == "own_network":
            approve = self._propose_and_review(
                route, Decision.HANDOVER, (HandoverTarget.OWN_NETWORK, "")
            )
            self._feedback_and_inform(route, approve)
            return approve
        if via == "refused":
            reason = self._refusal(route, self._handover_offered(route, via="direct", to_team=True))
            target, org = (
                (HandoverTarget.MDA, "mda")
                if reason == 0
                else (HandoverTarget.LOCAL_TEAM, self._team())
            )
            route.days(
                "offer",
                0.1,
                1,
                by=self._ctx.worker,
                target=target,
                organisation=org,
                summary=cat.HANDOVER_SUMMARIES[0],
                conditions=rng.choice(cat.SAFETY_CONDITIONS),
            )
            return route.days("accept", 0.5, 6, note=rng.choice(cat.ACCEPT_NOTES))
        offered = self._handover_offered(route, via=via)
        return route.days("accept", 0.5, 8, after=offered, note=rng.choice(cat.ACCEPT_NOTES))

    def _monitor(self, route: _Route, start: int, outcome: str, moment: int) -> int:
        """A monitoring record shortly before the ``moment``-th monitoring moment (3, 10 m.)."""
        rng = self.rng
        low, high = (80, 91) if moment == 1 else (290, 302)
        stable = outcome == MonitoringOutcome.STABLE
        partly = rng.choice([ConditionsMet.PARTLY, ConditionsMet.YES, ConditionsMet.NO])
        return route.days(
            "monitor",
            low,
            high,
            after=start,
            by=self._ctx.worker,
            outcome=outcome,
            conditions_met=ConditionsMet.YES if stable else partly,
            direct_safety=stable or rng.random() < 0.6,
            stable_safety=stable,
            recovery_attention=stable or rng.random() < 0.5,
            notes=rng.choice(cat.MONITORING_NOTES[outcome]),
        )

    def _via(self) -> str:
        return self.rng.choices(["direct", "vv", "investigation"], weights=[65, 20, 15])[0]

    def _to_registered(self, route: _Route, forced: bool) -> timedelta:
        rng = self.rng
        reopened = any(step.action == "reopen" for step in route.steps)
        if not forced and not reopened and rng.random() < 0.15:
            if rng.random() < 0.5:  # monitoring found new violence: VT takes the case up again
                start = self._accepted(route, via="direct")
                self._monitor(route, start, MonitoringOutcome.RENEWED, 1)
            else:  # the local team refused; VT assesses again
                self._refusal(route, self._handover_offered(route, via="direct", to_team=True))
                route.days(
                    "reassess",
                    0.1,
                    1,
                    by=self._ctx.worker,
                    reason=rng.choice(cat.REASSESS_REASONS),
                )
            return timedelta(days=rng.uniform(0.2, 3))
        if self._ctx.acute:
            late = rng.random() < 0.3
            return timedelta(hours=rng.uniform(30, 100) if late else rng.uniform(1, 20))
        if not forced and rng.random() < 0.3:
            return timedelta(days=rng.uniform(8, 30))  # waiting too long for its assessment
        return timedelta(days=rng.uniform(0.1, 3.5))

    def _to_review(self, route: _Route, forced: bool) -> timedelta:
        rng, ctx = self.rng, self._ctx
        kind = rng.choices(["handover", "closing", "vv", "investigation"], [55, 20, 15, 10])[0]
        handover: tuple[str, str] | None = None
        if kind == "handover":
            decision, handover = self._receiver(own_network=True, direct=True)
        elif kind == "closing":
            decision = Decision.NO_FURTHER_STEPS
        else:
            decision = Decision(kind)
        params = self._assessment(decision, handover)
        hours = (1, 8) if ctx.acute else (3, 70)
        route.add("propose", hours, office=not ctx.acute, by=ctx.worker, **params)
        if not forced and rng.random() < 0.2:
            return timedelta(days=rng.uniform(6, 15))
        return timedelta(hours=rng.uniform(1, 40))

    def _to_decided(self, route: _Route, forced: bool) -> timedelta:
        rng = self.rng
        if not forced and rng.random() < 0.25:
            self._investigation_closed(route, close=False)
            return timedelta(days=rng.uniform(0.2, 4))
        decision = rng.choices(
            [Decision.NO_FURTHER_STEPS, Decision.NOT_ADMISSIBLE, Decision.WRONGLY_ADDRESSED],
            weights=[75, 10, 15],
        )[0]
        approve = self._propose_and_review(route, decision, None)
        self._feedback_and_inform(route, approve, feedback=rng.random() < 0.6)
        return timedelta(days=rng.uniform(0.2, 6 if forced else 12))

    def _to_vv(self, route: _Route, forced: bool) -> timedelta:
        rng = self.rng
        approve = self._propose_and_review(route, Decision.VV, None)
        self._feedback_and_inform(route, approve)
        if not forced and rng.random() < 0.15:
            return timedelta(days=rng.uniform(72, 90))  # past the ten weeks
        return timedelta(days=rng.uniform(1, 60))

    def _to_investigation(self, route: _Route, forced: bool) -> timedelta:
        rng = self.rng
        if rng.random() < 0.2:
            self._investigation(route, start=False)
            return timedelta(days=rng.uniform(0.2, 3 if forced else 9))
        self._investigation(route)
        if not forced and rng.random() < 0.15:
            return timedelta(days=rng.uniform(68, 80))  # past the ten weeks
        return timedelta(days=rng.uniform(1, 50))

    def _to_handover_offered(self, route: _Route, forced: bool) -> timedelta:
        self._handover_offered(route, via="direct" if forced else self._via(), to_team=forced)
        return timedelta(days=self.rng.uniform(0.2, 10))

    def _to_handover_refused(self, route: _Route, forced: bool) -> timedelta:
        self._refusal(route, self._handover_offered(route, via="direct", to_team=True))
        late = not forced and self.rng.random() < 0.25
        return timedelta(hours=self.rng.uniform(30, 120) if late else self.rng.uniform(1, 20))

    def _to_monitoring(self, route: _Route, forced: bool) -> timedelta:
        rng = self.rng
        via = "direct"
        if not forced:
            via = rng.choices(
                ["direct", "vv", "investigation", "refused", "own_network"],
                weights=[55, 17, 12, 8, 8],
            )[0]
        start = self._accepted(route, via=via)
        if forced:
            return timedelta(days=rng.uniform(2, 60))
        draw = rng.random()
        if draw < 0.4:
            self._monitor(route, start, MonitoringOutcome.CONTINUE, 1)
            return timedelta(days=rng.uniform(1, 200))
        if draw < 0.5:
            return timedelta(days=rng.uniform(95, 150))  # a monitoring moment passed unrecorded
        return timedelta(days=rng.uniform(1, 85))

    def _to_closed(self, route: _Route, forced: bool) -> timedelta | None:
        rng = self.rng
        if forced:
            self._closing(route)
            return timedelta(days=rng.uniform(2, 60))
        kind = rng.choices(
            ["closing", "monitoring", "long_monitoring", "investigation"],
            weights=[0 if self._ctx.spec.restraining_order else 45, 35, 10, 10],
        )[0]
        if kind == "closing":
            self._closing(route)
        elif kind == "investigation":
            self._investigation_closed(route, close=True)
        else:
            start = self._accepted(route, via=self._via())
            if kind == "long_monitoring":
                self._monitor(route, start, MonitoringOutcome.CONTINUE, 1)
                self._monitor(route, start, MonitoringOutcome.STABLE, 2)
            else:
                self._monitor(route, start, MonitoringOutcome.STABLE, 1)
        return None

    # -- the walk-through of issue P5 --

    def showcase_spec(self, household: cat.ShowcaseHousehold) -> _ReportSpec:
        """A police report about one of the fixed households of :mod:`catalogue`."""
        municipality = self.dir.municipalities[household.municipality_code]
        people = [
            _PersonSeed(
                first_names=p.first_names,
                surname_prefix=p.surname_prefix,
                surname=p.surname,
                sex=p.sex,
                role=p.role,
                age_days=p.age * 365 + 120,
                bsn=self.bsn(),
            )
            for p in household.people
        ]
        spec = _ReportSpec(
            municipality=municipality,
            category="partner",
            kinds=list(household.kinds),
            urgency=Urgency.REGULAR,
            channel=Channel.POLICE_CORV,
            reporter_role=ReporterRole.POLICE,
            reporter_name="",
            reporter_organisation="",
            reporter_phone="",
            reporter_email="",
            reporter_shielded=False,
            meldcode_step=None,
            reporter_keeps_helping=None,
            address=AddressInput(
                street=household.street,
                house_number=household.house_number,
                house_number_suffix="",
                postcode=household.postcode,
                city=household.city,
            ),
            people=people,
            summary=household.summary,
        )
        self.reporter(spec)
        return spec

    def plan_showcase(self, household: cat.ShowcaseHousehold, *, accepted: bool) -> _Plan:
        """Register, assign, a V&V (*voorwaarden en vervolg*) with four eyes, its completion
        offering the handover with the household's safety conditions to the local team, and
        (``accepted``) the team's acceptance; the last step ``days_ago`` before the anchor."""
        spec = self.showcase_spec(household)
        worker, route = self.workers[0], _Route(self.rng)
        self._ctx = _CaseContext(spec, worker, acute=False)
        route.add("register", (0.5, 3), by=self.intake[0])
        route.add("assign", (0.5, 4), worker=worker, by=self.leads[0])
        approve = self._propose_and_review(route, Decision.VV, None)
        self._feedback_and_inform(route, approve)
        route.days(
            "vv_complete",
            20,
            30,
            after=approve,
            by=worker,
            target=HandoverTarget.LOCAL_TEAM,
            organisation=cat.team_key(household.municipality_code),
            conditions=household.safety_conditions,
            summary=cat.HANDOVER_SUMMARIES[0],
        )
        if accepted:
            route.days("accept", 0.5, 2, note=cat.ACCEPT_NOTES[0])
        received, times = self._place(
            route.steps, timedelta(days=household.days_ago, hours=3), office=True
        )
        target = "monitoring" if accepted else "handover_offered"
        return _Plan(spec, route.steps, received, times, worker, False, target)

    # -- repeat reports --

    def _repeat_reports(self, plans: list[_Plan]) -> None:
        """Turn about one report in seven into a repeat report (*hermelding*) about the household
        of an earlier report: the same people (linked to their person records when the report is
        played), usually at the same address, sometimes after a move, with a newborn child or
        without one member. The route, reporter and kinds of the later report stay as planned, so
        the spread of states, reporters and kinds does not change. A few arrive while the earlier
        case is still open; most after it was closed. The restraining order that still runs is
        preferably one about a household known before. ``plans`` is in received order, and is
        played in that order: the earlier report's people exist when a repeat report comes in."""
        total = round(len(plans) * REPEAT_SHARE)
        if not total:
            return
        rng = self.rng
        closed = {
            a: max(t for s, t in zip(plan.steps, plan.times, strict=True) if not s.side)
            for a, plan in enumerate(plans)
            if plan.target == "closed"
        }
        pairs: dict[int, tuple[int, bool]] = {}  # later plan: (earlier plan, same address)
        opened: set[int] = set()  # the repeat reports that arrive while VT is still involved
        # Each report has at most one repeat report of its own, so a household reported three
        # times is a chain: the third report follows the second.
        origins: set[int] = set()

        def pair(b: int, earlier: Sequence[int], still_open: bool | None, *, move: bool) -> bool:
            """Pair plan ``b`` with one of ``earlier`` (``move``: after a move if need be)."""
            moved = rng.random() < REPEAT_MOVED_SHARE
            for same_address in (False,) if moved else (True, False) if move else (True,):
                fits = [
                    a
                    for a in earlier
                    if a not in origins
                    and self._repeat_fits(
                        plans[a], plans[b], closed.get(a), still_open, same_address
                    )
                ]
                if fits:
                    a = rng.choice(fits)
                    pairs[b] = (a, same_address)
                    origins.add(a)
                    if self._repeat_fits(plans[a], plans[b], None, True, same_address):
                        opened.add(b)
                    return True
            return False

        for b in [i for i, plan in enumerate(plans) if self._order_runs(plan)][:1]:
            with_order = [a for a in range(b) if plans[a].spec.restraining_order]
            if not pair(b, with_order, None, move=True):
                pair(b, range(b), None, move=True)
        later = list(range(len(plans)))
        rng.shuffle(later)
        for b in later:
            if len(opened) >= max(1, round(total * REPEAT_OPEN_SHARE)):
                break
            if b not in pairs:
                pair(b, range(b), True, move=True)
        for b in later:
            if len(pairs) >= total:
                break
            if b not in pairs:
                pair(b, range(b), False, move=False)
        for b in sorted(pairs):  # earlier first: a repeat report can follow another one
            self._make_repeat(plans, b, *pairs[b])

    def _order_runs(self, plan: _Plan) -> bool:
        """Whether the restraining order of ``plan`` is imposed but not yet over at the anchor."""
        if not plan.spec.restraining_order:
            return False
        actions = [step.action for step in plan.steps]
        register, end = actions.index("ro_register"), actions.index("ro_end")
        return plan.times[register] < self.anchor <= plan.times[end]

    def _repeat_fits(
        self,
        first: _Plan,
        then: _Plan,
        closed: datetime | None,
        still_open: bool | None,
        same_address: bool,
    ) -> bool:
        """Whether ``then`` can be a repeat report about the household of ``first``, arriving
        while its case is still open (``still_open``), after it was closed (at ``closed``) or
        either (None)."""

        def group(spec: _ReportSpec) -> str:
            return "partner" if spec.category == "ex_partner" else spec.category

        if then.received_at - first.received_at < timedelta(days=2):
            return False
        if group(first.spec) != group(then.spec):
            return False
        if same_address and first.spec.municipality.pk != then.spec.municipality.pk:
            return False
        if then.spec.restraining_order and first.spec.perpetrator is None:
            return False
        if not first.spec.has_children and (
            ViolenceKind.CHILD_WITNESSING in then.spec.kinds
            or any(s.params.get("decision") == Decision.RVDK_REQUEST for s in then.steps)
        ):
            return False  # the later report was planned for a household with children
        is_open = (
            first.target != "closed"
            and not first.reopened
            and then.received_at > first.times[0] + timedelta(days=1)
        )
        is_closed = (
            closed is not None
            and closed < self.anchor
            and then.received_at > closed + timedelta(days=1)
        )
        if still_open is None:
            return is_open or is_closed
        return is_open if still_open else is_closed

    def _make_repeat(self, plans: list[_Plan], b: int, a: int, same_address: bool) -> None:
        """Make plan ``b`` a repeat report about the household of plan ``a``."""
        rng = self.rng
        first, plan = plans[a], plans[b]
        spec = plan.spec
        gap = (
            plan.received_at.astimezone(AMSTERDAM).date()
            - first.received_at.astimezone(AMSTERDAM).date()
        ).days
        people = [
            replace(
                person,
                age_days=None if person.age_days is None else person.age_days + gap,
                existing=index,
            )
            for index, person in enumerate(first.spec.people)
        ]
        named = set(first.spec.names.values())
        notes = [rng.choice(cat.REPEAT_NOTES)]
        if len(people) >= 3 and rng.random() < 0.15:
            self._leave_out(people, named)
        if rng.random() < 0.3:
            newborn = self._newborn(people, gap, first.spec.category)
            if newborn is not None:
                people.append(newborn)
                notes.append(cat.REPEAT_NEWBORN_NOTE)
        if same_address:
            spec.address = first.spec.address
        else:
            notes.append(cat.REPEAT_MOVED_NOTE)
        spec.people = people
        spec.names = dict(first.spec.names)
        spec.summary = " ".join([_fill(spec.template, spec.names), *notes])
        plan.repeat_of = a
        if not any(p.age_days is not None and p.age_days < 4 * 365 for p in people):
            for step in plan.steps:  # the assessment was drawn for the household planned first
                factors = step.params.get("risk_factors")
                if factors and RiskFactor.YOUNG_CHILDREN in factors:
                    step.params["risk_factors"] = [
                        f for f in factors if f != RiskFactor.YOUNG_CHILDREN
                    ]

    def _leave_out(self, people: list[_PersonSeed], named: set[str]) -> None:
        """Leave one parent or child out of a repeat report (not someone its summary names; not
        the last child)."""

        def minor(person: _PersonSeed) -> bool:
            return person.age_days is not None and person.age_days < 18 * 365

        minors = sum(1 for p in people if minor(p) or p.role == PersonRole.CHILD_IN_HOUSEHOLD)
        candidates = [
            index
            for index, person in enumerate(people)
            if person.role in (PersonRole.PARENT, PersonRole.CHILD_IN_HOUSEHOLD)
            and person.first_names not in named
            and (minors > 1 or not (minor(person) or person.role == PersonRole.CHILD_IN_HOUSEHOLD))
        ]
        if candidates:
            del people[self.rng.choice(candidates)]

    def _newborn(
        self, people: list[_PersonSeed], gap_days: int, category: str
    ) -> _PersonSeed | None:
        """A child born since the earlier report, if the household can have one."""
        rng = self.rng
        if category not in ("child", "partner") or gap_days < 60:
            return None
        if not any(
            p.sex == Sex.FEMALE and p.age_days is not None and 20 * 365 <= p.age_days <= 44 * 365
            for p in people
        ):
            return None
        children = [p for p in people if p.age_days is not None and p.age_days < 18 * 365]
        fathers = [p for p in people if p.sex == Sex.MALE and p.adult]
        family = (children or fathers or people)[0]
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        first = self.fake.first_name_female() if sex == Sex.FEMALE else self.fake.first_name_male()
        return _PersonSeed(
            first_names=first,
            surname_prefix=family.surname_prefix,
            surname=family.surname,
            sex=sex,
            role=PersonRole.CHILD_IN_HOUSEHOLD,
            age_days=rng.randint(7, min(gap_days - 1, 330)),
            bsn=self.bsn() if rng.random() < 0.8 else "",
        )

    # -- advice requests --

    def plan_advice(self, count: int, plans: Sequence[_Plan]) -> list[_AdviceSpec]:
        """``count`` advice requests; a few of them are later converted into a report."""
        rng = self.rng
        handlers = self.intake + self.workers
        convertible = [
            i
            for i, plan in enumerate(plans)
            if plan.spec.reporter_role != ReporterRole.POLICE
            and not plan.reopened
            and plan.received_at > self.window_start + timedelta(days=14)
        ]
        converted = sorted(
            rng.sample(
                convertible, k=min(len(convertible), count, max(1, round(len(plans) * 0.06)))
            )
        )
        specs: list[_AdviceSpec] = []
        for index in converted:
            plan = plans[index]
            spec = plan.spec
            spec.channel = Channel.PHONE
            specs.append(
                _AdviceSpec(
                    received_at=_office_before(
                        plan.received_at - timedelta(days=rng.uniform(2, 12)), plan.received_at
                    ),
                    channel=Channel.PHONE,
                    reporter_role=spec.reporter_role,
                    reporter_name=spec.reporter_name,
                    reporter_organisation=spec.reporter_organisation,
                    municipality=spec.municipality,
                    kinds=list(spec.kinds),
                    question=rng.choice(cat.ADVICE_QUESTIONS[self._advice_category(spec.category)]),
                    advice=cat.ADVICE_ANSWERS[4],
                    handled_by=rng.choice(handlers),
                    for_plan=index,
                )
            )
        for _ in range(count - len(converted)):
            category = self.pick({"child": 68, "partner": 22, "elder": 3, "other": 7})
            role = self.pick(
                {
                    **{r: w for r, w in CIVIL_REPORTERS.items() if r != ReporterRole.LOCAL_TEAM},
                    ReporterRole.LOCAL_TEAM: 12,
                    ReporterRole.POLICE: 3,
                }
            )
            received = self.window_start + timedelta(
                seconds=rng.uniform(0, (self.anchor - self.window_start).total_seconds() - 86400)
            )
            professional = role in PROFESSIONAL_ROLES or role == ReporterRole.POLICE
            kind_category = {"other": "other", "elder": "elder", "partner": "partner"}.get(
                category, "child"
            )
            specs.append(
                _AdviceSpec(
                    received_at=_office_before(received, self.anchor),
                    channel=self.pick({Channel.PHONE: 80, Channel.WEB: 10, Channel.MAIL: 10}),
                    reporter_role=role,
                    reporter_name=self.fake.name() if professional and rng.random() < 0.7 else "",
                    reporter_organisation=(
                        rng.choice(cat.REPORTER_ORGANISATIONS[role])
                        if role in cat.REPORTER_ORGANISATIONS
                        else ""
                    ),
                    municipality=self.municipality() if rng.random() < 0.9 else None,
                    kinds=self.kinds(kind_category, with_children=True),
                    question=rng.choice(cat.ADVICE_QUESTIONS[category]),
                    advice=rng.choice(cat.ADVICE_ANSWERS),
                    handled_by=rng.choice(handlers),
                )
            )
        specs.sort(key=lambda s: s.received_at)
        return specs

    @staticmethod
    def _advice_category(category: str) -> str:
        known = {"partner": "partner", "ex_partner": "partner", "elder": "elder", "child": "child"}
        return known.get(category, "other")


# --- playing the plans through the services ----------------------------------------------------


@dataclass
class _Live:
    plan: _Plan
    number: int  # the plan's place in received order
    case: Case | None = None
    order: RestrainingOrder | None = None


class _Runner:
    """Plays planned steps through the real services, each at its own moment in the past."""

    def __init__(self, directory: _Directory) -> None:
        self.dir = directory
        self.vt = directory.organisations["vt"]
        # The person records of each registered report (by plan), in the order of its people.
        self.persons: dict[int, list[int]] = {}
        self.repeats = 0  # repeat reports registered so far

    def user(self, username: str) -> User:
        return self.dir.users[username]

    def register_advice(self, spec: _AdviceSpec) -> AdviceRequest:
        with time_machine.travel(spec.received_at + timedelta(minutes=20), tick=False):
            return intake.advice_request_register(
                organisation=self.vt,
                handled_by=self.user(spec.handled_by),
                received_at=spec.received_at,
                channel=spec.channel,
                reporter_role=spec.reporter_role,
                question=spec.question,
                advice=spec.advice,
                kinds=spec.kinds,
                municipality=spec.municipality,
                reporter_name=spec.reporter_name,
                reporter_organisation=spec.reporter_organisation,
            )

    def play(
        self, number: int, plan: _Plan, advice: AdviceRequest | None, anchor: datetime
    ) -> Case | None:
        """Play plan ``number`` (its place in received order: a repeat report is played after
        the report it refers to); returns its case."""
        live = _Live(plan, number)
        order = sorted(range(len(plan.steps)), key=lambda i: (plan.times[i], i))
        for index in order:
            moment = plan.times[index]
            if moment >= anchor:
                continue
            step = plan.steps[index]
            with time_machine.travel(moment, tick=False):
                if step.action == "register":
                    self.register(live, advice, step.params)
                else:
                    getattr(self, f"do_{step.action}")(live, **step.params)
        return live.case

    def register(self, live: _Live, advice: AdviceRequest | None, params: dict[str, Any]) -> None:
        plan, spec = live.plan, live.plan.spec
        received = plan.received_at
        day = received.astimezone(AMSTERDAM).date()
        # A repeat report names the people of the earlier report by their person records.
        earlier = self.persons[plan.repeat_of] if plan.repeat_of is not None else []
        missed = self._missed_link(spec.people) if plan.repeat_of is not None else None
        people = []
        for index, person in enumerate(spec.people):
            data = person.as_input(day)
            if index == missed:
                data = _registered_again(data, variant=self.repeats // REPEAT_DUPLICATE_EVERY)
            elif person.existing is not None:
                data = replace(data, existing_person_id=earlier[person.existing])
            people.append(data)
        if plan.repeat_of is not None:
            self.repeats += 1
        fields: dict[str, Any] = {
            "received_at": received,
            "urgency": spec.urgency,
            "municipality": spec.municipality,
            "household_address": spec.address,
            "people": people,
            "summary": spec.summary,
            "reporter_name": spec.reporter_name,
            "reporter_organisation": spec.reporter_organisation,
            "reporter_phone": spec.reporter_phone,
            "reporter_email": spec.reporter_email,
            "reporter_shielded": spec.reporter_shielded,
            "meldcode_step": spec.meldcode_step,
            "reporter_keeps_helping": spec.reporter_keeps_helping,
        }
        registered_by = self.user(params["by"])
        if advice is not None:
            live.case = casework.advice_request_convert(
                advice_request=advice, registered_by=registered_by, **fields
            )
        else:
            live.case = casework.report_register(
                organisation=self.vt,
                registered_by=registered_by,
                channel=spec.channel,
                reporter_role=spec.reporter_role,
                kinds=spec.kinds,
                **fields,
            )
        self.persons[live.number] = list(
            live.case.report.involved.order_by("pk").values_list("person_id", flat=True)
        )

    def _missed_link(self, people: Sequence[_PersonSeed]) -> int | None:
        """In every n-th repeat report, the one of its known people (the last) whom the intake
        worker does not link: registered again as a new record. Only when another known person
        stays linked, so the radar still recognises the household."""
        known = [i for i, person in enumerate(people) if person.existing is not None]
        if self.repeats % REPEAT_DUPLICATE_EVERY or len(known) < 2:
            return None
        return known[-1]

    def _case(self, live: _Live) -> Case:
        assert live.case is not None
        return live.case

    def _organisation(self, key: str) -> Organisation | None:
        return self.dir.organisations[key] if key else None

    def _open_handover(self, live: _Live) -> Handover:
        handover = (
            self._case(live)
            .handovers.filter(status=HandoverStatus.OFFERED)
            .select_related("organisation")
            .order_by("-offered_at", "-pk")
            .first()
        )
        assert handover is not None and handover.organisation is not None
        return handover

    def do_assign(self, live: _Live, *, worker: str, by: str) -> None:
        live.case = casework.case_assign(
            case=self._case(live), assignee=self.user(worker), actor=self.user(by)
        )

    def do_propose(self, live: _Live, *, by: str, **params: Any) -> None:
        params["handover_organisation"] = self._organisation(
            params.get("handover_organisation", "")
        )
        casework.assessment_propose(case=self._case(live), actor=self.user(by), **params)

    def do_review(self, live: _Live, *, by: str, approve: bool, comment: str) -> None:
        casework.assessment_review(
            case=self._case(live), reviewer=self.user(by), approve=approve, comment=comment
        )

    def do_task(self, live: _Live, *, kind: str, by: str, outcome: str) -> None:
        task = (
            self._case(live)
            .tasks.filter(kind=kind, done_at__isnull=True, cancelled=False)
            .order_by("due_at")
            .first()
        )
        if task is not None:
            casework.task_complete(task=task, actor=self.user(by), outcome=outcome)

    def do_inform_extend(self, live: _Live, *, by: str, reason: str) -> None:
        task = self._case(live).tasks.get(kind=TaskKind.INFORM_INVOLVED)
        casework.task_extend(task=task, actor=self.user(by), reason=reason)

    def do_close(self, live: _Live, *, by: str, reason: str) -> None:
        casework.case_close(case=self._case(live), actor=self.user(by), reason=reason)

    def do_reopen(self, live: _Live, *, reason: str) -> None:
        casework.case_reopen(
            case=self._case(live), actor=self.user(live.plan.worker), reason=reason
        )

    def do_reassess(self, live: _Live, *, by: str, reason: str) -> None:
        casework.case_reassess(case=self._case(live), actor=self.user(by), reason=reason)

    def do_vv_complete(
        self,
        live: _Live,
        *,
        by: str,
        target: str,
        organisation: str,
        conditions: str,
        summary: str,
    ) -> None:
        casework.vv_complete(
            case=self._case(live),
            actor=self.user(by),
            safety_conditions=conditions,
            summary=summary,
            handover_target=target,
            handover_organisation=self._organisation(organisation),
        )

    def do_investigation_start(self, live: _Live, *, by: str) -> None:
        casework.investigation_start(case=self._case(live), actor=self.user(by))

    def do_investigation_conclude(
        self,
        live: _Live,
        *,
        by: str,
        outcome: str,
        target: str,
        organisation: str,
        conditions: str,
        summary: str,
    ) -> None:
        casework.investigation_conclude(
            case=self._case(live),
            actor=self.user(by),
            outcome=outcome,
            conclusion=cat.INVESTIGATION_CONCLUSIONS[outcome],
            handover_target=target,
            handover_organisation=self._organisation(organisation),
            safety_conditions=conditions,
            summary=summary,
        )

    def do_accept(self, live: _Live, *, note: str) -> None:
        handover = self._open_handover(live)
        assert handover.organisation is not None
        casework.handover_accept(
            handover=handover, actor=self.dir.receiver(handover.organisation), note=note
        )

    def do_refuse(self, live: _Live, *, reason: str) -> None:
        handover = self._open_handover(live)
        assert handover.organisation is not None
        casework.handover_refuse(
            handover=handover, actor=self.dir.receiver(handover.organisation), reason=reason
        )

    def do_offer(
        self,
        live: _Live,
        *,
        by: str,
        target: str,
        organisation: str,
        summary: str,
        conditions: str,
    ) -> None:
        casework.handover_offer(
            case=self._case(live),
            actor=self.user(by),
            target=target,
            organisation=self._organisation(organisation),
            summary=summary,
            safety_conditions=conditions,
        )

    def do_monitor(self, live: _Live, *, by: str, **params: Any) -> None:
        casework.monitoring_record(case=self._case(live), actor=self.user(by), **params)

    def do_ro_register(
        self, live: _Live, *, imposed_before: timedelta, rihg: str, icm: str
    ) -> None:
        case = self._case(live)
        spec = live.plan.spec
        index = spec.perpetrator
        involved = list(case.report.involved.select_related("person").order_by("pk"))
        subject = involved[index] if index is not None else None
        live.order = casework.restraining_order_register(
            case=case,
            actor=self.user(live.plan.worker),
            imposed_at=live.plan.received_at - imposed_before,
            rihg_outcome=rihg,
            subject=subject.person if subject is not None else None,
            icm_name=icm,
            icm_organisation=self.dir.organisations["care"],
        )

    def do_ro_extend(self, live: _Live, *, days: int) -> None:
        if live.order is None:
            return
        live.order = casework.restraining_order_extend(
            order=live.order,
            actor=self.user(live.plan.worker),
            extended_until=live.order.imposed_at + timedelta(days=days),
            reason="De burgemeester verlengt het huisverbod: de dreiging is nog niet weggenomen.",
        )

    def do_ro_end(self, live: _Live) -> None:
        if live.order is None:
            return
        live.order = casework.restraining_order_end(
            order=live.order, actor=self.user(live.plan.worker), lifted_early=False
        )


# --- the walk-through of issue P5 --------------------------------------------------------------


def _showcase(
    generator: _Generator, runner: _Runner, anchor: datetime, *, first_number: int
) -> None:
    """Two households of Dordrecht for the walk-through of issue P5, through the real services.

    ``catalogue.SHOWCASE_OFFERED``: a handover from a V&V with its safety conditions, offered to
    the Dordrecht team two days ago: ``wijkteam.dordrecht`` accepts it in the browser, draws up
    the plan (the conditions carried over) and can escalate. ``catalogue.SHOWCASE_PLANNED``:
    handed over and accepted six weeks ago, with an active household plan (``_showcase_plan``).
    """
    offered = generator.plan_showcase(cat.SHOWCASE_OFFERED, accepted=False)
    runner.play(first_number, offered, None, anchor)
    planned = generator.plan_showcase(cat.SHOWCASE_PLANNED, accepted=True)
    case = runner.play(first_number + 1, planned, None, anchor)
    assert case is not None
    handover = case.handovers.get(status=HandoverStatus.ACCEPTED)
    assert handover.responded_at is not None
    _showcase_plan(runner.dir, handover, anchor)


def _at_office(moment: datetime, days: float, hour: int) -> datetime:
    """``days`` after ``moment``, at ``hour`` o'clock on a working day (Amsterdam)."""
    day = (moment + timedelta(days=days)).astimezone(AMSTERDAM).date()
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, 0), tzinfo=AMSTERDAM)


def _showcase_plan(directory: _Directory, handover: Handover, anchor: datetime) -> None:
    """The household plan of the accepted showcase handover, drawn up by its case director
    (``wijkteam.dordrecht``) through ``plan_services.services``, each step at its own past moment:
    participants (the care provider and the police), who watches each carried-over safety
    condition, the support network, life domains, intended results, tasks (one done, one
    overdue), an evaluation moment, every member's involvement by the age rules, activation;
    then the care provider reports that help started and the team writes an internal note."""
    assert handover.organisation is not None and handover.responded_at is not None
    director = directory.receiver(handover.organisation)
    care, police = directory.organisations["care"], directory.organisations["police"]
    carer, officer = directory.users["zorg"], directory.users["politie"]
    data = cat.SHOWCASE_PLAN
    start = _at_office(handover.responded_at, 1, 10)
    today = anchor.date()

    def at(days: float, hour: int = 10) -> Any:
        moment = _at_office(start, days, hour)
        assert moment < anchor, "the showcase plan lies in the past"
        return time_machine.travel(moment, tick=False)

    with at(0):
        plan = plan_services.plan_create(handover=handover, actor=director)
        for organisation in (care, police):
            plan_services.participant_add(plan=plan, actor=director, organisation=organisation)
        watchers = {"police": police, "team": handover.organisation}
        for condition, watcher in zip(
            plan.safety_conditions.order_by("pk"), data.watchers, strict=False
        ):
            plan_services.safety_condition_save(
                plan=plan,
                actor=director,
                condition=condition,
                description=condition.description,
                watcher_organisation=watchers.get(watcher),
                watcher_name="" if watcher in watchers else watcher,
            )
        for name, relation, contact in data.network:
            plan_services.plan_member_save(
                plan=plan,
                actor=director,
                kind="network",
                name=name,
                relation=relation,
                contact=contact,
            )
    with at(1):
        plan_services.plan_approach_set(plan=plan, actor=director, approach=data.approach)
        members = {m.name.split()[0]: m for m in plan.members.filter(kind="household")}
        domains = {d.code: d for d in LifeDomain.objects.filter(active=True)}
        for first, code, problems, question, score in data.assessments:
            if code in domains:
                plan_services.assessment_set(
                    plan=plan,
                    actor=director,
                    member=members[first],
                    domain=domains[code],
                    problems=problems,
                    question=question,
                    self_reliance=score,
                )
        for phase, result_for, description in data.results:
            plan_services.result_add(
                plan=plan,
                actor=director,
                phase=phase,
                result_for=result_for,
                description=description,
            )
    with at(2):
        safety_talk = plan_services.task_add(
            plan=plan,
            actor=director,
            phase="safety",
            description="Veiligheidsplan met Esra doorlopen en een telefoonlijst maken.",
            organisation=handover.organisation,
            professional=director,
            due_on=_at_office(start, 7, 10).date(),
        )
        plan_services.task_add(
            plan=plan,
            actor=director,
            phase="safety",
            description="Wijkagent komt elke week langs en loopt de afspraken na.",
            organisation=police,
            professional=officer,
            contact="0900-8844",
            due_on=today + timedelta(days=10),
        )
        plan_services.task_add(
            plan=plan,
            actor=director,
            phase="risk_care",
            description="Intake traumabehandeling voor Elif.",
            organisation=care,
            professional=carer,
            due_on=today - timedelta(days=4),  # overdue: in the director's queue
        )
        plan_services.task_add(
            plan=plan,
            actor=director,
            phase="risk_care",
            description="Murat start met de training agressieregulatie.",
            organisation=care,
            due_on=today + timedelta(days=14),
        )
        plan_services.task_add(
            plan=plan,
            actor=director,
            phase="recovery",
            description="Deniz gaat naar de naschoolse opvang bij hem in de buurt.",
            organisation=handover.organisation,
            due_on=today + timedelta(days=45),
        )
        plan_services.evaluation_plan(
            plan=plan, actor=director, planned_on=today + timedelta(days=21)
        )
    with at(5):
        for member in plan.members.filter(kind="household").order_by("pk"):
            assert member.date_of_birth is not None
            age = plan_services.age_on(member.date_of_birth, timezone.localdate())
            if age >= plan_services.INVOLVED_FROM_AGE:
                plan_services.involvement_record(
                    plan=plan,
                    actor=director,
                    member=member,
                    how_involved="Gesprek over het plan, thuis aan de keukentafel.",
                    view="Wil dat het thuis rustig en veilig is.",
                    agreement="agrees" if age >= 18 else "partly",
                    signed=age >= 18,
                )
            if age < plan_services.REPRESENTATIVE_UNDER_AGE:
                plan_services.involvement_record(
                    plan=plan,
                    actor=director,
                    member=member,
                    representative_name="Esra Demir (moeder)",
                    how_involved="Moeder sprak namens haar kind, in een apart gesprek.",
                    view="Wil dat haar kind hulp krijgt bij wat het heeft meegemaakt.",
                    agreement="agrees",
                )
        plan_services.task_complete(task=safety_talk, actor=director)
    with at(6):
        plan_services.plan_activate(plan=plan, actor=director)
    with at(9, 14):
        plan_services.participation_report(
            plan=plan,
            actor=carer,
            kind="start",
            note="Murat is gestart met de training; eerste bijeenkomst ging goed.",
        )
        plan_services.plan_note_add(
            plan=plan,
            actor=director,
            text="Intern: Murat reageert wisselend; de wijkagent let extra op het weekend.",
            internal=True,
        )
