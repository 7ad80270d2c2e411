from django.apps import AppConfig


class ClosingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "closing"
    verbose_name = "Afronden en evalueren (stap 7)"

    def ready(self):
        from . import gates, shredders

        gates.register()  # step 7's requirements in the table of cases.workflow
        shredders.register()  # retention: hand-overs of a youth (privacy.retention)
        from . import disclosure

        disclosure.register()  # subject access: what this app holds about a person (privacy.subject_access)
        from . import exports

        exports.register()  # document: the evaluation report (cases.case_documents)
