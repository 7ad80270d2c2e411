"""Reads of personal data exactly as the pages do them: the same access decisions, the
same withheld reasons, the same processing-log operations (once per subject per request).

The person read is shared with the page (groups.reads.read_person); the matrix read still
repeats cases.views.matrix, and api/tests/test_parity.py compares pages and API."""

from __future__ import annotations

from groups.models import MembershipStatus, Person
from groups.reads import read_person, visible_members
from privacy import access, log
from privacy.categories import Category


def person_view(user, person: Person) -> dict | None:
    """groups.views.person_detail as data (both use groups.reads.read_person)."""
    read = read_person(user, person)
    if read is None:
        return None
    sections = [
        {
            "case": sec["case"].pk,
            "group": sec["case"].group,
            "membership": sec["membership"].pk,
            "role_in_group": sec["membership"].role_in_group,
            "status": sec["membership"].status,
            "information": sec["items"],
            "withheld": sec["withheld"],
        }
        for sec in read.sections
    ]
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
    if read.bsn_visible:
        if person.bsn:
            data["bsn"] = person.bsn
    else:  # named whether or not a BSN exists, so its existence is not revealed
        data["withheld"]["bsn"] = str(access.can_receive(user, read.memberships[0].case, Category.BSN).reason)
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
    log.read(
        user,
        "matrix.read",
        [e.person.pseudonym for e in entries if e.person_id],
        case=case,
        categories=sorted({e.category for e in entries if e.person_id}),
    )
    withheld = {
        str(c): str(access.can_receive(user, case, c).reason)
        for c in (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL)
        if c not in allowed
    }
    return {"case": case.pk, "entries": entries, "filled": len(entries), "withheld": withheld}
