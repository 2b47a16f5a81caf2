"""Forms of the review queue and the merge pages: they shape input; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake.models import Person

REASON_WIDGET = {"rows": 3}


def person_choice_label(person: Person) -> str:
    """A person as a choice: name, date of birth and record number (two records of one person
    often differ only there)."""
    born = person.date_of_birth.strftime("%d-%m-%Y") if person.date_of_birth else "—"
    return gettext("%(name)s, born %(born)s (record %(number)s)") % {
        "name": person.full_name,
        "born": born,
        "number": person.pk,
    }


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_choice_label(obj)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("widget", forms.Textarea(attrs=REASON_WIDGET))
        super().__init__(**kwargs)


class ConfirmForm(forms.Form):
    """Confirm a proposal: which record is kept (the others are merged into it), and why."""

    survivor = PersonChoiceField(
        label=_("Record to keep"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("The other records are merged into it; their reports and households move."),
    )
    reason = ReasonField(help_text=_("Why are these records one person?"))

    def __init__(self, *args: Any, members: Sequence[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "confirm")
        super().__init__(*args, **kwargs)
        field = self.fields["survivor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in members]).order_by("pk")


class RejectForm(forms.Form):
    reason = ReasonField(help_text=_("Why are these records not one person?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reject")
        super().__init__(*args, **kwargs)


class SplitForm(forms.Form):
    """Split a proposal: a group number for every record; records in one group are one person."""

    reason = ReasonField(help_text=_("Which records belong together, and why?"))

    def __init__(self, *args: Any, members: Sequence[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "split")
        super().__init__(*args, **kwargs)
        numbers = [(n, str(n)) for n in range(1, len(members) + 1)]
        reason = self.fields.pop("reason")
        for person in members:
            self.fields[self.field_name(person)] = forms.TypedChoiceField(
                label=person_choice_label(person),
                choices=numbers,
                coerce=int,
                initial=1,
            )
        self.fields["reason"] = reason
        self.members = list(members)

    @staticmethod
    def field_name(person: Person) -> str:
        return f"group_{person.pk}"

    def groups(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[self.field_name(p)] for p in self.members}


class UnmergeForm(forms.Form):
    reason = ReasonField(help_text=_("Why were these records not one person after all?"))


class PersonMergeForm(forms.Form):
    """Merge another record (a candidate shown on the page) into this person's record."""

    merged = PersonChoiceField(
        label=_("Record to merge into this one"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reason = ReasonField(help_text=_("Why are these records one person?"))

    def __init__(self, *args: Any, candidates: Sequence[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "merge")
        super().__init__(*args, **kwargs)
        field = self.fields["merged"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in candidates])
