from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import shredders
        from .search import ensure_installed

        shredders.register()  # retention: signals that never became a case (privacy.retention)

        # SQLite: a table rebuild by a later migration drops the FTS triggers; restore them.
        post_migrate.connect(ensure_installed, sender=self, dispatch_uid="intake_signal_fts")
