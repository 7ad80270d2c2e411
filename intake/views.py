import base64
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from groepsaanpak.paging import COUNT_CAP, count_at_most
from groups.models import YouthGroup
from groups.services import GroupError, create_group
from privacy import policies, security
from privacy.guarding import CONFIRM_FIELD, parse_confirmations

from . import maps, services
from .duplicates import likely_duplicates
from .forms import HandleForm, ImportForm, LinkForm, QuickSignalForm, SignalFilterForm, SignalForm
from .models import Signal, SignalStatus


def _signal_or_404(user, pk) -> Signal:
    return security.visible_or_404(
        Signal.objects.visible_to(user).select_related("organisation", "group"),
        user,
        pk,
        detail="signal.view",
    )


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
            signal = services.report_signal(
                actor=request.user,
                behaviours=behaviours,
                confirmed_findings=parse_confirmations(request.POST.getlist("guard_confirm")),
                **data,
            )
        except services.SignalError as exc:
            form.add_error(None, str(exc))
        else:
            return _reported(request, signal)
    return render(request, "intake/signal_form.html", {"form": form})


RECENT_PLACES = 4


@login_required
def signal_quick(request):
    """The quick signal from the phone: the same service and guard as the full form."""
    user = request.user
    if not policies.allowed(user, "signal.report"):
        raise Http404
    recent = list(
        dict.fromkeys(
            Signal.objects.visible_to(user)
            .filter(reported_by=user)
            .order_by("-observed_at")
            .values_list("location", flat=True)[:20]
        )
    )[:RECENT_PLACES]
    form = QuickSignalForm(request.POST or None, recent_places=recent)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.report_signal(
                actor=user, confirmed_findings=form.guard_accepted, **form.signal_fields()
            )
        except services.SignalError as exc:
            form.add_error(None, str(exc))
        else:
            return _reported(request, signal)
    return render(request, "intake/signal_quick.html", {"form": form})


def _reported(request, signal):
    """After a report: thanks, and a warning when it looks like a signal already there."""
    messages.success(request, _("Dank u. Het signaal is gedeeld met de procesregisseur."))
    twins = likely_duplicates(signal, Signal.objects.visible_to(request.user))
    if twins:
        messages.warning(
            request,
            _(
                "Dit signaal lijkt op een eerder signaal (%(when)s, %(where)s). Was het dezelfde "
                "gebeurtenis? De procesregisseur ziet beide en kan ze samen beoordelen."
            )
            % {
                "when": timezone.localtime(twins[0].observed_at).strftime("%d-%m-%Y %H:%M"),
                "where": twins[0].location,
            },
        )
    return redirect("intake:list")


def _triage_signal(user, pk) -> Signal:
    """The signal for a triage write: 404 for who may not see it, and for who may see it
    but not triage it (the forms are not shown to them)."""
    signal = _signal_or_404(user, pk)
    if not policies.allowed(user, "signal.triage", obj=signal):
        raise Http404
    return signal


def _linkable_groups(user, signal):
    """The groups of the signal's own municipality (not those only shared with it)."""
    return YouthGroup.objects.visible_to(user).filter(municipality_id=signal.municipality_id)


def _signal_page(request, signal, *, handle_form=None, link_form=None):
    """The signal page; the POST views below render it again with their bound form."""
    user = request.user
    if handle_form is None:
        handle_form = HandleForm(prefix="handle")
    if link_form is None:
        link_form = LinkForm(prefix="link", groups=_linkable_groups(user, signal))
    return render(
        request,
        "intake/signal_detail.html",
        {
            "signal": signal,
            "can_triage": policies.allowed(user, "signal.triage", obj=signal)
            and signal.status == SignalStatus.NEW,
            "handle_form": handle_form,
            "link_form": link_form,
            "duplicates": likely_duplicates(signal, Signal.objects.visible_to(user)),
        },
    )


@require_safe
@login_required
def signal_detail(request, pk):
    return _signal_page(request, _signal_or_404(request.user, pk))


@require_POST
@login_required
def signal_handle(request, pk):
    signal = _triage_signal(request.user, pk)
    form = HandleForm(request.POST, prefix="handle")
    if form.is_valid():
        try:
            services.handle_in_regular_work(
                signal,
                actor=request.user,
                note=form.cleaned_data["note"],
                confirmed_findings=form.guard_accepted,
            )
        except services.SignalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Signaal afgehandeld in het reguliere werk."))
            return redirect("intake:detail", pk=signal.pk)
    return _signal_page(request, signal, handle_form=form)


@require_POST
@login_required
def signal_link(request, pk):
    user = request.user
    signal = _triage_signal(user, pk)
    form = LinkForm(request.POST, prefix="link", groups=_linkable_groups(user, signal))
    if form.is_valid():
        try:
            # One transaction: a new group is not left behind when the link is refused.
            with transaction.atomic():
                group = form.cleaned_data["group"] or create_group(
                    actor=user,
                    name=form.cleaned_data["new_group_name"],
                    confirmed_findings=form.guard_accepted,
                )
                services.link_to_group(
                    signal,
                    actor=user,
                    group=group,
                    note=form.cleaned_data["note"],
                    confirmed_findings=form.guard_accepted,
                )
        except (services.SignalError, GroupError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Signaal gekoppeld aan %(group)s.") % {"group": group.name})
            return redirect("intake:detail", pk=signal.pk)
    return _signal_page(request, signal, link_form=form)


SESSION_KEY = "signal_import"
CONFIRM_SESSION_KEY = "signal_import_confirmed"


def _may_import(user):
    if not policies.allowed(user, "signal.report"):
        raise Http404


def _import_page(request, *, form=None, rows=(), file_errors=()):
    """The import page: the upload form, and the preview of the rows read from the file."""
    rows, file_errors = list(rows), list(file_errors)
    return render(
        request,
        "intake/signal_import.html",
        {
            "form": ImportForm() if form is None else form,
            "rows": rows,
            "file_errors": file_errors,
            "has_errors": bool(file_errors) or any(r.errors for r in rows),
            "error_count": sum(1 for r in rows if r.errors),
            # Only guard findings left: the user can confirm them here instead of re-uploading.
            "can_confirm": bool(rows)
            and not file_errors
            and any(r.findings for r in rows)
            and not any(r.other_errors for r in rows),
            "columns": services.CSV_COLUMNS,
        },
    )


@login_required
def signal_import(request):
    """Upload a CSV: a POST shows the preview and keeps the file in the session for
    signal_import_confirm. A row whose only problem is a privacy-guard finding can be put
    right in the preview: the user confirms each false alarm ('recheck', per line and
    finding) and the kept file is checked again with those confirmations."""
    _may_import(request.user)
    if request.method != "POST":
        return _import_page(request)
    if "recheck" in request.POST:
        data = request.session.get(SESSION_KEY)
        if data is None:
            messages.error(request, _("De voorvertoning is verlopen; upload het bestand opnieuw."))
            return redirect("intake:import")
        # Earlier confirmations stay: their findings are no longer shown to tick again.
        confirmed = list(
            dict.fromkeys(
                [*request.session.get(CONFIRM_SESSION_KEY, []), *request.POST.getlist(CONFIRM_FIELD)]
            )
        )
        request.session[CONFIRM_SESSION_KEY] = confirmed
        rows, file_errors = services.parse_csv(base64.b64decode(data), confirmed)
        return _import_page(request, rows=rows, file_errors=file_errors)
    form = ImportForm(request.POST, request.FILES)
    rows, file_errors = [], []
    request.session.pop(CONFIRM_SESSION_KEY, None)
    if form.is_valid():
        content = form.cleaned_data["file"].read()
        rows, file_errors = services.parse_csv(content)
        if rows and not file_errors and not any(r.other_errors for r in rows):
            request.session[SESSION_KEY] = base64.b64encode(content).decode()
        else:
            request.session.pop(SESSION_KEY, None)
    return _import_page(request, form=form, rows=rows, file_errors=file_errors)


@require_POST
@login_required
def signal_import_confirm(request):
    _may_import(request.user)
    data = request.session.pop(SESSION_KEY, None)
    confirmed = request.session.pop(CONFIRM_SESSION_KEY, [])
    if data is None:
        messages.error(request, _("De voorvertoning is verlopen; upload het bestand opnieuw."))
        return redirect("intake:import")
    rows, file_errors = services.parse_csv(base64.b64decode(data), confirmed)
    if not file_errors:
        try:
            imported = services.import_rows(rows, actor=request.user)
        except services.SignalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(n)s signaal geïmporteerd.", "%(n)s signalen geïmporteerd.", len(imported))
                % {"n": len(imported)},
            )
            return redirect("intake:list")
    return _import_page(request, rows=rows, file_errors=file_errors)


@login_required
def signal_map(request):
    """Signal locations, areas and hang-out places on a map (all groups, or `?groep=`):
    tiles with Leaflet when settings.MAP_TILE_URL is set, else a plain grid; always a table."""
    user = request.user
    if not policies.allowed(user, "signal.list"):
        raise Http404
    group = None
    if request.GET.get("groep"):
        try:
            group = maps.groups_for(user).get(pk=int(request.GET["groep"]))
        except (ValueError, YouthGroup.DoesNotExist):
            raise Http404 from None
    data = maps.map_data(user, group)
    return render(
        request,
        "intake/map.html",
        {
            "data": data,
            "plot": maps.plot(data),
            "group": group,
            "groups": maps.groups_for(user),
            "points_json": [p.as_json() for p in data.points],
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )
