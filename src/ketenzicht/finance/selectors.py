"""Reads of the budget: the split of one budget year, computed from the stored lines.

:func:`budget_split` gathers the lines, members and inhabitants in a handful of queries and
leaves the arithmetic to the pure ``allocation`` module; nothing here is personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext

from ketenzicht.external.selectors import inhabitants_on_1_january
from ketenzicht.finance import allocation, capacity
from ketenzicht.finance.models import BudgetLine, BudgetYear, KeyWeight, Membership, SplitKey
from ketenzicht.organisations.models import Municipality, Region, User
from ketenzicht.reporting import selectors as reporting
from ketenzicht.reporting.disclosure import protect_count
from ketenzicht.reporting.figures import UNKNOWN, period_key


class BudgetIncomplete(Exception):
    """The split cannot be made (no inhabitants for a member, weights that add up to zero)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Column:
    key: str
    label: str
    amount: int
    parts: dict[str, int]
    weights: dict[str, Fraction]


@dataclass
class Row:
    code: str
    name: str
    inhabitants: int
    parts: list[int]
    total: int
    previous_total: int | None = None
    base_total: int | None = None  # in a leaving scenario: the total without the scenario

    @property
    def per_inhabitant(self) -> Fraction | None:
        return Fraction(self.total, self.inhabitants) if self.inhabitants else None

    @property
    def difference(self) -> int | None:
        return None if self.previous_total is None else self.total - self.previous_total

    @property
    def percentage(self) -> Fraction | None:
        """The difference with the previous year in percent (None without a previous year)."""
        if self.previous_total is None:
            return None
        return allocation.Change(self.code, self.previous_total, self.total).percentage

    @property
    def scenario_change(self) -> int | None:
        return None if self.base_total is None else self.total - self.base_total


@dataclass(frozen=True)
class Gone:
    """A municipality that paid in the previous year and takes no part in this one."""

    code: str
    name: str
    previous_total: int


@dataclass
class Split:
    budget_year: BudgetYear
    population_year: int
    contribution_total: int  # the regular lines together, before DUVO
    columns: list[Column]
    rows: list[Row]
    leaving: str = ""
    leaving_name: str = ""
    taken_over: bool = True
    shortfall: int = 0
    problems: list[str] = field(default_factory=list)
    previous_year: int | None = None  # the year compared with, when it has a split
    gone: list[Gone] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.columns)

    @property
    def parts_total(self) -> int:
        """What the municipalities pay together: always exactly :attr:`total`."""
        return sum(r.total for r in self.rows)

    @property
    def inhabitants(self) -> int:
        return sum(r.inhabitants for r in self.rows)

    @property
    def contribution_per_inhabitant(self) -> Fraction | None:
        """The regular contribution (after DUVO) per inhabitant of the paying municipalities
        (BRIEF §9: about EUR 7.71 in West-Brabant 2022); cents, exact."""
        if not self.inhabitants or not self.columns:
            return None
        return Fraction(sum(self.columns[0].parts.values()), self.inhabitants)

    @property
    def per_inhabitant(self) -> Fraction | None:
        """The region's charge per inhabitant (all columns; cents, exact)."""
        return Fraction(self.parts_total, self.inhabitants) if self.inhabitants else None

    @property
    def column_totals(self) -> list[int]:
        return [sum(c.parts.values()) for c in self.columns]


def budget_years(region: Region) -> list[BudgetYear]:
    return list(BudgetYear.objects.filter(region=region).order_by("-year"))


def _members(budget_year: BudgetYear) -> list[Membership]:
    year = budget_year.year
    return [
        m
        for m in Membership.objects.filter(region_id=budget_year.region_id).select_related(
            "municipality"
        )
        if allocation.participation_days(year, m.joined_on, m.left_on) > 0
    ]


def budget_split(
    budget_year: BudgetYear, *, leaving: str = "", taken_over: bool = True, compare: bool = True
) -> Split:
    """The split of ``budget_year``; with ``leaving`` (a CBS code) as if that one had left."""
    year = budget_year.year
    members = _members(budget_year)
    codes = {m.municipality.code: m for m in members}
    inhabitants = inhabitants_on_1_january(
        municipality_ids=[m.municipality_id for m in members], year=year - 1
    )
    problems = [
        gettext("%(name)s has no inhabitants on 1 January %(year)s.")
        % {"name": m.municipality.name, "year": year - 1}
        for m in members
        if m.municipality_id not in inhabitants
    ]
    if leaving and leaving not in codes:
        problems.append(gettext("%(code)s does not take part this year.") % {"code": leaving})
    if problems:
        raise BudgetIncomplete(problems)
    participants = [
        allocation.Participant(
            code=m.municipality.code,
            inhabitants=inhabitants[m.municipality_id],
            joined=m.joined_on,
            left=m.left_on,
        )
        for m in members
    ]
    by_inhabitants = allocation.participation_weights(year, participants)
    equal = allocation.participation_weights(
        year, [allocation.Participant(p.code, 1, p.joined, p.left) for p in participants]
    )
    lines = list(BudgetLine.objects.filter(budget_year=budget_year).order_by("pk"))
    custom: dict[int, dict[str, Fraction]] = {}
    for w in KeyWeight.objects.filter(line__in=lines).select_related("municipality"):
        custom.setdefault(w.line_id, {})[w.municipality.code] = Fraction(w.weight)
    regular = sum(line.amount for line in lines if line.key == SplitKey.CONTRIBUTION)
    if budget_year.duvo > regular:
        raise BudgetIncomplete(
            [gettext("The DUVO amount is larger than the regular budget lines together.")]
        )
    specs: list[tuple[str, str, int, dict[str, Fraction]]] = [
        (
            "contribution",
            gettext("Contribution (after DUVO)"),
            regular - budget_year.duvo,
            by_inhabitants,
        ),
    ]
    for line in lines:
        if line.key == SplitKey.CONTRIBUTION:
            continue
        weights: dict[str, Fraction]
        if line.key == SplitKey.INHABITANTS:
            weights = by_inhabitants
        elif line.key == SplitKey.EQUAL:
            weights = equal
        else:
            own = custom.get(line.pk, {})
            weights = {code: own.get(code, Fraction(0)) for code in codes}
        specs.append((f"line-{line.pk}", line.description, line.amount, weights))
    columns: list[Column] = []
    shortfall = 0
    for key, label, amount, weights in specs:
        if sum(weights.values()) == 0:
            raise BudgetIncomplete(
                [gettext("The key of “%(line)s” has no weights.") % {"line": label}]
            )
        if leaving:
            remaining = {c: w for c, w in weights.items() if c != leaving}
            if sum(remaining.values()) == 0:
                raise BudgetIncomplete(
                    [gettext("Nobody would remain to pay “%(line)s”.") % {"line": label}]
                )
            scenario = allocation.leave_scenarios(amount, weights, leaving)
            parts = scenario.taken_over if taken_over else scenario.not_taken_over
            if not taken_over:
                shortfall += scenario.shortfall
                amount -= scenario.shortfall
            weights = remaining
        else:
            parts = allocation.split(amount, weights)
        columns.append(Column(key, label, amount, parts, dict(weights)))
    shown = [m for m in members if m.municipality.code != leaving]
    rows = [
        Row(
            code=m.municipality.code,
            name=m.municipality.name,
            inhabitants=inhabitants[m.municipality_id],
            parts=[c.parts.get(m.municipality.code, 0) for c in columns],
            total=sum(c.parts.get(m.municipality.code, 0) for c in columns),
        )
        for m in sorted(shown, key=lambda m: m.municipality.name)
    ]
    if leaving:
        base = {r.code: r.total for r in budget_split(budget_year, compare=False).rows}
        for row in rows:
            row.base_total = base.get(row.code)
    previous_year: int | None = None
    gone: list[Gone] = []
    if compare:
        previous = BudgetYear.objects.filter(region_id=budget_year.region_id, year=year - 1).first()
        if previous is not None:
            try:
                before = budget_split(previous, compare=False)
            except BudgetIncomplete:
                before = None
            if before is not None:
                previous_year = previous.year
                totals = {r.code: r.total for r in before.rows}
                for row in rows:
                    row.previous_total = totals.get(row.code)
                current = {r.code for r in rows}
                gone = [
                    Gone(r.code, r.name, r.total)
                    for r in before.rows
                    if r.code not in current and r.code != leaving
                ]
    return Split(
        budget_year=budget_year,
        population_year=year - 1,
        contribution_total=regular,
        columns=columns,
        rows=rows,
        leaving=leaving,
        leaving_name=codes[leaving].municipality.name if leaving else "",
        taken_over=taken_over,
        shortfall=shortfall,
        previous_year=previous_year,
        gone=gone,
    )


def memberships(region: Region) -> list[Membership]:
    """The region's members with their join and leave dates, by municipality name."""
    return list(
        Membership.objects.filter(region=region)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def municipalities_of(region: Region) -> list[Municipality]:
    return list(Municipality.objects.filter(region=region).order_by("name"))


@dataclass(frozen=True)
class FiguresDefaults:
    """Capacity inputs taken from the region's steering figures (P4), as shown there."""

    period: str  # e.g. "2026-H1": the last full half-year
    reports: int | None  # reports received in it (rounded by the disclosure gate)
    weekly_inflow: float | None  # their mean per week
    backlog: int | None  # the waiting list at the last month end (rounded)
    backlog_on: date | None
    band: tuple[int, int]  # the configured target band of the waiting list


def capacity_defaults(user: User, *, today: date) -> FiguresDefaults | None:
    """The weekly inflow (mean over the last full half-year) and the current waiting list of the
    region, from the steering figures. None unless ``user`` may see the region's figures (a
    policy officer of the centre municipality, ``reporting.selectors.scope_for``): the forecast
    is of the region's Veilig Thuis, and one municipality's inflow would be the wrong input."""
    scope = reporting.scope_for(user)
    if scope is None or not scope.region_allowed:
        return None
    year, half = capacity.last_full_half_year(today)
    cells = reporting.cells_for(scope.region, None, range(year, year + 1))
    rows = [str(m.pk) for m in scope.municipalities] + [UNKNOWN]
    shown = protect_count(cells.count("reports", rows, (year, half)))
    points = reporting.waiting_points(scope.region, None)
    backlog = backlog_on = None
    if points:
        last = max(points)
        backlog, backlog_on = protect_count(points[last]).value, date.fromisoformat(last)
    return FiguresDefaults(
        period=period_key((year, half)),
        reports=shown.value,
        weekly_inflow=(
            None if not shown.value else capacity.weekly_average(shown.value, year, half)
        ),
        backlog=backlog,
        backlog_on=backlog_on,
        band=reporting.waiting_target(),
    )
