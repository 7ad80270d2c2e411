from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from approach.actions import my_actions
from cases.models import CaseStatus, InformationRequest, Participant
from groups.models import Membership
from intake.models import Signal
from privacy import access, log
from privacy.categories import Category


@login_required
def home(request):
    user = request.user
    cases = (
        access.visible_cases(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("group", "coordinator")
        .order_by("step", "group__name")
    )
    signals = access.visible_signals(user).select_related("organisation")
    open_actions = [a for a in my_actions(user) if a.is_open]
    context = {
        "my_actions": open_actions[:5],
        "my_actions_count": len(open_actions),
        "my_overdue_count": sum(1 for a in open_actions if a.is_overdue),
        "cases": cases[:20],
        "my_signals": signals.filter(reported_by=user)[:5],
        "new_signal_count": signals.filter(status="nieuw").count()
        if user.role in access.MUNICIPAL_ROLES
        else None,
        "can_report": access.can_report_signal(user),
        "is_admin": user.role == Role.BEHEERDER,
        "is_privacy_officer": user.role == Role.PRIVACYFUNCTIONARIS,
    }
    return render(request, "dashboard/home.html", context)


def help_page(request):
    return render(request, "dashboard/help.html")


@login_required
def search(request):
    """One search box over groups, persons and signals — each result through the access
    decision; a person hit is a read of personal data and is logged."""
    user = request.user
    query = request.GET.get("q", "").strip()[:100]
    results = {"groups": [], "persons": [], "signals": []}
    if len(query) >= 2 and user.role not in access.NO_CASE_DATA_ROLES:
        results["groups"] = list(
            access.visible_groups(user).filter(Q(name__icontains=query) | Q(aliases__icontains=query))[:20]
        )
        memberships = (
            Membership.objects.filter(case__in=access.visible_cases(user))
            .filter(Q(person__full_name__icontains=query) | Q(person__nickname__icontains=query))
            .select_related("person", "group", "case")[:50]
        )
        memberships = list(memberships)
        access.prime_participation(user, [m.case for m in memberships])
        hits = [m for m in memberships if access.can_receive(user, m.case, Category.PERSONAL)][:20]
        for m in hits:
            log.record(
                actor=user,
                action="read",
                operation="search.hit",
                activity="groepsaanpak",
                subjects=[m.person.pseudonym],
                case=m.case,
                categories=[Category.PERSONAL],
            )
        results["persons"] = hits
        results["signals"] = list(
            access.visible_signals(user)
            .filter(Q(location__icontains=query) | Q(description__icontains=query) | Q(area__icontains=query))
            .select_related("organisation")[:20]
        )
    return render(
        request,
        "dashboard/search.html",
        {"q": query, "results": results, "total": sum(len(v) for v in results.values())},
    )


@login_required
def regie(request):
    """The regie overview: every case of the municipality with step, last signal and open requests."""
    user = request.user
    if user.role not in access.MUNICIPAL_ROLES | {Role.BESLISSER}:
        raise Http404
    cases = (
        access.visible_cases(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("group", "coordinator")
        # One correlated subquery per column: joining signals, requests and participants at
        # once multiplied the rows (seconds at city scale; bench/RESULTS.md, issue 8).
        .annotate(
            last_signal=Subquery(
                Signal.objects.filter(group=OuterRef("group"))
                .order_by("-observed_at")
                .values("observed_at")[:1]
            ),
            open_requests=_count_per_case(InformationRequest, status="open"),
            overdue_requests=_count_per_case(
                InformationRequest, status="open", due_date__lt=timezone.localdate()
            ),
            partners=_count_per_case(Participant),
        )
        .order_by("priority", "-step", "group__name")
    )
    new_signals = access.visible_signals(user).filter(status="nieuw").count()
    # 50 groups per page, like the other lists: a city has hundreds (bench/RESULTS.md, issue 8).
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/regie.html", {"cases": page, "page": page, "new_signals": new_signals})


def _count_per_case(model, **filters):
    rows = model.objects.filter(case=OuterRef("pk"), **filters).order_by().values("case")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)
