"""Reads about one youth across name lists (issue 18, §4.1.5), through the access decision:
a person is found, shown as "ook op de lijst van groep X" or as known by a partner only
through a case in which the reader may receive personal data. A case the reader may not
see is never mentioned, not even counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from groups.models import REFERRAL_CATEGORIES, Membership, Person
from privacy import access, log
from privacy.categories import SHORT_LABELS, Category

from . import matching

P = Category.PERSONAL


def _case_model():
    # Cases sit above persons in the layer map: reach the model through the relation.
    return Membership._meta.get_field("case").related_model


def readable_case_ids(user) -> list[int]:
    """The cases in which the user may receive personal data (the name list)."""
    return [
        c.pk
        for c in _case_model().objects.visible_to(user).select_related("municipality")
        if access.can_receive(user, c, P)
    ]


def visible_memberships(user, *, municipality_id=None):
    qs = Membership.objects.filter(case_id__in=readable_case_ids(user)).select_related(
        "person", "group", "case"
    )
    if municipality_id is not None:
        qs = qs.filter(person__municipality_id=municipality_id)
    return qs.order_by("person__full_name", "pk")


@dataclass
class Found:
    person: Person
    groups: list = field(default_factory=list)  # the groups of the lists the user may see
    age_flag: str = ""


def _group_found(memberships) -> list[Found]:
    found: dict[int, Found] = {}
    for m in memberships:
        entry = found.setdefault(
            m.person_id, Found(m.person, age_flag=matching.outside_age(m.person.date_of_birth))
        )
        if m.group not in entry.groups:
            entry.groups.append(m.group)
    return list(found.values())


def _log_found(user, memberships, operation: str) -> None:
    per_case: dict = {}
    for m in memberships:
        per_case.setdefault(m.case, set()).add(m.person.pseudonym)
    for case, pseudonyms in per_case.items():
        log.read(user, operation, sorted(pseudonyms, key=str), case=case)


def find(user, case, query: str) -> list[Found]:
    """Persons of the case's municipality on a name list the user may see, matching the
    query, who are not yet on this case's list: to link instead of typing the name again.
    Logged per case the names come from (person.search)."""
    if len(matching.normalise(query)) < 2:
        return []
    on_list = set(case.memberships.values_list("person_id", flat=True))
    memberships = [
        m
        for m in visible_memberships(user, municipality_id=case.municipality_id).exclude(
            person_id__in=on_list
        )
        if matching.matches_query(query, m.person.full_name, m.person.nickname)
    ]
    _log_found(user, memberships, "person.search")
    return _group_found(memberships)


def merge_candidates(user, person) -> list[Person]:
    """The records the user may see that could be the same youth: the same date of birth, a
    similar name, or the same last name part — not every name of the municipality. Logged as
    person.search (the form shows their names)."""
    last = matching.normalise(person.full_name).split()[-1:] or [""]
    memberships = [
        m
        for m in visible_memberships(user, municipality_id=person.municipality_id).exclude(person=person)
        if (person.date_of_birth is not None and m.person.date_of_birth == person.date_of_birth)
        or matching.similar(person.full_name, m.person.full_name)
        or matching.normalise(m.person.full_name).split()[-1:] == last
    ]
    _log_found(user, memberships, "person.search")
    return [f.person for f in _group_found(memberships)]


def visible_person(user, person) -> bool:
    """Is the person on a name list the user may read (not logged: no data shown)."""
    return Membership.objects.filter(person=person, case_id__in=readable_case_ids(user)).exists()


def linkable(user, case, person) -> bool:
    """May the user link this person to the case's list: seen on a list the user may read,
    of the same municipality, and not on this list yet."""
    return (
        person.municipality_id == case.municipality_id
        and not case.memberships.filter(person=person).exists()
        and Membership.objects.filter(person=person, case_id__in=readable_case_ids(user)).exists()
    )


def likely_duplicates(user, case, full_name: str, date_of_birth) -> list[Found]:
    """Persons the user may see elsewhere with the same date of birth and a similar name."""
    if date_of_birth is None:
        return []
    memberships = [
        m
        for m in visible_memberships(user, municipality_id=case.municipality_id)
        .filter(person__date_of_birth=date_of_birth)
        .exclude(case=case)
        if matching.likely_same(full_name, date_of_birth, m.person.full_name, m.person.date_of_birth)
    ]
    _log_found(user, memberships, "person.search")
    return _group_found(memberships)


def other_lists(user, case, memberships) -> dict[int, list]:
    """Overlap: per membership of `case` (which the user sees), the groups of the other name
    lists holding the same person — only those whose case the user may also receive personal
    data of. Nothing for the rest: "ook op de lijst van" never leaks another case."""
    readable = set(readable_case_ids(user))
    others: dict[int, list] = {}
    for o in (
        Membership.objects.filter(person_id__in=[m.person_id for m in memberships], case_id__in=readable)
        .exclude(case=case)
        .select_related("group")
        .order_by("group__name", "pk")
    ):
        others.setdefault(o.person_id, []).append(o.group)
    return {m.pk: others[m.person_id] for m in memberships if m.person_id in others}


@dataclass
class KnownBy:
    organisation: str
    how: list = field(default_factory=list)  # what, in words
    groups: list = field(default_factory=list)


@dataclass
class KnownRead:
    person: Person
    partners: list  # KnownBy, by organisation name
    withheld: list  # {"group", "reason"}: categories the reader may not see, per case
    memberships: list


def known_by(user, person) -> KnownRead | None:
    """ "Bekend bij" (sociale kaart): which partners and professionals are involved with this
    youth, as each reader may see it under the covenant — through the lists, the fixed
    professional, the information supplied and the referrals, each only in a category the
    reader may receive in that case. None when the reader sees the person in no case."""
    readable = readable_case_ids(user)
    memberships = list(
        person.memberships.filter(case_id__in=readable).select_related(
            "case", "group", "added_by_organisation", "assigned_worker__organisation"
        )
    )
    if not memberships:
        return None
    partners: dict[str, KnownBy] = {}
    withheld = []
    categories = {P}

    def note(org, how, group):
        entry = partners.setdefault(org.name, KnownBy(org.name))
        if how not in entry.how:
            entry.how.append(how)
        if group.name not in entry.groups:
            entry.groups.append(group.name)

    for m in memberships:
        case = m.case
        note(m.added_by_organisation, _("zette de naam op de namenlijst"), m.group)
        if m.assigned_worker_id and m.assigned_worker.organisation_id:
            note(
                m.assigned_worker.organisation,
                _("vaste professional: %(name)s") % {"name": m.assigned_worker.display_name()},
                m.group,
            )
        allowed = {
            c
            for c in (Category.CRIMINAL, Category.CARE, Category.SPECIAL)
            if access.can_receive(user, case, c)
        }
        for c in (Category.CRIMINAL, Category.CARE, Category.SPECIAL):
            if c not in allowed:
                withheld.append((m.group.name, str(access.can_receive(user, case, c).reason)))
        for item in case.information.filter(person=person, category__in=allowed | {P}).select_related(
            "supplied_by"
        ):
            categories.add(item.category)
            note(
                item.supplied_by,
                _("leverde informatie (%(what)s)") % {"what": SHORT_LABELS[item.category]},
                m.group,
            )
        referral_categories = {
            c for c in set(REFERRAL_CATEGORIES.values()) if access.can_receive(user, case, c)
        }
        for r in m.referrals.filter(category__in=referral_categories).select_related("supplied_by"):
            categories.add(r.category)
            note(r.supplied_by, _("verwees naar %(kind)s") % {"kind": r.get_kind_display()}, m.group)
    log.read(
        user, "person.known_by", [person.pseudonym], case=memberships[0].case, categories=sorted(categories)
    )
    return KnownRead(
        person=person,
        partners=sorted(partners.values(), key=lambda k: k.organisation),
        withheld=[{"group": g, "reason": r} for g, r in sorted(set(withheld))],
        memberships=memberships,
    )
