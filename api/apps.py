from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self):
        from accounts.services import users_deactivated

        from . import (
            schema,  # noqa: F401 - registers the OpenAPI extension for bearer tokens
            services,
        )

        # A deactivated account's tokens are revoked for good, whatever deactivated it.
        users_deactivated.connect(services.on_users_deactivated, dispatch_uid="api.revoke_tokens")
