"""Forms of the MDA++ pages: they shape input; the rules live in ``services.py``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput
from ketenzicht.mda.models import DEFAULT_REVIEW_WEEKS
from ketenzicht.mda.services import MAX_REVIEW_WEEKS, MIN_REVIEW_WEEKS
from ketenzicht.organisations.models import Organisation


class ReferForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("MDA++ team"), queryset=Organisation.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Why the case is brought in"),
        help_text=_("For example: structural violence, regular help did not stop it."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    review_weeks = forms.IntegerField(
        label=_("Review every (weeks)"),
        initial=DEFAULT_REVIEW_WEEKS,
        min_value=MIN_REVIEW_WEEKS,
        max_value=MAX_REVIEW_WEEKS,
    )


class AnalysisForm(forms.Form):
    analysis = forms.CharField(
        label=_("The team's analysis"),
        help_text=_("Patterns of violence, risks, what did not work, what the plan must achieve."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    agreements_kept = forms.CharField(
        label=_("Agreements kept"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements_not_kept = forms.CharField(
        label=_("Agreements not kept"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    conclusions = forms.CharField(
        label=_("Conclusions"),
        help_text=_("What the team asks of the case director and the organisations."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    review_weeks = forms.IntegerField(
        label=_("Review every (weeks)"), min_value=MIN_REVIEW_WEEKS, max_value=MAX_REVIEW_WEEKS
    )


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Reason for ending"), widget=forms.Textarea(attrs={"rows": 3}))
