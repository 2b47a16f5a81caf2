"""First contact: advice requests, reports, and the people and households they concern."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ketenzicht.common.crypto import BsnIndexField, EncryptedBsnField
from ketenzicht.organisations.models import Municipality, Organisation

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("A Dutch postcode looks like 3311 AB.")
)


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web form")
    POLICE_CORV = "police_corv", _("Police (CORV)")
    MAIL = "mail", _("Mail / secure mail")
    IN_PERSON = "in_person", _("In person")


class ReporterRole(models.TextChoices):
    POLICE = "police", _("Police")
    JUSTICE = "justice", _("Justice (RvdK, OM, probation)")
    GP = "gp", _("General practitioner")
    HOSPITAL = "hospital", _("Hospital / medical specialist")
    SCHOOL = "school", _("School")
    CHILDCARE = "childcare", _("Childcare")
    YOUTH_CARE = "youth_care", _("Youth care")
    YOUTH_HEALTH = "youth_health", _("Youth health care (JGZ)")
    LOCAL_TEAM = "local_team", _("Local team")
    SOCIAL_WORK = "social_work", _("Social work / shelter")
    OTHER_PROFESSIONAL = "other_professional", _("Other professional")
    NEIGHBOUR = "neighbour", _("Neighbour / acquaintance")
    FAMILY = "family", _("Family member")
    SELF = "self", _("The person themselves")
    ANONYMOUS_CITIZEN = "anonymous_citizen", _("Anonymous citizen")


PROFESSIONAL_REPORTER_ROLES = frozenset(
    {
        ReporterRole.POLICE,
        ReporterRole.JUSTICE,
        ReporterRole.GP,
        ReporterRole.HOSPITAL,
        ReporterRole.SCHOOL,
        ReporterRole.CHILDCARE,
        ReporterRole.YOUTH_CARE,
        ReporterRole.YOUTH_HEALTH,
        ReporterRole.LOCAL_TEAM,
        ReporterRole.SOCIAL_WORK,
        ReporterRole.OTHER_PROFESSIONAL,
    }
)


class ViolenceKind(models.TextChoices):
    CHILD_PHYSICAL_ABUSE = "child_physical_abuse", _("Child abuse: physical abuse")
    CHILD_EMOTIONAL_ABUSE = "child_emotional_abuse", _("Child abuse: emotional abuse")
    CHILD_PHYSICAL_NEGLECT = "child_physical_neglect", _("Child abuse: physical neglect")
    CHILD_EMOTIONAL_NEGLECT = "child_emotional_neglect", _("Child abuse: emotional neglect")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Child abuse: sexual abuse")
    CHILD_WITNESSING = "child_witnessing", _("Child abuse: witnessing domestic violence")
    PARTNER_VIOLENCE = "partner_violence", _("Partner violence")
    EX_PARTNER_VIOLENCE = "ex_partner_violence", _("Ex-partner violence")
    ELDER_ABUSE = "elder_abuse", _("Elder abuse")
    VIOLENCE_AGAINST_PARENTS = "violence_against_parents", _("Violence against parents")
    HONOUR_RELATED = "honour_related", _("Honour-related violence")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    TRAFFICKING = "trafficking", _("Human trafficking / loverboys")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    REGULAR = "regular", _("Regular")
    ACUTE = "acute", _("Acute")


class MeldcodeStep(models.IntegerChoices):
    SIGNALS = 1, _("1. Signals mapped")
    CONSULTED = 2, _("2. Colleague / Veilig Thuis consulted")
    TALKED = 3, _("3. Talked with the client")
    WEIGHED = 4, _("4. Violence weighed")
    DECIDED = 5, _("5. Decided to report")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / unknown")


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    ALLEGED_PERPETRATOR = "alleged_perpetrator", _("Alleged perpetrator")
    CHILD_IN_HOUSEHOLD = "child_in_household", _("Child in the household")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other")


class Household(models.Model):
    """A household (*systeem*): the people living together whom a report is about."""

    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    house_number_suffix = models.CharField(_("suffix"), max_length=10, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("municipality"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["postcode", "house_number"])]

    def __str__(self) -> str:
        return self.address or str(self.municipality)

    @property
    def address(self) -> str:
        number = f"{self.house_number}{self.house_number_suffix}".strip()
        first = " ".join(part for part in (self.street, number) if part)
        second = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (first, second) if part)


class Person(models.Model):
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    surname_prefix = models.CharField(
        _("surname prefix"), max_length=30, blank=True, help_text=_('e.g. "van der"')
    )
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.OTHER)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    house_number_suffix = models.CharField(_("suffix"), max_length=10, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("municipality"),
    )
    # Encrypted at rest; exact matching goes through ``bsn_index`` (common/crypto.py). Shown
    # decrypted to VT roles only.
    bsn = EncryptedBsnField(_("BSN"), blank=True)
    bsn_index = BsnIndexField(_("BSN blind index"), source="bsn", blank=True, editable=False)
    households = models.ManyToManyField(
        Household, related_name="members", blank=True, verbose_name=_("households")
    )
    # Set by ``linkage.merging.person_merge``: this record was found to be the same person as
    # ``merged_into`` and all its links moved there; cleared again by ``person_unmerge``.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_persons",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["surname", "first_names"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["bsn_index"]),
            models.Index(fields=["surname", "date_of_birth"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_names, self.surname_prefix, self.surname) if p)


class AdviceRequest(models.Model):
    """An advice request (*adviesvraag*). By law and by design it holds no personal data about
    the family: only the question, the advice, the asker's role, the kinds of violence and the
    municipality. The asker (a professional or citizen) may stay anonymous."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="advice_requests",
        verbose_name=_("Veilig Thuis organisation"),
    )
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reporter_role = models.CharField(
        _("role of the asker"), max_length=30, choices=ReporterRole.choices
    )
    reporter_name = models.CharField(_("name of the asker"), max_length=200, blank=True)
    reporter_organisation = models.CharField(
        _("organisation of the asker"), max_length=200, blank=True
    )
    reporter_contact = models.CharField(_("contact of the asker"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_requests",
        verbose_name=_("municipality"),
    )
    kinds = models.JSONField(_("kinds of violence"), default=list)
    question = models.TextField(_("question"))
    advice = models.TextField(_("advice given"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="advice_requests",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("advice request")
        verbose_name_plural = _("advice requests")
        indexes = [models.Index(fields=["organisation", "-received_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"A{self.pk:07d}" if self.pk else gettext("%(letter)s-new") % {"letter": "A"}


class Report(models.Model):
    """A report (*melding*): the reporter identifies themselves to Veilig Thuis, and
    responsibility for keeping sight of safety passes to Veilig Thuis."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("Veilig Thuis organisation"),
    )
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reporter_role = models.CharField(
        _("role of the reporter"), max_length=30, choices=ReporterRole.choices
    )
    reporter_name = models.CharField(_("name of the reporter"), max_length=200, blank=True)
    reporter_organisation = models.CharField(
        _("organisation of the reporter"), max_length=200, blank=True
    )
    # The organisation in the chain that sent the report (the police through the API), when
    # known; it may follow the report (webhooks, the API). Not set for a phone report.
    reporting_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_reports",
        verbose_name=_("reporting organisation"),
    )
    reporter_phone = models.CharField(_("phone of the reporter"), max_length=40, blank=True)
    reporter_email = models.EmailField(_("email of the reporter"), blank=True)
    reporter_shielded = models.BooleanField(
        _("shield the reporter's identity from the family"), default=False
    )
    meldcode_step = models.PositiveSmallIntegerField(
        _("Meldcode step reached"), choices=MeldcodeStep.choices, null=True, blank=True
    )
    reporter_keeps_helping = models.BooleanField(_("reporter keeps helping"), null=True, blank=True)
    kinds = models.JSONField(_("kinds of violence"), default=list)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.REGULAR
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("municipality of residence"),
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="reports", verbose_name=_("household")
    )
    summary = models.TextField(_("what was reported"))
    advice_request = models.OneToOneField(
        AdviceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("converted from advice request"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registered_reports",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"M{self.pk:07d}" if self.pk else gettext("%(letter)s-new") % {"letter": "M"}

    @property
    def is_acute(self) -> bool:
        return self.urgency == Urgency.ACUTE

    def kind_labels(self) -> list[str]:
        labels = dict(ViolenceKind.choices)
        return [str(labels.get(k, k)) for k in self.kinds]


class ReportPerson(models.Model):
    """A person's involvement in one report, with their role in it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="involved")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(_("role"), max_length=30, choices=PersonRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="person_once_per_report")
        ]
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.person_id} ({self.role})"
