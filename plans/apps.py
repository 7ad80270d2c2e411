from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Plan van aanpak (stap 5)"

    def ready(self):
        from . import gates

        gates.register()  # step 5's requirements in the table of cases.workflow
        from . import exports

        exports.register()  # document: the plan of approach (cases.case_documents)
