from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput
from ketenzicht.common.identifiers import normalise_bsn


class FindSubjectForm(forms.Form):
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=12)
    surname = forms.CharField(label=_("Surname"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bsn = (data.get("bsn") or "").strip()
        if bsn and not normalise_bsn(bsn):
            self.add_error("bsn", _("This BSN is invalid (eleven test)."))
        elif not bsn and not (data.get("surname") and data.get("date_of_birth")):
            raise forms.ValidationError(_("Give a BSN, or a surname and a date of birth."))
        return data
