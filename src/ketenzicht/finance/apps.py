from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "ketenzicht.finance"
    verbose_name = _("Budget and capacity")
