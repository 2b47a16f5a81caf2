"""Amounts in cents shown as euros in the user's language (1.234,56 in Dutch)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def euro(cents: int | Fraction | None) -> str:
    if cents is None:
        return "—"
    value = (
        Decimal(cents.numerator) / Decimal(cents.denominator)
        if isinstance(cents, Fraction)
        else Decimal(cents)
    )
    amount = (value / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    # A no-break space: a narrow table column never puts the sign and the number on two lines.
    return "€\u00a0" + formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


@register.filter
def number(value: float | int | None) -> str:
    if value is None:
        return "—"
    return formats.number_format(round(value), 0, use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Fraction | float | None) -> str:
    """A percentage with one decimal and its sign (+4,2 %), "—" when there is none."""
    if value is None:
        return "—"
    number_ = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(str(value))
    ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if number_ > 0 else ""
    return sign + formats.number_format(number_, 1, use_l10n=True) + "\u00a0%"
