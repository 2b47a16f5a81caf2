"""Administrators configure terms; they do not read case contents here (need-to-know)."""

from django.contrib import admin

from ketenzicht.casework.models import TermConfiguration


@admin.register(TermConfiguration)
class TermConfigurationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assessment_working_days", "vv_weeks", "investigation_weeks"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not TermConfiguration.objects.exists()
