"""The subscription form. It only shapes input; ``services.subscription_create`` validates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.hooks.models import EventType


class SubscriptionForm(forms.Form):
    target_url = forms.CharField(
        label=_("Address (URL) of your receiving system"),
        max_length=500,
        help_text=_("An https:// address that accepts a POST with a JSON body."),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says what is missing
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("For your own reference, e.g. the name of the receiving system."),
    )
