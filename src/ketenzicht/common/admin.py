from django.contrib import admin

from ketenzicht.common.models import ClosingDay


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ["day", "description"]
