from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from cases.models import Case, CaseStatus
from intake.models import Signal
from monitoring.reads import my_actions
from privacy import policies

from . import manual, reads


@login_required
def home(request):
    user = request.user
    cases = (
        Case.objects.visible_to(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("group", "coordinator")
        .order_by("step", "group__name")
    )
    signals = Signal.objects.visible_to(user).select_related("organisation")
    open_actions = [a for a in my_actions(user, show_members=False) if a.is_open]
    context = {
        "my_actions": open_actions[:5],
        "my_actions_count": len(open_actions),
        "my_overdue_count": sum(1 for a in open_actions if a.is_overdue),
        "cases": cases[:20],
        "my_signals": signals.filter(reported_by=user)[:5],
        "new_signal_count": signals.filter(status="nieuw").count()
        if policies.allowed(user, "signal.triage")
        else None,
        "can_report": policies.allowed(user, "signal.report"),
        "is_admin": policies.allowed(user, "admin.open"),
        "is_privacy_officer": policies.allowed(user, "processing_log.read"),
    }
    return render(request, "dashboard/home.html", context)


def help_index(request):
    return render(request, "dashboard/help.html", {"pages": manual.contents()})


def help_page(request, slug):
    shown = manual.page(slug)
    if shown is None:
        raise Http404
    return render(request, "dashboard/help_page.html", {"page": shown, "pages": manual.contents()})


@login_required
def search(request):
    """One search box over groups, persons and signals — each result through the access
    decision; a person hit is a read of personal data and is logged."""
    query = request.GET.get("q", "").strip()[:100]
    results = reads.search(request.user, query)
    return render(
        request,
        "dashboard/search.html",
        {"q": query, "results": results, "total": sum(len(v) for v in results.values())},
    )


@login_required
def regie(request):
    """The regie overview: every case of the municipality with step, last signal and open requests."""
    user = request.user
    if not policies.allowed(user, "regie.view"):
        raise Http404
    cases = reads.regie_cases(user)
    new_signals = Signal.objects.visible_to(user).filter(status="nieuw").count()
    # 50 groups per page, like the other lists: a city has hundreds (bench/RESULTS.md, issue 8).
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/regie.html",
        {
            "cases": page,
            "page": page,
            "new_signals": new_signals,
            "can_list_signals": policies.allowed(user, "signal.list"),
        },
    )
