from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HooksConfig(AppConfig):
    name = "ketenzicht.hooks"
    label = "hooks"
    verbose_name = _("Notifications (webhooks)")
