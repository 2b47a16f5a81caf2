"""The scopes an API client can hold (like the ZGW Autorisaties API): ``<resource>:<action>``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    REPORTS_CREATE = "reports:create", _("Submit reports")
    REPORTS_READ = "reports:read", _("Follow own reports")
    HANDOVERS_READ = "handovers:read", _("Read handovers to the own organisation")
    HANDOVERS_WRITE = "handovers:write", _("Answer handovers to the own organisation")
    FIGURES_READ = "figures:read", _("Read the steering figures")
