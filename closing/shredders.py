"""Retention, the closing app's part (see privacy/retention.py): a hand-over of one
youth's guidance loses the link to the youth and its text is replaced."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy import retention
from privacy.categories import Category

from .models import Handover


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    if not ctx.personal_expired:
        return done
    handovers = Handover.objects.filter(case=case, membership__isnull=False)
    done.purge(
        "overdrachten",
        "closing.Handover",
        ((pk, Category.PERSONAL) for pk in handovers.values_list("pk", flat=True)),
        action="unlinked",
    )
    handovers.update(membership=None, what=_("Begeleiding van een jongere (verwijderd na de bewaartermijn)"))
    return done


def register():
    retention.register_shredder(
        "closing",
        gettext_lazy("Overdrachten: de koppeling aan een jongere en de omschrijving"),
        shred,
        order=10,
        covers=("closing.Handover",),
    )
