"""Retention of merges (privacy.retention): when the kept person's last live case goes, the
records merged into them go too — the absorbed record is anonymised like every person
(groups.shredders.anonymise) and the merge, with its reason, is deleted. Runs before groups,
which anonymises the kept person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from groups.shredders import anonymise
from privacy import retention
from privacy.categories import Category

from .models import PersonMerge


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    if not ctx.personal_expired:
        return done
    persons = set(case.memberships.values_list("person_id", flat=True))
    live = set(
        Membership.objects.filter(person_id__in=persons, case__in=ctx.live_case_ids).values_list(
            "person_id", flat=True
        )
    )
    merges = list(PersonMerge.objects.filter(kept_id__in=persons - live).select_related("absorbed"))
    if not merges:
        return done
    absorbed = [m.absorbed for m in merges if m.undone_at is None]
    done.subjects += [str(p.pseudonym) for p in absorbed]
    changed = anonymise(absorbed)
    done.purged += [("groups.Person", p.pk, str(Category.PERSONAL), "anonymised") for p in changed]
    done.count("samengevoegde personen", len(changed))
    pks = done.purge("samenvoegingen", "persons.PersonMerge", [(m.pk, Category.PERSONAL) for m in merges])
    PersonMerge.objects.filter(pk__in=pks).delete()
    return done


def register():
    retention.register_shredder(
        "persons",
        _("Samenvoegingen van personen en de records die erin opgingen"),
        shred,
        order=80,  # before groups, which anonymises the kept person
        covers=("persons.PersonMerge",),
    )
