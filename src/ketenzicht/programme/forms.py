"""Input shaping for the programme pages; the services check the rules (``checks``)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.forms import DateInput
from ketenzicht.organisations.models import Municipality
from ketenzicht.programme import checks
from ketenzicht.programme.checks import ActionData, MilestoneData
from ketenzicht.programme.labels import INDICATOR_LABELS
from ketenzicht.programme.models import (
    Action,
    ActionLine,
    BodyKind,
    GovernanceBody,
    NationalLine,
    Project,
    Responsibility,
    Status,
)
from ketenzicht.programme.yamlformat import MAX_BYTES

_MILESTONE = re.compile(
    r"(\d{4}-\d{2}-\d{2})\s+(.+?)(?:\s+\((?:done|klaar|afgerond)\s+(\d{4}-\d{2}-\d{2})\))?"
)


class EuroField(forms.CharField):
    """Euros as typed in Dutch ("12.500,50" or "12500.50") -> whole cents (empty: None)."""

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        text = str(value or "").strip().replace("€", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in euros, e.g. 12.500,00.")) from None
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Enter whole cents at most."))
        return int(amount * 100)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)


class LineForm(forms.Form):
    name = forms.CharField(label=_("Name of the line"), max_length=200)
    national = forms.ChoiceField(
        label=_("National line"),
        required=False,
        choices=[("", _("none: the region's own line")), *NationalLine.choices],
    )


class AmbitionForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Action line"), queryset=ActionLine.objects.none())
    title = forms.CharField(label=_("Ambition"), max_length=300)
    description = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = period.lines.order_by("position")  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("programme", "Action"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    starts_on = forms.DateField(
        label=pgettext_lazy("programme", "Start"), required=False, widget=DateInput()
    )
    ends_on = forms.DateField(
        label=pgettext_lazy("programme", "End"), required=False, widget=DateInput()
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: a date and what is done by then, e.g. 2025-06-30 Plan adopted; "
            "add (done 2025-07-02) once it is done."
        ),
    )
    lead_organisation = forms.CharField(label=_("Lead (organisation)"), max_length=200)
    lead_name = forms.CharField(
        label=_("Lead (name or role)"),
        max_length=200,
        required=False,
        help_text=_("A professional or a role, never a client."),
    )
    all_municipalities = forms.BooleanField(label=_("All municipalities"), required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Named municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    police = forms.BooleanField(label=_("Police"), required=False)
    veilig_thuis = forms.BooleanField(label=_("Veilig Thuis"), required=False)
    other_parties = forms.CharField(label=_("Other parties"), max_length=300, required=False)
    responsibility = forms.ChoiceField(
        label=_("Responsibility"), choices=Responsibility.choices, widget=forms.RadioSelect
    )
    cost = EuroField(label=_("Cost (euro)"), required=False)
    funding = forms.CharField(label=_("Funding source"), max_length=200, required=False)
    target = forms.CharField(
        label=_("SMART target"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicator = forms.ChoiceField(label=_("Steering figure"), required=False, choices=[])
    target_value = forms.IntegerField(label=_("Target value"), required=False, min_value=0)

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            region=region
        ).order_by("name")
        self.fields["indicator"].choices = [("", _("none"))] + [  # type: ignore[attr-defined]
            (key, INDICATOR_LABELS[key]) for key in checks.INDICATORS
        ]

    def clean_milestones(self) -> list[MilestoneData]:
        found: list[MilestoneData] = []
        for n, raw in enumerate(str(self.cleaned_data.get("milestones") or "").splitlines(), 1):
            text = raw.strip()
            if not text:
                continue
            match = _MILESTONE.fullmatch(text)
            try:
                if match is None:
                    raise ValueError
                due = date.fromisoformat(match[1])
                done = date.fromisoformat(match[3]) if match[3] else None
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: start with a date (YYYY-MM-DD), then the milestone."),
                    params={"n": n},
                ) from None
            found.append(MilestoneData(title=match[2], due_on=due, done_on=done))
        return found

    def data_for_service(self) -> ActionData:
        d = self.cleaned_data
        return ActionData(
            title=d["title"],
            lead_organisation=d["lead_organisation"],
            description=d["description"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            milestones=d["milestones"],
            lead_name=d["lead_name"],
            all_municipalities=d["all_municipalities"],
            municipalities=[m.code for m in d["municipalities"]],
            police=d["police"],
            veilig_thuis=d["veilig_thuis"],
            other_parties=d["other_parties"],
            responsibility=d["responsibility"],
            cost=d["cost"],
            funding=d["funding"],
            target=d["target"],
            indicator=d["indicator"],
            target_value=d["target_value"],
        )

    @staticmethod
    def initial_for(data: ActionData, municipalities: list[Municipality]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(data, name)
            for name in (
                "title",
                "description",
                "starts_on",
                "ends_on",
                "lead_organisation",
                "lead_name",
                "all_municipalities",
                "police",
                "veilig_thuis",
                "other_parties",
                "responsibility",
                "funding",
                "target",
                "indicator",
                "target_value",
            )
        }
        initial["municipalities"] = municipalities
        initial["milestones"] = "\n".join(
            f"{m.due_on} {m.title}" + (f" ({gettext('done')} {m.done_on})" if m.done_on else "")
            for m in data.milestones
        )
        if data.cost is not None:
            initial["cost"] = f"{Decimal(data.cost) / 100:.2f}".replace(".", ",")
        return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    text = forms.CharField(
        label=_("Progress note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened and why the status is what it is. Never a client's details."),
    )
    written_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Programme file (YAML)"),
        help_text=_("At most 1 MB, in the format of the export (see the documentation)."),
    )
    replace = forms.BooleanField(
        label=_("Replace the programme with the same name, with everything under it"),
        required=False,
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 1 MB)."))
        return bytes(upload.read())


class _ActionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.ambition.line.position}.{obj.ambition.position}.{obj.position} {obj.title}"


def _action_field(label: Any) -> _ActionChoice:
    return _ActionChoice(
        label=label,
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _actions_of(period: Any) -> Any:
    return (
        Action.objects.filter(ambition__line__period=period)
        .select_related("ambition__line")
        .order_by("ambition__line__position", "ambition__position", "position")
    )


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Project"), max_length=200)
    leader_name = forms.CharField(label=_("Project leader (name or role)"), max_length=200)
    leader_organisation = forms.CharField(
        label=_("Organisation of the project leader"), max_length=200
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = _action_field(_("Actions the project carries out"))

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = _actions_of(period)  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    name = forms.CharField(
        label=_("Contact official (name)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to remove the contact."),
    )
    role = forms.CharField(label=_("Role"), max_length=200, required=False)

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = period.projects.order_by("name")  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            region_id=period.region_id
        ).order_by("name")


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    members = forms.CharField(
        label=_("Members"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Organisations and roles, not persons."),
    )
    meetings_min = forms.IntegerField(
        label=_("Meetings a year, at least"), min_value=0, max_value=52
    )
    meetings_max = forms.IntegerField(
        label=_("Meetings a year, at most"), min_value=0, max_value=52
    )


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Governance body"), queryset=GovernanceBody.objects.none()
    )
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    actions = _action_field(_("Actions the decision is about"))

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.filter(  # type: ignore[attr-defined]
            region_id=period.region_id
        ).order_by("name")
        self.fields["actions"].queryset = _actions_of(period)  # type: ignore[attr-defined]
