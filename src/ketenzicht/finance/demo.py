"""The demo's budget: two budget years of the regional arrangement, through the services.

:func:`finance_demo_load` gives the demo region a budget for this year and the next, in the order
of magnitude of a region of about 470,000 inhabitants (BRIEF §9: West-Brabant 2022 spent
€8.7M on Veilig Thuis, €2.7M on shelter and €1.48M on the rest, with €7.4M DUVO): Veilig Thuis,
shelter, social work and the projects of the action programme in the regular contribution, a
one-off extra contribution (by inhabitants in the first year, an equal part each in the second),
and a crisis desk by its own key (its use per municipality). Every municipality of the region
takes part; one — the smallest, unless another is named — leaves at the end of the second year
(``left_on`` 1 January of the year after), so it pays all of that year and nothing after.

The split needs the inhabitants on 1 January of the year before each budget year; the demo's
population import (``demo.external_figures``) provides them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ketenzicht.external.selectors import inhabitants_on_1_january
from ketenzicht.finance import services
from ketenzicht.finance.models import LineKind, SplitKey
from ketenzicht.organisations.models import Municipality, Region, User

EURO = 100  # cents

# The lines of the regular contribution: (kind, description, euros in the first year, growth
# to the second year).
LINES: tuple[tuple[str, str, int, float], ...] = (
    (LineKind.VEILIG_THUIS, "Veilig Thuis {region}", 7_450_000, 1.06),
    (LineKind.SHELTER, "Vrouwenopvang en maatschappelijke opvang", 2_380_000, 1.03),
    (LineKind.SOCIAL_WORK, "Maatschappelijk werk bij huiselijk geweld", 640_000, 1.03),
    (LineKind.PROJECTS, "Projecten regionaal actieprogramma", 415_000, 1.02),
)
DUVO = (6_150_000, 6_280_000)  # the national DUVO amount per year, euros
CRISIS_DESK = (1_150_000, 1_210_000)  # euros per year, split by the desk's use
# The one-off extra contribution of each year: (description, euros, key).
INCIDENTAL = (
    ("Eenmalige extra bijdrage: wegwerken wachtlijst Veilig Thuis", 500_000, SplitKey.INHABITANTS),
    ("Eenmalige bijdrage: digitalisering meldketen", 300_000, SplitKey.EQUAL),
)  # fmt: skip


@dataclass(frozen=True)
class FinanceDemo:
    years: tuple[int, int]
    lines: int
    members: int
    leaving: str  # the CBS code of the municipality that leaves
    left_on: date


def _crisis_weights(
    municipalities: list[Municipality], inhabitants: dict[int, int]
) -> dict[int, int]:
    """The crisis desk's key: its calls per municipality last year (a plausible made-up use,
    about 2.3 per 1,000 inhabitants, half as much again in the centre municipality)."""
    weights: dict[int, int] = {}
    for m in municipalities:
        centre = m.region.centre_municipality_id == m.pk
        weights[m.pk] = max(
            1, round(inhabitants.get(m.pk, 10_000) * 2.3 / 1000 * (1.5 if centre else 1))
        )
    return weights


@transaction.atomic
def finance_demo_load(
    *, region: Region, actor: User, first_year: int | None = None, leaving: str | None = None
) -> FinanceDemo:
    """Budget years ``first_year`` (default: this year) and the next, with their lines, and the
    memberships of the region's municipalities. ``actor``: a policy officer of the region.
    For a region without budget years (the services refuse a second budget for a year)."""
    year = first_year or timezone.localdate().year
    municipalities = list(
        Municipality.objects.filter(region=region).select_related("region").order_by("name")
    )
    if not municipalities:
        raise ValueError(f"The region {region} has no municipalities")
    inhabitants = inhabitants_on_1_january(
        municipality_ids=[m.pk for m in municipalities], year=year - 1
    )
    others = [m for m in municipalities if m.pk != region.centre_municipality_id] or municipalities
    leaver = (
        next(m for m in municipalities if m.code == leaving)
        if leaving
        else min(others, key=lambda m: (inhabitants.get(m.pk, 0), m.code))
    )
    left_on = date(year + 2, 1, 1)  # the end of the second year
    for m in municipalities:
        services.membership_set(
            actor=actor, municipality=m, left_on=left_on if m.pk == leaver.pk else None
        )
    crisis_weights = _crisis_weights(municipalities, inhabitants)
    lines = 0
    for index in (0, 1):
        budget_year = services.budget_year_create(
            actor=actor, year=year + index, duvo=DUVO[index] * EURO
        )
        for kind, description, euros, growth in LINES:
            amount = round(euros * (growth if index else 1)) * EURO
            services.budget_line_add(
                actor=actor,
                budget_year=budget_year,
                kind=kind,
                description=description.format(region=region.name),
                amount=amount,
                key=SplitKey.CONTRIBUTION,
            )
        description, euros, key = INCIDENTAL[index]
        services.budget_line_add(
            actor=actor,
            budget_year=budget_year,
            kind=LineKind.INCIDENTAL,
            description=description,
            amount=euros * EURO,
            key=key,
        )
        services.budget_line_add(
            actor=actor,
            budget_year=budget_year,
            kind=LineKind.CRISIS_DESK,
            description="Crisisdienst (naar gebruik per gemeente)",
            amount=CRISIS_DESK[index] * EURO,
            key=SplitKey.CUSTOM,
            weights=crisis_weights,
        )
        lines += len(LINES) + 2
    return FinanceDemo(
        years=(year, year + 1),
        lines=lines,
        members=len(municipalities),
        leaving=leaver.code,
        left_on=left_on,
    )
