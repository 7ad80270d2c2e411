"""Reads of a person's data, shared by the person page and the API: the same access
decisions, the same withheld reasons, one processing-log entry per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from privacy import access, log
from privacy.categories import Category

from .models import Person

INFO_CATEGORIES = (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL)


@dataclass
class PersonRead:
    person: Person
    memberships: list
    sections: list = field(
        default_factory=list
    )  # dicts: membership, case, items, withheld {category: reason}
    bsn_visible: bool = False


def read_person(user, person: Person) -> PersonRead | None:
    """None when the user may not see this person in any case (the caller answers 404)."""
    memberships = [
        m
        for m in person.memberships.select_related("case", "group", "case__group")
        if access.can_receive(user, m.case, Category.PERSONAL)
    ]
    if not memberships:
        return None
    result = PersonRead(person=person, memberships=memberships)
    seen_categories = {Category.PERSONAL}
    for m in memberships:
        case = m.case
        allowed = {c for c in INFO_CATEGORIES if access.can_receive(user, case, c)}
        # Withheld categories are named whether or not data exists, so neither content
        # nor existence is revealed (not shown, not counted).
        withheld = {
            str(c): str(access.can_receive(user, case, c).reason) for c in INFO_CATEGORIES if c not in allowed
        }
        items = list(
            case.information.filter(person=person, category__in=allowed).select_related(
                "matrix_item", "supplied_by", "person"
            )
        )
        seen_categories.update(i.category for i in items)
        result.sections.append({"membership": m, "case": case, "items": items, "withheld": withheld})
    result.bsn_visible = any(access.can_receive(user, m.case, Category.BSN) for m in memberships)
    log.read(
        user,
        "person.read",
        [person.pseudonym],
        case=memberships[0].case,
        categories=sorted(seen_categories | ({Category.BSN} if result.bsn_visible and person.bsn else set())),
    )
    return result


REFERRAL_SCOPE = (Category.REFERRAL,)  # referrals carry their own category in the covenant


@dataclass
class MemberRead:
    membership: object
    candidates: list  # members whose person may be linked as family (relatives_for)
    referrals: list
    withheld: dict  # {category: reason} for referral categories the user may not receive
    family: list


def read_member(user, membership) -> MemberRead:
    """One member as the member page and the API show it: referrals only in the categories
    the user may receive (the others named with the reason), family links only to people
    the user may see; logged once as member.read. The caller has checked that the user may
    receive personal data in the membership's case (else 404)."""
    from . import services

    case = membership.case
    candidates = services.relatives_for(user, membership)
    allowed = {c for c in REFERRAL_SCOPE if access.can_receive(user, case, c)}
    referrals = list(membership.referrals.filter(category__in=allowed).select_related("supplied_by"))
    withheld = {
        str(c): str(access.can_receive(user, case, c).reason) for c in REFERRAL_SCOPE if c not in allowed
    }
    visible_people = {m.person_id for m in candidates}
    family = [
        link
        for link in membership.person.family_links.select_related("relative")
        if link.relative_id in visible_people
    ]
    log.read(
        user,
        "member.read",
        [membership.person.pseudonym],
        case=case,
        categories=sorted({Category.PERSONAL} | {r.category for r in referrals}),
    )
    return MemberRead(membership, candidates, referrals, withheld, family)


def visible_members(user, case):
    """The case's name list as this user may see it: (memberships, withheld reason)."""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return [], decision.reason
    members = list(
        case.memberships.select_related("person", "added_by_organisation")
        .prefetch_related("assessments")
        .order_by("person__full_name")
    )
    log.read(user, "name_list.read", [m.person.pseudonym for m in members], case=case)
    return members, ""


def shared_from_elsewhere(user, group, case) -> dict | None:
    """A group of another municipality that is shared with the user's (`other_municipalities`):
    whose it is and whom to contact there. The neighbour sees the group level; the name list
    and everything in the case stay with the group's own municipality (municipalities stay
    apart), and are named as withheld rather than shown as empty."""
    municipality_id = user.organisation.municipality_id if user.organisation_id else None
    if municipality_id is None or group.municipality_id == municipality_id:
        return None
    if case is not None and access.participates(user, case):
        return None  # a regional partner taking part in this municipality's case is not elsewhere
    contact = (case.coordinator or case.opened_by) if case is not None else group.created_by
    who = contact.display_name() if contact is not None else ""
    withheld = _(
        "afgeschermd: deze groep is van gemeente %(municipality)s; de namenlijst en de casus "
        "blijven bij die gemeente."
    ) % {"municipality": group.municipality.name}
    if who:
        withheld += " " + _("Contact: %(who)s.") % {"who": who}
    return {"municipality": group.municipality.name, "contact": who, "withheld": withheld}
