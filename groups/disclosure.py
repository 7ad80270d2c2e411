"""Subject access, the groups app's part (see privacy/subject_access.py): the person's place
on the name list, plus/min/mee, referrals and family links (the relation only)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.subject_access import Part
from privacy import subject_access
from privacy.categories import Category

from .models import FamilyLink, Membership


def _date(d) -> str:
    return d.strftime("%d-%m-%Y") if d else "—"


def collect(user, person, case) -> list[Part]:
    parts = []
    for m in Membership.objects.filter(case=case, person=person).select_related(
        "group", "added_by_organisation"
    ):
        parts.append(
            Part(
                _("Op de namenlijst"),
                str(Category.PERSONAL),
                (
                    (_("Groep"), m.group.name),
                    (_("Rol in de groep"), m.get_role_in_group_display() or "—"),
                    (_("Status"), m.get_status_display()),
                    (_("Toelichting"), m.status_note or "—"),
                    (_("Op de lijst gezet door"), m.added_by_organisation.name),
                    (_("Datum"), _date(m.added_at)),
                ),
            )
        )
        for a in m.assessments.order_by("assessed_on", "pk"):
            parts.append(
                Part(
                    _("Plus/min/mee"),
                    str(Category.PERSONAL),
                    (
                        (_("Datum"), _date(a.assessed_on)),
                        (_("Beoordeling"), a.get_dynamic_display()),
                        (_("Toelichting"), a.note or "—"),
                    ),
                )
            )
        for r in m.referrals.select_related("supplied_by").order_by("referred_on", "pk"):
            parts.append(
                Part(
                    _("Verwijzing"),
                    r.category,
                    (
                        (_("Naar"), r.get_kind_display()),
                        (_("Datum"), _date(r.referred_on)),
                        (_("Toelichting"), r.note or "—"),
                        (_("Geleverd door"), r.supplied_by.name),
                    ),
                )
            )
    # Family links: the relation only, never who the other person is.
    for link in FamilyLink.objects.filter(person=person).order_by("pk"):
        parts.append(
            Part(
                _("Familieband"),
                str(Category.PERSONAL),
                (
                    (
                        _("Relatie"),
                        _("%(relation)s van een andere jongere") % {"relation": link.get_relation_display()},
                    ),
                ),
            )
        )
    return parts


def register():
    subject_access.register_section(
        "groups", gettext_lazy("Namenlijst, plus/min/mee, verwijzingen, familie"), collect, order=10
    )
