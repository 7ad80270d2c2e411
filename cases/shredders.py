"""Retention, the cases app's part (see privacy/retention.py): the case questions privacy
asks (which cases are due, which are still live, lock one) and the shredder for the
informatiematrix's rows about a person."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy import registry, retention

from .models import Case, CaseStatus, InformationItem, InformingRecipient


def due_cases(today):
    """Closed cases whose retention date has passed; privacy skips those under a legal hold."""
    return (
        Case.objects.filter(status=CaseStatus.CLOSED, retention_until__lt=today)
        .select_related("group")
        .order_by("pk")
    )


def live_case_ids(today, exclude=None):
    """Cases that may still hold a person's data: open, under a legal hold, or closed
    without a retention date or with one not yet passed."""
    live = Case.objects.filter(
        Q(status=CaseStatus.OPEN)
        | Q(legal_hold=True)
        | Q(retention_until__isnull=True)
        | Q(retention_until__gte=today)
    )
    if exclude is not None:
        live = live.exclude(pk=exclude)
    return live.values("pk")


def lock_case(pk):
    return Case.objects.select_for_update().select_related("group").get(pk=pk)


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    items = InformationItem.objects.filter(case=case, person__isnull=False)
    done.count("informatiematrix", items.count(), set(items.values_list("category", flat=True)))
    items.delete()
    # Informatieplicht: who was informed about a youth (a parent's name and address included).
    recipients = InformingRecipient.objects.filter(case=case)
    done.count("informatieplicht", recipients.count(), {InformingRecipient.category})
    recipients.delete()
    return done


def register():
    registry.provide("due_cases", due_cases)
    registry.provide("live_case_ids", live_case_ids)
    registry.provide("lock_case", lock_case)
    retention.register_shredder(
        "cases",
        _("Informatiematrix: de rijen over een persoon; informatieplicht: wie is geïnformeerd"),
        shred,
        order=40,
        covers=("cases.InformationItem", "cases.InformingRecipient"),
    )
