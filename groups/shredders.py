"""Retention, the groups app's part (see privacy/retention.py): plus/min/mee assessments,
referrals, the name list's personal fields, and the persons themselves, anonymised unless
still on another live case (then kept), with the family links of those anonymised."""

import uuid

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy import retention
from privacy.categories import Category

from .models import Assessment, FamilyLink, Membership, Person, Referral, YouthGroup

ANONYMISED_PREFIX = "Verwijderd (pseudoniem "


def is_anonymised(person: Person) -> bool:
    return person.full_name.startswith(ANONYMISED_PREFIX)


def _needs_anonymising(person: Person) -> bool:
    return not is_anonymised(person) or bool(
        person.nickname or person.address or person.bsn or person.date_of_birth
    )


def anonymise(persons: list[Person]) -> list[Person]:
    """Replace each name by "Verwijderd (pseudoniem …)" and clear nickname, address, BSN and
    date of birth, irreversibly: the person also gets a new pseudonym, so the processing
    log's entries about them keep the old one, which no longer resolves to anyone. Returns
    the persons changed (those already anonymised and empty are left alone)."""
    changed = [p for p in persons if _needs_anonymising(p)]
    if not changed:
        return []
    for person in changed:
        if not is_anonymised(person):
            person.pseudonym = uuid.uuid4()
            person.full_name = f"{ANONYMISED_PREFIX}{str(person.pseudonym)[:8]})"
    # Everything but the name and pseudonym is cleared alike: one UPDATE. The new
    # pseudonyms differ per person: one executemany (bulk_update's CASE took seconds).
    Person.objects.filter(pk__in=[p.pk for p in changed]).update(
        nickname="", address="", bsn="", date_of_birth=None
    )
    field = Person._meta.get_field("pseudonym")
    sql = (
        f"UPDATE {connection.ops.quote_name(Person._meta.db_table)} SET "  # noqa: S608 - names from the model
        f"{connection.ops.quote_name(field.column)} = %s, "
        f"{connection.ops.quote_name(Person._meta.get_field('full_name').column)} = %s WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(field.get_db_prep_value(p.pseudonym, connection), p.full_name, p.pk) for p in changed]
        )
    for person in changed:
        person.nickname = person.address = person.bsn = ""
        person.date_of_birth = None
    return changed


def anonymise_person(person: Person) -> bool:
    """One person (see `anonymise`); False if there was nothing left to clear."""
    return bool(anonymise([person]))


def shred(case, ctx) -> retention.Shredded:
    """Referrals whose category's term has passed (a Halt referral is criminal data, a
    care referral care data); once the ordinary personal data's term has passed too (the
    last one), everything about the persons: plus/min/mee, the name list's role and notes,
    family links, and the persons themselves, anonymised unless still on another live case."""
    done = retention.Shredded()
    referrals = Referral.objects.filter(membership__case=case, category__in=ctx.expired)
    rows = list(referrals.values_list("pk", "category", "membership__person__pseudonym"))
    done.subjects += [str(p) for _pk, _cat, p in rows]
    done.purge("verwijzingen", "groups.Referral", [(pk, cat) for pk, cat, _p in rows])
    referrals.delete()

    memberships = list(case.memberships.select_related("person"))
    kept = set(
        Membership.objects.filter(
            person__in=[m.person_id for m in memberships], case__in=ctx.live_case_ids
        ).values_list("person_id", flat=True)
    )
    persons = {m.person_id: m.person for m in memberships if m.person_id not in kept}

    if not ctx.personal_expired:
        if str(Category.BSN) in ctx.expired:  # the BSN may go before the name
            with_bsn = [p for p in persons.values() if p.bsn]
            Person.objects.filter(pk__in=[p.pk for p in with_bsn]).update(bsn="")
            done.subjects += [str(p.pseudonym) for p in with_bsn]
            done.purge("BSN", "groups.Person", [(p.pk, Category.BSN) for p in with_bsn], action="blanked")
        return done

    done.subjects += [str(m.person.pseudonym) for m in memberships]
    assessments = Assessment.objects.filter(membership__case=case)
    done.purge(
        "plus/min/mee",
        "groups.Assessment",
        ((pk, Category.PERSONAL) for pk in assessments.values_list("pk", flat=True)),
    )
    assessments.delete()
    filled = Membership.objects.filter(case=case).filter(
        ~Q(role_in_group="") | Q(known_to_police__isnull=False) | ~Q(status_note="")
    )
    done.purge(
        "namenlijst",
        "groups.Membership",
        ((pk, Category.PERSONAL) for pk in filled.values_list("pk", flat=True)),
        action="blanked",
    )
    filled.update(role_in_group="", known_to_police=None, status_note="")

    done.persons_kept = len({m.person_id for m in memberships} & kept)
    if any(p.bsn for p in persons.values()):
        done.categories.add(str(Category.BSN))
    changed = anonymise(list(persons.values()))
    if changed:
        done.persons_anonymised = len(changed)
        done.categories.add(str(Category.PERSONAL))
        done.purged += [("groups.Person", p.pk, str(Category.PERSONAL), "anonymised") for p in changed]
        ids = [p.pk for p in changed]
        links = FamilyLink.objects.filter(Q(person__in=ids) | Q(relative__in=ids))
        done.purge(
            "familiebanden",
            "groups.FamilyLink",
            ((pk, Category.PERSONAL) for pk in links.values_list("pk", flat=True)),
        )
        links.delete()
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
    retention.register_expiry(
        "groups.youthgroup",
        _("Groepen die nooit een casus werden: beschrijving, andere namen en locaties"),
        expire_groups_without_case,
        rule="groepsniveau zonder casus (convenant)",
    )


def expire_groups_without_case(moment) -> retention.Shredded:
    """A group that never became a case (issue 17): once the covenant's group-level term has
    passed since it was made and since its last signal, its free text (description, other
    names, locations) is wiped; the name and the counts stay for the statistics."""
    from privacy.retention import add_months, group_level_months

    done = retention.Shredded()
    today = timezone.localdate(moment)  # the local day (moment is in UTC)
    for municipality_id in YouthGroup.objects.values_list("municipality_id", flat=True).distinct():
        months = group_level_months(municipality_id, today)
        cutoff = add_months(today, -months)
        stale = (
            YouthGroup.objects.filter(
                municipality_id=municipality_id, cases__isnull=True, created_at__date__lt=cutoff
            )
            .exclude(signals__observed_at__date__gte=cutoff)
            .filter(~Q(description="") | ~Q(aliases="") | ~Q(locations=""))
        )
        pks = done.purge(
            "groepen zonder casus",
            "groups.YouthGroup",
            ((pk, Category.GROUP) for pk in stale.values_list("pk", flat=True).distinct()),
            action="blanked",
        )
        YouthGroup.objects.filter(pk__in=pks).update(description="", aliases="", locations="")
    return done
