"""Subject access, the cases app's part (see privacy/subject_access.py): the
informatiematrix's rows about the person."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.subject_access import Part
from privacy.categories import SHORT_LABELS

from .models import InformationItem


def collect(user, person, case) -> list[Part]:
    return [
        Part(
            _("Informatie: %(subject)s") % {"subject": item.matrix_item.label},
            item.category,
            (
                (_("Soort gegevens"), str(SHORT_LABELS.get(item.category, item.category))),
                (_("Inhoud"), item.content),
                (_("Geleverd door"), item.supplied_by.name),
                (_("Datum"), item.created_at.strftime("%d-%m-%Y")),
            ),
        )
        for item in InformationItem.objects.filter(case=case, person=person).select_related(
            "matrix_item", "supplied_by"
        )
    ]


def register():
    from privacy import subject_access

    subject_access.register_section("cases", gettext_lazy("Informatiematrix"), collect, order=20)
