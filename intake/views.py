import base64
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from groepsaanpak.paging import COUNT_CAP, count_at_most
from groups.models import YouthGroup
from groups.services import GroupError, create_group
from privacy import policies
from privacy.guarding import parse_confirmations

from . import services
from .forms import HandleForm, ImportForm, LinkForm, SignalFilterForm, SignalForm
from .models import Signal, SignalStatus


def _signal_or_404(user, pk) -> Signal:
    signal = Signal.objects.visible_to(user).filter(pk=pk).select_related("organisation", "group").first()
    if signal is None:
        raise Http404
    return signal


PER_PAGE = 50


class BoundedPaginator(Paginator):
    """Counts at most `cap` + 1 rows: a count over every signal of a city (100,000, or a
    year of them under a filter: ~24 ms for 718 of 48,000 on SQLite) costs more than the
    page itself and grows with the data (bench/RESULTS.md, issue 8); up to 200 it is ~8 ms. `capped` tells the template to say "more than cap"; the
    pages up to the cap (and one past the requested page, see _count_cap) stay reachable."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return count_at_most(self.object_list, self.cap)

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def _count_cap(number) -> int:
    """At least COUNT_CAP, and far enough to know whether the requested page has a next one."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    return max(COUNT_CAP, (max(wanted, 1) + 1) * PER_PAGE)


@login_required
def signal_list(request):
    user = request.user
    if not policies.allowed(user, "signal.list"):
        raise Http404
    qs = Signal.objects.visible_to(user).select_related("organisation", "group").prefetch_related("tags")
    form = SignalFilterForm(
        request.GET or None,
        groups=YouthGroup.objects.visible_to(user),
        municipality_id=user.organisation.municipality_id,
    )
    qs = form.apply(qs)
    number = request.GET.get("page")
    page = BoundedPaginator(qs, PER_PAGE, cap=_count_cap(number)).get_page(number)
    view = request.GET.get("weergave", "lijst")
    days = [
        (day, list(items))
        for day, items in groupby(page.object_list, key=lambda s: timezone.localtime(s.observed_at).date())
    ]
    context = {
        "form": form,
        "page": page,
        "view": view,
        "days": days,
        "is_triage": policies.allowed(user, "signal.triage"),
        "query": request.GET.urlencode(),
    }
    template = (
        "intake/_signal_results.html" if request.headers.get("HX-Request") else "intake/signal_list.html"
    )
    return render(request, template, context)


@login_required
def signal_create(request):
    if not policies.allowed(request.user, "signal.report"):
        raise Http404
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        behaviours = data.pop("behaviours")
        try:
            services.report_signal(
                actor=request.user,
                behaviours=behaviours,
                confirmed_findings=parse_confirmations(request.POST.getlist("guard_confirm")),
                **data,
            )
        except services.SignalError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Dank u. Het signaal is gedeeld met de procesregisseur."))
            return redirect("intake:list")
    return render(request, "intake/signal_form.html", {"form": form})


@login_required
def signal_detail(request, pk):
    user = request.user
    signal = _signal_or_404(user, pk)
    can_triage = policies.allowed(user, "signal.triage", obj=signal)
    groups = YouthGroup.objects.visible_to(user)
    handle_form = HandleForm(prefix="handle")
    link_form = LinkForm(prefix="link", groups=groups)
    if request.method == "POST":
        if not can_triage:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "handle":
                handle_form = HandleForm(request.POST, prefix="handle")
                if handle_form.is_valid():
                    services.handle_in_regular_work(signal, actor=user, note=handle_form.cleaned_data["note"])
                    messages.success(request, _("Signaal afgehandeld in het reguliere werk."))
                    return redirect("intake:detail", pk=signal.pk)
            elif action == "link":
                link_form = LinkForm(request.POST, prefix="link", groups=groups)
                if link_form.is_valid():
                    group = link_form.cleaned_data["group"] or create_group(
                        actor=user, name=link_form.cleaned_data["new_group_name"]
                    )
                    services.link_to_group(
                        signal, actor=user, group=group, note=link_form.cleaned_data["note"]
                    )
                    messages.success(request, _("Signaal gekoppeld aan %(group)s.") % {"group": group.name})
                    return redirect("intake:detail", pk=signal.pk)
        except (services.SignalError, GroupError) as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "intake/signal_detail.html",
        {
            "signal": signal,
            "can_triage": can_triage and signal.status == SignalStatus.NEW,
            "handle_form": handle_form,
            "link_form": link_form,
        },
    )


SESSION_KEY = "signal_import"


@login_required
def signal_import(request):
    if not policies.allowed(request.user, "signal.report"):
        raise Http404
    form = ImportForm()
    rows, file_errors = [], []
    if request.method == "POST" and request.POST.get("action") == "confirm":
        data = request.session.pop(SESSION_KEY, None)
        if data is None:
            messages.error(request, _("De voorvertoning is verlopen; upload het bestand opnieuw."))
            return redirect("intake:import")
        rows, file_errors = services.parse_csv(base64.b64decode(data))
        if not file_errors:
            try:
                imported = services.import_rows(rows, actor=request.user)
            except services.SignalError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("%(n)s signalen geïmporteerd.") % {"n": len(imported)})
                return redirect("intake:list")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            rows, file_errors = services.parse_csv(content)
            if rows and not file_errors and not any(r.errors for r in rows):
                request.session[SESSION_KEY] = base64.b64encode(content).decode()
            else:
                request.session.pop(SESSION_KEY, None)
    has_errors = bool(file_errors) or any(r.errors for r in rows)
    return render(
        request,
        "intake/signal_import.html",
        {
            "form": form,
            "rows": rows,
            "file_errors": file_errors,
            "has_errors": has_errors,
            "error_count": sum(1 for r in rows if r.errors),
            "columns": services.CSV_COLUMNS,
        },
    )
