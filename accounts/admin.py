"""The beheerder manages organisations and users here; no case data is registered in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Organisation, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A beheerder manages others, never their own rights, and never grants superuser.
            readonly += ["is_superuser", "user_permissions", "groups"]
            if obj is not None and obj.pk == request.user.pk:
                readonly += ["role", "organisation", "is_staff", "is_active"]
        return readonly

    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation__municipality", "organisation__kind"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Groepsaanpak"), {"fields": ("organisation", "role", "function_title")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Groepsaanpak"), {"fields": ("organisation", "role", "function_title")}),
    )
