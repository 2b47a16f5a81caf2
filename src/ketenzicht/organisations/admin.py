from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ketenzicht.organisations.models import (
    Municipality,
    MunicipalityPopulation,
    Organisation,
    Region,
    User,
)


class PopulationInline(admin.TabularInline):
    model = MunicipalityPopulation
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "centre_municipality"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    inlines = [PopulationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "municipality"]
    list_filter = ["kind", "region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Ketenzicht", {"fields": ("organisation", "role", "phone")}),
    )
