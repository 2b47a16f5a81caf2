"""The administrator sets prevalence rates and corrects imported figures here (beheer/)."""

from __future__ import annotations

from django.contrib import admin

from ketenzicht.external.models import (
    ExternalFigure,
    ExternalSeries,
    PopulationFigure,
    PrevalenceRate,
)


@admin.register(PrevalenceRate)
class PrevalenceRateAdmin(admin.ModelAdmin):
    list_display = ("region", "group", "per_1000", "valid_from", "source", "set_by")
    list_filter = ("region", "group")
    readonly_fields = ("set_by", "created_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ("municipality", "year", "age_band", "inhabitants", "source")
    list_filter = ("year", "age_band")
    search_fields = ("municipality__name", "municipality__code")
    list_select_related = ("municipality",)


@admin.register(ExternalSeries)
class ExternalSeriesAdmin(admin.ModelAdmin):
    list_display = ("indicator", "name")


@admin.register(ExternalFigure)
class ExternalFigureAdmin(admin.ModelAdmin):
    list_display = ("series", "municipality", "period", "value", "source")
    list_filter = ("series", "period")
    list_select_related = ("series", "municipality")
