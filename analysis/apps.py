from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analysis"
    verbose_name = "Integraal beeld, advies en besluit (stap 3–4)"

    def ready(self):
        from . import gates, shredders

        gates.register()  # steps 3–4's requirements in the table of cases.workflow
        shredders.register()  # retention: matrix rows, ties, key figures, personal text (privacy.retention)
        from . import disclosure

        disclosure.register()  # subject access: what this app holds about a person (privacy.subject_access)
        from . import exports

        exports.register()  # documents: concept plan and advice (cases.case_documents)
