"""Reads of step 7: the hand-overs of a case and those offered to the user's organisation,
as the user may see them. A youth's name only for who may receive personal data (the read
logged per youth), else the reason it is withheld."""

from __future__ import annotations

from cases.models import Case
from closing.models import Handover, HandoverStatus
from plans.common import pseudonyms
from privacy import access, log, policies
from privacy.categories import Category


def handovers_for(user, case) -> tuple[list[Handover], str]:
    """The case's hand-overs as this user may see them; a youth's name only for who may
    receive personal data (read logged per youth), else the withheld reason."""
    handovers = list(
        case.handovers.select_related(
            "to_organisation", "action", "membership__person", "answered_by", "offered_by"
        )
    )
    decision = access.can_receive(user, case, Category.PERSONAL)
    personal = [h for h in handovers if h.membership_id]
    for h in handovers:
        h.member_name = h.membership.person.full_name if h.membership_id and decision else ""
        h.may_answer = (
            h.status == HandoverStatus.OFFERED
            and case.is_open
            and policies.allowed(user, "handover.answer", obj=h)
        )
    if personal and decision:
        log.read(user, "handover.read", pseudonyms(h.membership for h in personal), case=case)
    return handovers, "" if decision else str(decision.reason)


def offered_to(user) -> list[Handover]:
    """Hand-overs to the user's organisation, in cases the user may see (newest first);
    names of youths as handovers_for decides."""
    if not user.is_authenticated or not user.organisation_id:
        return []
    rows = list(
        Handover.objects.filter(
            to_organisation_id=user.organisation_id, case__in=Case.objects.visible_to(user)
        )
        .select_related(
            "case__group", "case__municipality", "action", "membership__person", "to_organisation"
        )
        .order_by("-offered_at", "-pk")
    )
    by_case: dict[int, list] = {}
    for h in rows:
        by_case.setdefault(h.case_id, []).append(h)
    for items in by_case.values():
        case = items[0].case
        decision = access.can_receive(user, case, Category.PERSONAL)
        for h in items:
            h.case = case
            h.member_name = h.membership.person.full_name if h.membership_id and decision else ""
            h.withheld = "" if decision or not h.membership_id else str(decision.reason)
            h.may_answer = (
                h.status == HandoverStatus.OFFERED
                and case.is_open
                and policies.allowed(user, "handover.answer", obj=h)
            )
        named = [h.membership for h in items if h.membership_id]
        if named and decision:
            log.read(user, "handover.read", pseudonyms(named), case=case)
    return rows
