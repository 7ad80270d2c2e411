from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their user (profile page) or by create_api_token; the beheerder
    only sees them and can revoke them. The key itself is never stored, so never shown."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Geselecteerde tokens intrekken"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_token(token, actor=request.user, request=request)
        self.message_user(request, _("Ingetrokken."), messages.SUCCESS)
