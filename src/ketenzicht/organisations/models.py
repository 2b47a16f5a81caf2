"""Municipalities, regions, organisations in the chain, and the users working for them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("A CBS municipality code looks like GM0505."))


class Region(models.Model):
    """A Veilig Thuis region: a set of municipalities around a centre municipality."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    centre_municipality = models.ForeignKey(
        "Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre municipality"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class MunicipalityPopulation(models.Model):
    """Inhabitants on 1 January of a year (CBS)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="population_once_a_year")
        ]
        verbose_name = _("population")
        verbose_name_plural = _("populations")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}: {self.inhabitants}"


class OrganisationKind(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    LOCAL_TEAM = "local_team", _("Local team")
    POLICE = "police", _("Police")
    RVDK = "rvdk", _("Child Protection Board (RvdK)")
    MDA = "mda", _("MDA++ team")
    SHELTER = "shelter", _("Shelter")
    CARE_PROVIDER = "care_provider", _("Care provider")
    MUNICIPALITY = "municipality", _("Municipality")
    # The process-direction desk (Zorg- en Veiligheidshuis / Meldpunt) of BRIEF §5.
    PROCESS_DESK = "process_desk", _("Process-direction desk")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("For a local team or a municipality: the municipality it works for."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_veilig_thuis(self) -> bool:
        return self.kind == OrganisationKind.VEILIG_THUIS


class Role(models.TextChoices):
    INTAKE_WORKER = "intake_worker", _("Intake worker")
    VT_WORKER = "vt_worker", _("Veilig Thuis worker")
    TEAM_LEAD = "team_lead", _("Team lead (second reviewer)")
    CHAIN_PROFESSIONAL = "chain_professional", _("Chain professional")
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Reads the access log and break-glass reports; never case contents (BRIEF §10).
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


VT_ROLES = frozenset({Role.INTAKE_WORKER, Role.VT_WORKER, Role.TEAM_LEAD})


class User(AbstractUser):
    """A professional with one role in one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_vt(self) -> bool:
        return self.role in VT_ROLES and self.organisation is not None

    @property
    def is_team_lead(self) -> bool:
        return self.role == Role.TEAM_LEAD

    @property
    def is_chain_professional(self) -> bool:
        return self.role == Role.CHAIN_PROFESSIONAL

    @property
    def is_policy_officer(self) -> bool:
        return self.role == Role.POLICY_OFFICER
