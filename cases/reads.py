"""Reads of cases: a single case only for those who may see it, and the participation of
many cases in one query. Lists use Case.objects.visible_to(user)."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404

from privacy import access

from .models import Case, Participant


def case_or_404(user, pk) -> Case:
    """The case, if this user may see it; otherwise 404 (never 403: its existence is
    not disclosed)."""
    case = Case.objects.select_related("group", "municipality", "coordinator").filter(pk=pk).first()
    if case is None or not access.can_view_case(user, case):
        raise Http404
    return case


def prime_participation(user, cases) -> None:
    """Load the participants of many cases in one query (lists and search), so the
    per-case access decisions that follow do not query again."""
    missing = {c.pk for c in cases if not access.participation_known(user, c.pk)}
    if not missing:
        return
    participants: dict[int, set[int]] = defaultdict(set)
    for case_id in missing:
        participants[case_id] = set()
    for case_id, org_id in Participant.objects.filter(case_id__in=missing).values_list(
        "case_id", "organisation_id"
    ):
        participants[case_id].add(org_id)
    access.remember_participation(user, participants)
