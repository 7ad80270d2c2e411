from django.apps import AppConfig


class ApproachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approach"
    verbose_name = "Plan van aanpak, uitvoering en afronding (stap 5–7)"

    def ready(self):
        from . import gates

        gates.register()  # steps 5–7's requirements in the table of cases.workflow
