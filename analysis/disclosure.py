"""Subject access, the analysis app's part (see privacy/subject_access.py): the
interventiematrix's rows about the person."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.subject_access import Part
from privacy import subject_access

from .models import InterventionEntry


def collect(user, person, case) -> list[Part]:
    return [
        Part(
            _("Interventiematrix"),
            entry.category,
            (
                (_("Kolom"), entry.get_column_display()),
                (_("Inhoud"), entry.content),
                (_("Organisatie"), entry.organisation.name),
            ),
        )
        for entry in InterventionEntry.objects.filter(case=case, membership__person=person).select_related(
            "organisation"
        )
    ]


def register():
    subject_access.register_section("analysis", gettext_lazy("Interventiematrix"), collect, order=30)
