"""Population by age and published series for the demo region, loaded through the real imports.

The figures are written as the two CSV formats of ``docs/external-figures.md`` and imported
with ``external.services`` (so the demo exercises the same checks as an upload):

* population on 1 January of the last four years, in total and by age band (0-17, 18-64,
  65+): the totals of :data:`catalogue.MUNICIPALITIES`, the years after the catalogue's last
  grown by 0.4% a year; the age shares per municipality are plausible, not CBS's;
* police incidents of domestic violence, formal complaints (*aangiften*) and restraining orders
  per municipality for the complete years before today, in the order of magnitude of
  BRIEF §11 (Hollands Midden 2012: about 4.2 incidents per 1,000 inhabitants, a formal
  complaint in 26% of them, restraining orders in about 2.7%); and national figures (NL01)
  with the national population.

All published-looking values are **fictitious** and say so in their source.
"""

from __future__ import annotations

import random
from datetime import date

from ketenzicht.demo import catalogue as cat
from ketenzicht.external.services import population_import, series_import

SOURCE_POPULATION = "Demo: CBS-totalen; leeftijdsverdeling fictief"
SOURCE_POLICE = "Demo: fictieve politiecijfers"
SOURCE_NATIONAL = "Demo: fictieve landelijke cijfers"
GROWTH = 1.004
# National population on 1 January (CBS, rounded); later years grown by GROWTH.
NATIONAL_POPULATION = {2023: 17_811_000, 2024: 17_942_000, 2025: 18_044_000}
NAMES = {
    "police_incidents": "Incidenten huiselijk geweld (politie)",
    "formal_complaints": "Aangiften huiselijk geweld",
    "restraining_orders": "Tijdelijke huisverboden",
    "population": "Inwoners op 1 januari",
}


def _total(inhabitants: dict[int, int], year: int) -> int:
    known = (
        max(y for y in inhabitants if y <= year) if min(inhabitants) <= year else min(inhabitants)
    )
    return round(inhabitants[known] * GROWTH ** (year - known))


def population_csv(today: date, rng: random.Random) -> str:
    lines = ["municipality,year,inhabitants,age_band,source"]
    for data in cat.MUNICIPALITIES:
        children = 0.17 + rng.random() * 0.06  # 17-23% under 18
        elderly = 0.17 + rng.random() * 0.08  # 17-25% aged 65 or older
        for year in range(today.year - 3, today.year + 1):
            total = _total(data.inhabitants, year)
            young, old = round(total * children), round(total * elderly)
            for band, count in (
                ("total", total),
                ("0-17", young),
                ("18-64", total - young - old),
                ("65+", old),
            ):
                lines.append(f"{data.code},{year},{count},{band},{SOURCE_POPULATION}")
    return "\n".join(lines) + "\n"


def series_csv(today: date, rng: random.Random) -> str:
    lines = ["indicator,municipality,period,value,source"]
    for year in range(today.year - 3, today.year):
        for data in cat.MUNICIPALITIES:
            per_1000 = (5.2 if data.code == cat.CENTRE_CODE else 3.4) + rng.random() * 1.2
            incidents = round(_total(data.inhabitants, year) * per_1000 / 1000)
            complaints = round(incidents * (0.22 + rng.random() * 0.08))
            orders = round(incidents * (0.02 + rng.random() * 0.015))
            for indicator, value in (
                ("police_incidents", incidents),
                ("formal_complaints", complaints),
                ("restraining_orders", orders),
            ):
                lines.append(f"{indicator},{data.code},{year},{value},{SOURCE_POLICE}")
        national = _total(NATIONAL_POPULATION, year)
        incidents = round(national * 4.2 / 1000)
        for indicator, value in (
            ("population", national),
            ("police_incidents", incidents),
            ("formal_complaints", round(incidents * 0.26)),
            ("restraining_orders", round(incidents * 0.027)),
        ):
            lines.append(f"{indicator},NL01,{year},{value},{SOURCE_NATIONAL}")
    return "\n".join(lines) + "\n"


def load_external_figures(*, today: date, seed: int) -> int:
    """Import the demo's population and series; returns the number of rows imported."""
    rng = random.Random(seed)
    population = population_import(data=population_csv(today, rng).encode())
    series = series_import(data=series_csv(today, rng).encode(), names=NAMES)
    return population.rows + series.rows
