"""Retention, the cases app's part (see privacy/retention.py): the case questions privacy
asks (which cases are due, which are still live, lock one) and the shredder for the
informatiematrix's rows about a person."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from privacy import registry, retention
from privacy.categories import Category

from .models import (
    Case,
    CaseStatus,
    InformationItem,
    InformingRecipient,
    RequestName,
    RetentionTerm,
    RightsRequest,
)


def due_cases(today):
    """Closed cases where the term of some category has passed (or, for a case closed
    before the terms per category, retention_until); privacy skips those under a legal hold."""
    expired_term = RetentionTerm.objects.filter(case=OuterRef("pk"), keep_until__lt=today)
    return (
        Case.objects.filter(status=CaseStatus.CLOSED)
        .filter(Q(retention_until__lt=today) | Exists(expired_term))
        .select_related("group")
        .prefetch_related("retention_terms")
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
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("group")
        .prefetch_related("retention_terms")
        .get(pk=pk)
    )


def shred(case, ctx) -> retention.Shredded:
    """The matrix rows about a person whose category's term has passed (care may go before
    criminal data); the rows about the group stay."""
    done = retention.Shredded()
    items = InformationItem.objects.filter(case=case, person__isnull=False, category__in=ctx.expired)
    rows = list(items.values_list("pk", "category", "person__pseudonym"))
    done.subjects += [str(p) for _pk, _cat, p in rows]
    done.purge("informatiematrix", "cases.InformationItem", [(pk, cat) for pk, cat, _p in rows])
    items.delete()
    if str(Category.CRIMINAL) in ctx.expired:  # the police's and the OM's answers per name
        names = RequestName.objects.filter(request__case=case)
        done.purge(
            "antwoorden per naam (groepsscan, OM)",
            "cases.RequestName",
            ((pk, Category.CRIMINAL) for pk in names.values_list("pk", flat=True)),
        )
        names.delete()
    if ctx.personal_expired:  # the requests stay as a record of their handling, without content
        requests = RightsRequest.objects.filter(case=case).filter(
            ~Q(request="") | ~Q(new_value="") | ~Q(old_value="")
        )
        done.purge(
            "verzoeken van betrokkenen",
            "cases.RightsRequest",
            ((pk, Category.PERSONAL) for pk in requests.values_list("pk", flat=True)),
            action="blanked",
        )
        requests.update(request="", new_value="", old_value="")
    if ctx.personal_expired:  # informatieplicht: who was informed (a parent's name and address too)
        recipients = InformingRecipient.objects.filter(case=case)
        done.purge(
            "informatieplicht",
            "cases.InformingRecipient",
            ((pk, InformingRecipient.category) for pk in recipients.values_list("pk", flat=True)),
        )
        recipients.delete()
    return done


def register():
    registry.provide("due_cases", due_cases)
    registry.provide("live_case_ids", live_case_ids)
    registry.provide("lock_case", lock_case)
    retention.register_shredder(
        "cases",
        _(
            "Informatiematrix: de rijen over een persoon; de antwoorden per naam op groepsscan en "
            "OM-verzoek; informatieplicht: wie is geïnformeerd"
        ),
        shred,
        order=40,
        covers=(
            "cases.InformationItem",
            "cases.RequestName",
            "cases.RightsRequest",
            "cases.InformingRecipient",
        ),
    )
