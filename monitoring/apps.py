from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Uitvoeren en monitoren (stap 6)"

    def ready(self):
        from . import shredders

        shredders.register()  # retention: member-aimed actions (privacy.retention)
        from . import disclosure

        disclosure.register()  # subject access: what this app holds about a person (privacy.subject_access)
        from notifications.services import register_producer

        from .actions import notify_deadlines

        register_producer(notify_deadlines)  # deadlines due and passed (notifications)
        from . import exports

        exports.register()  # document: the progress report (cases.case_documents)
        from cases import workflow

        from .models import FastTrack

        # The fast track opens crisis mode and urgent measures in any step (cases.workflow).
        workflow.register_fast_track(lambda case: FastTrack.objects.filter(case_id=case.pk).exists())
