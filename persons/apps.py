from django.apps import AppConfig


class PersonsConfig(AppConfig):
    """One youth across groups (issue 18): finding an existing person instead of typing the
    name again, the overlap between name lists, "bekend bij", and merging two records."""

    name = "persons"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from privacy import registry

        from . import merging, shredders

        # The processing log keeps the pseudonym it was written with (it is append-only):
        # after a merge, subject access and the log per person also read the rows written
        # about the absorbed record, and its pseudonym leads to the kept person.
        registry.provide("aliases", merging.aliases)
        registry.provide("merged_into", merging.merged_into)
        shredders.register()  # retention: merged records go with the kept person's last case
