from django.contrib import admin
from django.http import HttpRequest

from ketenzicht.escalation.models import EscalationTermConfiguration


@admin.register(EscalationTermConfiguration)
class EscalationTermConfigurationAdmin(admin.ModelAdmin[EscalationTermConfiguration]):
    list_display = [
        "__str__",
        "desk_advice_working_days",
        "meeting_working_days",
        "managers_working_days",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not EscalationTermConfiguration.objects.exists()
