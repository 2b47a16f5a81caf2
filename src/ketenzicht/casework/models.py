"""A case: one report about one household, taken through the Veilig Thuis process.

The case's ``state`` is kept consistent with its append-only :class:`CaseEvent` history: every
service that changes a case writes both in one transaction (see ``services.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ketenzicht.casework import deadlines
from ketenzicht.casework.labels import STATE_LABELS
from ketenzicht.casework.states import Decision, MonitoringOutcome, State
from ketenzicht.intake.models import Person, Report
from ketenzicht.organisations.models import Organisation


def _parse_months(value: str, *, maximum: int) -> tuple[int, ...]:
    """'3, 10' -> (3, 10), sorted and without doubles; ValueError outside 1..maximum."""
    months = tuple(sorted({int(part) for part in value.split(",") if part.strip()}))
    if any(m <= 0 or m > maximum for m in months):
        raise ValueError(f"Months must lie between 1 and {maximum}.")
    return months


class TermConfiguration(models.Model):
    """The terms in force (one row). Defaults follow the law; an administrator may change them."""

    assessment_working_days = models.PositiveSmallIntegerField(
        _("safety assessment (working days)"), default=5
    )
    acute_assessment_hours = models.PositiveSmallIntegerField(
        _("acute safety assessment (hours)"), default=24
    )
    reporter_feedback_working_days = models.PositiveSmallIntegerField(
        _("feedback to the reporter (working days)"), default=5
    )
    vv_weeks = models.PositiveSmallIntegerField(_("V&V (weeks)"), default=10)
    investigation_start_working_days = models.PositiveSmallIntegerField(
        _("start of investigation (working days)"), default=5
    )
    investigation_weeks = models.PositiveSmallIntegerField(_("investigation (weeks)"), default=10)
    inform_involved_weeks = models.PositiveSmallIntegerField(
        _("informing the people involved (weeks)"), default=4
    )
    inform_extension_weeks = models.PositiveSmallIntegerField(
        _("extension of informing (weeks)"), default=2
    )
    monitoring_months = models.CharField(
        _("monitoring moments (months after handover, comma-separated)"),
        max_length=50,
        default="3,10",
    )
    monitoring_after_direct_handover = models.BooleanField(
        _("monitor after a direct handover too"),
        default=True,
        help_text=_(
            "The law requires monitoring after V&V and investigation; many regions also "
            "monitor after a direct handover."
        ),
    )
    repeat_report_months = models.CharField(
        _("windows for repeat reports (months before a report, comma-separated)"),
        max_length=50,
        default="6,12,24",
        help_text=_("The radar counts earlier reports about the same people within each window."),
    )
    restraining_order_days = models.PositiveSmallIntegerField(
        _("restraining order (days)"), default=10
    )
    restraining_order_max_days = models.PositiveSmallIntegerField(
        _("restraining order with extension, at most (days)"), default=28
    )

    class Meta:
        verbose_name = _("terms")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return str(_("Terms in force"))

    def clean(self) -> None:
        try:
            months = self.parsed_monitoring_months()
        except ValueError as exc:
            raise ValidationError(
                {"monitoring_months": _("Monitoring months must lie between 1 and 60.")}
            ) from exc
        if not months:
            raise ValidationError({"monitoring_months": _("Give at least one month.")})
        try:
            windows = self.parsed_repeat_report_months()
        except ValueError as exc:
            raise ValidationError(
                {"repeat_report_months": _("Windows must lie between 1 and 120 months.")}
            ) from exc
        if not windows:
            raise ValidationError({"repeat_report_months": _("Give at least one month.")})
        if self.restraining_order_max_days < self.restraining_order_days:
            raise ValidationError(
                {"restraining_order_max_days": _("The maximum cannot be below the normal term.")}
            )

    def parsed_monitoring_months(self) -> tuple[int, ...]:
        return _parse_months(self.monitoring_months, maximum=60)

    def parsed_repeat_report_months(self) -> tuple[int, ...]:
        return _parse_months(self.repeat_report_months, maximum=120)

    def as_terms(self) -> deadlines.Terms:
        return deadlines.Terms(
            assessment_working_days=self.assessment_working_days,
            acute_assessment_hours=self.acute_assessment_hours,
            reporter_feedback_working_days=self.reporter_feedback_working_days,
            vv_weeks=self.vv_weeks,
            investigation_start_working_days=self.investigation_start_working_days,
            investigation_weeks=self.investigation_weeks,
            inform_involved_weeks=self.inform_involved_weeks,
            inform_extension_weeks=self.inform_extension_weeks,
            monitoring_months=self.parsed_monitoring_months(),
            restraining_order_days=self.restraining_order_days,
            restraining_order_max_days=self.restraining_order_max_days,
        )


class Case(models.Model):
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, related_name="case", verbose_name=_("report")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("Veilig Thuis organisation"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=[(s.value, s.value) for s in State],
        default=State.REGISTERED,
    )
    is_open = models.BooleanField(_("open"), default=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    assessment_due_at = models.DateTimeField(_("safety assessment due"))
    assessed_at = models.DateTimeField(_("safety assessment decided at"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=30,
        choices=[(d.value, d.value) for d in Decision],
        blank=True,
    )
    vv_due_at = models.DateTimeField(_("V&V due"), null=True, blank=True)
    vv_completed_at = models.DateTimeField(_("V&V completed at"), null=True, blank=True)
    investigation_start_due_at = models.DateTimeField(
        _("investigation start due"), null=True, blank=True
    )
    investigation_started_at = models.DateTimeField(
        _("investigation started at"), null=True, blank=True
    )
    investigation_due_at = models.DateTimeField(_("investigation due"), null=True, blank=True)
    investigation_concluded_at = models.DateTimeField(
        _("investigation concluded at"), null=True, blank=True
    )
    investigation_outcome = models.CharField(_("investigation outcome"), max_length=20, blank=True)
    investigation_conclusion = models.TextField(_("investigation conclusion"), blank=True)
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    next_due_label = models.CharField(_("next deadline is for"), max_length=100, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["next_due_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "next_due_at"], name="case_team_queue"),
            # the selector always scopes by organisation too (need-to-know)
            models.Index(
                fields=["organisation", "assigned_to", "next_due_at"], name="case_my_queue"
            ),
            models.Index(fields=["organisation", "state"], name="case_team_state"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"Z{self.pk:07d}" if self.pk else gettext("%(letter)s-new") % {"letter": "Z"}

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[State(self.state)])

    @property
    def next_due_display(self) -> str:
        return str(DUE_LABELS.get(self.next_due_label, self.next_due_label))


DUE_LABELS: dict[str, Any] = {
    "assessment": _("Safety assessment"),
    "vv": _("Voorwaarden en vervolg"),
    "investigation_start": _("Start of the investigation"),
    "investigation": _("Conclusion of the investigation"),
    "restraining_order": _("End of the restraining order"),
    "handover_refused": _("Handover refused: hand over again or reassess"),
}


class CaseEventQuerySet(models.QuerySet["CaseEvent"]):
    """History is append-only: no bulk update or delete through the ORM either."""

    def update(self, **kwargs: Any) -> int:
        raise ValidationError("Case events are append-only and cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError("Case events are append-only and cannot be deleted.")

    def purge(self) -> tuple[int, dict[str, int]]:
        """Remove these events for good. Only the destruction of a whole case file
        (``retention.services.case_destroy``: retention term or an erasure request) calls this."""
        return models.QuerySet.delete(self)


class CaseEvent(models.Model):
    """One entry of a case's append-only history: who did what, when, and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("at"))
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # History is append-only: a stored event is never changed.
        if self.pk is not None:
            raise ValidationError("Case events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("Case events are append-only and cannot be deleted.")


class AssessmentOutcome(models.TextChoices):
    SAFE = "safe", _("Not unsafe (green)")
    UNSTABLE = "unstable", _("Not stable (orange)")
    UNSAFE = "unsafe", _("Not safe (red)")


class RiskFactor(models.TextChoices):
    EARLIER_VIOLENCE = "earlier_violence", _("Earlier violence or reports")
    ESCALATION = "escalation", _("Escalation in frequency or severity")
    WEAPONS = "weapons", _("Threat with or access to weapons")
    THREATS_TO_KILL = "threats_to_kill", _("Threats to kill")
    STRANGULATION = "strangulation", _("Strangulation")
    SEPARATION = "separation", _("Recent or coming separation")
    ADDICTION = "addiction", _("Addiction")
    PSYCHIATRIC = "psychiatric", _("Psychiatric problems")
    YOUNG_CHILDREN = "young_children", _("Young children in the household")
    PREGNANCY = "pregnancy", _("Pregnancy")
    ISOLATION = "isolation", _("Social isolation")
    CARE_REFUSAL = "care_refusal", _("Help refused or not working")


class HandoverTarget(models.TextChoices):
    LOCAL_TEAM = "local_team", _("Local team")
    EXISTING_HELP = "existing_help", _("Help already involved")
    MDA = "mda", _("MDA++ team")
    OWN_NETWORK = "own_network", _("The household's own network")
    RVDK = "rvdk", _("Child Protection Board (RvdK)")
    POLICE = "police", _("Police")


class SafetyAssessment(models.Model):
    """A safety assessment with the proposed decision, judged by two professionals."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    acute_unsafety = models.BooleanField(_("acute unsafety"))
    structural_unsafety = models.BooleanField(_("structural unsafety"))
    risk_factors = models.JSONField(_("risk factors"), default=list)
    considerations = models.TextField(_("considerations"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=AssessmentOutcome.choices)
    decision = models.CharField(
        _("proposed decision"), max_length=30, choices=[(d.value, d.value) for d in Decision]
    )
    handover_target = models.CharField(
        _("hand over to"), max_length=20, choices=HandoverTarget.choices, blank=True
    )
    handover_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving organisation"),
    )
    safety_conditions = models.TextField(_("safety conditions"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    review_comment = models.TextField(_("comment of the second reviewer"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("safety assessment")
        verbose_name_plural = _("safety assessments")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.decision} ({self.proposed_at:%Y-%m-%d})"


class HandoverStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class Handover(models.Model):
    """A handover (*overdracht*) of a household to another organisation or its own network."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handovers")
    target = models.CharField(_("hand over to"), max_length=20, choices=HandoverTarget.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("receiving organisation"),
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField()
    assessment_summary = models.TextField(_("summary of the safety assessment"))
    safety_conditions = models.TextField(_("safety conditions"), blank=True)
    status = models.CharField(
        max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.OFFERED
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_reason = models.TextField(_("reason"), blank=True)
    monitoring_follows = models.BooleanField(default=True)

    class Meta:
        ordering = ["-offered_at"]
        indexes = [models.Index(fields=["organisation", "status", "-offered_at"])]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.organisation_id or self.target} ({self.status})"


class TaskKind(models.TextChoices):
    FEEDBACK_DECISION = "feedback_decision", _("Feedback to the reporter after the decision")
    FEEDBACK_INVESTIGATION = (
        "feedback_investigation",
        _("Feedback to the reporter after the investigation"),
    )
    INFORM_INVOLVED = "inform_involved", _("Inform the people involved of the recording")
    INVESTIGATION_REPORT = (
        "investigation_report",
        _("Written investigation report to the people involved"),
    )
    MONITORING = "monitoring", _("Monitoring moment")


class Task(models.Model):
    """A duty with a due date, done by recording what was done or communicated."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("what was done or communicated"), blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["case", "done_at"])]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind} due {self.due_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None and not self.cancelled


class ConditionsMet(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class MonitoringCheck(models.Model):
    """One monitoring moment after a handover: the three questions of BRIEF 3.8."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="monitoring_checks")
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="monitoring_check"
    )
    conditions_met = models.CharField(
        _("were the safety conditions met?"), max_length=10, choices=ConditionsMet.choices
    )
    direct_safety = models.BooleanField(_("is there direct safety?"))
    stable_safety = models.BooleanField(_("is there stable safety?"))
    recovery_attention = models.BooleanField(_("is there attention for recovery from harm?"))
    notes = models.TextField(_("notes"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=[(o.value, o.value) for o in MonitoringOutcome]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("monitoring moment")
        verbose_name_plural = _("monitoring moments")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome} ({self.recorded_at:%Y-%m-%d})"


class RestrainingOrderStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXTENDED = "extended", _("Extended")
    ENDED = "ended", _("Ended")
    LIFTED = "lifted", _("Lifted early")


class RestrainingOrder(models.Model):
    """A tijdelijk huisverbod: a parallel track on a case, with its own deadlines."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restraining_orders")
    subject = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restraining_orders",
        verbose_name=_("imposed on"),
    )
    imposed_at = models.DateTimeField(_("imposed at"))
    ends_at = models.DateTimeField(_("ends at"))
    rihg_outcome = models.TextField(_("RiHG outcome (as given by the police)"))
    icm_name = models.CharField(_("intensive case manager"), max_length=200, blank=True)
    icm_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation of the case manager"),
    )
    status = models.CharField(
        max_length=10,
        choices=RestrainingOrderStatus.choices,
        default=RestrainingOrderStatus.ACTIVE,
    )
    extension_decided_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(_("reason for extension"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-imposed_at"]
        verbose_name = _("restraining order")
        verbose_name_plural = _("restraining orders")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.imposed_at:%Y-%m-%d} - {self.ends_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in (RestrainingOrderStatus.ACTIVE, RestrainingOrderStatus.EXTENDED)


class BreakGlassGrant(models.Model):
    """An administrator's time-limited read access to one case page, with the stated reason.

    Administrators manage users and configuration but never read case contents; a grant is the
    one exception (``retention.services.breakglass_open``). ``selectors.case_for_page`` honours an
    active grant; every view under it is logged as ``BREAK_GLASS`` and the grant is reported to
    the privacy officer of the case's organisation. The reference and organisation are kept on
    the grant so the report survives the destruction of the case (``case`` is then null).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
        verbose_name=_("administrator"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="break_glass_grants",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case"), max_length=20)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Veilig Thuis organisation"),
    )
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        indexes = [
            models.Index(fields=["user", "case", "expires_at"], name="break_glass_active"),
            models.Index(fields=["organisation", "-opened_at"], name="break_glass_report"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.case_reference} until {self.expires_at:%Y-%m-%d %H:%M}"


DUE_LABELS.update(dict(TaskKind.choices))
