"""Administrators manage organisations, users and configuration here, never case contents.

No model holding personal data of the people in a file (persons, households, reports, cases,
linkage) is registered on this site; ``retention/tests/test_admin_site.py`` keeps it so.
"""

from typing import Any

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

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        # An administrator cannot give themselves a Veilig Thuis role (or superuser status) to
        # read case files: reading a case goes through break-glass, which is logged and reported.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["organisation", "role", "is_superuser", "groups", "user_permissions"]
        return fields
