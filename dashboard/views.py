from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseStatus, Step
from documents import regie_overview
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
        "waiting": reads.waiting_for(user),
        "waiting_limit": reads.WAITING_LIMIT,
    }
    return render(request, "dashboard/home.html", context)


@login_required
def waiting(request, kind):
    """All items of one card of the home page ("what waits for me"); 404 when nothing of
    that kind waits for this user (or the kind does not exist)."""
    card = reads.waiting_card(request.user, kind)
    if card is None:
        raise Http404
    return render(request, "dashboard/waiting.html", {"card": card})


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
    """The regie overview: every open case of the municipality with its step and days in it,
    the signal trend, open requests and actions, the next meeting; sortable (?sorteer=),
    filterable (?stap=, ?groep=) and as CSV (?formaat=csv, the same filter and order)."""
    user = request.user
    if not policies.allowed(user, "regie.view"):
        raise Http404
    step = request.GET.get("stap", "")
    step = int(step) if step.isdigit() and int(step) in Step.values else None
    query = request.GET.get("groep", "").strip()[:100]
    sort = request.GET.get("sorteer", "")
    sort = sort if sort.lstrip("-") in reads.SORTS else ""
    cases = reads.regie_cases(user, step=step, query=query, sort=sort)
    if request.GET.get("formaat") == "csv":
        return regie_overview.csv_response(_regie_row(c) for c in cases)
    new_signals = Signal.objects.visible_to(user).filter(status="nieuw").count()
    # 50 groups per page, like the other lists: a city has hundreds (bench/RESULTS.md, issue 8).
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    for c in page:
        c.days_in_step = reads.days_in_step(c)
    kept = {k: v for k, v in (("stap", step or ""), ("groep", query)) if v}
    return render(
        request,
        "dashboard/regie.html",
        {
            "cases": page,
            "page": page,
            "new_signals": new_signals,
            "can_list_signals": policies.allowed(user, "signal.list"),
            "steps": Step.choices,
            "step": step,
            "query": query,
            "sort": sort,
            "filters": urlencode(kept),
            "columns": _sortable(sort, kept),
        },
    )


REGIE_COLUMNS = (
    ("groep", gettext_lazy("Groep")),
    ("stap", gettext_lazy("Stap")),
    ("dagen", gettext_lazy("Dagen in stap")),
    ("trend", gettext_lazy("Signalen (4 weken)")),
    ("signaal", gettext_lazy("Laatste signaal")),
    ("acties", gettext_lazy("Open acties")),
    ("overleg", gettext_lazy("Volgend overleg")),
)


def _sortable(sort: str, kept: dict) -> dict:
    """Per sortable column: the link that sorts on it (again: the other way) and aria-sort."""
    columns = {}
    for key, label in REGIE_COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        following = f"-{key}" if current and not descending else key
        columns[key] = {
            "label": label,
            "url": "?" + urlencode({**kept, "sorteer": following}),
            "aria": ("descending" if descending else "ascending") if current else "none",
        }
    return columns


def _regie_row(c) -> regie_overview.RegieRow:
    return regie_overview.RegieRow(
        case=c.pk,
        group=c.group.name,
        step=str(c.get_step_display()),
        days_in_step=reads.days_in_step(c),
        priority=c.priority or "",
        signals_recent=c.signals_recent,
        signals_before=c.signals_before,
        trend=c.trend,
        last_signal=timezone.localtime(c.last_signal).strftime("%d-%m-%Y") if c.last_signal else "",
        open_requests=c.open_requests,
        overdue_requests=c.overdue_requests,
        open_actions=c.open_actions,
        overdue_actions=c.overdue_actions,
        partners=c.partners,
        coordinator=c.coordinator.display_name() if c.coordinator_id else "",
        next_meeting=c.next_meeting.strftime("%d-%m-%Y") if c.next_meeting else "",
    )
