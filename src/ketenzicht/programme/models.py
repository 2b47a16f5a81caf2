"""The regional action programme (*regiovisie / actieprogramma*, BRIEF §8).

A programme period of a region holds ordered action lines (the three national lines of *Geweld
hoort nergens thuis* and the region's own), ambitions under each line and actions under each
ambition. Nothing here is about a client: a lead (*trekker*) is a professional or an
organisation, named as text. Amounts are whole euro cents. Writes go through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ketenzicht.organisations.models import Municipality, Region
from ketenzicht.programme import checks


class NationalLine(models.TextChoices):
    """The three action lines of the national programme *Geweld hoort nergens thuis*."""

    SEEN_EARLIER = checks.SEEN_EARLIER, _("Violence seen earlier and better")
    STOPPED = checks.STOPPED, _("Violence stopped and solved for good")
    SPECIFIC_GROUPS = checks.SPECIFIC_GROUPS, _("Attention for specific groups")


class Status(models.TextChoices):
    NOT_STARTED = checks.NOT_STARTED, _("Not started")
    ON_TRACK = checks.ON_TRACK, _("On track")
    AT_RISK = checks.AT_RISK, _("At risk")
    LATE = checks.LATE, _("Late")
    DONE = checks.DONE, _("Done")
    DROPPED = checks.DROPPED, _("Dropped")


class Responsibility(models.TextChoices):
    REGIONAL = checks.REGIONAL, _("Regional")
    LOCAL = checks.LOCAL, _("Local")


class ProgrammePeriod(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["region", "-start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="programme_name_once"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programme_years_in_order",
            ),
        ]
        verbose_name = _("programme period")
        verbose_name_plural = _("programme periods")

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}-{self.end_year})"


class ActionLine(models.Model):
    """One action line, in the programme's order; ``national`` is empty for the region's own."""

    period = models.ForeignKey(ProgrammePeriod, on_delete=models.CASCADE, related_name="lines")
    national = models.CharField(
        _("national line"), max_length=20, choices=NationalLine.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["period", "position"]
        constraints = [
            models.UniqueConstraint(fields=["period", "position"], name="line_position_once"),
            models.UniqueConstraint(
                fields=["period", "national"],
                condition=~models.Q(national=""),
                name="national_line_once",
            ),
        ]
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")

    def __str__(self) -> str:
        return self.name


class Ambition(models.Model):
    line = models.ForeignKey(ActionLine, on_delete=models.CASCADE, related_name="ambitions")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["line", "position"]
        constraints = [
            models.UniqueConstraint(fields=["line", "position"], name="ambition_position_once")
        ]
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    ambition = models.ForeignKey(Ambition, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(pgettext_lazy("programme", "start"), null=True, blank=True)
    ends_on = models.DateField(pgettext_lazy("programme", "end"), null=True, blank=True)
    # The lead (*trekker*): a professional by name and their organisation, or an organisation.
    lead_name = models.CharField(_("lead (name)"), max_length=200, blank=True)
    lead_organisation = models.CharField(_("lead (organisation)"), max_length=200)
    all_municipalities = models.BooleanField(_("all municipalities"), default=False)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="programme_actions", verbose_name=_("municipalities")
    )
    police = models.BooleanField(_("police"), default=False)
    veilig_thuis = models.BooleanField(_("Veilig Thuis"), default=False)
    other_parties = models.CharField(_("other parties"), max_length=300, blank=True)
    responsibility = models.CharField(
        _("responsibility"),
        max_length=10,
        choices=Responsibility.choices,
        default=Responsibility.REGIONAL,
    )
    cost = models.BigIntegerField(_("cost (cents)"), null=True, blank=True)
    funding = models.CharField(_("funding source"), max_length=200, blank=True)
    target = models.TextField(_("SMART target"), blank=True)
    indicator = models.CharField(_("steering figure"), max_length=40, blank=True)
    target_value = models.PositiveIntegerField(_("target value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["ambition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ambition", "position"], name="action_position_once")
        ]
        indexes = [models.Index(fields=["status"], name="action_status")]
        verbose_name = pgettext_lazy("programme", "action")
        verbose_name_plural = pgettext_lazy("programme", "actions")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["action", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ProgressNote(models.Model):
    """A dated note on an action's progress; ``status`` is the status set with it, if any."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["action", "-written_on", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.action_id} {self.written_on}"


class Project(models.Model):
    """A project under the programme, with a project leader and a contact official in each
    municipality (BRIEF §8); it carries out one or more actions."""

    period = models.ForeignKey(ProgrammePeriod, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    leader_name = models.CharField(_("project leader"), max_length=200)
    leader_organisation = models.CharField(_("organisation of the project leader"), max_length=200)
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="projects",
        verbose_name=pgettext_lazy("programme", "actions"),
    )

    class Meta:
        ordering = ["period", "name"]
        constraints = [models.UniqueConstraint(fields=["period", "name"], name="project_name_once")]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class ProjectContact(models.Model):
    """The contact official of one municipality for a project (a professional, by name and role)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contacts")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("contact official"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "municipality"], name="project_contact_once")
        ]
        verbose_name = _("project contact")
        verbose_name_plural = _("project contacts")

    def __str__(self) -> str:
        return f"{self.project_id}/{self.municipality_id}: {self.name}"


class BodyKind(models.TextChoices):
    POLICY = "policy", _("Regional policy meeting (civil servants)")
    ADMINISTRATIVE = "administrative", _("Administrative meeting")
    ALDERMEN = "aldermen", _("Aldermen's meeting (final decisions)")
    OTHER = "other", _("Other")


class GovernanceBody(models.Model):
    """A body of the region's governance that meets on a rhythm and decides on the programme."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="governance_bodies")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    members = models.TextField(_("members"), help_text=_("Organisations and roles, not persons."))
    meetings_min = models.PositiveSmallIntegerField(_("meetings a year, at least"))
    meetings_max = models.PositiveSmallIntegerField(_("meetings a year, at most"))

    class Meta:
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="body_name_once"),
            models.CheckConstraint(
                condition=models.Q(meetings_max__gte=models.F("meetings_min")),
                name="body_rhythm_in_order",
            ),
        ]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["body", "-held_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body} {self.held_on}"


class Decision(models.Model):
    """A decision of a meeting, linked to the actions it is about (the decision log)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="decisions",
        verbose_name=pgettext_lazy("programme", "actions"),
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]
