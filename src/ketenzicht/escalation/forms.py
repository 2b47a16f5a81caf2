"""Forms of the escalation pages: they shape input only; every rule lives in ``services.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ketenzicht.escalation.models import (
    AdministrativeDecision,
    BindingDecision,
    Escalation,
    StepKind,
    UrgentCareMeeting,
)
from ketenzicht.organisations.models import Municipality, Organisation, Role, User
from ketenzicht.plans.models import HouseholdPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def region_organisations(region_id: int | None) -> QuerySet[Organisation]:
    if region_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(region_id=region_id).order_by("name")


def region_professionals(region_id: int | None) -> QuerySet[User]:
    if region_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True, role=Role.CHAIN_PROFESSIONAL, organisation__region_id=region_id
        )
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.organisation})"


class RaiseForm(forms.Form):
    stalls = forms.CharField(label=_("What stalls"), widget=TEXT)
    stalled_organisations = forms.ModelMultipleChoiceField(
        label=_("Where it stalls"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(
        label=_("Urgent (may go straight to the desk; an urgent care meeting can be called)"),
        required=False,
    )
    serious = forms.BooleanField(
        label=_("Serious case (the municipal official may decide)"), required=False
    )

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stalled_organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = region_organisations(plan.lead_organisation.region_id)


class AdvanceForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome of the current step"), widget=TEXT)
    to_step = forms.TypedChoiceField(label=_("Next step"), coerce=int, choices=())

    def __init__(self, *args: Any, options: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_step"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(int(s), StepKind(s).label) for s in options]


class AgreementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    what = forms.CharField(label=_("What"), widget=TEXT)
    due_on = forms.DateField(label=_("By when"), widget=DATE)

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = region_organisations(escalation.plan.lead_organisation.region_id)


class AppointForm(forms.Form):
    director = ProfessionalChoiceField(label=_("Process director"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Note"), widget=TEXT, required=False)

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["director"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = region_professionals(escalation.plan.lead_organisation.region_id)


class BindingDecisionForm(AgreementForm):
    pass


class ComplianceForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Binding decision"), queryset=BindingDecision.objects.none()
    )
    complied = forms.TypedChoiceField(
        label=_("Did the organisation comply?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = BindingDecision.objects.filter(
            escalation=escalation, complied__isnull=True
        )


class UrgentRecordForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Urgent care meeting"), queryset=UrgentCareMeeting.objects.none()
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    outcome = forms.CharField(label=_("Outcome"), widget=TEXT)

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = UrgentCareMeeting.objects.filter(
            escalation=escalation, held_on__isnull=True
        )


class AdministrativeDecisionForm(forms.Form):
    official_name = forms.CharField(label=_("Name of the official"), max_length=200)
    official_function = forms.CharField(
        label=_("Function (e.g. alderman, municipal official)"), max_length=200
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of the client"), queryset=Municipality.objects.none()
    )
    oral_decision_at = forms.DateTimeField(label=_("Oral decision at"), widget=DATETIME)
    text = forms.CharField(label=_("Decision"), widget=TEXT)

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Municipality.objects.filter(
            region_id=escalation.plan.lead_organisation.region_id
        ).order_by("name")


class AdministrativeConfirmForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Administrative decision"), queryset=AdministrativeDecision.objects.none()
    )
    written_reference = forms.CharField(label=_("Reference of the letter"), max_length=200)
    confirmed_at = forms.DateTimeField(
        label=_("Confirmed in writing at (empty: now)"), widget=DATETIME, required=False
    )

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AdministrativeDecision.objects.filter(
            escalation=escalation, confirmed_at__isnull=True
        )


class ResolveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT)
    withdrawn = forms.BooleanField(
        label=_("Withdrawn (the stagnation turned out not to be one)"), required=False
    )


class FailureReportForm(forms.Form):
    reason = forms.CharField(label=_("Why does direction fail?"), widget=TEXT)


class FailureResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the desk"),
        choices=[("reassign", _("Reassign direction")), ("reject", _("Reject the report"))],
        widget=forms.RadioSelect,
    )
    reassign_to = ProfessionalChoiceField(
        label=_("New case director"), queryset=User.objects.none(), required=False
    )
    rejection_reason = forms.CharField(label=_("Reason for rejecting"), widget=TEXT, required=False)

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reassign_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = region_professionals(plan.lead_organisation.region_id)


class HandBackForm(forms.Form):
    director = ProfessionalChoiceField(
        label=_("Regular case director"), queryset=User.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), widget=TEXT)

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["director"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = region_professionals(plan.lead_organisation.region_id)
