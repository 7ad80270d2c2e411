"""Reads of the plan of approach, composed from the one access decision (privacy.access):
what a user may see of a plan version, what is withheld and why, and the processing log
of every member named. Shared by the pages and the API."""

from __future__ import annotations

import copy

from groups.models import Membership
from privacy import access
from privacy.categories import Category

from . import content as c
from .common import log_personal
from .models import TargetKind


def member_names(user, case, pks, operation: str) -> tuple[dict[int, str], str]:
    """({membership pk: full name}, "") for who may receive personal data — the read logged
    per member — else ({}, the reason they are withheld)."""
    if not pks:
        return {}, ""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return {}, str(decision.reason)
    memberships = list(Membership.objects.filter(case=case, pk__in=pks).select_related("person"))
    log_personal(user, case, memberships, action="read", operation=operation)
    return {m.pk: m.person.full_name for m in memberships}, ""


def plan_for(user, case, version, *, operation: str = "approach_plan.read") -> tuple[dict, str]:
    """(content as this user may see it, withheld reason or ""). Member-aimed measures name
    the member (`member_name`) only for who may receive personal data — that read is logged
    per member; for the others `membership` is removed and the reason returned."""
    data = copy.deepcopy(version.content) if version is not None else c.empty()
    names, withheld = member_names(user, case, c.member_keys(data), operation)
    for m in data.get("measures", []):
        if m.get("target_kind") == TargetKind.MEMBER:
            if withheld:
                m["membership"] = None
            m["member_name"] = names.get(m.get("membership"), "")
    return data, withheld
