"""Forms of the external-figures pages: they shape input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.external.models import PrevalenceGroup


class ImportKind:
    POPULATION = "population"
    SERIES = "series"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            (ImportKind.POPULATION, _("Population figures (CBS code, year, inhabitants)")),
            (
                ImportKind.SERIES,
                _("External series (indicator, municipality, period, value, source)"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 (with or without BOM), separated by commas or semicolons."),
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


class RateForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=PrevalenceGroup.choices)
    per_1000 = forms.DecimalField(
        label=_("Victims per 1,000 per year"), min_value=0, max_value=1000, decimal_places=2
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The study or publication the rate comes from, with its year."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class YearForm(forms.Form):
    """The year (and municipality) a page shows, from the query string."""

    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    gemeente = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(
        self, *args: Any, years: list[int], municipalities: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["jaar"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(y, str(y)) for y in years]
        municipality_field = self.fields["gemeente"]
        assert isinstance(municipality_field, forms.ChoiceField)
        municipality_field.choices = municipalities
