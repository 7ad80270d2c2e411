from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from privacy import registry

        from . import shredders
        from .models import Person

        registry.provide("subject", lambda pseudonym: Person.objects.filter(pseudonym=pseudonym).first())
        registry.provide("person", lambda pk: Person.objects.filter(pk=pk).first())
        shredders.register()  # retention: the name list and the persons (privacy.retention)
        from . import disclosure

        disclosure.register()  # subject access: what this app holds about a person (privacy.subject_access)
