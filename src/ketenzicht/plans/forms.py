"""Forms of the plan pages. They only shape input; the services validate and write.

Fields whose rule is the service's (a task's organisation and due date, who watches a safety
condition) are optional here, so the worker sees the service's own message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput
from ketenzicht.organisations.models import Organisation, Role, User
from ketenzicht.plans.models import (
    Agreement,
    HouseholdPlan,
    LifeDomain,
    MemberKind,
    ParticipationKind,
    Phase,
    PlanMember,
    ResultFor,
)
from ketenzicht.plans.services import PARTICIPANT_KINDS

TEXT = {"rows": 3}


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ProfessionalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.organisation})"


def participating_organisations(plan: HouseholdPlan) -> Any:
    return Organisation.objects.filter(
        pk__in=plan.participants.filter(left_at__isnull=True).values("organisation_id")
    ).order_by("name")


def participating_professionals(plan: HouseholdPlan) -> Any:
    return (
        User.objects.filter(
            organisation__in=participating_organisations(plan),
            role=Role.CHAIN_PROFESSIONAL,
            is_active=True,
        )
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


class ConfirmForm(forms.Form):
    """A button only (activate, remove, end, mark done)."""


class ApproachForm(forms.Form):
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 6}))


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MemberKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    relation = forms.CharField(label=_("Relation to the household"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact details"), max_length=200, required=False)


class AssessmentForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("Life domain"), queryset=LifeDomain.objects.none())
    problems = forms.CharField(
        label=_("Problems"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    question = forms.CharField(
        label=_("Question for help"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    self_reliance = forms.TypedChoiceField(
        label=_("Self-reliance (1 = acute problems, 5 = fully self-reliant)"),
        choices=[("", _("Not scored")), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["domain"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = LifeDomain.objects.filter(active=True)


class ConditionForm(forms.Form):
    description = forms.CharField(label=_("Condition"), widget=forms.Textarea(attrs=TEXT))
    watcher_organisation = OrganisationChoice(
        label=_("Watched by (organisation)"), queryset=Organisation.objects.none(), required=False
    )
    watcher_name = forms.CharField(
        label=_("Watched by (person)"),
        max_length=200,
        required=False,
        help_text=_("An organisation, a person of the network, or both."),
    )

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["watcher_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(
            region_id=plan.lead_organisation.region_id
        ).order_by("name")


class ResultForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    result_for = forms.ChoiceField(label=_("For"), choices=ResultFor.choices)
    description = forms.CharField(label=_("Intended result"), widget=forms.Textarea(attrs=TEXT))


class TaskForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    description = forms.CharField(label=_("What"), widget=forms.Textarea(attrs=TEXT))
    organisation = OrganisationChoice(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    domain = forms.ModelChoiceField(
        label=_("Life domain"), queryset=LifeDomain.objects.none(), required=False
    )
    professional = ProfessionalChoice(
        label=_("Professional (user)"), queryset=User.objects.none(), required=False
    )
    professional_name = forms.CharField(
        label=_("Professional (name)"), max_length=200, required=False
    )
    contact = forms.CharField(label=_("Contact details"), max_length=200, required=False)

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("organisation", participating_organisations(plan)),
            ("domain", LifeDomain.objects.filter(active=True)),
            ("professional", participating_professionals(plan)),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class EvaluationPlanForm(forms.Form):
    planned_on = forms.DateField(label=_("Planned on"), required=False, widget=DateInput())


class EvaluationRecordForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput())
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs=TEXT))


class InvolvementForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=PlanMember.objects.none())
    representative_name = forms.CharField(
        label=_("Legal representative"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when the member speaks for themselves."),
    )
    how_involved = forms.CharField(label=_("How involved"), widget=forms.Textarea(attrs=TEXT))
    view = forms.CharField(label=_("View of the client"), widget=forms.Textarea(attrs=TEXT))
    agreement = forms.ChoiceField(
        label=_("Agreement"), choices=Agreement.choices, widget=forms.RadioSelect
    )
    signed = forms.BooleanField(label=_("Signed"), required=False)

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.members.filter(kind=MemberKind.HOUSEHOLD)


class ParticipantForm(forms.Form):
    organisation = OrganisationChoice(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organisation.objects.filter(
                region_id=plan.lead_organisation.region_id, kind__in=PARTICIPANT_KINDS
            )
            .exclude(pk__in=participating_organisations(plan))
            .order_by("kind", "name")
        )


class DirectorForm(forms.Form):
    director = ProfessionalChoice(label=_("New case director"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args: Any, plan: HouseholdPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["director"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = participating_professionals(plan).exclude(pk=plan.case_director_id)


class ParticipationReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you report?"), choices=ParticipationKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs=TEXT),
        required=False,
        help_text=_("Required for a break-off, repeated no-shows or a proposal."),
    )


class HandleForm(forms.Form):
    response = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs=TEXT))


class PlanNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs=TEXT))
    internal = forms.BooleanField(
        label=_("Internal to my organisation"),
        required=False,
        initial=True,
        help_text=_("Untick to share the note with every organisation in the plan."),
    )
