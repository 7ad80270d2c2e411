"""Reads of personal data exactly as the pages do them: the same access decisions, the
same withheld reasons, the same processing-log operations (once per subject per request).

The page views keep this logic inline (groups.views.person_detail, cases.views.matrix);
these helpers repeat it for the API, and api/tests/test_parity.py compares the two."""

from __future__ import annotations

from groups.models import MembershipStatus, Person
from groups.views import INFO_CATEGORIES, visible_members
from privacy import access, log
from privacy.categories import Category


def person_view(user, person: Person) -> dict | None:
    """groups.views.person_detail as data; None when the person is outside the user's view."""
    memberships = [
        m
        for m in person.memberships.select_related("case", "group", "case__group")
        if access.can_receive(user, m.case, Category.PERSONAL)
    ]
    if not memberships:
        return None
    sections, seen_categories = [], {Category.PERSONAL}
    for m in memberships:
        case = m.case
        allowed = {c for c in INFO_CATEGORIES if access.can_receive(user, case, c)}
        withheld = {
            str(c): str(access.can_receive(user, case, c).reason) for c in INFO_CATEGORIES if c not in allowed
        }
        items = list(
            case.information.filter(person=person, category__in=allowed).select_related(
                "matrix_item", "supplied_by", "person"
            )
        )
        seen_categories.update(i.category for i in items)
        sections.append(
            {
                "case": case.pk,
                "group": case.group,
                "membership": m.pk,
                "role_in_group": m.role_in_group,
                "status": m.status,
                "information": items,
                "withheld": withheld,
            }
        )
    bsn_visible = any(access.can_receive(user, m.case, Category.BSN) for m in memberships)
    log.record(
        actor=user,
        action="read",
        operation="person.read",
        activity="groepsaanpak",
        subjects=[person.pseudonym],
        case=memberships[0].case,
        categories=sorted(seen_categories | ({Category.BSN} if bsn_visible and person.bsn else set())),
    )
    data = {
        "id": person.pk,
        "pseudonym": person.pseudonym,
        "full_name": person.full_name,
        "nickname": person.nickname,
        "date_of_birth": person.date_of_birth,
        "address": person.address,
        "cases": sections,
        "withheld": {},
    }
    if bsn_visible:
        if person.bsn:
            data["bsn"] = person.bsn
    else:  # named whether or not a BSN exists, so its existence is not revealed
        data["withheld"]["bsn"] = str(access.can_receive(user, memberships[0].case, Category.BSN).reason)
    return data


def name_list_view(user, case) -> dict:
    """cases.views.name_list (and the group page's member list) as data."""
    if case is None:
        return {
            "case": None,
            "members": [],
            "count": 0,
            "agreed": 0,
            "unknown_to_police": None,
            "withheld": {},
        }
    members, withheld = visible_members(user, case)
    if withheld:
        return {"case": case.pk, "withheld": {"members": str(withheld)}}
    groepsscan = (
        case.requests.filter(kind="groepsscan", status="answered").exclude(unknown_to_police=None).first()
    )
    return {
        "case": case.pk,
        "members": members,
        "count": len(members),
        "agreed": sum(1 for m in members if m.status == MembershipStatus.AGREED),
        "unknown_to_police": groepsscan.unknown_to_police if groepsscan else None,
        "withheld": {},
    }


def matrix_view(user, case) -> dict:
    """cases.views.matrix as data: the entries this user may see, the rest named as withheld.

    The page also lists the name list in its form (and logs name_list.read for it); the
    API response carries no name list, so only the entries shown are logged (matrix.read)."""
    allowed = {c for c in Category.values if access.can_receive(user, case, c)}
    entries = list(
        case.information.filter(category__in=allowed).select_related("matrix_item", "person", "supplied_by")
    )
    log.record(
        actor=user,
        action="read",
        operation="matrix.read",
        activity="informatie-uitwisseling",
        subjects=[e.person.pseudonym for e in entries if e.person_id],
        case=case,
        categories=sorted({e.category for e in entries if e.person_id}),
    )
    withheld = {
        str(c): str(access.can_receive(user, case, c).reason)
        for c in (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL)
        if c not in allowed
    }
    return {"case": case.pk, "entries": entries, "filled": len(entries), "withheld": withheld}
