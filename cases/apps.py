from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from privacy import registry

        from . import shredders
        from .models import Case

        registry.provide(
            "case_ids_of_municipality",
            lambda municipality_id: Case.objects.filter(municipality_id=municipality_id).values("pk"),
        )
        shredders.register()  # the case questions of retention and the informatiematrix's shredder
        from . import disclosure

        disclosure.register()  # subject access: what this app holds about a person (privacy.subject_access)
