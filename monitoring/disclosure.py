"""Subject access, the monitoring app's part (see privacy/subject_access.py): actions aimed
at the person."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.subject_access import Part
from privacy import subject_access
from privacy.categories import Category

from .models import Action


def collect(user, person, case) -> list[Part]:
    return [
        Part(
            _("Actie gericht op u"),
            str(Category.PERSONAL),
            (
                (_("Wat wordt er gedaan"), action.description),
                (_("Organisatie"), action.organisation.name),
                (_("Uiterlijk gereed"), action.due_date.strftime("%d-%m-%Y")),
                (_("Status"), action.get_status_display()),
            ),
        )
        for action in Action.objects.filter(case=case, membership__person=person).select_related(
            "organisation"
        )
    ]


def register():
    subject_access.register_section(
        "monitoring", gettext_lazy("Acties gericht op de persoon"), collect, order=40
    )
