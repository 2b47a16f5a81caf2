"""Forms of the retention pages. They only shape input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput
from ketenzicht.intake.models import Person
from ketenzicht.retention.models import RequesterRelation

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class ErasureRequestForm(forms.Form):
    person = PersonChoice(label=_("Person the request is about"), queryset=Person.objects.none())
    requester_relation = forms.ChoiceField(
        label=_("Who asked"), choices=RequesterRelation.choices, widget=forms.RadioSelect
    )
    requester_name = forms.CharField(
        label=_("Name of the requester"),
        required=False,
        max_length=200,
        help_text=_("Needed when someone asked on the person's behalf."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the request came in; no content of the file."),
    )

    def __init__(self, *args: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["person"]
        assert isinstance(choice, forms.ModelChoiceField)
        choice.queryset = persons


class ErasureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant: destroy the file")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    other_interest = forms.ChoiceField(
        label=_(
            "Does a substantial interest of someone else (for instance a child's) oppose "
            "destruction?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    other_interest_reason = forms.CharField(
        label=_("Weighing of the interest of others"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Reason for a refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BreakGlassForm(forms.Form):
    case_reference = forms.CharField(
        label=_("Case or report number"),
        max_length=20,
        help_text=_("For example Z0000123 or M0000123."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you must read this case, e.g. the number of the support request."),
    )
