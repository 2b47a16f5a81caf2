"""The household plan as a readable, printable PDF for the household (WeasyPrint), in plain Dutch.

What the household reads is the plan's current version, in the plan's own order: the safety plan
first (the open safety conditions and who watches each, then the safety phase's intended results
and tasks), then risk-directed care, then recovery, each with who does what by when and how to
reach them; the members and network; the life domains; the evaluation moments; how the members
were involved and what they think; the case director with contact details, the version number
and its date.

Never in it: notes (internal or shared) and participation reports, which are the
professionals' messages about the plan, not the plan; ended safety conditions and cancelled
tasks; the household's address (a printed plan can be left lying around). The document loads
nothing from outside: styles are inline, there is no ``base_url``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from ketenzicht.organisations.models import Organisation, User
from ketenzicht.plans.models import (
    Agreement,
    ClientInvolvement,
    DomainAssessment,
    HouseholdPlan,
    IntendedResult,
    MemberKind,
    Phase,
    PlanMember,
    PlanTask,
    ResultFor,
    SafetyCondition,
)
from ketenzicht.plans.services import age_on

#: The household's plan is in plain Dutch (B1), also when the professional reads English pages.
HOUSEHOLD_LANGUAGE = "nl"


@dataclass(frozen=True)
class Contact:
    """Who someone is and how the household reaches them."""

    name: str
    organisation: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class TaskRow:
    """A task as the household reads it: what, who, how to reach them, by when."""

    task: PlanTask
    who: str
    reach: str


@dataclass(frozen=True)
class PhaseSection:
    code: str
    results: list[IntendedResult] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)


#: Whom an intended result is for, in the household's words.
RESULT_FOR: dict[str, Any] = {
    ResultFor.HOUSEHOLD: gettext_lazy("Your family"),
    ResultFor.NETWORK: gettext_lazy("The people around you"),
    ResultFor.ORGANISATIONS: gettext_lazy("The professionals"),
}
#: Whether a member agrees with the plan, in the household's words.
AGREEMENT: dict[str, Any] = {
    Agreement.AGREES: gettext_lazy("Yes"),
    Agreement.PARTLY: gettext_lazy("Partly"),
    Agreement.DISAGREES: gettext_lazy("No"),
}


def _contact(user: Any) -> Contact | None:
    if user is None:
        return None
    organisation = user.organisation
    return Contact(
        name=str(user),
        organisation=organisation.name if organisation else "",
        phone=user.phone or (organisation.phone if organisation else ""),
        email=user.email or (organisation.email if organisation else ""),
    )


def _organisation_contact(organisation: Organisation) -> Contact:
    return Contact(
        name=organisation.name,
        organisation=organisation.name,
        phone=organisation.phone,
        email=organisation.email,
    )


def _task_who(task: PlanTask) -> str:
    return task.professional_name or (str(task.professional) if task.professional else "")


def _task_contact(task: PlanTask) -> str:
    """The task's own contact details, else the professional's, else the organisation's."""
    if task.contact:
        return task.contact
    for source in (task.professional, task.organisation):
        if source is None:
            continue
        found = [value for value in (source.phone, source.email) if value]
        if found:
            return " · ".join(found)
    return ""


def plan_document(plan: HouseholdPlan, *, user: User, today: date | None = None) -> dict[str, Any]:
    """Everything the household's PDF shows, read in a fixed number of queries."""
    today = today or timezone.localdate()
    plan = HouseholdPlan.objects.select_related(
        "lead_organisation",
        "case_director__organisation",
        "process_director__organisation",
    ).get(pk=plan.pk)
    conditions = list(
        SafetyCondition.objects.filter(plan=plan, ended_at__isnull=True).select_related(
            "watcher_organisation"
        )
    )
    results = list(IntendedResult.objects.filter(plan=plan))
    tasks = list(
        PlanTask.objects.filter(plan=plan, cancelled=False).select_related(
            "organisation", "professional__organisation", "domain"
        )
    )
    for result in results:
        result.for_label = RESULT_FOR.get(result.result_for, "")  # type: ignore[attr-defined]
    phases = [
        PhaseSection(
            code=code,
            results=[r for r in results if r.phase == code],
            tasks=[TaskRow(t, _task_who(t), _task_contact(t)) for t in tasks if t.phase == code],
        )
        for code in Phase.values
    ]
    members = list(
        PlanMember.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "assessments",
                queryset=DomainAssessment.objects.select_related("domain").order_by(
                    "domain__order", "domain__name"
                ),
            ),
            Prefetch("involvement", queryset=ClientInvolvement.objects.order_by("pk")),
        )
    )
    household = [
        {
            "member": m,
            "age": age_on(m.date_of_birth, today) if m.date_of_birth else None,
            "assessments": [
                a
                for a in m.assessments.all()
                if a.problems or a.question or a.self_reliance is not None
            ],
            "involvement": [(i, AGREEMENT.get(i.agreement, "")) for i in m.involvement.all()],
        }
        for m in members
        if m.kind == MemberKind.HOUSEHOLD
    ]
    version_at: datetime | None = (
        plan.versions.filter(number=plan.version).values_list("changed_at", flat=True).first()
    )
    return {
        "plan": plan,
        "today": today,
        "version_at": version_at,
        "printed_at": timezone.localtime(),
        "printed_by": _contact(user),
        "case_director": _contact(plan.case_director),
        "process_director": _contact(plan.process_director),
        "conditions": conditions,
        "safety": phases[0],
        "later_phases": phases[1:],
        "household": household,
        "network": [m for m in members if m.kind == MemberKind.NETWORK],
        "participants": [
            _organisation_contact(p.organisation)
            for p in plan.participants.filter(left_at__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name")
        ],
        "any_assessment": any(row["assessments"] for row in household),
        "any_involvement": any(row["involvement"] for row in household),
        "evaluations": list(plan.evaluations.order_by("planned_on", "pk")),
    }


def render_html(plan: HouseholdPlan, *, user: User) -> str:
    """The print template filled in Dutch, whatever language the professional's pages use:
    the document is for the household."""
    with translation.override(HOUSEHOLD_LANGUAGE):
        return render_to_string("plans/plan_pdf.html", plan_document(plan, user=user))


def plan_pdf(plan: HouseholdPlan, *, user: User) -> bytes:
    """The current version of ``plan`` as a PDF for the household (``user`` prints it).

    A tagged PDF (structure and the document's language), so a screen reader can read it.
    """
    from weasyprint import HTML  # heavy (pango): imported only when a PDF is made

    # No base_url: the document loads nothing from outside (styles are inline CSS).
    document = HTML(string=render_html(plan, user=user))
    return document.write_pdf(pdf_tags=True)  # type: ignore[no-any-return]
