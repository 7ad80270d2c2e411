"""Subject access, the closing app's part (see privacy/subject_access.py): the hand-over of
the person's guidance to another organisation."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.subject_access import Part
from privacy import subject_access
from privacy.categories import Category

from .models import Handover


def collect(user, person, case) -> list[Part]:
    return [
        Part(
            _("Overdracht van de begeleiding"),
            str(Category.PERSONAL),
            (
                (_("Aan"), handover.to_organisation.name),
                (_("Wat"), handover.what),
                (_("Status"), handover.get_status_display()),
            ),
        )
        for handover in Handover.objects.filter(case=case, membership__person=person).select_related(
            "to_organisation"
        )
    ]


def register():
    subject_access.register_section("closing", gettext_lazy("Overdrachten"), collect, order=50)
