"""Forms of the case pages. They only shape input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.casework.models import (
    AssessmentOutcome,
    ConditionsMet,
    HandoverTarget,
    RiskFactor,
)
from ketenzicht.casework.services import INVESTIGATION_OUTCOMES
from ketenzicht.casework.states import Decision, MonitoringOutcome
from ketenzicht.common.forms import DateTimeInput, set_queryset
from ketenzicht.intake.models import Person
from ketenzicht.organisations.models import VT_ROLES, Organisation, OrganisationKind, User

DECISION_LABELS = {
    Decision.NO_FURTHER_STEPS: _("No further steps"),
    Decision.HANDOVER: _("Handover"),
    Decision.VV: _("Voorwaarden en vervolg (V&V)"),
    Decision.INVESTIGATION: _("Investigation"),
    Decision.RVDK_REQUEST: _("Request an investigation by the RvdK"),
    Decision.POLICE_NOTIFICATION: _("Inform the police / report a crime"),
    Decision.NOT_ADMISSIBLE: _("Not admissible"),
    Decision.WRONGLY_ADDRESSED: _("Wrongly addressed"),
}
INVESTIGATION_OUTCOME_LABELS = {
    "confirmed": _("Confirmed"),
    "not_confirmed": _("Not confirmed"),
    "unknown": _("Unknown"),
}
MONITORING_OUTCOME_LABELS = {
    MonitoringOutcome.CONTINUE: _("Continue monitoring"),
    MonitoringOutcome.STABLE: _("Stable safety: close"),
    MonitoringOutcome.RENEWED: _("Not safe: renewed Veilig Thuis involvement"),
}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes(value: str) -> bool:
    return value == "yes"


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def receiving_organisations(region_id: int) -> Any:
    return (
        Organisation.objects.filter(region_id=region_id)
        .exclude(kind__in=[OrganisationKind.VEILIG_THUIS, OrganisationKind.MUNICIPALITY])
        .order_by("kind", "name")
    )


class HandoverFieldsMixin(forms.Form):
    handover_target = forms.ChoiceField(
        label=_("Hand over to"),
        choices=[("", "---------"), *HandoverTarget.choices],
        required=False,
    )
    handover_organisation = OrganisationChoice(
        label=_("Receiving organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Not for a handover to the household's own network."),
    )

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "handover_organisation", receiving_organisations(region_id))


class AssessmentForm(HandoverFieldsMixin):
    acute_unsafety = forms.TypedChoiceField(
        label=_("Is there acute unsafety?"), choices=YES_NO, coerce=_yes, widget=forms.RadioSelect
    )
    structural_unsafety = forms.TypedChoiceField(
        label=_("Is there structural unsafety?"),
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    risk_factors = forms.MultipleChoiceField(
        label=_("Risk factors"),
        choices=RiskFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    considerations = forms.CharField(
        label=_("Considerations"), widget=forms.Textarea(attrs={"rows": 5})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AssessmentOutcome.choices, widget=forms.RadioSelect
    )
    decision = forms.ChoiceField(
        label=_("Proposed decision"),
        choices=[("", "---------"), *DECISION_LABELS.items()],
    )
    safety_conditions = forms.CharField(
        label=_("Safety conditions (for a handover)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    field_order = [
        "acute_unsafety",
        "structural_unsafety",
        "risk_factors",
        "considerations",
        "outcome",
        "decision",
        "handover_target",
        "handover_organisation",
        "safety_conditions",
    ]


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your judgement as second reviewer"),
        choices=[("approve", _("Approve the decision")), ("reject", _("Reject: assess again"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you reject."),
    )


class VVCompleteForm(HandoverFieldsMixin):
    safety_conditions = forms.CharField(
        label=_("Agreed safety conditions"), widget=forms.Textarea(attrs={"rows": 4})
    )
    summary = forms.CharField(
        label=_("Summary for the receiving organisation"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InvestigationConcludeForm(HandoverFieldsMixin):
    outcome = forms.ChoiceField(
        label=_("Outcome of the investigation"),
        choices=[(o, INVESTIGATION_OUTCOME_LABELS[o]) for o in sorted(INVESTIGATION_OUTCOMES)],
        widget=forms.RadioSelect,
    )
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    safety_conditions = forms.CharField(
        label=_("Safety conditions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary = forms.CharField(
        label=_("Summary for the receiving organisation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Leave 'hand over to' empty when no help is handed over."),
    )


class HandoverOfferForm(HandoverFieldsMixin):
    summary = forms.CharField(
        label=_("Summary for the receiving organisation"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    safety_conditions = forms.CharField(
        label=_("Safety conditions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MonitoringForm(forms.Form):
    conditions_met = forms.ChoiceField(
        label=_("Were the safety conditions met?"),
        choices=ConditionsMet.choices,
        widget=forms.RadioSelect,
    )
    direct_safety = forms.TypedChoiceField(
        label=_("Is there direct safety?"), choices=YES_NO, coerce=_yes, widget=forms.RadioSelect
    )
    stable_safety = forms.TypedChoiceField(
        label=_("Is there stable safety?"), choices=YES_NO, coerce=_yes, widget=forms.RadioSelect
    )
    recovery_attention = forms.TypedChoiceField(
        label=_("Is there attention for recovery from harm?"),
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=list(MONITORING_OUTCOME_LABELS.items()),
        widget=forms.RadioSelect,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TaskCompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done or communicated"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (team)"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignees = User.objects.filter(
            organisation_id=organisation_id, role__in=list(VT_ROLES), is_active=True
        ).order_by("first_name", "last_name")
        set_queryset(self, "assignee", assignees)


class RestrainingOrderForm(forms.Form):
    imposed_at = forms.DateTimeField(
        label=_("Imposed at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    subject: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Imposed on"), queryset=Person.objects.none(), required=False
    )
    rihg_outcome = forms.CharField(
        label=_("RiHG outcome (as given by the police)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    icm_name = forms.CharField(label=_("Intensive case manager"), required=False)
    icm_organisation = OrganisationChoice(
        label=_("Organisation of the case manager"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "subject", Person.objects.filter(involvements__report_id=case.report_id))
        set_queryset(self, "icm_organisation", receiving_organisations(case.organisation.region_id))


class RestrainingOrderExtendForm(forms.Form):
    extended_until = forms.DateTimeField(
        label=_("Extended until"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RestrainingOrderEndForm(forms.Form):
    lifted_early = forms.BooleanField(label=_("Lifted before its end"), required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
