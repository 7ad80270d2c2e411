from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Uitvoeren en monitoren (stap 6)"

    def ready(self):
        from . import shredders

        shredders.register()  # retention: member-aimed actions (privacy.retention)
