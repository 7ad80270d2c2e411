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
        registry.provide("case_facts", _case_facts)
        registry.provide("informing_status", _informing_status)
        shredders.register()  # the case questions of retention and the informatiematrix's shredder
        from . import disclosure

        disclosure.register()  # subject access: what this app holds about a person (privacy.subject_access)
        from django.utils.translation import gettext_lazy

        from privacy import overview

        overview.register_section(
            "verzoeken",
            gettext_lazy("Verzoeken van betrokkenen (inzage, correctie, bezwaar)"),
            "cases/overview_rights.html",
            _rights_requests,
        )


def _case_facts(municipality_id):
    from .models import Case

    return [
        {
            "id": c.pk,
            "label": c.group.name,
            "is_open": c.is_open,
            "step": c.step,
            "retention_until": c.retention_until,
            "legal_hold": c.legal_hold,
        }
        for c in Case.objects.filter(municipality_id=municipality_id).select_related("group").order_by("pk")
    ]


def _informing_status(municipality_id):
    from .informing import outstanding_for_municipality

    return outstanding_for_municipality(municipality_id)


def _rights_requests(user):
    """The privacy officer's overview: the municipality's requests still open, by deadline."""
    from django.utils import timezone

    from .models import RightsRequest, RightsRequestStatus

    municipality_id = user.organisation.municipality_id if user.organisation_id else None
    requests = RightsRequest.objects.filter(person__municipality_id=municipality_id)
    return {
        "open": list(
            requests.filter(status=RightsRequestStatus.OPEN)
            .select_related("case__group")
            .order_by("deadline", "pk")[:20]
        ),
        "open_count": requests.filter(status=RightsRequestStatus.OPEN).count(),
        "decided_count": requests.exclude(status=RightsRequestStatus.OPEN).count(),
        "today": timezone.localdate(),
    }
