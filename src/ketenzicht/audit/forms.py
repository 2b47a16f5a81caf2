"""Forms of the privacy officer's pages: a person search, a user and a period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput

MAX_DAYS = 366


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or BSN"),
        max_length=200,
        help_text=_("A BSN, or one or more parts of the name (e.g. first name and surname)."),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput)

    max_days = MAX_DAYS
    default_days = 7

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end: date = data.get("end") or today
        start: date = data.get("start") or end - timedelta(days=self.default_days - 1)
        if start > end:
            raise forms.ValidationError(_("The period must start before it ends."))
        if (end - start).days + 1 > self.max_days:
            raise forms.ValidationError(
                _("Choose a period of at most %(days)s days.") % {"days": self.max_days}
            )
        data["start"], data["end"] = start, end
        return data


def _user_label(user: Any) -> str:
    return f"{user} ({user.username})"


class UserPeriodForm(PeriodForm):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("User"), queryset=None, empty_label=None
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = users
        field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
        self.order_fields(["user", "start", "end"])


class UnusualPeriodForm(PeriodForm):
    max_days = 31
