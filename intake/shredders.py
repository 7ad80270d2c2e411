"""Retention, the intake app's part (issue 17; see privacy/retention.py): a signal that
never became part of a case is kept as long as the covenant's term for group-level
information, counted from its handling (or its report, while unhandled). Then its free
text, exact location and point are wiped irreversibly, and the guard's confirmations about
it (which quote the text) go; what a statistic needs stays: when, the area, behaviours,
size and ages, source, impact and the reporting organisation."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy import retention
from privacy.categories import Category
from privacy.models import GuardConfirmation
from privacy.retention import add_months, group_level_months

from .models import Signal

SUBJECT = "intake.signal:"


def expire_signals_without_case(moment) -> retention.Shredded:
    done = retention.Shredded()
    today = timezone.localdate(moment)  # the local day (moment is in UTC)
    for municipality_id in Signal.objects.values_list("municipality_id", flat=True).distinct():
        cutoff = add_months(today, -group_level_months(municipality_id, today))
        stale = (
            Signal.objects.filter(municipality_id=municipality_id)
            .filter(Q(group__isnull=True) | Q(group__cases__isnull=True))
            .alias(last=Coalesce("handled_at", "created_at"))
            .filter(last__date__lt=cutoff)
            .filter(~Q(description="") | ~Q(handling_note="") | Q(latitude__isnull=False))
        )
        pks = done.purge(
            "signalen zonder casus",
            "intake.Signal",
            ((pk, Category.GROUP) for pk in stale.values_list("pk", flat=True).distinct()),
            action="blanked",
        )
        Signal.objects.filter(pk__in=pks).update(
            description="", handling_note="", location=F("area"), latitude=None, longitude=None
        )
        GuardConfirmation.objects.filter(subject__in=[f"{SUBJECT}{pk}" for pk in pks]).delete()
    return done


def register():
    retention.register_expiry(
        "intake.signal",
        _("Signalen die nooit deel van een casus werden: beschrijving, afhandeling, exacte plek"),
        expire_signals_without_case,
        rule="groepsniveau zonder casus (convenant)",
    )
