from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts.services import users_deactivated
        from privacy import retention

        from . import (
            idempotency,
            schema,  # noqa: F401 - registers the OpenAPI extension for bearer tokens
            services,
        )

        # Idempotency records expire after 24 hours (issue 17), whoever sent them.
        retention.register_expiry(
            "api.idempotencykey", _("API-idempotentiesleutels"), idempotency.expire, rule="24 uur"
        )

        # A deactivated account's tokens are revoked for good, whatever deactivated it.
        users_deactivated.connect(services.on_users_deactivated, dispatch_uid="api.revoke_tokens")
