"""Retention, the monitoring app's part (see privacy/retention.py): an action aimed at one
member loses that link and becomes aimed at the group; its description stays."""

from django.utils.translation import gettext_lazy as _

from plans.models import TargetKind
from privacy import retention
from privacy.categories import Category

from .models import Action


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    if not ctx.personal_expired:
        return done
    actions = Action.objects.filter(case=case, membership__isnull=False)
    done.purge(
        "acties",
        "monitoring.Action",
        ((pk, Category.PERSONAL) for pk in actions.values_list("pk", flat=True)),
        action="unlinked",
    )
    actions.update(target_kind=TargetKind.GROUP, membership=None)
    return done


def register():
    retention.register_shredder(
        "monitoring",
        _("Acties: de koppeling aan een jongere (de actie richt zich daarna op de groep)"),
        shred,
        order=20,
        covers=("monitoring.Action",),
    )
