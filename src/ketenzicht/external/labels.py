"""Words for the codes of the pure modules (darkfigure.py), in the UI language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.external.darkfigure import Assumption, Group, Rate

GROUP_LABELS = {
    Group.CHILDREN: gettext_lazy("Children (0-17)"),
    Group.ADULTS: gettext_lazy("Adults (18-64)"),
    Group.ELDERLY: gettext_lazy("Elderly (65+)"),
}

# Ratios between two series shown on "Externe cijfers": (numerator, denominator, label).
RATIOS = (
    (
        "formal_complaints",
        "police_incidents",
        gettext_lazy("Formal complaints per 100 police incidents"),
    ),
    (
        "restraining_orders",
        "police_incidents",
        gettext_lazy("Restraining orders per 100 police incidents"),
    ),
)
NATIONAL_POPULATION = "population"  # the series holding the national inhabitants (NL01)


def assumption_text(assumption: Assumption) -> str:
    texts = {
        Assumption.RATES_FROM_STUDIES: _(
            "The rates come from national prevalence studies of other years; the real "
            "number of victims in this municipality may differ."
        ),
        Assumption.DEFAULT_RATES: _(
            "At least one group uses the default rate (adults 11, children 30, elderly 20 "
            "victims per 1,000 a year); the centre municipality can set the region's own."
        ),
        Assumption.BANDS: _("The population is taken by age band on 1 January of the year."),
        Assumption.BAND_SPLIT: _(
            "An age band crossing a group boundary is split evenly over its years."
        ),
        Assumption.NATIONAL_SHARES: _(
            "Only the total population is known: the national shares are used (of every 1,000 "
            "inhabitants 195 children, 604 adults 18-64, 201 elderly 65+; CBS, 1 January 2024)."
        ),
        Assumption.UNKNOWN_AGE: _(
            "Reported persons without a date of birth are counted in the total, not in a group."
        ),
        Assumption.PERSONS_NOT_VICTIMS: _(
            "Reported persons are the distinct people in that year's reports as victim or as "
            "child in the household, by age on the day of their first report; not every one "
            "is a proven victim, and victims reported elsewhere are not counted."
        ),
        Assumption.NO_POPULATION: _(
            "No population figure for this year: nothing can be expected. Import the CBS "
            "figures first."
        ),
    }
    return texts[assumption]


def rate_source(rate: Rate) -> str:
    """The source of a rate; the defaults' in the UI language (a set rate's as it was typed)."""
    if not rate.is_default:
        return rate.source
    defaults = {
        Group.ADULTS: _(
            "Default (prevalence studies quoted in the regional policy documents): 5.5 in "
            "100 adults are a victim of domestic violence in 5 years, about 11 in 1,000 a year."
        ),
        Group.CHILDREN: _(
            "Default (prevalence studies quoted in the regional policy documents): about 30 "
            "in 1,000 children are abused a year."
        ),
        Group.ELDERLY: _(
            "Default (prevalence studies quoted in the regional policy documents): about 1 "
            "in 50 independently living people aged 65 or older a year."
        ),
    }
    return defaults[rate.group]


def about(value: Decimal | None) -> str:
    """An estimate as text: whole numbers, rounded to tens from 100 on; "—" when unknown."""
    if value is None:
        return "—"
    step = Decimal(10) if value >= 100 else Decimal(1)
    rounded = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return "≈ " + number_format(int(rounded), force_grouping=True)
