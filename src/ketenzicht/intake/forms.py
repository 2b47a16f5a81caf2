"""Forms of the intake pages. They only shape input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput, DateTimeInput, set_queryset
from ketenzicht.intake.models import (
    Channel,
    MeldcodeStep,
    PersonRole,
    ReporterRole,
    Sex,
    Urgency,
    ViolenceKind,
)
from ketenzicht.intake.services import AddressInput, PersonInput
from ketenzicht.organisations.models import Municipality, Organisation


class RegionMunicipalityField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _municipalities(organisation: Organisation) -> Any:
    return Municipality.objects.filter(region_id=organisation.region_id).order_by("name")


class ContactBaseForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    reporter_role = forms.ChoiceField(
        label=_("Role of the reporter"), choices=[("", "---------"), *ReporterRole.choices]
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of violence"),
        choices=ViolenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every kind that applies."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_queryset(self, "municipality", _municipalities(organisation))
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )


class AdviceRequestForm(ContactBaseForm):
    municipality = RegionMunicipalityField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    reporter_name = forms.CharField(label=_("Name of the asker (optional)"), required=False)
    reporter_organisation = forms.CharField(
        label=_("Organisation of the asker (optional)"), required=False
    )
    reporter_contact = forms.CharField(label=_("Contact of the asker (optional)"), required=False)
    question = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "No personal data about the family: no names, BSN, dates of birth or addresses."
        ),
    )
    advice = forms.CharField(label=_("Advice given"), widget=forms.Textarea(attrs={"rows": 4}))

    field_order = [
        "received_at",
        "channel",
        "reporter_role",
        "reporter_name",
        "reporter_organisation",
        "reporter_contact",
        "municipality",
        "kinds",
        "question",
        "advice",
    ]


class ReportForm(ContactBaseForm):
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.REGULAR,
        widget=forms.RadioSelect,
        help_text=_("Acute: the safety assessment is due within 24 hours."),
    )
    reporter_name = forms.CharField(label=_("Name of the reporter"), required=False)
    reporter_organisation = forms.CharField(label=_("Organisation of the reporter"), required=False)
    reporter_phone = forms.CharField(label=_("Phone of the reporter"), required=False)
    reporter_email = forms.EmailField(label=_("Email of the reporter"), required=False)
    reporter_shielded = forms.BooleanField(
        label=_("Shield the reporter's identity from the family"),
        required=False,
        help_text=_("When revealing who reported would cause danger."),
    )
    meldcode_step = forms.TypedChoiceField(
        label=_("Meldcode step reached (professionals)"),
        choices=[("", "---------"), *MeldcodeStep.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reporter_keeps_helping = forms.TypedChoiceField(
        label=_("Does the reporter keep helping?"),
        choices=[("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    municipality = RegionMunicipalityField(
        label=_("Municipality of residence"), queryset=Municipality.objects.none()
    )
    street = forms.CharField(label=_("Street"), required=False)
    house_number = forms.CharField(label=_("House number"), required=False, max_length=10)
    house_number_suffix = forms.CharField(label=_("Suffix"), required=False, max_length=10)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    city = forms.CharField(label=_("City"), required=False)
    summary = forms.CharField(
        label=_("What was reported"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def household_address(self) -> AddressInput:
        data = self.cleaned_data
        return AddressInput(
            street=data.get("street", ""),
            house_number=data.get("house_number", ""),
            house_number_suffix=data.get("house_number_suffix", ""),
            postcode=data.get("postcode", ""),
            city=data.get("city", ""),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "received_at": data["received_at"],
            "channel": data["channel"],
            "reporter_role": data["reporter_role"],
            "reporter_name": data.get("reporter_name", ""),
            "reporter_organisation": data.get("reporter_organisation", ""),
            "reporter_phone": data.get("reporter_phone", ""),
            "reporter_email": data.get("reporter_email", ""),
            "reporter_shielded": data.get("reporter_shielded", False),
            "meldcode_step": data.get("meldcode_step"),
            "reporter_keeps_helping": data.get("reporter_keeps_helping"),
            "kinds": list(data["kinds"]),
            "urgency": data["urgency"],
            "municipality": data["municipality"],
            "household_address": self.household_address(),
            "summary": data["summary"],
        }


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *PersonRole.choices])
    first_names = forms.CharField(label=_("First names"), required=False)
    surname_prefix = forms.CharField(label=_("Prefix"), required=False, max_length=30)
    surname = forms.CharField(label=_("Surname"), required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.OTHER)
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=9)
    # Set when the worker confirms a candidate of the radar: "this is the same person".
    existing_person_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput())

    IDENTIFYING = ("first_names", "surname", "date_of_birth", "bsn")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page offers rows to fill ("Empty rows are ignored"). Its first rows are sent as
        # "initial" forms and a browser submits an added row with the first sex option chosen;
        # neither must turn an unused row into a validation error.
        self.empty_permitted = True

    def has_changed(self) -> bool:
        """A row counts as filled in only when something identifies a person."""
        return any(str(self[name].value() or "").strip() for name in self.IDENTIFYING)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(f) for f in ("first_names", "surname", "date_of_birth", "bsn"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank():
            if not data.get("surname"):
                self.add_error("surname", _("The surname is missing."))
            if not data.get("role"):
                self.add_error("role", _("Choose a role."))
        return data

    def to_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            role=data["role"],
            first_names=data.get("first_names", ""),
            surname_prefix=data.get("surname_prefix", ""),
            surname=data.get("surname", ""),
            date_of_birth=data.get("date_of_birth"),
            sex=data.get("sex") or Sex.OTHER,
            bsn=(data.get("bsn") or "").replace(" ", ""),
            existing_person_id=data.get("existing_person_id"),
        )


PersonFormSet = forms.formset_factory(PersonForm, extra=0, min_num=0, max_num=20)
