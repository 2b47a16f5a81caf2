"""Input shaping for the budget and capacity pages; the services and pure modules validate."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput
from ketenzicht.finance.models import LineKind, SplitKey
from ketenzicht.organisations.models import Municipality


class EuroField(forms.CharField):
    """Euros as typed in Dutch ("1.250.000,50" or "1250000.50") -> whole cents."""

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        text = str(value or "").strip().replace("€", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in euros, e.g. 1.250.000,00.")) from None
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Enter whole cents at most."))
        return int(amount * 100)


class BudgetYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    duvo = EuroField(label=_("DUVO amount (euro)"))


class DuvoForm(forms.Form):
    duvo = EuroField(label=_("DUVO amount (euro)"))


WEIGHT_PREFIX = "weight_"


class BudgetLineForm(forms.Form):
    """A budget line; with the line's own key (e.g. a crisis desk's) a weight per municipality."""

    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = EuroField(label=_("Amount (euro)"))
    key = forms.ChoiceField(label=_("Split key"), choices=SplitKey.choices)

    def __init__(
        self, *args: Any, municipalities: Sequence[Municipality] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        for municipality in self.municipalities:
            self.fields[f"{WEIGHT_PREFIX}{municipality.pk}"] = forms.IntegerField(
                label=municipality.name, min_value=0, max_value=10**9, required=False
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kind", "description", "amount", "key")]

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"{WEIGHT_PREFIX}{m.pk}"] for m in self.municipalities]

    def line_data(self) -> dict[str, Any]:
        """The service's arguments: the weights only for a line with its own key."""
        data = {k: self.cleaned_data[k] for k in ("kind", "description", "amount", "key")}
        if data["key"] == SplitKey.CUSTOM:
            data["weights"] = {
                m.pk: self.cleaned_data.get(f"{WEIGHT_PREFIX}{m.pk}") or 0
                for m in self.municipalities
            }
        return data


class MembershipForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    joined_on = forms.DateField(
        label=_("Takes part from"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: from before the first budget year."),
    )
    left_on = forms.DateField(
        label=_("Leaves on"),
        required=False,
        widget=DateInput,
        help_text=_("The first day it no longer takes part, e.g. 1 January 2028. Empty: no end."),
    )

    def __init__(
        self, *args: Any, municipalities: Sequence[Municipality] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Municipality.objects.filter(pk__in=[m.pk for m in municipalities])


class PopulationUploadForm(forms.Form):
    """A CBS population CSV for the split; ``external.services.population_import`` reads it."""

    file = forms.FileField(
        label=_("Population CSV"),
        help_text=_(
            "Columns municipality (CBS code), year, inhabitants; UTF-8, commas or semicolons."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:  # refused before it is read
            raise forms.ValidationError(
                _("The file is too large (%(size)s bytes; at most %(max)s)."),
                params={"size": upload.size, "max": self.max_bytes},
            )
        return upload


class ScenarioForm(forms.Form):
    """One capacity scenario; two of these side by side (prefixes a and b)."""

    name = forms.CharField(label=_("Name"), max_length=60)
    weekly_inflow = forms.FloatField(label=_("Reports per week"), min_value=0, max_value=10_000)
    vv_share = forms.FloatField(label=_("Share to V&V (%)"), min_value=0, max_value=100)
    investigation_share = forms.FloatField(
        label=_("Share to investigation (%)"), min_value=0, max_value=100
    )
    handover_share = forms.FloatField(label=_("Share to handover (%)"), min_value=0, max_value=100)
    assessment_hours = forms.FloatField(
        label=_("Hours per safety assessment"), min_value=0, max_value=200
    )
    vv_hours = forms.FloatField(label=_("Hours per V&V"), min_value=0, max_value=500)
    investigation_hours = forms.FloatField(
        label=_("Hours per investigation"), min_value=0, max_value=500
    )
    handover_hours = forms.FloatField(label=_("Hours per handover"), min_value=0, max_value=200)
    productive_hours = forms.FloatField(
        label=_("Productive hours per FTE a week"), min_value=1, max_value=60
    )
    fte = forms.FloatField(label=_("FTE available"), min_value=0, max_value=2000)
    extra_fte = forms.FloatField(label=_("Extra FTE"), min_value=0, max_value=2000, initial=0)
    extra_from_week = forms.IntegerField(
        label=_("Extra FTE from week"), min_value=1, max_value=520, initial=1
    )
    overhead = forms.FloatField(label=_("Overhead (%)"), min_value=0, max_value=99)
    backlog = forms.IntegerField(label=_("Current waiting list"), min_value=0, max_value=100_000)
    band_high = forms.IntegerField(label=_("Target band up to"), min_value=0, max_value=100_000)
    weeks = forms.IntegerField(label=_("Weeks ahead"), min_value=4, max_value=156)
    target_week = forms.IntegerField(label=_("Within the band by week"), min_value=1, max_value=156)
    cost_per_fte = EuroField(label=_("Cost per FTE a year (euro)"))
