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


def plan_for(user, case, version, *, operation: str = "approach_plan.read") -> tuple[dict, str]:
    """(content as this user may see it, withheld reason or ""). Member-aimed measures name
    the member (`member_name`) only for who may receive personal data — that read is logged
    per member; for the others `membership` is removed and the reason returned."""
    data = copy.deepcopy(version.content) if version is not None else c.empty()
    keys = c.member_keys(data)
    if not keys:
        return data, ""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        for m in data.get("measures", []):
            if m.get("target_kind") == TargetKind.MEMBER:
                m["membership"] = None
                m["member_name"] = ""
        return data, str(decision.reason)
    members = {m.pk: m for m in Membership.objects.filter(pk__in=keys, case=case).select_related("person")}
    for m in data.get("measures", []):
        if m.get("target_kind") == TargetKind.MEMBER:
            member = members.get(m.get("membership"))
            m["member_name"] = member.person.full_name if member else ""
    log_personal(user, case, members.values(), action="read", operation=operation)
    return data, ""
