"""Retention, the groups app's part (see privacy/retention.py): plus/min/mee assessments,
referrals, the name list's personal fields, and the persons themselves, anonymised unless
still on another live case (then kept), with the family links of those anonymised."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy import retention
from privacy.categories import Category

from .models import Assessment, FamilyLink, Membership, Person, Referral

ANONYMISED_PREFIX = "Verwijderd (pseudoniem "


def is_anonymised(person: Person) -> bool:
    return person.full_name.startswith(ANONYMISED_PREFIX)


def anonymise_person(person: Person) -> bool:
    """Replace the name by "Verwijderd (pseudoniem …)" and clear nickname, address, BSN and
    date of birth; False if there was nothing left to clear."""
    if is_anonymised(person) and not (
        person.nickname or person.address or person.bsn or person.date_of_birth
    ):
        return False
    Person.objects.filter(pk=person.pk).update(
        full_name=f"{ANONYMISED_PREFIX}{str(person.pseudonym)[:8]})",
        nickname="",
        address="",
        bsn="",
        date_of_birth=None,
    )
    return True


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    memberships = list(case.memberships.select_related("person"))
    done.subjects = [str(m.person.pseudonym) for m in memberships]

    assessments = Assessment.objects.filter(membership__case=case)
    done.count("plus/min/mee", assessments.count())
    assessments.delete()
    referrals = Referral.objects.filter(membership__case=case)
    done.count("verwijzingen", referrals.count(), set(referrals.values_list("category", flat=True)))
    referrals.delete()
    done.count(
        "namenlijst",
        Membership.objects.filter(case=case)
        .filter(~Q(role_in_group="") | Q(known_to_police__isnull=False) | ~Q(status_note=""))
        .update(role_in_group="", known_to_police=None, status_note=""),
    )

    kept = set(
        Membership.objects.filter(
            person__in=[m.person_id for m in memberships], case__in=ctx.live_case_ids
        ).values_list("person_id", flat=True)
    )
    for membership in memberships:
        person = membership.person
        if person.pk in kept:
            done.persons_kept += 1
            continue
        if person.bsn:
            done.categories.add(str(Category.BSN))
        if anonymise_person(person):
            done.persons_anonymised += 1
            done.categories.add(str(Category.PERSONAL))
            done.count(
                "familiebanden", FamilyLink.objects.filter(Q(person=person) | Q(relative=person)).delete()[0]
            )
    return done


def register():
    retention.register_shredder(
        "groups",
        _("Namenlijst en personen: plus/min/mee, verwijzingen, rol en toelichting, familiebanden"),
        shred,
        order=90,  # last: the persons go after every row about them
        covers=(
            "groups.Person",
            "groups.Membership",
            "groups.Assessment",
            "groups.Referral",
            "groups.FamilyLink",
        ),
    )
