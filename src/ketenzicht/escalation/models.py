"""Stagnation and escalation (*opschalingsmodel*, BRIEF §5).

An :class:`Escalation` is raised on a household plan when help stalls and walks the ladder of
``ladder.py``; each rung is an :class:`EscalationStep` with its deadline. Around the steps: the
agreements of the organisations' meeting, the desk's appointment of a process director, the
process director's binding decisions (*doorzettingsmacht*), urgent care meetings and, for serious
cases, the administrative decision of the municipal official. A :class:`DirectionFailureReport`
is a professional's report that the case director fails, resolved by the desk. All writes go
through ``services.py``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.escalation import ladder
from ketenzicht.escalation.ladder import Step
from ketenzicht.organisations.models import Municipality, Organisation
from ketenzicht.plans.models import HouseholdPlan


class StepKind(models.IntegerChoices):
    DESK_ADVICE = Step.DESK_ADVICE, _("Advice from the process-direction desk")
    MEETING = Step.MEETING, _("Meeting of the organisations")
    MANAGERS = Step.MANAGERS, _("Managers of the organisations")
    PROCESS_DIRECTOR = Step.PROCESS_DIRECTOR, _("Process director appointed by the desk")
    ADMINISTRATIVE = Step.ADMINISTRATIVE, _("Administrative decision")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Escalation(models.Model):
    """A stagnation put on the ladder: what stalls, where, and how far it has gone."""

    plan = models.ForeignKey(HouseholdPlan, on_delete=models.PROTECT, related_name="escalations")
    # The process-direction desk of the plan's region.
    desk = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"))
    stalls = models.TextField(_("what stalls"))
    stalled_organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("organisations where it stalls")
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    serious = models.BooleanField(_("serious case"), default=False)
    current_step = models.PositiveSmallIntegerField(
        _("current step"), choices=StepKind.choices, default=StepKind.DESK_ADVICE
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EscalationStatus.choices,
        default=EscalationStatus.OPEN,
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["desk", "status"])]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"E{self.pk:06d}" if self.pk else "E-"

    @property
    def is_open(self) -> bool:
        return self.status == EscalationStatus.OPEN


class EscalationStep(models.Model):
    """One rung of the ladder: when it started, its deadline, and its outcome once done."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("step"), choices=StepKind.choices)
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("due"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["escalation", "step"], name="escalation_step_once")
        ]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self) -> str:
        return f"{self.escalation_id}: {self.step}"


class MeetingAgreement(models.Model):
    """Step 2: who does which part by when."""

    step = models.ForeignKey(EscalationStep, on_delete=models.CASCADE, related_name="agreements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    what = models.TextField(_("what"))
    due_on = models.DateField(_("due date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("meeting agreement")
        verbose_name_plural = _("meeting agreements")

    def __str__(self) -> str:
        return self.what[:60]


class ProcessDirectorAppointment(models.Model):
    """Step 4: the desk appoints a process director (due within 2 working days)."""

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, related_name="appointment"
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("process director"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed at"))
    due_at = models.DateTimeField(_("due"))
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("appointment of a process director")
        verbose_name_plural = _("appointments of a process director")

    def __str__(self) -> str:
        return f"{self.escalation_id}: {self.director_id}"


#: The only fields of a binding decision that change after it was made: whether it was obeyed.
COMPLIANCE_FIELDS = frozenset({"complied", "compliance_note", "compliance_at", "compliance_by"})


class BindingDecision(models.Model):
    """*Doorzettingsmacht*: the process director requires an organisation to act.

    The decision itself is immutable; only whether the organisation complied is recorded later.
    """

    escalation = models.ForeignKey(
        Escalation, on_delete=models.PROTECT, related_name="binding_decisions"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation required to act"),
    )
    what = models.TextField(_("what"))
    due_on = models.DateField(_("by when"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    complied = models.BooleanField(_("complied"), null=True, blank=True)
    compliance_note = models.TextField(_("note"), blank=True)
    compliance_at = models.DateTimeField(null=True, blank=True)
    compliance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("binding decision")
        verbose_name_plural = _("binding decisions")

    def __str__(self) -> str:
        return self.what[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A saved decision changes only in its compliance fields (a guard, not workflow)."""
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and not (
            update_fields is not None and set(update_fields) <= COMPLIANCE_FIELDS
        ):
            raise ValueError("A binding decision is immutable; record compliance only.")
        super().save(*args, **kwargs)


class UrgentCareMeeting(models.Model):
    """An urgent care meeting, held within 2 working days of being called."""

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="urgent_meetings"
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(_("called at"))
    due_at = models.DateTimeField(_("due"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["called_at", "pk"]
        verbose_name = _("urgent care meeting")
        verbose_name_plural = _("urgent care meetings")

    def __str__(self) -> str:
        return f"{self.escalation_id}: {self.called_at:%Y-%m-%d}"


class AdministrativeDecision(models.Model):
    """Step 5: the municipal official or alderman decides orally; confirmed in writing in 24 h."""

    escalation = models.ForeignKey(
        Escalation, on_delete=models.PROTECT, related_name="administrative_decisions"
    )
    official_name = models.CharField(_("name of the official"), max_length=200)
    official_function = models.CharField(_("function"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    oral_decision_at = models.DateTimeField(_("oral decision at"))
    text = models.TextField(_("decision"))
    confirmation_due_at = models.DateTimeField(_("written confirmation due"))
    confirmed_at = models.DateTimeField(_("confirmed in writing at"), null=True, blank=True)
    written_reference = models.CharField(_("reference of the letter"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["oral_decision_at", "pk"]
        verbose_name = _("administrative decision")
        verbose_name_plural = _("administrative decisions")

    def __str__(self) -> str:
        return self.text[:60]


class FailureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REASSIGNED = "reassigned", _("Direction reassigned")
    REJECTED = "rejected", _("Rejected")


class DirectionFailureReport(models.Model):
    """A professional reports that the case director fails; the desk reassigns or rejects."""

    plan = models.ForeignKey(
        HouseholdPlan, on_delete=models.PROTECT, related_name="direction_failure_reports"
    )
    desk = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case director reported on"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=FailureStatus.choices, default=FailureStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reassigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reassigned to"),
    )
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["desk", "status"])]
        verbose_name = _("report that direction fails")
        verbose_name_plural = _("reports that direction fails")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.status}"


class EscalationTermConfiguration(models.Model):
    """The regional terms of steps 1-3 (one row; an administrator may change them).

    The BRIEF fixes the others: the appointment and an urgent care meeting within 2 working days,
    the written confirmation of an oral decision within 24 hours (``ladder.Terms``).
    """

    desk_advice_working_days = models.PositiveSmallIntegerField(
        _("advice from the desk (working days)"),
        default=ladder.DEFAULT_TERMS.desk_advice_working_days,
    )
    meeting_working_days = models.PositiveSmallIntegerField(
        _("meeting of the organisations (working days)"),
        default=ladder.DEFAULT_TERMS.meeting_working_days,
    )
    managers_working_days = models.PositiveSmallIntegerField(
        _("managers of the organisations (working days)"),
        default=ladder.DEFAULT_TERMS.managers_working_days,
    )

    class Meta:
        verbose_name = _("escalation terms")
        verbose_name_plural = _("escalation terms")

    def __str__(self) -> str:
        return str(_("Escalation terms"))

    def as_terms(self) -> ladder.Terms:
        return ladder.Terms(
            desk_advice_working_days=self.desk_advice_working_days,
            meeting_working_days=self.meeting_working_days,
            managers_working_days=self.managers_working_days,
        )
