"""One household, one plan, one case director (*1 gezin, 1 plan, 1 regisseur*, BRIEF §4).

A :class:`HouseholdPlan` starts from an accepted handover. Its content lives in ordinary rows
(members, life-domain assessments, safety conditions, results, tasks, evaluation moments, the
client's involvement); every change made through ``services.py`` also writes a
:class:`PlanVersion` holding a JSON snapshot of the whole plan, so any two versions can be
compared side by side (``versions.py``, pure). Direction (who is the case director, whether a
process director has taken over) changes only through ``plan_direction_set`` and leaves a
:class:`DirectionChange` row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.casework.models import Case, Handover
from ketenzicht.intake.models import Household, Person
from ketenzicht.organisations.models import Organisation


class LifeDomain(models.Model):
    """One life domain of the plan's fixed list (configurable in the admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class HouseholdPlan(models.Model):
    """The one plan around a household after Veilig Thuis handed over."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    handover = models.OneToOneField(
        Handover, on_delete=models.PROTECT, related_name="plan", null=True, blank=True
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # The organisation that accepted the handover and leads the plan.
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_plans"
    )
    case_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directed_plans",
        verbose_name=_("case director"),
    )
    # Set while a process director (BRIEF §5 step 4) has taken over direction.
    process_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_directed_plans",
        verbose_name=_("process director"),
    )
    approach = models.TextField(_("approach"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["case_director", "status"]),
            models.Index(fields=["process_director", "status"]),
        ]
        verbose_name = _("household plan")
        verbose_name_plural = _("household plans")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"P{self.pk:07d}" if self.pk else "P-"

    @property
    def director(self) -> Any:
        """Who directs: the process director while one has taken over, else the case director."""
        return self.process_director or self.case_director


class PlanParticipant(models.Model):
    """An organisation that takes part in the plan; only participants see it (need-to-know)."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(_("joined at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="plan_participant_once")
        ]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.organisation_id}"


class MemberKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household member")
    NETWORK = "network", _("Support network")


class PlanMember(models.Model):
    """A household member (a known person) or an important person in the support network."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("kind"), max_length=10, choices=MemberKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    relation = models.CharField(_("relation to the household"), max_length=200, blank=True)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("plan member")
        verbose_name_plural = _("plan members")

    def __str__(self) -> str:
        return self.name


class DomainAssessment(models.Model):
    """Problems, question and self-reliance of one member on one life domain."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="assessments")
    member = models.ForeignKey(PlanMember, on_delete=models.CASCADE, related_name="assessments")
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    problems = models.TextField(_("problems"), blank=True)
    question = models.TextField(_("question for help"), blank=True)
    # 1 = acute problems ... 5 = fully self-reliant (the self-reliance matrix's scale).
    self_reliance = models.PositiveSmallIntegerField(
        _("self-reliance (1-5)"), null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "domain"], name="plan_domain_assessment_once")
        ]
        verbose_name = _("life-domain assessment")
        verbose_name_plural = _("life-domain assessments")

    def __str__(self) -> str:
        return f"{self.member_id}/{self.domain_id}"


class Phase(models.TextChoices):
    """Safety first (*gefaseerd samenwerken aan veiligheid*): safety, then care, then recovery."""

    SAFETY = "safety", _("Safety")
    RISK_CARE = "risk_care", _("Risk-directed care")
    RECOVERY = "recovery", _("Recovery")


class SafetyCondition(models.Model):
    """A condition of the safety plan and who watches it."""

    plan = models.ForeignKey(
        HouseholdPlan, on_delete=models.CASCADE, related_name="safety_conditions"
    )
    description = models.TextField(_("condition"))
    watcher_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("watched by (organisation)"),
    )
    watcher_name = models.CharField(_("watched by"), max_length=200, blank=True)
    # Carried over from the handover (V&V or investigation), or added in the plan.
    from_handover = models.BooleanField(_("carried over from Veilig Thuis"), default=False)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("safety condition")
        verbose_name_plural = _("safety conditions")

    def __str__(self) -> str:
        return self.description[:60]


class ResultFor(models.TextChoices):
    HOUSEHOLD = "household", _("The household")
    NETWORK = "network", _("The network")
    ORGANISATIONS = "organisations", _("The organisations")


class IntendedResult(models.Model):
    """An intended result of the approach, per phase and for whom."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="results")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    result_for = models.CharField(_("for"), max_length=15, choices=ResultFor.choices)
    description = models.TextField(_("intended result"))

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("intended result")
        verbose_name_plural = _("intended results")

    def __str__(self) -> str:
        return self.description[:60]


class PlanTask(models.Model):
    """Who does what, by when: always an organisation and a due date."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="tasks")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    domain = models.ForeignKey(
        LifeDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("life domain"),
    )
    description = models.TextField(_("what"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_tasks",
        verbose_name=_("professional"),
    )
    professional_name = models.CharField(_("professional"), max_length=200, blank=True)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["plan", "done_at", "due_on"])]
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")

    def __str__(self) -> str:
        return self.description[:60]


class EvaluationMoment(models.Model):
    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="evaluations")
    planned_on = models.DateField(_("planned on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.planned_on}"


class Agreement(models.TextChoices):
    AGREES = "agrees", _("Agrees")
    PARTLY = "partly", _("Agrees in part")
    DISAGREES = "disagrees", _("Does not agree")


class ClientInvolvement(models.Model):
    """How a member (12+) or the legal representative (under 16) was involved, and their view."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="involvement")
    member = models.ForeignKey(PlanMember, on_delete=models.CASCADE, related_name="involvement")
    # Blank: the member speaks for themselves; else the legal representative who did.
    representative_name = models.CharField(_("legal representative"), max_length=200, blank=True)
    how_involved = models.TextField(_("how involved"))
    view = models.TextField(_("view of the client"))
    agreement = models.CharField(_("agreement"), max_length=10, choices=Agreement.choices)
    signed = models.BooleanField(_("signed"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("client involvement")
        verbose_name_plural = _("client involvement")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.agreement}"


class ParticipationKind(models.TextChoices):
    """What an organisation reports to the case director (BRIEF §4)."""

    START = "start", _("Help started")
    END = "end", _("Help ended")
    BREAK_OFF = "break_off", _("Help broken off")
    NO_SHOW = "no_show", _("Client repeatedly did not show up")
    TRANSFER = "transfer", _("Client moved to another worker")
    PROPOSAL = "proposal", _("Proposal for other help")


class ParticipationReport(models.Model):
    plan = models.ForeignKey(
        HouseholdPlan, on_delete=models.CASCADE, related_name="participation_reports"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what"), max_length=10, choices=ParticipationKind.choices)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))
    # The case director's handling (a proposal or break-off asks for an answer).
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("participation report")
        verbose_name_plural = _("participation reports")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.kind}"


class PlanNote(models.Model):
    """A note on the plan; an internal note is seen only by its own organisation."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written at"))
    text = models.TextField(_("note"))
    internal = models.BooleanField(_("internal to my organisation"), default=True)

    class Meta:
        ordering = ["-written_at"]
        verbose_name = _("plan note")
        verbose_name_plural = _("plan notes")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.written_at:%Y-%m-%d}"


class PlanVersion(models.Model):
    """A snapshot of the whole plan after one change (append-only)."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))
    change = models.CharField(_("change"), max_length=200)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class DirectionKind(models.TextChoices):
    CASE_DIRECTOR = "case_director", _("Case director assigned")
    PROCESS_DIRECTOR = "process_director", _("Process director took over direction")
    HANDED_BACK = "handed_back", _("Direction handed back to a case director")
    REASSIGNED = "reassigned", _("Direction reassigned by the desk")


class DirectionChange(models.Model):
    """Every change of who directs the plan, with who decided it and why."""

    plan = models.ForeignKey(
        HouseholdPlan, on_delete=models.CASCADE, related_name="direction_changes"
    )
    kind = models.CharField(max_length=20, choices=DirectionKind.choices)
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("change of direction")
        verbose_name_plural = _("changes of direction")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.kind}"
