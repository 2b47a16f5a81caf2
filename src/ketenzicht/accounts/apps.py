from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ketenzicht.accounts"
    label = "accounts"
    verbose_name = _("Accounts and login")

    def ready(self) -> None:
        from django.contrib import admin

        from ketenzicht.accounts.admin_site import SecondFactorAdminSite

        # The Django admin demands a verified second factor too (django-otp's OTPAdminSite);
        # the default site's class is swapped so every registration on it stays where it is.
        admin.site.__class__ = SecondFactorAdminSite
