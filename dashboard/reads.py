"""Reads behind the search box and the regie overview, shared by the pages and the API:
every result through the access decision; a person hit is a read of personal data and is
logged (once per subject per request)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from analysis.models import Advice
from cases.models import Case, CaseStatus, InformationRequest, Participant, Transition
from cases.reads import prime_participation
from groups.models import Membership, YouthGroup
from intake.models import Signal
from intake.search import text_matches
from monitoring.models import OPEN_ACTION_STATUSES, Action
from privacy import access, log, policies
from privacy.categories import Category

MIN_QUERY = 2
MAX_HITS = 20


def search(user, query: str) -> dict:
    """{"groups", "persons" (memberships), "signals"} for a query of at least two characters."""
    query = (query or "").strip()[:100]
    results = {"groups": [], "persons": [], "signals": []}
    if len(query) < MIN_QUERY or not policies.allowed(user, "search"):
        return results
    results["groups"] = list(
        YouthGroup.objects.visible_to(user).filter(Q(name__icontains=query) | Q(aliases__icontains=query))[
            :MAX_HITS
        ]
    )
    memberships = list(
        # Only the cases the searcher is named for: the rest is not searched at all, so the
        # answer says nothing about them (no count, no hint); can_receive still decides.
        Membership.objects.filter(case__in=Case.objects.visible_to(user).named_for(user))
        .filter(Q(person__full_name__icontains=query) | Q(person__nickname__icontains=query))
        .select_related("person", "group", "case")[:50]
    )
    prime_participation(user, [m.case for m in memberships])
    hits = [m for m in memberships if access.can_receive(user, m.case, Category.PERSONAL)][:MAX_HITS]
    for m in hits:
        log.read(user, "search.hit", [m.person.pseudonym], case=m.case)
    results["persons"] = hits
    # icontains on location, description and area; on SQLite narrowed by the FTS5 trigram
    # index first (intake/search.py), on PostgreSQL served by its trigram index.
    results["signals"] = list(
        text_matches(Signal.objects.visible_to(user), query).select_related("organisation")[:MAX_HITS]
    )
    return results


def _count_per_case(model, **filters):
    rows = model.objects.filter(case=OuterRef("pk"), **filters).order_by().values("case")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


TREND_WEEKS = 4

# The columns the regie overview sorts on (?sorteer=<key>, "-<key>" for descending).
SORTS = {
    "groep": "group__name",
    "stap": "step",
    "dagen": "step_since",  # longest in the step first = oldest date first
    "trend": "trend",
    "signaal": "last_signal",
    "acties": "open_actions",
    "overleg": "next_meeting",
}


def regie_cases(user, *, step=None, query="", sort=""):
    """The open cases the user may see, with the columns of the regie overview. One
    correlated subquery per column: joining signals, requests and participants at once
    multiplied the rows (seconds at city scale; bench/RESULTS.md, issue 8).

    Also: since when the case is in its step (its last transition into it), the signals of
    the group in the last TREND_WEEKS weeks against the TREND_WEEKS before (`trend`, the
    difference), and the next meeting the advice was sent to. `step`, `query` (the group's
    name) and `sort` (a key of SORTS) filter and order."""
    today = timezone.localdate()
    now = timezone.now()
    recent_from, before_from = now - timedelta(weeks=TREND_WEEKS), now - timedelta(weeks=2 * TREND_WEEKS)

    def signals(**filters):
        rows = Signal.objects.filter(group=OuterRef("group"), **filters).order_by().values("group")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    cases = (
        Case.objects.visible_to(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("group", "coordinator")
        .annotate(
            last_signal=Subquery(
                Signal.objects.filter(group=OuterRef("group"))
                .order_by("-observed_at")
                .values("observed_at")[:1]
            ),
            open_requests=_count_per_case(InformationRequest, status="open"),
            overdue_requests=_count_per_case(InformationRequest, status="open", due_date__lt=today),
            partners=_count_per_case(Participant),
            open_actions=_count_per_case(Action, status__in=OPEN_ACTION_STATUSES),
            overdue_actions=_count_per_case(Action, status__in=OPEN_ACTION_STATUSES, due_date__lt=today),
            step_since=Coalesce(
                Subquery(
                    Transition.objects.filter(case=OuterRef("pk"), to_step=OuterRef("step"))
                    .order_by("-at")
                    .values("at")[:1]
                ),
                F("opened_at"),
            ),
            signals_recent=signals(observed_at__gte=recent_from),
            signals_before=signals(observed_at__gte=before_from, observed_at__lt=recent_from),
            next_meeting=Subquery(
                Advice.objects.filter(case=OuterRef("pk"), meeting_on__gte=today)
                .order_by("meeting_on")
                .values("meeting_on")[:1]
            ),
        )
        .annotate(trend=F("signals_recent") - F("signals_before"))
    )
    if step:
        cases = cases.filter(step=step)
    if query:
        cases = cases.filter(Q(group__name__icontains=query) | Q(group__aliases__icontains=query))
    key = sort.lstrip("-")
    if key in SORTS:
        field = F(SORTS[key])
        order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
        return cases.order_by(order, "group__name", "pk")
    return cases.order_by("priority", "-step", "group__name")


def days_in_step(case) -> int:
    return (timezone.localdate() - timezone.localtime(case.step_since).date()).days
