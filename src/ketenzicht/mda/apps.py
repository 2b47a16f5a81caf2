from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MdaConfig(AppConfig):
    name = "ketenzicht.mda"
    verbose_name = _("MDA++")
